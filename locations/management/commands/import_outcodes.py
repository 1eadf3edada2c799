"""Load the centres of outward codes (`SW18`) into OutcodeCentroid: approximate points for partial postcodes."""

from pathlib import Path

from django.db import transaction

from locations.management.importing import (
    BATCH_SIZE,
    UK_LATITUDE,
    UK_LONGITUDE,
    DataFileError,
    ImportCommand,
    RowReader,
    read_csv,
)
from locations.models import OutcodeCentroid
from locations.postcodes import OUTCODE_RE

COLUMNS = ("outcode", "latitude", "longitude")


class Command(ImportCommand):
    help = (
        "Load outward-code centres (columns outcode, latitude, longitude, n_postcodes, main_lad_code) so that "
        "a partial postcode such as SW18, or a full postcode we don't hold, can be placed approximately. "
        "Adds or updates rows; safe to run again; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="for example locations/data/outcode_centroids_cpo2025.csv")

    def handle(self, *args, file: Path, **options):
        centroids: dict[str, OutcodeCentroid] = {}
        for row_number, row in read_csv(file, COLUMNS):
            values = RowReader(file, row_number, row)
            outcode = values.text("outcode").upper().replace(" ", "")
            if not OUTCODE_RE.match(outcode):
                values.fail(f"outcode “{outcode}” is not the first half of a postcode, like SW18")
            if outcode in centroids:
                values.fail(f"{outcode} is in the file twice")
            centroids[outcode] = OutcodeCentroid(
                outcode=outcode,
                latitude=values.number("latitude", **UK_LATITUDE),
                longitude=values.number("longitude", **UK_LONGITUDE),
                postcode_count=values.integer("n_postcodes", required=False) or 0,
                main_local_authority_code=values.text("main_lad_code", required=False, max_length=9),
            )
        if not centroids:
            raise DataFileError(file, "the file has no outward codes")

        with transaction.atomic():
            count_before = OutcodeCentroid.objects.count()
            OutcodeCentroid.objects.bulk_create(
                centroids.values(),
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["outcode"],
                update_fields=["latitude", "longitude", "postcode_count", "main_local_authority_code"],
            )
            added = OutcodeCentroid.objects.count() - count_before

        self.report_success(
            f"Loaded {len(centroids):,} outward codes from {file} ({added:,} new, {len(centroids) - added:,} updated)."
        )
