"""A resident, or a librarian searching for them, finds free Wi-Fi open now, opens a place, prints the list
and reports a problem: with a mouse, and again with the keyboard alone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from provision.models import ProblemReport
from tests.directory_fixtures import TUESDAY_11AM

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def tuesday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_11AM)


def result_titles(browser_page):
    return browser_page.locator(".app-result__title a").all_inner_texts()


def test_find_free_wifi_open_now_open_a_place_print_and_report(browser_page, home_page, places):
    browser_page.goto("/")
    browser_page.get_by_label("Postcode or area").fill("SW18 2PU")
    browser_page.get_by_role("button", name="Search").click()
    browser_page.check()
    assert result_titles(browser_page) == ["Near Library", "Middle Community Centre"]
    # The map shows the same places as the list.
    expect(browser_page.locator("#results-map .leaflet-marker-icon")).to_have_count(2)

    browser_page.get_by_role("checkbox", name="Free Wi-Fi").check()
    browser_page.get_by_label("Open").select_option("now")
    browser_page.get_by_role("button", name="Search").click()
    browser_page.check()
    assert "type=free-wifi" in browser_page.url and "open=now" in browser_page.url
    assert result_titles(browser_page) == ["Near Library"]
    expect(browser_page.get_by_text("Open now, closes 5pm")).to_be_visible()

    browser_page.get_by_role("link", name="Print this list").click()
    browser_page.check()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Free digital help near SW18 2PU")
    browser_page.emulate_media(media="print")
    expect(browser_page.get_by_text("Near Library")).to_be_visible()
    expect(browser_page.locator(".govuk-footer")).to_be_hidden()
    browser_page.emulate_media(media="screen")
    browser_page.get_by_role("link", name="Back to the search results").click()
    browser_page.check()

    browser_page.get_by_role("link", name="Near Library").click()
    browser_page.check()
    expect(browser_page.get_by_role("heading", level=1)).to_contain_text("Near Library")
    expect(browser_page.get_by_text("6 public computers")).to_be_visible()

    browser_page.get_by_role("link", name="Report a problem with this page").click()
    browser_page.check()
    browser_page.get_by_role("button", name="Send report").click()
    browser_page.check()
    expect(browser_page.get_by_role("alert")).to_contain_text("Select what is wrong")
    browser_page.get_by_label("The opening or session times are wrong").check()
    browser_page.get_by_label("Tell us more").fill("It closes at 4pm on Tuesdays now.")
    browser_page.get_by_role("button", name="Send report").click()
    browser_page.check()
    expect(browser_page.get_by_role("heading", level=1)).to_contain_text("your report has been sent")
    report = ProblemReport.objects.get()
    assert (report.location, report.details) == (places["library"], "It closes at 4pm on Tuesdays now.")


def test_filtered_search_with_the_keyboard_alone(browser_page, home_page, places):
    browser_page.goto("/find-help/")
    postcode = browser_page.get_by_label("Postcode or area")
    browser_page.keyboard.press("Tab")  # the skip link
    browser_page.keyboard.press("Enter")
    tab_until(browser_page, postcode)
    browser_page.keyboard.type("SW18 2PU")

    wifi = browser_page.get_by_role("checkbox", name="Free Wi-Fi")
    tab_until(browser_page, wifi)
    browser_page.keyboard.press("Space")
    opening = browser_page.get_by_label("Open")
    tab_until(browser_page, opening)
    browser_page.keyboard.press("ArrowDown")  # "Open now"
    tab_until(browser_page, browser_page.get_by_role("button", name="Search"))
    browser_page.keyboard.press("Enter")

    browser_page.wait_for_url("**/find-help/?**")
    browser_page.check()
    assert result_titles(browser_page) == ["Near Library"]
    first_result = browser_page.get_by_role("link", name="Near Library")
    tab_until(browser_page, first_result)
    browser_page.keyboard.press("Enter")
    browser_page.wait_for_url("**/places/near-library/")
    browser_page.check()


def tab_until(browser_page, locator, limit=60):
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        browser_page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")
