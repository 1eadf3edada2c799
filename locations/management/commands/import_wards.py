"""Load ward boundaries (GeoJSON) into Ward and LocalAuthority, with each ward's centre."""

from pathlib import Path

from django.db import transaction

from locations import geometry
from locations.management.importing import DataFileError, ImportCommand, read_geojson_features
from locations.models import LocalAuthority, Ward

PROPERTIES = ("WD22CD", "WD22NM", "LAD_CD", "LAD_NM")


class Command(ImportCommand):
    help = (
        "Load ward boundaries from a GeoJSON FeatureCollection whose features have the properties WD22CD, "
        "WD22NM, LAD_CD and LAD_NM. Stores each boundary and its centre (the centre of area), and the local "
        "authorities. Run it before import_postcodes and import_deri, which link to the wards. Adds or "
        "updates wards (their DERI scores are kept); safe to run again; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="for example locations/data/wards_2022.geojson")

    def handle(self, *args, file: Path, **options):
        wards: dict[str, Ward] = {}
        local_authorities: dict[str, str] = {}
        for number, feature in read_geojson_features(file, PROPERTIES):
            properties = feature["properties"]
            code, name = str(properties["WD22CD"]).strip(), str(properties["WD22NM"]).strip()
            lad_code, lad_name = str(properties["LAD_CD"]).strip(), str(properties["LAD_NM"]).strip()
            for value, limit in ((code, 9), (lad_code, 9), (name, 100), (lad_name, 100)):
                if len(value) > limit:
                    raise DataFileError(file, f"“{value}” is longer than {limit} characters", number, "feature")
            if code in wards:
                raise DataFileError(file, f"ward {code} is in the file twice", number, "feature")
            boundary = feature.get("geometry")
            centre = geometry.centroid(boundary)
            if centre is None:
                raise DataFileError(file, f"ward {code} ({name}) has no boundary", number, "feature")
            local_authorities[lad_code] = lad_name
            wards[code] = Ward(
                code=code,
                name=name,
                local_authority_id=lad_code,
                boundary=boundary,
                centroid_latitude=round(centre[0], 6),
                centroid_longitude=round(centre[1], 6),
            )
        if not wards:
            raise DataFileError(file, "the file has no wards")

        with transaction.atomic():
            LocalAuthority.objects.bulk_create(
                [LocalAuthority(code=code, name=name) for code, name in local_authorities.items()],
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name"],
            )
            count_before = Ward.objects.count()
            Ward.objects.bulk_create(
                wards.values(),
                batch_size=100,  # boundaries make each row large
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["name", "local_authority", "boundary", "centroid_latitude", "centroid_longitude"],
            )
            added = Ward.objects.count() - count_before

        self.report_success(
            f"Loaded {len(wards)} wards from {file} ({added} new, {len(wards) - added} updated) "
            f"in {', '.join(sorted(local_authorities.values()))}."
        )
