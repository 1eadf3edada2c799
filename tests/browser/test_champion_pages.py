"""Every champion-facing page passes axe, works on a small screen, and the application form's errors are GOV.UK."""

import pytest
from playwright.sync_api import expect

from champions import emails
from champions.factories import ActiveChampionFactory, CampaignPageFactory, HelpLogFactory, HelpSessionFactory

pytestmark = pytest.mark.browser


def test_an_empty_application_shows_an_error_summary_that_links_to_the_fields(browser_page, home_page):
    campaign = CampaignPageFactory(parent=home_page, slug="apply")
    browser_page.goto(campaign.url)
    # A form with errors comes back with status 400, which Chromium logs to the console.
    browser_page.allow_console_error("status of 400")
    browser_page.get_by_role("button", name="Send application").click()

    summary = browser_page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    assert browser_page.title().startswith("Error: ")
    browser_page.check()
    summary.get_by_role("link", name="Select at least one time when you are usually free").click()
    expect(browser_page.locator("#id_availability_0")).to_be_focused()


def test_portal_pages(mobile_page, home_page):
    champion = ActiveChampionFactory(first_name="Grace", last_name="Hopper")
    HelpSessionFactory(champions=[champion])
    HelpLogFactory(champion=champion)
    mobile_page.log_in(champion.user)
    for path in [
        "/champions/portal/",
        "/champions/portal/training/",
        champion.completions.get().get_certificate_url(),
        "/champions/portal/sessions/",
        "/champions/portal/log-help/",
        "/champions/portal/profile/",
        "/champions/portal/leave/",
    ]:
        mobile_page.goto(path)
        assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 320, path
    mobile_page.goto(emails.keep_active_link(champion).replace("http://testserver", ""))
    mobile_page.get_by_role("button", name="Yes, keep me active").click()
    expect(mobile_page.get_by_role("heading", level=1)).to_have_text("Thank you")
    mobile_page.check()


def test_public_sign_in_pages(browser_page, home_page):
    browser_page.goto("/champions/sign-in/")
    browser_page.get_by_role("button", name="Sign in").click()
    expect(browser_page.get_by_role("alert")).to_contain_text("Enter your email address")
    browser_page.check()
    browser_page.goto("/champions/new-password-link/")
    browser_page.get_by_label("Email address").fill("nobody@example.org")
    browser_page.get_by_role("button", name="Send me a link").click()
    expect(browser_page.get_by_role("heading", level=1)).to_have_text("Check your email")
    browser_page.check()
