"""The safety nets of the browser_page fixture catch what they should (so a green run means something)."""

import pytest
from playwright.sync_api import expect

from tests.factories import SuperuserFactory

pytestmark = pytest.mark.browser


def test_check_reports_axe_violations_readably(browser_page, home_page):
    browser_page.goto("/")
    browser_page.evaluate("document.querySelector('label[for=postcode]').remove()")

    with pytest.raises(AssertionError) as error:
        browser_page.check()

    message = str(error.value)
    assert "label (critical): Form elements must have labels" in message
    assert "#postcode" in message
    browser_page.goto("/")  # a fresh copy of the page for the final check at teardown


def test_requests_to_other_hosts_are_blocked(browser_page, home_page):
    # From a blank page: on ours, the Content Security Policy stops such a request before it is made.
    browser_page.page.goto("about:blank")
    # evaluate() waits for the promise, so the request has been blocked once it returns.
    browser_page.evaluate("() => fetch('https://tiles.example.org/12/2046/1362.png').catch(() => null)")

    assert len(browser_page.blocked_requests) == 1
    assert "GET https://tiles.example.org/12/2046/1362.png" in browser_page.blocked_requests[0]
    assert "tiles.example.org" in "\n".join(browser_page.problems(run_axe=False))
    browser_page.blocked_requests.clear()  # seen; let teardown pass
    browser_page.goto("/")


def test_pages_never_checked_are_reported(browser_page, home_page):
    browser_page.goto("/", check=False)
    browser_page.get_by_label("Postcode or area").fill("SW18 2PU")
    browser_page.get_by_role("button", name="Search").click()
    expect(browser_page).to_have_url(browser_page.url_for("/find-help/?postcode=SW18+2PU"))

    problems = "\n".join(browser_page.problems())

    assert "never checked with axe-core" in problems
    assert f"- {browser_page.url_for('/')}\n" in problems + "\n"
    assert "find-help" not in problems  # the final page is checked at teardown
    browser_page.goto("/")


def test_console_errors_are_reported_unless_allowed(browser_page, home_page):
    browser_page.goto("/")
    with browser_page.expect_console_message():
        browser_page.evaluate("console.error('The map could not load')")

    assert "The map could not load" in "\n".join(browser_page.problems(run_axe=False))
    browser_page.allow_console_error("map could not load")
    assert browser_page.problems(run_axe=False) == []


def test_missing_page_is_expected_with_its_status(browser_page, home_page):
    browser_page.goto("/no-such-page/", status=404)

    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_log_in_gives_the_browser_a_session(browser_page, home_page, settings):
    # Wagtail shows Gravatar pictures of users unless told not to, which would send requests elsewhere.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    browser_page.log_in(SuperuserFactory(first_name="Priya"))

    browser_page.goto("/admin/")

    expect(browser_page).to_have_url(browser_page.url_for("/admin/"))
    expect(browser_page.get_by_role("heading", level=1)).to_contain_text("Find digital help")


def test_check_straight_after_a_key_press_checks_the_new_page(browser_page, home_page):
    browser_page.goto("/")
    browser_page.get_by_label("Postcode or area").fill("SW18 2PU")
    # Unlike click(), a key press does not wait for the next page; on a busy machine the navigation may not
    # even have started when check() runs, so wait for it to start (not to finish) before checking.
    with browser_page.expect_navigation(wait_until="commit"):
        browser_page.keyboard.press("Enter")

    browser_page.check()

    assert browser_page.url == browser_page.url_for("/find-help/?postcode=SW18+2PU")
    assert browser_page.url in browser_page.checked
