"""UK postcode parsing: normalise what people type (`sw182pu`, ` SW18  2pu `) into `SW18 2PU`."""

import re

from django.core.exceptions import ValidationError

# The outward code (area + district) and the inward code (sector + unit), per the Royal Mail format,
# including the special case GIR 0AA.
_OUTWARD = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?)"
_INWARD = r"(?:[0-9][A-Z]{2})"
FULL_POSTCODE_RE = re.compile(rf"^(?P<outward>{_OUTWARD})(?P<inward>{_INWARD})$|^(?P<gir>GIR0AA)$")
OUTCODE_RE = re.compile(rf"^{_OUTWARD}$")
# A postcode sector such as "SW18 2": the outward code and the first digit of the inward code.
SECTOR_RE = re.compile(rf"^(?P<outward>{_OUTWARD})\s*(?P<sector>[0-9])$")

INVALID_POSTCODE_MESSAGE = "Enter a real postcode, like SW18 2PU"


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", str(value or "")).upper()


def normalise_postcode(value: str) -> str:
    """Return the postcode in its standard form, or raise ValidationError with a plain-English message."""
    squashed = _squash(value)
    match = FULL_POSTCODE_RE.match(squashed)
    if not match:
        raise ValidationError(INVALID_POSTCODE_MESSAGE, code="invalid_postcode")
    if match.group("gir"):
        return "GIR 0AA"
    return f"{match.group('outward')} {match.group('inward')}"


def is_full_postcode(value: str) -> bool:
    return bool(FULL_POSTCODE_RE.match(_squash(value)))


def as_outcode(value: str) -> str | None:
    """The outward code of a full or partial postcode (`SW18 2PU`, `sw18`, `SW18 2` → `SW18`), or None.

    Without a space, `SW18` is read as the district SW18 rather than the sector `SW1 8`; with one (`E1 6`)
    the last digit is the sector.
    """
    text = str(value or "").strip().upper()
    squashed = _squash(text)
    full = FULL_POSTCODE_RE.match(squashed)
    if full and full.group("outward"):
        return full.group("outward")
    sector = SECTOR_RE.match(text)
    if sector and re.search(r"\s", text):
        return sector.group("outward")
    if OUTCODE_RE.match(squashed):
        return squashed
    if sector:
        return sector.group("outward")
    return None


def looks_like_postcode(value: str) -> bool:
    """True when someone seems to have typed a postcode or part of one (rather than a place name)."""
    squashed = _squash(value)
    return bool(squashed) and any(ch.isdigit() for ch in squashed) and len(squashed) <= 8
