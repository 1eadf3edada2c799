"""Load postcodes (Code-Point Open derived CSV) into Postcode, with their local authorities."""

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
from locations.models import LocalAuthority, Postcode, Ward

COLUMNS = ("postcode", "latitude", "longitude", "lad_code", "lad_name", "ward_code")


class Command(ImportCommand):
    help = (
        "Load a postcode file (columns postcode, latitude, longitude, pqi, lad_code, lad_name, ward_code; "
        "eastings and northings are ignored) into the postcode table, adding or updating rows. Postcodes are "
        "linked to their ward only if the ward is loaded, so run import_wards first (load_geography does). "
        "Safe to run again; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="for example locations/data/postcodes_cpo2025.csv")

    def handle(self, *args, file: Path, **options):
        postcodes: dict[str, Postcode] = {}
        local_authorities: dict[str, str] = {}
        for row_number, row in read_csv(file, COLUMNS):
            values = RowReader(file, row_number, row)
            postcode = values.postcode()
            if postcode in postcodes:
                values.fail(f"{postcode} is in the file twice")
            lad_code = values.text("lad_code", max_length=9)
            local_authorities[lad_code] = values.text("lad_name", max_length=100)
            quality = values.integer("pqi", required=False) if "pqi" in row else None
            if quality is not None and quality > 100:
                values.fail(f"pqi {quality} is not a positional quality indicator (10 to 90)")
            postcodes[postcode] = Postcode(
                postcode=postcode,
                latitude=values.number("latitude", **UK_LATITUDE),
                longitude=values.number("longitude", **UK_LONGITUDE),
                quality=quality,
                local_authority_id=lad_code,
                ward_id=values.text("ward_code", required=False, max_length=9) or None,
            )
        if not postcodes:
            raise DataFileError(file, "the file has no postcodes")

        loaded_wards = set(Ward.objects.values_list("code", flat=True))
        without_ward = [
            postcode for postcode in postcodes.values() if postcode.ward_id and postcode.ward_id not in loaded_wards
        ]
        for postcode in without_ward:
            postcode.ward_id = None

        with transaction.atomic():
            LocalAuthority.objects.bulk_create(
                [LocalAuthority(code=code, name=name) for code, name in local_authorities.items()],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name"],
            )
            count_before = Postcode.objects.count()
            Postcode.objects.bulk_create(
                postcodes.values(),
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["postcode"],
                update_fields=["latitude", "longitude", "quality", "local_authority", "ward"],
            )
            added = Postcode.objects.count() - count_before

        self.report_success(
            f"Loaded {len(postcodes):,} postcodes from {file} ({added:,} new, {len(postcodes) - added:,} updated) "
            f"in {', '.join(sorted(local_authorities.values()))}."
        )
        if without_ward:
            self.report_warning(
                f"{len(without_ward):,} postcodes have no ward because their ward is not loaded: "
                "import the wards (import_wards) and then run this again."
            )
