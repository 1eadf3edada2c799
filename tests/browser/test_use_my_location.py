"""A resident searches from where they are with "Use my location", and gets a kind message when the browser
will not say where that is."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from locations.factories import PostcodeFactory
from tests.directory_fixtures import MILE_IN_LATITUDE, ORIGIN, TUESDAY_11AM

pytestmark = pytest.mark.browser

# At the Middle Community Centre (1.2 miles north of SW18 2PU), which a postcode search lists second.
AT_THE_CENTRE = {"latitude": ORIGIN[0] + 1.2 * MILE_IN_LATITUDE, "longitude": ORIGIN[1]}


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11AM)


@pytest.fixture
def located_page(new_browser_page, places, borough):
    # A postcode of ours next to the point, so the location is inside the borough.
    PostcodeFactory(postcode="SW18 3AA", ward=borough, **AT_THE_CENTRE)
    return new_browser_page(geolocation=AT_THE_CENTRE, permissions=["geolocation"])


def result_titles(page):
    return page.locator(".app-result__title a").all_inner_texts()


def test_use_my_location_from_the_home_page_lists_the_nearest_place_first(located_page, home_page):
    located_page.goto("/")
    located_page.get_by_role("button", name="Use my location").click()

    # Rounded to four decimal places (about 10 metres) before it leaves the browser.
    expect(located_page).to_have_url(located_page.url_for("/find-help/?near=51.4674%2C-0.1900"))
    located_page.check()
    assert result_titles(located_page) == ["Middle Community Centre", "Near Library"]
    expect(located_page.get_by_role("heading", name="2 places within 2 miles of your location (SW18)")).to_be_visible()
    expect(located_page.get_by_label("Postcode or area")).to_have_value("")


def test_use_my_location_keeps_the_other_choices(located_page, home_page):
    located_page.goto("/find-help/?postcode=SW18+2PU&distance=5")
    assert result_titles(located_page) == ["Near Library", "Middle Community Centre", "Far Family Hub"]

    located_page.get_by_role("button", name="Use my location").click()

    expect(located_page).to_have_url(located_page.url_for("/find-help/?distance=5&near=51.4674%2C-0.1900"))
    located_page.check()
    assert result_titles(located_page) == ["Middle Community Centre", "Near Library", "Far Family Hub"]

    # A filter changed afterwards still searches from the same place.
    located_page.get_by_role("checkbox", name="Free Wi-Fi").check()
    located_page.get_by_role("button", name="Search", exact=True).click()
    located_page.check()
    assert "near=51.4674%2C-0.19" in located_page.url and "type=free-wifi" in located_page.url
    assert result_titles(located_page) == ["Near Library", "Far Family Hub"]


def test_a_refused_location_says_to_enter_a_postcode(new_browser_page, places):
    page = new_browser_page()  # no permission to know where the resident is
    page.goto("/find-help/")

    page.get_by_role("button", name="Use my location").click()

    expect(page.get_by_text("We could not get your location. Enter your postcode instead.")).to_be_visible()
    assert page.path == "/find-help/"
    page.check()
    page.get_by_label("Postcode or area").fill("SW18 2PU")
    page.get_by_role("button", name="Search", exact=True).click()
    page.check()
    assert result_titles(page) == ["Near Library", "Middle Community Centre"]
