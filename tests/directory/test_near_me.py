"""Searching from the resident's own location (?near=lat,lon from the "Use my location" button)."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.directory_fixtures import ORIGIN, TUESDAY_11AM, place_at

NEAR_SW18_2PU = f"{ORIGIN[0]},{ORIGIN[1]}"


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11AM)


def result_names(response):
    return [result.place.name for result in response.context["results"]]


def test_near_search_lists_places_in_the_same_order_as_the_postcode_there(client, places):
    by_postcode = client.get("/find-help/", {"postcode": "SW18 2PU", "distance": "5"})
    by_location = client.get("/find-help/", {"near": NEAR_SW18_2PU, "distance": "5"})

    assert by_location.status_code == 200
    assert result_names(by_location) == result_names(by_postcode)
    assert result_names(by_location) == ["Near Library", "Middle Community Centre", "Far Family Hub"]
    page = by_location.content.decode()
    assert "3 places within 5 miles of your location (SW18)" in page
    assert "0.3 miles" in page
    assert "outside the areas" not in page


def test_near_search_keeps_the_filters(client, places):
    response = client.get("/find-help/", {"near": NEAR_SW18_2PU, "type": "one-to-one-help"})

    assert result_names(response) == ["Middle Community Centre"]
    html = BeautifulSoup(response.content, "html.parser")
    # Changing a filter and pressing Search again still searches from the same point.
    assert html.find("input", {"name": "near", "type": "hidden"})["value"] == NEAR_SW18_2PU
    assert html.find(id="postcode")["value"] == ""


def test_a_typed_postcode_wins_over_the_location(client, places):
    response = client.get("/find-help/", {"near": "53.4794,-2.2453", "postcode": "SW18 2PU"})

    assert result_names(response) == ["Near Library", "Middle Community Centre"]
    assert "2 places within 2 miles of SW18 2PU" in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        "51.45",
        "51.45,-0.19,3",
        "91,0",
        "51.45,181",
        "-90.5,0",
        "nan,nan",
        "inf,-0.19",
        "1e1,2e1",
        "51_4,-0.19",
        "0x1,0x2",
        "here",
        "51.45;-0.19",
        ",",
        "<script>alert(1)</script>",
        "5" * 200,
    ],
)
def test_a_bad_location_gets_a_polite_message(client, places, value):
    response = client.get("/find-help/", {"near": value, "postcode": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "We could not use your location. Enter your postcode instead" in page
    assert "<title>Error:" in page
    assert response.context.get("results") is None
    assert "<script>alert" not in page


def test_the_edges_of_the_map_are_places_on_earth(client, places):
    response = client.get("/find-help/", {"near": "-90,180"})

    assert response.status_code == 200
    assert "There is a problem" not in response.content.decode()
    assert result_names(response) == []


def test_a_location_outside_the_boroughs_still_searches(client, places):
    response = client.get("/find-help/", {"near": "53.4794,-2.2453"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "outside the areas this service covers" in page
    # Named by the nearest district in our own tables, with no online geocoder.
    assert "0 places within 2 miles of your location (M1)" in page


def test_pages_the_print_list_and_the_map_keep_the_location(client, borough):
    for number in range(12):
        place_at(0.05 * (number + 1), name=f"Place {number:02d}")

    first = client.get("/find-help/", {"near": NEAR_SW18_2PU, "type": "free-wifi"})
    html = BeautifulSoup(first.content, "html.parser")
    next_link = html.find("a", rel="next")["href"]
    print_link = html.find("a", string="Print this list")["href"]

    second = client.get(f"/find-help/{next_link}")
    assert result_names(second) == ["Place 10", "Place 11"]
    assert "type=free-wifi" in next_link
    printed = client.get(f"/find-help/{print_link}")
    assert len(printed.context["results"]) == 12
    assert result_names(printed)[0] == "Place 00"

    feed = client.get(html.find(id="results-map")["data-geojson-url"]).json()
    # The box is rounded outwards, so it may hold a place from the next page too; the map shows only the listed.
    assert set(result_names(first)) <= {feature["properties"]["name"] for feature in feed["features"]}
    assert html.find(id="results-map")["data-origin"] == NEAR_SW18_2PU


def test_the_use_my_location_button_is_hidden_until_javascript_shows_it(client, places):
    for path in ("/find-help/", "/find-help/?near=" + NEAR_SW18_2PU):
        html = BeautifulSoup(client.get(path).content, "html.parser")
        container = html.find(attrs={"data-use-my-location": True})
        assert container.has_attr("hidden")
        assert container.find("button", type="button").get_text(strip=True) == "Use my location"
        assert html.find("script", src=lambda src: src and src.endswith("use-my-location.js"))


def test_a_location_is_never_sent_to_an_online_geocoder(client, places, settings, monkeypatch):
    settings.GEOCODER = "nominatim"
    asked = []
    monkeypatch.setattr("locations.geocoding._ask_online_geocoder", lambda service, text: asked.append(text))

    for near in (NEAR_SW18_2PU, "53.4794,-2.2453", "0,0"):
        assert client.get("/find-help/", {"near": near}).status_code == 200

    assert asked == []
