"""Load a folder of geography files (wards, postcodes, outward codes, DERI) with the import commands, in order."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from locations.management.importing import ImportCommand

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

WARDS = "wards_2022.geojson"
POSTCODES = "postcodes_cpo2025.csv"
OUTCODES = "outcode_centroids_cpo2025.csv"
DERI = "lsoa21_ward24_deri.csv"
LSOA_BOUNDARIES = "lsoa21_deri.geojson"
REQUIRED_FILES = (WARDS, POSTCODES)


class Command(ImportCommand):
    help = (
        "Load the geography in a folder of open-data files named as in the shared data: "
        f"{WARDS} and {POSTCODES} (required), {OUTCODES}, {DERI} and {LSOA_BOUNDARIES} (optional, skipped "
        "with a message when missing). Runs import_wards, import_postcodes, import_outcodes and import_deri in "
        "that order (postcodes and LSOAs link to wards, so wards come first), all or nothing. A council adding "
        "a borough runs it with a folder of that borough's files; libraries are loaded by import_libraries."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DEFAULT_DATA_DIR, help=f"the folder of files (default {DEFAULT_DATA_DIR})"
        )

    def handle(self, *args, data_dir: Path | str, **options):
        data_dir = Path(data_dir)  # call_command(data_dir="...") skips the parser's type conversion
        if not data_dir.is_dir():
            raise CommandError(f"There is no folder at {data_dir}.")
        missing = [name for name in REQUIRED_FILES if not (data_dir / name).is_file()]
        if missing:
            raise CommandError(f"{data_dir} has no {' or '.join(missing)}: nothing was loaded.")

        def run(command: str, name: str, *args, **kwargs):
            call_command(
                command,
                data_dir / name,
                *args,
                verbosity=self.verbosity,
                stdout=self.stdout,
                stderr=self.stderr,
                **kwargs,
            )

        with transaction.atomic():
            run("import_wards", WARDS)
            run("import_postcodes", POSTCODES)
            if (data_dir / OUTCODES).is_file():
                run("import_outcodes", OUTCODES)
            else:
                self.report(f"Skipped outward codes: {data_dir} has no {OUTCODES}.")
            if (data_dir / DERI).is_file():
                boundaries = data_dir / LSOA_BOUNDARIES
                if not boundaries.is_file():
                    self.report(f"Skipped LSOA boundaries: {data_dir} has no {LSOA_BOUNDARIES}.")
                run("import_deri", DERI, **({"boundaries": boundaries} if boundaries.is_file() else {}))
            else:
                self.report(f"Skipped DERI scores: {data_dir} has no {DERI}.")
        self.report_success(f"Loaded the geography in {data_dir}.")
