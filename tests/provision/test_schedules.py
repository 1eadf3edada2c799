"""When sessions run: weekly, fortnightly, monthly and dated, and which one is next."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from provision.factories import ServiceFactory, ServiceScheduleFactory, ServiceSessionFactory
from provision.models.services import ScheduleFrequency, WeekOfMonth

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MONDAY, TUESDAY, FRIDAY = 0, 1, 4
# Tuesday 3 March 2026, 9am.
TUESDAY_MORNING = dt.datetime(2026, 3, 3, 9, 0, tzinfo=LONDON)


def dates_in_march(schedule) -> list[int]:
    return [day for day in range(1, 32) if schedule.runs_on(dt.date(2026, 3, day))]


def test_weekly_runs_every_week_on_its_day():
    schedule = ServiceScheduleFactory.build(weekday=TUESDAY)
    assert dates_in_march(schedule) == [3, 10, 17, 24, 31]


def test_weekly_respects_its_start_and_end_dates():
    schedule = ServiceScheduleFactory.build(
        weekday=TUESDAY, valid_from=dt.date(2026, 3, 10), valid_to=dt.date(2026, 3, 24)
    )
    assert dates_in_march(schedule) == [10, 17, 24]


def test_fortnightly_counts_from_its_anchor_date():
    schedule = ServiceScheduleFactory.build(
        frequency=ScheduleFrequency.FORTNIGHTLY, weekday=TUESDAY, valid_from=dt.date(2026, 3, 10)
    )
    assert dates_in_march(schedule) == [10, 24]


def test_first_monday_of_the_month():
    schedule = ServiceScheduleFactory.build(
        frequency=ScheduleFrequency.MONTHLY, weekday=MONDAY, week_of_month=WeekOfMonth.FIRST
    )
    assert dates_in_march(schedule) == [2]


def test_last_friday_of_the_month():
    schedule = ServiceScheduleFactory.build(
        frequency=ScheduleFrequency.MONTHLY, weekday=FRIDAY, week_of_month=WeekOfMonth.LAST
    )
    assert dates_in_march(schedule) == [27]


def test_describe_reads_like_a_person_would_say_it():
    monthly = ServiceScheduleFactory.build(
        frequency=ScheduleFrequency.MONTHLY,
        weekday=MONDAY,
        week_of_month=WeekOfMonth.FIRST,
        starts=dt.time(14),
        ends=dt.time(16),
    )
    assert monthly.describe() == "First Monday of the month, 2pm to 4pm"
    weekly = ServiceScheduleFactory.build(weekday=TUESDAY, starts=dt.time(10), ends=dt.time(12))
    assert weekly.describe() == "Tuesdays, 10am to 12 noon"


def test_a_session_already_over_today_moves_to_next_week():
    schedule = ServiceScheduleFactory.build(weekday=TUESDAY, starts=dt.time(7), ends=dt.time(8, 30))
    starts, ends, _ = schedule.next_occurrence(TUESDAY_MORNING)
    assert starts == dt.datetime(2026, 3, 10, 7, 0, tzinfo=LONDON)
    assert ends == dt.datetime(2026, 3, 10, 8, 30, tzinfo=LONDON)


def test_a_session_running_now_is_the_next_occurrence():
    schedule = ServiceScheduleFactory.build(weekday=TUESDAY, starts=dt.time(8, 30), ends=dt.time(10))
    starts, _, _ = schedule.next_occurrence(TUESDAY_MORNING)
    assert starts == dt.datetime(2026, 3, 3, 8, 30, tzinfo=LONDON)


def test_next_session_picks_the_soonest_of_schedules_and_dated_sessions(libraries):
    service = ServiceFactory()
    ServiceScheduleFactory(service=service, weekday=FRIDAY, starts=dt.time(10), ends=dt.time(12))
    ServiceScheduleFactory(
        service=service,
        frequency=ScheduleFrequency.MONTHLY,
        weekday=MONDAY,
        week_of_month=WeekOfMonth.FIRST,
        starts=dt.time(14),
        ends=dt.time(16),
    )
    ServiceSessionFactory(
        service=service,
        date=dt.date(2026, 3, 4),
        starts=dt.time(18),
        ends=dt.time(20),
        location=libraries["tooting"],
    )

    starts, _, location = service.next_session(TUESDAY_MORNING)
    assert starts == dt.datetime(2026, 3, 4, 18, 0, tzinfo=LONDON)
    assert location == libraries["tooting"]

    # After the dated session, Friday's weekly session is next (before the first Monday in April).
    starts, _, _ = service.next_session(dt.datetime(2026, 3, 5, 9, 0, tzinfo=LONDON))
    assert starts == dt.datetime(2026, 3, 6, 10, 0, tzinfo=LONDON)


def test_next_session_ignores_past_dated_sessions_and_has_none_without_any():
    service = ServiceFactory()
    assert service.next_session(TUESDAY_MORNING) is None
    ServiceSessionFactory(service=service, date=dt.date(2026, 3, 2))
    assert service.next_session(TUESDAY_MORNING) is None
