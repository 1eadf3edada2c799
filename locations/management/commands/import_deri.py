"""Load LSOA Digital Exclusion Risk Index scores into SmallArea and score each ward from its LSOAs."""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.db import transaction

from locations.management.importing import (
    BATCH_SIZE,
    DataFileError,
    ImportCommand,
    RowReader,
    read_csv,
    read_geojson_features,
)
from locations.models import SmallArea, Ward

SCORE_COLUMN = "deri_score_v1_6_national_mean_of_lsoa11"
COLUMNS = ("lsoa21_code", "lsoa21_name", "ward24_code", SCORE_COLUMN)
BOUNDARY_PROPERTIES = ("LSOA21CD",)
SCORE_PLACES = Decimal("0.001")


def ward_scores(scores_by_ward: dict[str, list[Decimal]]) -> dict[str, tuple[Decimal | None, int]]:
    """Each ward's DERI score: the unweighted mean of its LSOAs' scores, and how many LSOAs that is.

    Unweighted, because LSOAs are built to have similar populations (about 1,500 people each), so a mean of
    LSOAs is close to a population-weighted mean without needing population figures. Computed with Decimal,
    so the result does not depend on the database's floating-point averaging.
    """
    return {
        ward: ((sum(scores) / len(scores)).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP), len(scores))
        if scores
        else (None, 0)
        for ward, scores in scores_by_ward.items()
    }


class Command(ImportCommand):
    help = (
        "Load Digital Exclusion Risk Index (DERI v1.6) scores of LSOAs (columns lsoa21_code, lsoa21_name, "
        f"ward24_code, {SCORE_COLUMN}) and give each ward the unweighted mean of its LSOAs' scores (LSOAs have "
        "similar populations, about 1,500 people, so each counts the same). Import the wards first. With "
        "--boundaries, the LSOA boundaries are stored too. Safe to run again; a malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="for example locations/data/lsoa21_ward24_deri.csv")
        parser.add_argument(
            "--boundaries",
            type=Path,
            help="GeoJSON of the LSOAs (property LSOA21CD), for example locations/data/lsoa21_deri.geojson",
        )

    def handle(self, *args, file: Path, boundaries: Path | None = None, **options):
        loaded_wards = set(Ward.objects.values_list("code", flat=True))
        small_areas: dict[str, SmallArea] = {}
        wards_not_loaded: set[str] = set()
        for row_number, row in read_csv(file, COLUMNS):
            values = RowReader(file, row_number, row)
            code = values.text("lsoa21_code", max_length=9)
            if code in small_areas:
                values.fail(f"{code} is in the file twice")
            ward_code = values.text("ward24_code", required=False, max_length=9)
            if ward_code and ward_code not in loaded_wards:
                wards_not_loaded.add(ward_code)
            small_areas[code] = SmallArea(
                code=code,
                name=values.text("lsoa21_name", max_length=100),
                ward_id=ward_code if ward_code in loaded_wards else None,
                deri_score=values.decimal(SCORE_COLUMN, minimum=Decimal(0), maximum=Decimal(10), required=False),
            )
        if not small_areas:
            raise DataFileError(file, "the file has no LSOAs")

        boundary_by_code = {}
        if boundaries:
            for _number, feature in read_geojson_features(boundaries, BOUNDARY_PROPERTIES):
                boundary_by_code[str(feature["properties"]["LSOA21CD"]).strip()] = feature.get("geometry")
            for code, small_area in small_areas.items():
                small_area.boundary = boundary_by_code.get(code)

        update_fields = ["name", "ward", "deri_score"] + (["boundary"] if boundaries else [])
        with transaction.atomic():
            count_before = SmallArea.objects.count()
            SmallArea.objects.bulk_create(
                small_areas.values(),
                batch_size=BATCH_SIZE // 10 if boundaries else BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=update_fields,
            )
            added = SmallArea.objects.count() - count_before
            scored_wards = self.score_wards()

        self.report_success(
            f"Loaded {len(small_areas)} LSOAs from {file} ({added} new, {len(small_areas) - added} updated) "
            f"and gave {scored_wards} wards a score (the mean of their LSOAs' DERI scores)."
        )
        if boundaries:
            missing = sum(1 for code in small_areas if code not in boundary_by_code)
            if missing:
                self.report_warning(f"{missing} LSOAs have no boundary in {boundaries}.")
        if wards_not_loaded:
            self.report_warning(
                f"{len(wards_not_loaded)} wards named in the file are not loaded, so their LSOAs have no ward: "
                "import the wards (import_wards) and then run this again."
            )

    @staticmethod
    def score_wards() -> int:
        """Recompute every ward's score from the LSOAs now stored (this file's and any loaded before)."""
        scores_by_ward: dict[str, list[Decimal]] = defaultdict(
            list, {code: [] for code in Ward.objects.values_list("code", flat=True)}
        )
        for ward_code, score in SmallArea.objects.exclude(ward=None).values_list("ward", "deri_score"):
            if score is not None:
                scores_by_ward[ward_code].append(score)
        wards = []
        for code, (score, count) in ward_scores(scores_by_ward).items():
            wards.append(Ward(code=code, deri_score=score, deri_lsoa_count=count))
        Ward.objects.bulk_update(wards, ["deri_score", "deri_lsoa_count"], batch_size=BATCH_SIZE)
        return sum(1 for ward in wards if ward.deri_score is not None)
