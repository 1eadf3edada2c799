"""Search results pages kept for a minute for visitors not signed in (provision/page_cache.py): what a
resident sees is never older than the minute it was asked in, nor than the last publish."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from locations.models import Location
from provision.factories import ServiceFactory
from tests.directory_fixtures import TUESDAY_11AM, place_at
from tests.partners.conftest import client_for, user_in

SEARCH = {"postcode": "SW18 2PU"}


@pytest.fixture
def clock(monkeypatch):
    """The time as the site sees it, moved by setting clock["now"]."""
    moment = {"now": TUESDAY_11AM}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    return moment


def fetch(client, params=SEARCH, path="/find-help/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_same_search_in_the_same_minute_is_answered_from_the_kept_page(client, places, clock):
    first, first_queries = fetch(client)
    clock["now"] = TUESDAY_11AM + dt.timedelta(seconds=40)
    again, again_queries = fetch(client)

    assert again == first
    assert "Near Library" in again
    # At most the directory's version and the menu (from the shared cache): nothing of the search itself.
    assert again_queries <= 2 < first_queries


def test_the_order_of_the_filters_in_the_address_does_not_matter(client, places, clock):
    client.get("/find-help/?postcode=SW18+2PU&type=one-to-one-help&free=1")
    _, queries = fetch(client, None, "/find-help/?postcode=SW18+2PU&free=1&type=one-to-one-help")

    assert queries <= 2


def test_a_publish_shows_at_once(client, places, clock):
    before, _ = fetch(client)
    new_place = place_at(0.1, name="Brand New Hub")
    ServiceFactory(name="New help", locations=[new_place])
    after, _ = fetch(client)

    assert "Brand New Hub" not in before
    assert "Brand New Hub" in after


def test_the_next_minute_is_worked_out_afresh(client, places, clock):
    clock["now"] = TUESDAY_11AM.replace(hour=16, minute=59, second=10)
    open_page, _ = fetch(client)
    clock["now"] = TUESDAY_11AM.replace(hour=17, minute=0, second=5)
    closed_page, queries = fetch(client)

    assert "Open now, closes 5pm" in open_page
    assert "Open now, closes 5pm" not in closed_page
    assert queries > 2


def test_people_signed_in_always_get_a_fresh_page(client, places, clock):
    fetch(client)
    # A change that bypasses the publishing signals (as a bulk database fix would).
    Location.objects.filter(pk=places["library"].pk).update(name="Renamed Library")
    lead = client_for(user_in("Inclusion lead"))

    leads_page, _ = fetch(lead)
    visitors_page, _ = fetch(client)

    assert "Renamed Library" in leads_page
    # A visitor's copy is at most a minute old.
    assert "Near Library" in visitors_page
    clock["now"] = TUESDAY_11AM + dt.timedelta(minutes=1)
    assert "Renamed Library" in fetch(client)[0]


def test_keeping_pages_can_be_turned_off(client, places, clock, settings):
    settings.PAGE_CACHE_SECONDS = 0
    fetch(client)
    _, queries = fetch(client)

    assert queries > 2


def test_results_pages_are_sent_compressed_to_browsers_that_accept_it(client, places, clock):
    import gzip

    response = client.get("/find-help/", SEARCH, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    page = gzip.decompress(response.content).decode()
    assert "Near Library" in page
    assert len(response.content) < len(page.encode()) / 3
