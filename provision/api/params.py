"""Reading query parameters. Anything we cannot read is a 400 with a JSON explanation, never a 500."""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_time

from provision.api.ids import parse_uuid

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100
MAX_TEXT_LENGTH = 200
MAX_SEARCH_WORDS = 10
MAX_TERMS = 10
# 100 km: more than any borough; a larger radius is not a search near a postcode.
MAX_PROXIMITY_METRES = 100_000

# RFC 5545 BYDAY codes in Python's weekday order (Monday is 0).
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class ApiError(Exception):
    def __init__(self, status: int, detail: str):
        super().__init__(detail)
        self.status = status
        self.detail = detail


def bad_request(detail: str) -> ApiError:
    return ApiError(400, detail)


def text_param(params, name: str) -> str:
    value = params.get(name, "")
    if "\x00" in value:
        raise bad_request(f"{name} must not contain NUL characters.")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT_LENGTH:
        raise bad_request(f"{name} must be at most {MAX_TEXT_LENGTH} characters.")
    return value


def whole_number(params, name: str, default: int) -> int:
    raw = text_param(params, name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_request(f"{name} must be a whole number.") from None


def finite_number(params, name: str) -> float | None:
    raw = text_param(params, name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise bad_request(f"{name} must be a number.") from None
    if not math.isfinite(value):
        raise bad_request(f"{name} must be a finite number.")
    return value


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def paging(params) -> Paging:
    page = whole_number(params, "page", 1)
    per_page = whole_number(params, "per_page", DEFAULT_PER_PAGE)
    if page < 1:
        raise bad_request("page must be 1 or more.")
    if per_page < 1:
        raise bad_request("per_page must be 1 or more.")
    # More than the most we send is not an error: the page is the most we send, and `size` says so.
    return Paging(page=page, per_page=min(per_page, MAX_PER_PAGE))


def uuid_list(params, name: str) -> list[str]:
    """One UUID, or several separated by commas (all must match)."""
    raw = text_param(params, name)
    if not raw:
        return []
    values = [part.strip() for part in raw.split(",") if part.strip()]
    if len(values) > MAX_TERMS:
        raise bad_request(f"{name} takes at most {MAX_TERMS} identifiers.")
    parsed = [parse_uuid(value) for value in values]
    if None in parsed:
        raise bad_request(f"{name} must be a UUID (or several, separated by commas).")
    return parsed


def time_param(params, name: str) -> dt.time | None:
    raw = text_param(params, name)
    if not raw:
        return None
    try:
        value = parse_time(raw)
    except ValueError:
        value = None
    if value is None or value.tzinfo is not None:
        raise bad_request(f"{name} must be a time of day, like 09:30.")
    return value


def day_param(params, name: str = "day") -> int | None:
    """A weekday as Python numbers it, from an RFC 5545 code (`TU`) or an English name (`tuesday`)."""
    raw = text_param(params, name).lower()
    if not raw:
        return None
    for number, (code, day_name) in enumerate(zip(BYDAY, DAY_NAMES, strict=True)):
        if raw in (code.lower(), day_name):
            return number
    raise bad_request(f"{name} must be a day of the week: MO, TU, WE, TH, FR, SA or SU (or its English name).")


def datetime_param(params, name: str) -> dt.datetime | None:
    """An ISO 8601 date or date-time; without a time zone, in the site's (UK) time."""
    raw = text_param(params, name)
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = dt.datetime.combine(day, dt.time.min)
        if value is None:
            raise ValueError(raw)
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise bad_request(f"{name} must be an ISO 8601 date or date-time, like 2025-04-01T09:00:00Z.") from None


@dataclass
class ServiceFilters:
    """The service filters of /services and /service_at_locations. Every one given must match (AND)."""

    search: str = ""
    taxonomy_term_ids: list[str] = field(default_factory=list)
    taxonomy_id: str | None = None
    organization_id: str | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    modified_after: dt.datetime | None = None
    day: int | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None

    @classmethod
    def from_params(cls, params) -> "ServiceFilters":
        # `text` is what Open Referral UK 1.0 called the search.
        search = text_param(params, "search") or text_param(params, "text")
        taxonomy_ids = uuid_list(params, "taxonomy_id")
        organization_ids = uuid_list(params, "organization_id")
        if len(taxonomy_ids) > 1 or len(organization_ids) > 1:
            raise bad_request("taxonomy_id and organization_id take one UUID each.")
        return cls(
            search=search,
            taxonomy_term_ids=uuid_list(params, "taxonomy_term_id"),
            taxonomy_id=taxonomy_ids[0] if taxonomy_ids else None,
            organization_id=organization_ids[0] if organization_ids else None,
            minimum_age=finite_number(params, "minimum_age"),
            maximum_age=finite_number(params, "maximum_age"),
            modified_after=datetime_param(params, "modified_after"),
            day=day_param(params),
            start_time=time_param(params, "start_time"),
            end_time=time_param(params, "end_time"),
        )

    @property
    def search_words(self) -> list[str]:
        return self.search.split()[:MAX_SEARCH_WORDS]

    @property
    def filters_availability(self) -> bool:
        return self.day is not None or self.start_time is not None or self.end_time is not None


@dataclass(frozen=True)
class Nearness:
    postcode: str
    proximity_metres: float | None


def nearness(params) -> Nearness | None:
    postcode = text_param(params, "postcode")
    proximity = finite_number(params, "proximity")
    if proximity is not None and not postcode:
        raise bad_request("proximity needs a postcode to measure from.")
    if not postcode:
        return None
    if proximity is not None and not 0 < proximity <= MAX_PROXIMITY_METRES:
        raise bad_request(f"proximity must be more than 0 and at most {MAX_PROXIMITY_METRES} metres.")
    return Nearness(postcode=postcode, proximity_metres=proximity)
