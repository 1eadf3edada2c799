"""Fault: the online geocoder is down or slow. Searches and the places admin still work, without it.

Our own postcode, district and ward tables answer first and need no network; the geopy geocoder named in
settings.GEOCODER is only asked about what they cannot place (locations/geocoding.py). The lookup rules are
tested in tests/locations/test_geocoding.py and the flags on a saved place in
tests/locations/test_location_placing.py; here the resident's search page and the admin form meet a geocoder
that fails, and a real geopy geocoder is shown to give its HTTP call our timeout.
"""

from unittest import mock

import geopy.geocoders
import pytest
from django.urls import reverse
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable

from locations.models import Location
from locations.models.places import GeocodePrecision
from tests.locations.test_admin import location_form, location_url

pytestmark = pytest.mark.django_db

# A real postcode in a district our tables do not hold, so only the online geocoder could place it.
UNKNOWN_TO_OUR_TABLES = "E1 6AN"


def failing_geocoder(error):
    """A geopy geocoder class whose lookups fail with `error`; records how it was made."""
    return mock.Mock(name="geocoder class", return_value=mock.Mock(**{"geocode.side_effect": error}))


@pytest.fixture
def online_geocoder(settings):
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_TIMEOUT = 3


class TimingOutAdapter(BaseSyncAdapter):
    """A geopy HTTP adapter for a geocoder that does not answer in time: it remembers what it was asked."""

    calls: list[dict] = []

    def get_json(self, url, *, timeout, headers):
        self.calls.append({"url": url, "timeout": timeout})
        raise GeocoderTimedOut("Service timed out")

    get_text = get_json


@pytest.mark.parametrize("error", [GeocoderUnavailable("Service not available"), GeocoderTimedOut("Timed out")])
def test_a_search_the_geocoder_would_answer_says_so_politely_and_the_page_still_works(
    client, places, online_geocoder, error, caplog
):
    geocoder_class = failing_geocoder(error)
    with mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class):
        unknown = client.get("/find-help/", {"postcode": UNKNOWN_TO_OUR_TABLES})
        ours = client.get("/find-help/", {"postcode": "SW18 2PU"})

    assert unknown.status_code == 200
    page = unknown.content.decode()
    # The resident is told the lookup is down, not that they typed their postcode wrongly.
    assert "We cannot look that up at the moment. Try again in a few minutes" in page
    assert "We could not find that postcode" not in page
    assert 'name="postcode"' in page  # the search form is there to try again
    # A postcode our own tables know is found as usual, without asking the geocoder.
    assert ours.status_code == 200
    assert "Near Library" in ours.content.decode()
    geocoder_class.return_value.geocode.assert_called_once()
    assert f"could not look up '{UNKNOWN_TO_OUR_TABLES}'" in caplog.text


def test_a_slow_geocoder_is_given_our_timeout_so_it_cannot_hold_up_a_search(client, places, online_geocoder):
    TimingOutAdapter.calls = []
    # The real Nominatim class, with the network swapped for an adapter that times out.
    with mock.patch.object(geopy.geocoders.options, "default_adapter_factory", TimingOutAdapter):
        response = client.get("/find-help/", {"postcode": UNKNOWN_TO_OUR_TABLES})

    assert response.status_code == 200
    assert "We cannot look that up at the moment" in response.content.decode()
    (call,) = TimingOutAdapter.calls
    assert call["timeout"] == 3
    assert call["url"].startswith("https://nominatim.openstreetmap.org/search?")


def test_a_postcode_the_working_geocoder_does_not_know_is_still_called_not_found(client, places, online_geocoder):
    geocoder_class = mock.Mock(name="geocoder class", return_value=mock.Mock(**{"geocode.return_value": None}))
    with mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class):
        response = client.get("/find-help/", {"postcode": UNKNOWN_TO_OUR_TABLES})

    page = response.content.decode()
    assert "We could not find that postcode. Check it and try again, or enter the name of an area" in page
    assert "We cannot look that up at the moment" not in page


def test_while_the_geocoder_is_down_the_name_of_one_of_our_places_still_finds_help(client, places, online_geocoder):
    geocoder_class = failing_geocoder(GeocoderUnavailable("down"))
    with mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class):
        response = client.get("/find-help/", {"q": "Near Library"})

    page = response.content.decode()
    assert "We cannot look that up at the moment" not in page
    assert "near Near Library" in page.replace("\n", " ")
    assert "Middle Community Centre" in page  # searched from the library: the centre is 0.9 miles away


def test_a_place_the_geocoder_would_have_placed_is_still_saved_and_flagged_for_the_editor(
    admin_client, places, online_geocoder
):
    form = location_form(name="Whitechapel Idea Store", address_line_1="321 Whitechapel Road", postcode="e16an")

    with mock.patch(
        "locations.geocoding.get_geocoder_for_service", return_value=failing_geocoder(GeocoderUnavailable("down"))
    ):
        response = admin_client.post(location_url("add"), form, follow=True)

    assert response.status_code == 200
    place = Location.objects.get(name="Whitechapel Idea Store")
    assert place.postcode == UNKNOWN_TO_OUR_TABLES
    assert not place.has_point and place.geocode_precision == GeocodePrecision.NONE
    assert place.needs_attention
    page = response.content.decode()
    assert "Check where this place is." in page
    assert "We could not find the postcode E1 6AN, so this place is not on the map" in page


def test_the_admin_map_lookup_answers_not_found_when_the_geocoder_is_down(admin_client, places, online_geocoder):
    with mock.patch(
        "locations.geocoding.get_geocoder_for_service", return_value=failing_geocoder(GeocoderUnavailable("down"))
    ):
        response = admin_client.get(reverse("locations_admin:geocode"), {"q": "Whitechapel Road"})

    assert response.status_code == 404
    assert response.json() == {"error": "We could not find that place."}
