import datetime as dt

import pytest

from locations.factories import LocationFactory
from provision.factories import FundingSourceFactory, OrganisationFactory, ServiceFactory, ServiceScheduleFactory
from provision.insight.duplication import find_duplication
from provision.insight.funding import funding_sources
from tests.directory_fixtures import seed_taxonomy


@pytest.fixture
def neighbours(db):
    seed_taxonomy()
    library = LocationFactory(name="Library", latitude=51.4500, longitude=-0.1900)
    hall = LocationFactory(name="Church hall", latitude=51.4520, longitude=-0.1900)  # about 220 m away
    return library, hall


def weekly(service, place, weekday, starts, ends):
    return ServiceScheduleFactory(service=service, location=place, weekday=weekday, starts=starts, ends=ends)


def test_same_help_nearby_at_the_same_time_from_different_providers_is_listed(neighbours):
    library, hall = neighbours
    first = ServiceFactory(name="Library drop-in", types=["one-to-one-help"], locations=[library])
    second = ServiceFactory(name="Hall drop-in", types=["one-to-one-help"], locations=[hall])
    weekly(first, library, 1, dt.time(10), dt.time(12))
    weekly(second, hall, 1, dt.time(11), dt.time(13))

    overlaps = find_duplication(max_km=0.5)

    assert len(overlaps) == 1
    overlap = overlaps[0]
    assert {overlap.first.service.name, overlap.second.service.name} == {"Library drop-in", "Hall drop-in"}
    assert overlap.when == "Tuesdays 11:00 to 12:00"
    assert 0.2 < overlap.distance_km < 0.25


@pytest.mark.parametrize(
    ("second_day", "second_times", "max_km", "same_provider"),
    [
        (2, (dt.time(10), dt.time(12)), 0.5, False),  # a different day
        (1, (dt.time(12), dt.time(14)), 0.5, False),  # back to back, not overlapping
        (1, (dt.time(10), dt.time(12)), 0.1, False),  # further apart than asked
        (1, (dt.time(10), dt.time(12)), 0.5, True),  # one provider running two sessions
    ],
)
def test_not_duplication(neighbours, second_day, second_times, max_km, same_provider):
    library, hall = neighbours
    provider = OrganisationFactory()
    first = ServiceFactory(types=["one-to-one-help"], locations=[library], organisation=provider)
    second = ServiceFactory(
        types=["one-to-one-help"], locations=[hall], **({"organisation": provider} if same_provider else {})
    )
    weekly(first, library, 1, dt.time(10), dt.time(12))
    weekly(second, hall, second_day, *second_times)

    assert find_duplication(max_km=max_km) == []


def test_different_types_of_help_are_not_duplication(neighbours):
    library, hall = neighbours
    weekly(ServiceFactory(types=["online-safety"], locations=[library]), library, 1, dt.time(10), dt.time(12))
    weekly(ServiceFactory(types=["device-lending"], locations=[hall]), hall, 1, dt.time(10), dt.time(12))

    assert find_duplication() == []


def test_funding_by_funder_and_the_funding_cliff(db):
    today = dt.date(2026, 11, 21)
    council = OrganisationFactory(name="The Council", kind="council")
    soon = ServiceFactory(name="Ends soon")
    later = ServiceFactory(name="Ends later")
    FundingSourceFactory(service=soon, funder=council, annual_amount=10000, ends_on=dt.date(2027, 3, 31))
    FundingSourceFactory(service=later, funder=council, annual_amount=5000, ends_on=dt.date(2028, 3, 31))
    FundingSourceFactory(
        service=later, funder=None, funder_name="Lottery", annual_amount=20000, ends_on=dt.date(2027, 1, 31)
    )

    report = funding_sources(today=today)

    assert [(total.funder, total.annual_amount) for total in report["by_funder"]] == [
        ("Lottery", 20000),
        ("The Council", 15000),
    ]
    assert [(source.service.name, str(source)) for source in report["ending_soon"]] == [
        ("Ends later", "Lottery"),
        ("Ends soon", "The Council"),
    ]
