"""Is a place open now, and when does it next open? Usual weekly hours, with dated exceptions on top."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from locations.factories import LocationFactory, OpeningExceptionFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY = dt.date(2026, 5, 4)  # the Early May bank holiday
NEXT_MONDAY = MONDAY + dt.timedelta(days=7)


def at(date: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def library():
    """Open weekdays 09:30 to 13:00 and 14:00 to 18:00 (closed for lunch), closed at weekends."""
    place = LocationFactory(name="Test Library")
    for weekday in range(5):
        OpeningPeriodFactory(location=place, weekday=weekday, opens=dt.time(9, 30), closes=dt.time(13, 0))
        OpeningPeriodFactory(location=place, weekday=weekday, opens=dt.time(14, 0), closes=dt.time(18, 0))
    return place


def test_open_during_its_hours_and_closed_outside_them(library):
    assert library.is_open_at(at(NEXT_MONDAY, 9, 30))
    assert library.is_open_at(at(NEXT_MONDAY, 17, 59))
    assert not library.is_open_at(at(NEXT_MONDAY, 9, 29))
    assert not library.is_open_at(at(NEXT_MONDAY, 18, 0))


def test_closed_at_lunch_between_two_spans(library):
    assert library.is_open_at(at(NEXT_MONDAY, 12, 30))
    assert library.closes_at(at(NEXT_MONDAY, 12, 30)) == dt.time(13, 0)
    assert not library.is_open_at(at(NEXT_MONDAY, 13, 30))
    assert library.next_opening(at(NEXT_MONDAY, 13, 30)) == at(NEXT_MONDAY, 14, 0)
    assert library.is_open_at(at(NEXT_MONDAY, 14, 30))


def test_a_bank_holiday_closure_overrides_the_usual_hours(library):
    OpeningExceptionFactory(location=library, date=MONDAY, closed=True, reason="Bank holiday")

    assert not library.is_open_at(at(MONDAY, 10, 0))
    assert library.opening_spans_on(MONDAY) == []
    assert library.exception_on(MONDAY).reason == "Bank holiday"
    assert library.next_opening(at(MONDAY, 10, 0)) == at(MONDAY + dt.timedelta(days=1), 9, 30)


def test_a_dated_exception_with_special_hours_replaces_the_days_hours(library):
    OpeningExceptionFactory(
        location=library,
        date=NEXT_MONDAY,
        closed=False,
        opens=dt.time(10, 0),
        closes=dt.time(20, 0),
        reason="Late opening for Get Online Week",
    )

    assert not library.is_open_at(at(NEXT_MONDAY, 9, 45))
    assert library.is_open_at(at(NEXT_MONDAY, 13, 30))  # no lunch closure today
    assert library.is_open_at(at(NEXT_MONDAY, 19, 30))
    assert library.closes_at(at(NEXT_MONDAY, 19, 30)) == dt.time(20, 0)
    # The following Monday is back to normal.
    assert not library.is_open_at(at(NEXT_MONDAY + dt.timedelta(days=7), 19, 30))


def test_after_closing_on_friday_it_next_opens_on_monday_morning(library):
    friday = NEXT_MONDAY - dt.timedelta(days=3)
    assert friday.strftime("%A") == "Friday"

    assert library.next_opening(at(friday, 18, 30)) == at(NEXT_MONDAY, 9, 30)
    assert library.next_opening(at(friday + dt.timedelta(days=1), 12, 0)) == at(NEXT_MONDAY, 9, 30)


def test_a_place_with_no_hours_is_never_open_and_has_no_next_opening():
    place = LocationFactory()

    assert not place.has_opening_hours
    assert not place.is_open_at(at(NEXT_MONDAY, 12, 0))
    assert place.next_opening(at(NEXT_MONDAY, 12, 0)) is None
