"""Reading and checking open-data files for the import commands.

Every command reads and checks the whole file before it writes anything, so a malformed file produces one
clear error (the file, the row, the problem) and leaves the database as it was. Rows are numbered as a
spreadsheet shows them: the header is row 1, the first data row is row 2.
"""

import csv
import json
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from locations.postcodes import normalise_postcode

# Batches keep each INSERT under SQLite's and PostgreSQL's limits on query parameters.
BATCH_SIZE = 1000


class ImportCommand(BaseCommand):
    """A command that reports what it did, unless run with --verbosity 0 (as the demo loader does)."""

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        try:
            return super().execute(*args, **options)
        except DatabaseError as error:
            # Every command writes in one transaction, which the error has rolled back.
            raise CommandError(
                f"The database could not save the import ({error}). Nothing was imported: run the command "
                "again once the database is working."
            ) from error

    def report(self, message: str, style=None):
        if self.verbosity >= 1:
            self.stdout.write(style(message) if style else message)

    def report_success(self, message: str):
        self.report(message, self.style.SUCCESS)

    def report_warning(self, message: str):
        self.report(message, self.style.WARNING)


class DataFileError(CommandError):
    def __init__(self, path: Path | str, problem: str, row: int | None = None, where: str = "row"):
        location = f"{path}, {where} {row}" if row is not None else f"{path}"
        super().__init__(f"{location}: {problem}. Nothing was imported.")


def existing_file(path: Path | str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"There is no file at {path}.")
    return path


def read_csv(path: Path | str, required_columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, row) for every data row, values stripped; checks the header has the columns we need."""
    path = existing_file(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            reader = csv.DictReader(file)
            missing = [column for column in required_columns if column not in (reader.fieldnames or [])]
            if missing:
                raise DataFileError(path, f"the header has no {', '.join(missing)} column", row=1)
            for row_number, row in enumerate(reader, start=2):
                if None in row:  # more cells than the header has columns
                    raise DataFileError(path, "this row has more values than the header has columns", row_number)
                yield row_number, {key: (value or "").strip() for key, value in row.items()}
    except UnicodeDecodeError as error:
        raise DataFileError(path, f"the file is not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise DataFileError(path, f"the file is not valid CSV ({error})") from error


def read_geojson_features(path: Path | str, required_properties: tuple[str, ...]) -> list[tuple[int, dict]]:
    """(feature number, feature) for a GeoJSON FeatureCollection whose features have the properties we need."""
    path = existing_file(path)
    try:
        with path.open(encoding="utf-8") as file:
            data = json.load(file)
    except UnicodeDecodeError as error:
        raise DataFileError(path, f"the file is not UTF-8 text ({error.reason})") from error
    except json.JSONDecodeError as error:
        raise DataFileError(path, f"the file is not valid JSON ({error.msg})", error.lineno, where="line") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataFileError(path, "the file is not a GeoJSON FeatureCollection")
    features = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise DataFileError(path, "the feature has no properties", number, where="feature")
        missing = [name for name in required_properties if properties.get(name) in (None, "")]
        if missing:
            raise DataFileError(path, f"the feature has no {', '.join(missing)}", number, where="feature")
        geometry = feature.get("geometry")
        if geometry is not None and (
            not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon")
        ):
            raise DataFileError(path, "the geometry is not a Polygon or MultiPolygon", number, where="feature")
        features.append((number, feature))
    return features


class RowReader:
    """Parses the values of one row, raising a DataFileError that names the file, row and column."""

    def __init__(self, path: Path | str, row_number: int, row: dict[str, str]):
        self.path, self.row_number, self.row = path, row_number, row

    def fail(self, problem: str) -> NoReturn:
        raise DataFileError(self.path, problem, self.row_number)

    def text(self, column: str, *, required: bool = True, max_length: int | None = None) -> str:
        value = self.row.get(column, "")
        if required and not value:
            self.fail(f"{column} is empty")
        if max_length and len(value) > max_length:
            self.fail(f"{column} “{value}” is longer than {max_length} characters")
        return value

    def number(self, column: str, *, minimum: float, maximum: float, required: bool = True) -> float | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            self.fail(f"{column} “{value}” is not a number")
        if not minimum <= number <= maximum:
            self.fail(f"{column} {value} is outside {minimum} to {maximum}")
        return number

    def decimal(self, column: str, *, minimum: Decimal, maximum: Decimal, required: bool = True) -> Decimal | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(f"{column} “{value}” is not a number")
        if not number.is_finite() or not minimum <= number <= maximum:
            self.fail(f"{column} {value} is outside {minimum} to {maximum}")
        return number

    def integer(self, column: str, *, required: bool = True) -> int | None:
        value = self.text(column, required=required)
        if not value:
            return None
        if not value.isdigit():
            self.fail(f"{column} “{value}” is not a whole number")
        return int(value)

    def postcode(self, column: str = "postcode") -> str:
        value = self.text(column)
        try:
            return normalise_postcode(value)
        except ValidationError:
            self.fail(f"{column} “{value}” is not a postcode")


# Latitude and longitude limits of Great Britain and Northern Ireland, with a margin.
UK_LATITUDE = {"minimum": 49.0, "maximum": 61.5}
UK_LONGITUDE = {"minimum": -9.0, "maximum": 2.5}
