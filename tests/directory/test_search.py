"""The resident's search: postcode to a list of places by distance, with filters, and kind messages."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.utils import timezone

from locations.factories import LocationFactory, OpeningExceptionFactory
from provision.factories import ServiceFactory
from tests.directory_fixtures import TUESDAY_11AM, place_at


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11AM)


def result_names(response):
    return [result.place.name for result in response.context["results"]]


def test_postcode_search_lists_nearest_places_first_with_distances(client, places):
    response = client.get("/find-help/", {"postcode": "sw18 2pu"})

    assert response.status_code == 200
    assert result_names(response) == ["Near Library", "Middle Community Centre"]
    page = response.content.decode()
    assert "2 places within 2 miles of SW18 2PU" in page
    assert "0.3 miles" in page and "1.2 miles" in page
    assert "Far Family Hub" not in page


def test_results_say_when_places_open_and_when_sessions_run(client, places):
    page = client.get("/find-help/", {"postcode": "SW18 2PU"}).content.decode()

    assert "Open now, closes 5pm" in page
    assert "Closed now, opens Thursday at 10am" in page
    assert "Next session: Thursday at 10am" in page


def test_wider_distance_finds_the_far_place(client, places):
    response = client.get("/find-help/", {"postcode": "SW18 2PU", "distance": "5"})

    assert result_names(response)[-1] == "Far Family Hub"


def test_free_wifi_open_now_filter(client, places):
    response = client.get("/find-help/", {"postcode": "SW18 2PU", "type": "free-wifi", "open": "now"})

    assert result_names(response) == ["Near Library"]


def test_filtering_by_a_type_of_help_finds_places_holding_that_service(client, places):
    response = client.get("/find-help/", {"postcode": "SW18 2PU", "type": "one-to-one-help"})

    assert result_names(response) == ["Middle Community Centre"]
    assert "Thursday drop-in" in response.content.decode()


def test_open_on_a_weekday_counts_sessions_as_well_as_opening_hours(client, places):
    response = client.get("/find-help/", {"postcode": "SW18 2PU", "open": "thursday"})

    assert result_names(response) == ["Middle Community Centre"]


def test_facility_filter(client, places):
    places["centre"].has_step_free_access = True
    places["centre"].save_revision().publish()

    response = client.get("/find-help/", {"postcode": "SW18 2PU", "access": "step_free"})

    assert result_names(response) == ["Middle Community Centre"]


def test_wifi_and_computers_view_shows_only_access_points(client, places):
    response = client.get("/find-help/wifi-and-computers/", {"postcode": "SW18 2PU"})

    assert result_names(response) == ["Near Library"]
    assert "Free Wi-Fi and computers near you" in response.content.decode()


def test_partial_postcode_searches_from_the_district_centre(client, places):
    response = client.get("/find-help/", {"postcode": "sw18"})

    assert response.status_code == 200
    assert "Distances are measured from the middle of SW18" in response.content.decode()
    assert "Near Library" in result_names(response)


def test_unknown_full_postcode_falls_back_to_its_district(client, places):
    response = client.get("/find-help/", {"postcode": "SW18 9ZZ"})

    assert "We could not find that exact postcode, so we searched from the middle of SW18" in response.content.decode()
    assert response.context["results"]


def test_postcode_outside_the_boroughs_still_searches(client, places):
    response = client.get("/find-help/", {"postcode": "M1 1AE"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "outside the areas this service covers" in page
    assert "0 places within 2 miles of M1" in page


def test_ward_name_search(client, places):
    response = client.get("/find-help/", {"q": "fairfield"})

    assert response.status_code == 200
    assert result_names(response)[0] == "Near Library"


def test_invalid_postcode_gets_a_helpful_message(client, places):
    response = client.get("/find-help/", {"postcode": "SW1A 1A"})

    page = response.content.decode()
    assert "There is a problem" in page
    assert "We could not find that postcode" in page
    assert "<title>Error:" in page


def test_empty_search_asks_for_a_postcode(client, db):
    response = client.get("/find-help/", {"postcode": ""})

    assert response.status_code == 200
    assert "Enter a postcode or the name of an area" in response.content.decode()


def test_empty_results_suggest_widening_and_phone_help(client, places):
    response = client.get("/find-help/", {"postcode": "SW18 2PU", "distance": "0.5", "type": "digital-skills-course"})

    page = response.content.decode()
    assert "We did not find any places matching your filters within 0.5 miles" in page
    assert "search within 1 miles" in page or "search within 1 mile" in page
    assert "remove your filters" in page


@pytest.mark.parametrize(
    "params",
    [
        {"postcode": "SW18 2PU", "distance": "a lot"},
        {"postcode": "SW18 2PU", "type": "no-such-type"},
        {"postcode": "SW18 2PU", "open": "someday"},
        {"postcode": "SW18 2PU", "page": "99999"},
        {"postcode": "SW18 2PU", "page": "-1"},
        {"postcode": "SW18 2PU", "language": "<script>alert(1)</script>"},
        {"postcode": "x" * 5000},
        {"postcode": "'; DROP TABLE locations_location; --"},
        {"postcode": "SW18\x002PU"},
    ],
)
def test_absurd_parameters_never_cause_a_server_error(client, places, params):
    response = client.get("/find-help/", params)

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_drafts_and_unpublished_places_are_not_listed(client, places):
    LocationFactory(name="Secret Draft Place", latitude=51.4501, longitude=-0.1901, publish=False)

    assert "Secret Draft Place" not in client.get("/find-help/", {"postcode": "SW18 2PU"}).content.decode()


def test_phone_and_online_help_is_listed_after_places(client, places):
    ServiceFactory(name="Social tariff phone line", types=["social-tariff-advice"], offered_by_phone=True)

    response = client.get("/find-help/", {"postcode": "SW18 2PU"})

    assert "Help by phone or online" in response.content.decode()
    assert [service.name for service in response.context["remote_services"]] == ["Social tariff phone line"]


def test_results_are_paginated_and_bookmarkable(client, borough):
    for number in range(12):
        place_at(0.05 * (number + 1), name=f"Place {number:02d}")

    first = client.get("/find-help/", {"postcode": "SW18 2PU", "type": "free-wifi"})
    second = client.get("/find-help/", {"postcode": "SW18 2PU", "type": "free-wifi", "page": 2})

    assert len(first.context["results"]) == 10
    assert result_names(second) == ["Place 10", "Place 11"]
    assert "type=free-wifi" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]


def test_query_count_does_not_grow_with_the_number_of_results(client, borough, django_assert_max_num_queries):
    def make_places(count):
        for number in range(count):
            place = place_at(0.05 * (number + 1))
            service = ServiceFactory(types=["one-to-one-help", "online-safety"], locations=[place])
            service.schedules.create(weekday=2, starts="10:00", ends="11:00", location=place)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get("/find-help/", {"postcode": "SW18 2PU"})  # the menu and footer cached, as on a live site
        caches["pages"].clear()  # but the results page itself made afresh
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/find-help/", {"postcode": "SW18 2PU"})
        assert response.status_code == 200
        return len(queries), len(response.context["results"])

    make_places(2)
    few_queries, few_results = count_queries()
    make_places(8)
    many_queries, many_results = count_queries()

    assert (few_results, many_results) == (2, 10)
    assert many_queries == few_queries


def test_open_on_a_weekday_follows_a_closure_on_that_date(client, places):
    # The library opens on Tuesdays, but not on this Tuesday.
    OpeningExceptionFactory(location=places["library"], date=TUESDAY_11AM.date(), closed=True)

    response = client.get("/find-help/", {"postcode": "SW18 2PU", "open": "tuesday"})

    assert "Near Library" not in result_names(response)


def test_the_results_map_asks_only_for_the_area_of_the_places_listed(client, places):
    page = client.get("/find-help/", {"postcode": "SW18 2PU"})
    url = BeautifulSoup(page.content, "html.parser").find(id="results-map")["data-geojson-url"]

    feed = client.get(url).json()

    assert {feature["properties"]["name"] for feature in feed["features"]} == set(result_names(page))
    assert "Far Family Hub" not in result_names(page)
