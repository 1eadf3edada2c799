"""Load public libraries from a LibrariesHacked CSV as published Locations with their staffed hours."""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone

from locations.management.importing import UK_LATITUDE, UK_LONGITUDE, DataFileError, ImportCommand, RowReader, read_csv
from locations.models import Location, LocationKind, OpeningPeriod

WEEKDAY_COLUMNS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
COLUMNS = (
    "name",
    "address",
    "postcode",
    "uprn",
    "year_closed",
    *WEEKDAY_COLUMNS,
    "email",
    "url",
    "latitude",
    "longitude",
)
# "09:30-18:00", and several spans a day: "09:30-13:00,14:00-18:00" (also with ";" or an en dash).
SPAN_RE = re.compile(r"^(?P<opens>\d{1,2}[:.]\d{2})\s*[-–]\s*(?P<closes>\d{1,2}[:.]\d{2})$")
# Old postal counties in the addresses: not part of an address today.
POSTAL_COUNTIES = {"surrey", "middlesex", "kent", "essex", "hertfordshire", "greater london"}
# Postcode areas whose post town is London.
LONDON_POSTCODE_AREAS = {"E", "EC", "N", "NW", "SE", "SW", "W", "WC"}
# With --sample-extras: a typical London library's public PCs (every London library has free Wi-Fi and PCs).
SAMPLE_PUBLIC_COMPUTERS = 8


def parse_hours(value: str) -> list[tuple[dt.time, dt.time]]:
    """The spans of one day's cell: "" (closed) -> [], "09:30-13:00,14:00-18:00" -> two spans."""
    spans = []
    for part in re.split(r"[,;]", value):
        if not part.strip():
            continue
        match = SPAN_RE.match(part.strip())
        if not match:
            raise ValueError(f"“{value}” is not opening hours like 09:30-18:00")
        opens, closes = (_clock(match.group(name), value) for name in ("opens", "closes"))
        if closes <= opens:
            raise ValueError(f"“{value}” closes before it opens")
        spans.append((opens, closes))
    return sorted(spans)


def _clock(text: str, cell: str) -> dt.time:
    hours, minutes = (int(number) for number in re.split(r"[:.]", text))
    if hours > 23 or minutes > 59:
        raise ValueError(f"“{cell}” has a time that does not exist ({text})")
    return dt.time(hours, minutes)


def split_address(address: str, postcode: str) -> tuple[str, str, str]:
    """(line 1, line 2, town) from "75 Castelnau, Barnes, Surrey", without the old county."""
    parts = [part.strip() for part in address.split(",") if part.strip()]
    parts = [part for part in parts if part.lower() not in POSTAL_COUNTIES]
    area = re.match(r"[A-Z]+", postcode).group()
    if area in LONDON_POSTCODE_AREAS:
        parts = [part for part in parts if part.lower() != "london"]
        town = "London"
    else:
        town = parts.pop() if len(parts) > 1 else ""
    line_1 = parts[0] if parts else ""
    return line_1, ", ".join(parts[1:]), town


@dataclass
class LibraryRow:
    row_number: int
    values: dict
    hours: list[tuple[int, dt.time, dt.time]] = field(default_factory=list)
    closed_in: str = ""

    @property
    def label(self) -> str:
        return f"{self.values['name']} ({self.values['postcode']})"


class Command(ImportCommand):
    help = (
        "Load public libraries from a LibrariesHacked CSV (columns name, address, postcode, uprn, year_closed, "
        "mon to sun, email, url, latitude, longitude) as published library Locations, with their staffed hours "
        "as opening hours (a blank day is closed; a day may have several spans, 09:30-13:00,14:00-18:00). "
        "Closed libraries (year_closed set) are skipped. A library is matched to an existing place by name "
        "and postcode, or else by UPRN; re-running updates the fields that come from the file and keeps "
        "editors' other changes. Each change is saved as a published revision and marked reviewed today. "
        "These are real libraries (not sample data), and the file says nothing about their facilities, so "
        "none are set, unless --sample-extras is given (the demo does this): then libraries with no facilities "
        f"recorded get free Wi-Fi and {SAMPLE_PUBLIC_COMPUTERS} public computers, as virtually every London "
        "library has them. A malformed file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="for example locations/data/libraries_librarieshacked.csv")
        parser.add_argument(
            "--sample-extras",
            action="store_true",
            help=f"give libraries with no facilities recorded free Wi-Fi and {SAMPLE_PUBLIC_COMPUTERS} public computers",
        )

    def handle(self, *args, file: Path, sample_extras: bool = False, **options):
        rows = [self.parse_row(file, row_number, row) for row_number, row in read_csv(file, COLUMNS)]
        if not rows:
            raise DataFileError(file, "the file has no libraries")
        open_rows = [row for row in rows if not row.closed_in]
        duplicates = [label for label, count in Counter(row.label for row in open_rows).items() if count > 1]
        if duplicates:
            raise DataFileError(file, f"{duplicates[0]} is in the file twice")
        # Two libraries in one building share a UPRN, so a UPRN only identifies a library when it is unique.
        uprn_counts = Counter(row.values["uprn"] for row in open_rows if row.values["uprn"])

        counts = Counter()
        with transaction.atomic():
            for row in rows:
                existing = self.find_existing(row, uprn_counts)
                if row.closed_in:
                    counts["closed"] += 1
                    note = " It is still listed here: unpublish it if it has closed." if existing else ""
                    self.report(f"Skipped {row.label}: closed in {row.closed_in}.{note}")
                    continue
                outcome = self.import_library(row, existing, sample_extras)
                counts[outcome] += 1

        self.report_success(
            f"Libraries from {file}: {counts['created']} added, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged, {counts['closed']} closed ones skipped."
        )

    def parse_row(self, file: Path, row_number: int, row: dict[str, str]) -> LibraryRow:
        values = RowReader(file, row_number, row)
        name = " ".join(values.text("name", max_length=190).split())
        if "library" not in name.lower():
            name = f"{name} Library"  # LibrariesHacked lists some by place alone ("Castelnau")
        postcode = values.postcode()
        address_line_1, address_line_2, town = split_address(values.text("address", required=False), postcode)
        library = LibraryRow(
            row_number=row_number,
            closed_in=values.text("year_closed", required=False),
            values={
                "name": name,
                "kind": LocationKind.LIBRARY,
                "address_line_1": address_line_1[:200],
                "address_line_2": address_line_2[:200],
                "town": town[:100],
                "postcode": postcode,
                "uprn": values.text("uprn", required=False, max_length=12),
                "email": self.valid_or_blank(values, "email", EmailValidator()),
                "website": self.valid_or_blank(values, "url", URLValidator()),
                "latitude": values.number("latitude", required=False, **UK_LATITUDE),
                "longitude": values.number("longitude", required=False, **UK_LONGITUDE),
                "is_sample": False,
            },
        )
        if (library.values["latitude"] is None) != (library.values["longitude"] is None):
            values.fail("give both latitude and longitude, or neither")
        if library.values["latitude"] is None:
            # No point in the file: the place is put at its postcode's centre, and a re-import keeps that.
            del library.values["latitude"], library.values["longitude"]
        for weekday, column in enumerate(WEEKDAY_COLUMNS):
            try:
                spans = parse_hours(values.text(column, required=False))
            except ValueError as error:
                values.fail(f"{column} {error}")
            library.hours += [(weekday, opens, closes) for opens, closes in spans]
        return library

    def valid_or_blank(self, values: RowReader, column: str, validator) -> str:
        """A bad email or web address in the source is left out (with a message) rather than stopping the import."""
        value = values.text(column, required=False)
        if value:
            try:
                validator(value)
            except ValidationError:
                self.report_warning(f"Row {values.row_number}: left out {column} “{value}”, which is not valid.")
                return ""
        return value

    @staticmethod
    def find_existing(row: LibraryRow, uprn_counts: Counter) -> Location | None:
        libraries = Location.objects.filter(kind=LocationKind.LIBRARY)
        found = libraries.filter(name__iexact=row.values["name"], postcode=row.values["postcode"]).first()
        uprn = row.values["uprn"]
        if found is None and uprn and uprn_counts[uprn] == 1:
            matches = list(libraries.filter(uprn=uprn)[:2])
            found = matches[0] if len(matches) == 1 else None
        return found

    def import_library(self, row: LibraryRow, location: Location | None, sample_extras: bool) -> str:
        created = location is None
        location = location or Location()
        current_hours = sorted(
            (period.weekday, period.opens, period.closes) for period in location.opening_periods.all()
        )
        changed = created or current_hours != row.hours
        changed |= any(getattr(location, name) != value for name, value in row.values.items())
        changed |= sample_extras and not (location.has_free_wifi or location.public_computers)
        if not changed:
            return "unchanged"

        for name, value in row.values.items():
            setattr(location, name, value)
        location.opening_periods = [
            OpeningPeriod(weekday=weekday, opens=opens, closes=closes) for weekday, opens, closes in row.hours
        ]
        if sample_extras and not (location.has_free_wifi or location.public_computers):
            location.has_free_wifi = True
            location.public_computers = SAMPLE_PUBLIC_COMPUTERS
        location.last_reviewed = timezone.localdate()
        location.save()
        # A published revision, as if an editor had pressed "Publish": the admin shows its history.
        location.save_revision(log_action=True).publish()

        if not row.hours:
            self.report(f"{row.label} has no staffed hours in the file, so none are shown.")
        if location.needs_attention:
            self.report_warning(f"Check {row.label}: {location.attention_note}")
        return "created" if created else "updated"
