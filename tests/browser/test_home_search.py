"""A resident searches for help from the home page, with a mouse and with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESULTS_PATH = "/find-help/?postcode=SW18+2PU"
# The search page words its label its own way ("Postcode or area", "Your postcode or area").
POSTCODE_LABEL = re.compile(r"postcode or area", re.IGNORECASE)


def assert_on_search_page(browser_page):
    expect(browser_page).to_have_url(browser_page.url_for(RESULTS_PATH))
    expect(browser_page.get_by_role("heading", level=1, name="Find digital help near you")).to_be_visible()
    expect(browser_page.get_by_label(POSTCODE_LABEL)).to_have_value("SW18 2PU")
    browser_page.check()


def test_search_by_postcode(browser_page, home_page):
    browser_page.goto("/")
    expect(browser_page.get_by_role("heading", level=1)).to_have_text(home_page.title)

    browser_page.get_by_label("Postcode or area").fill("SW18 2PU")
    browser_page.get_by_role("button", name="Search").click()

    assert_on_search_page(browser_page)


def test_search_by_postcode_on_a_small_screen(mobile_page, home_page):
    mobile_page.goto("/")
    # Nothing wider than the screen: WCAG 1.4.10 reflow at 320 CSS pixels.
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 320

    mobile_page.get_by_label("Postcode or area").fill("SW18 2PU")
    mobile_page.get_by_role("button", name="Search").tap()

    assert_on_search_page(mobile_page)


def test_search_with_the_keyboard_alone(browser_page, home_page):
    browser_page.goto("/")

    browser_page.keyboard.press("Tab")
    skip_link = browser_page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # GOV.UK's skip link appears when it has focus

    postcode = browser_page.get_by_label("Postcode or area")
    stops = []
    for _ in range(20):
        browser_page.keyboard.press("Tab")
        if postcode.evaluate("element => element === document.activeElement"):
            break
        stops.append(browser_page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    else:
        pytest.fail("20 presses of Tab never reached the postcode box; focus went to:\n" + "\n".join(stops))

    browser_page.keyboard.type("SW18 2PU")
    browser_page.keyboard.press("Enter")

    assert_on_search_page(browser_page)
