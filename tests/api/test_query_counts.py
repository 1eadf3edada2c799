"""A page costs the same number of queries whatever its size: everything nested is prefetched."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from locations.factories import OpeningPeriodFactory
from provision.api.ids import make_id
from provision.factories import OrganisationFactory, ServiceFactory, ServiceScheduleFactory, ServiceSessionFactory
from tests.api.conftest import API, place_north

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def every_response_made_afresh(settings):
    """These count the queries that make a response, not those of a copy kept for the minute."""
    settings.PAGE_CACHE_SECONDS = 0


def queries_for(client, path, params=None) -> int:
    """Queries that build the response; the rate limit's counter is left out because a new time window
    (which can open between two requests of a test) costs an insert and its savepoint."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(API + path, params or {})
    assert response.status_code == 200, response.content[:300]
    return sum(1 for query in captured if not _is_rate_limit_bookkeeping(query["sql"]))


def _is_rate_limit_bookkeeping(sql: str) -> bool:
    return "ratelimitcounter" in sql.lower() or sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))


@pytest.fixture
def many_services(db, directory):
    """Twelve more services, each at two places of its own with hours, and with sessions and languages."""
    for number in range(12):
        places = [place_north(400 + number * 10 + offset, name=f"Hall {number}-{offset}") for offset in (0, 5)]
        for place in places:
            OpeningPeriodFactory(location=place, weekday=number % 7, opens=dt.time(9), closes=dt.time(12))
        service = ServiceFactory(
            name=f"Club {number:02d}",
            organisation=OrganisationFactory(name=f"Club organiser {number}", charity_number=f"11{number:05d}"),
            types=["free-wifi", "online-safety"],
            audiences=["families"],
            languages=["en", "so"],
            locations=places,
            contact_name="Alex",
        )
        ServiceScheduleFactory(service=service, weekday=number % 7, location=places[0])
        ServiceSessionFactory(service=service, location=places[1], date=dt.date.today() + dt.timedelta(days=3))
    return directory


@pytest.mark.parametrize(
    "path, params",
    [
        ("/services", {}),
        ("/services", {"taxonomy_term_id": make_id("locations.facility", "wifi"), "day": "MO"}),
        ("/service_at_locations", {}),
        ("/service_at_locations", {"postcode": "SW18 2PU", "proximity": "5000"}),
        ("/taxonomies", {}),
        ("/taxonomy_terms", {}),
    ],
)
def test_list_queries_do_not_grow_with_the_page_size(client, many_services, path, params):
    one = queries_for(client, path, {**params, "per_page": 1})
    many = queries_for(client, path, {**params, "per_page": 100})

    assert one == many
    assert many <= 12


def test_a_fully_nested_service_costs_the_same_whatever_it_holds(client, directory):
    small_place = place_north(700, name="Small hall")
    small = ServiceFactory(name="Small", types=["free-wifi"], locations=[small_place])
    big_places = [place_north(800 + number, name=f"Big hall {number}") for number in range(6)]
    for place in big_places:
        OpeningPeriodFactory(location=place, weekday=2)
        OpeningPeriodFactory(location=place, weekday=4)
    big = ServiceFactory(
        name="Big",
        types=["free-wifi", "online-safety", "device-lending"],
        audiences=["families", "older-people"],
        languages=["en", "so", "pl"],
        locations=big_places,
    )
    for place in big_places[:4]:
        ServiceScheduleFactory(service=big, weekday=1, location=place)
        ServiceSessionFactory(service=big, location=place, date=dt.date.today() + dt.timedelta(days=3))
    small_id, big_id = make_id("provision.service", small.pk), make_id("provision.service", big.pk)
    queries_for(client, f"/services/{small_id}")

    assert queries_for(client, f"/services/{small_id}") == queries_for(client, f"/services/{big_id}") <= 16
