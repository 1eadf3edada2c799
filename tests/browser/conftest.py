"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's ``live_server``.

Every test here gets, through the ``browser_page`` fixture (or ``mobile_page``, 320 px wide):

* a fresh browser context that may talk to the live server only: a request to any other host is aborted
  and fails the test;
* a console watch: a console error or an uncaught JavaScript exception fails the test;
* a Content Security Policy watch: anything the policy blocks (a ``securitypolicyviolation`` event in any
  frame) fails the test, with the directive and what was blocked (``csp_violations`` lists them);
* axe-core on each page it visits: ``goto()`` runs axe on the page it loads, ``check()`` runs it on the
  current page (after a click or a form submission), the final page is checked at teardown, and a page the
  test reached but never checked fails the test.

    import pytest
    from playwright.sync_api import expect

    pytestmark = pytest.mark.browser

    def test_search(browser_page, home_page):
        browser_page.goto("/")  # loads the page, asserts a 200 and runs axe on it
        browser_page.get_by_label("Postcode or area").fill("SW18 2PU")
        browser_page.get_by_role("button", name="Search").click()
        expect(browser_page).to_have_url(browser_page.url_for("/find-help/?postcode=SW18+2PU"))
        browser_page.check()  # axe on the results page (teardown would do it for the last page anyway)

The wrapper's own: ``goto(path, status=200, check=True)``, ``check(include=, exclude=, disable_rules=,
best_practice=)``, ``url_for(path)``, ``path`` (current path and query), ``log_in(user)`` (a session cookie, no
form), ``allow_console_error(regex)``. Otherwise it is a Playwright ``Page`` (the plain one is
``browser_page.page``), so ``browser_page.get_by_role(...)``, ``browser_page.keyboard`` and
``expect(browser_page).to_have_url(...)`` work. Note that ``check()`` is axe, not
Playwright's ``page.check(selector)``: tick a checkbox with ``browser_page.get_by_label("Free Wi-Fi").check()``.
``new_browser_page(**context_options)`` makes more pages, each with its own cookies (two people at once).
A failing test leaves a full-page screenshot in test-results/.

Tests use ``live_server``, so they run in transactions that are flushed afterwards: ask for ``home_page``
(tests/conftest.py) or use the factories rather than relying on rows from migrations.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Playwright's sync API keeps an event loop running in the main thread, and Django refuses to touch the
# database from a thread with a running loop unless told that this is fine (it is: the loop is idle).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = REPO_ROOT / "static" / "dist" / "test" / "axe.min.js"
AXE_MISSING = f"{AXE_JS.relative_to(REPO_ROOT)} is missing: run `make assets` to build the front end."
# WCAG 2.0, 2.1 and 2.2 at levels A and AA: every tag axe-core 4.14 has for them (there is no "wcag22a").
AXE_WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
# axe's best-practice rules (landmarks, heading order, ...) too, unless a check says best_practice=False.
AXE_BEST_PRACTICE = True
SCREENSHOTS = REPO_ROOT / "test-results"
DEFAULT_TIMEOUT_MS = 10_000
MOBILE = {
    "viewport": {"width": 320, "height": 640},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}

_RUN_AXE = """
async ([context, options]) => {
  const results = await axe.run(context || document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => (Array.isArray(t) ? t.join(" >>> ") : t)).join(" "),
      html: n.html,
      summary: n.failureSummary || "",
    })),
  }));
}
"""


# Runs in every frame before the page's own scripts; the binding is exposed by BrowserPage.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "";
  const sample = event.sample ? `: ${event.sample}` : "";
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${event.documentURI}${where}${sample}`,
  );
});
"""


def _document_url(url: str) -> str:
    return urldefrag(url).url


def format_axe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"axe-core found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"\n  {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"    {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    - {node['target']}")
            lines.append(f"        {node['html'][:200]}")
            for summary_line in node["summary"].splitlines():
                if summary_line.strip():
                    lines.append(f"        {summary_line.strip()}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more element(s)")
    return "\n".join(lines)


class BrowserPage(Page):
    """A Playwright page on the live server that keeps track of what the test does (see module docstring).

    It is a Playwright ``Page`` (another handle on the same browser tab as ``self.page``), so everything a
    page has works on it, ``expect(browser_page).to_have_url(...)`` included; only ``goto`` and ``check``
    mean something else here.
    """

    def __init__(self, page: Page, base_url: str):
        super().__init__(page._impl_obj)
        self.page = page
        self.base_url = base_url.rstrip("/")
        self._origin = urlsplit(self.base_url)[:2]
        self.blocked_requests: list[str] = []
        self.console_errors: list[str] = []
        self.csp_violations: list[str] = []
        self.visited: dict[str, None] = {}  # ordered set of the HTML documents the page has shown
        self.checked: set[str] = set()
        self._allowed_console_errors: list[re.Pattern[str]] = []
        self._current_document: str | None = None
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"Uncaught exception: {error}"))
        page.expose_function("__reportCspViolation", self._on_csp_violation)
        page.add_init_script(_REPORT_CSP_VIOLATIONS)
        page.on("response", self._on_response)
        # Whether the main frame has asked for a new document that has not loaded yet (see _settle()).
        self._navigating = False
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_request_done)
        page.on("load", lambda _: setattr(self, "_navigating", False))
        page.on("download", lambda _: setattr(self, "_navigating", False))

    def __repr__(self) -> str:
        return f"<BrowserPage {self.page.url}>"

    # --- Navigation -------------------------------------------------------------------------------------

    def url_for(self, path: str = "/") -> str:
        """The absolute URL of a path on the live server: ``url_for("/find-help/")``."""
        return urljoin(self.base_url + "/", path)

    @property
    def path(self) -> str:
        """The current path and query string, e.g. "/find-help/?postcode=SW18+2PU"."""
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def goto(self, path: str, *, status: int | None = 200, check: bool = True, **axe_options: Any) -> Response:
        """Load a page, assert its HTTP status (None: any) and run axe on it unless check=False.

        ``axe_options`` go to ``check()``: ``goto("/x/", disable_rules=["region"])``.
        """
        if status is not None and status >= 400:
            # Chromium logs a failed main document to the console; that is what the test expects here.
            self.allow_console_error(f"status of {status}")
        response = self.page.goto(self.url_for(path))
        assert response is not None, f"No response for {path}"
        if status is not None:
            assert response.status == status, f"GET {path} returned {response.status}, expected {status}"
        if check:
            self.check(**axe_options)
        return response

    def log_in(self, user) -> None:
        """Log a Django user in by giving the browser a session cookie (no login form involved)."""
        from django.conf import settings
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": self.base_url}]
        )

    # --- Accessibility ----------------------------------------------------------------------------------

    def check(
        self,
        *,
        include: list[str] | None = None,
        exclude: list[str] | None = None,
        disable_rules: list[str] | tuple[str, ...] = (),
        best_practice: bool = AXE_BEST_PRACTICE,
    ) -> BrowserPage:
        """Run axe-core on the current page and fail on any violation of WCAG 2.2 A/AA (and best practice).

        ``include``/``exclude`` are CSS selectors limiting what is checked; ``disable_rules`` are axe rule ids
        to skip, with a comment saying why. Counts as "checked" for the page's URL either way.
        """
        tags = [*AXE_WCAG_TAGS, *(["best-practice"] if best_practice else [])]
        options: dict[str, Any] = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
        if disable_rules:
            options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
        context = None
        if include or exclude:
            context = {"include": [[s] for s in include or ["html"]], "exclude": [[s] for s in exclude or []]}
        # A key press or a script can start loading a new page just after check() is called: then the run
        # is on a page that is going away, and it is repeated on the new one.
        for _attempt in range(3):
            self._settle()
            url, document = self.page.url, self._current_document
            try:
                if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
                    if not AXE_JS.is_file():
                        pytest.fail(AXE_MISSING, pytrace=False)
                    # Evaluated through DevTools, not added as a <script>: the site's Content Security Policy
                    # blocks inline scripts, as it should.
                    self.page.evaluate(AXE_JS.read_text(encoding="utf-8"))
                violations = self.page.evaluate(_RUN_AXE, [context, options])
            except PlaywrightError as error:
                if "context was destroyed" not in str(error) and "navigat" not in str(error):
                    raise
                continue
            if self.page.url == url and self._current_document == document:
                break
        else:
            raise AssertionError(
                f"The page kept navigating away (last at {self.page.url}) while axe-core checked it: wait "
                "for the page first, e.g. expect(browser_page).to_have_url(...), then call check()."
            )
        self.checked.add(_document_url(url))
        if document:
            self.checked.add(document)
        if violations:
            raise AssertionError(format_axe_violations(url, violations))
        return self

    def _settle(self) -> None:
        """Wait until the page has loaded, including a document a click or a key press has just asked for."""
        self.page.wait_for_load_state("load")
        if self._navigating:
            # A 204 response, for one, asks for no new document after all.
            with contextlib.suppress(PlaywrightTimeoutError):
                self.page.wait_for_event("load", timeout=DEFAULT_TIMEOUT_MS)
            self._navigating = False
        self.page.wait_for_load_state("load")

    # --- Console ----------------------------------------------------------------------------------------

    def allow_console_error(self, pattern: str) -> None:
        """Let console errors matching this regex pass (say in the test why they are expected)."""
        self._allowed_console_errors.append(re.compile(pattern))

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error" or "ERR_BLOCKED_BY_CLIENT" in message.text:
            return  # blocked requests are reported on their own
        location = message.location or {}
        where = f" ({location.get('url')}:{location.get('lineNumber')})" if location.get("url") else ""
        self.console_errors.append(f"{message.text}{where}")

    def _on_csp_violation(self, violation: str) -> None:
        self.csp_violations.append(violation)

    # --- Requests ---------------------------------------------------------------------------------------

    def _route(self, route: Route) -> None:
        request = route.request
        if urlsplit(request.url)[:2] == self._origin:
            route.continue_()
        else:
            self.blocked_requests.append(f"{request.method} {request.url} ({request.resource_type})")
            route.abort("blockedbyclient")

    def _on_request(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._navigating = True

    def _on_request_done(self, request: Request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._navigating = False

    def _on_response(self, response: Response) -> None:
        request = response.request
        if not request.is_navigation_request() or request.frame != self.page.main_frame:
            return
        if 300 <= response.status < 400:
            return
        headers = response.headers
        if not headers.get("content-type", "").startswith("text/html"):
            return
        if "attachment" in headers.get("content-disposition", ""):
            return
        self._current_document = _document_url(response.url)
        self.visited[self._current_document] = None

    # --- Teardown ---------------------------------------------------------------------------------------

    def problems(self, *, run_axe: bool = True) -> list[str]:
        """What the test did wrong besides its own assertions; checks the final page with axe first."""
        problems = []
        final = _document_url(self.page.url)
        # The final page again even if checked before: the test may have changed it (errors shown, etc.).
        if run_axe and final in self.visited:
            try:
                self.check()
            except AssertionError as error:
                problems.append(f"On the page the test ended on: {error}")
        unchecked = [url for url in self.visited if url not in self.checked]
        if unchecked:
            problems.append(
                "These pages were visited but never checked with axe-core; call browser_page.check() while "
                "on each page (goto() does it for the page it loads):\n" + "\n".join(f"  - {url}" for url in unchecked)
            )
        if self.blocked_requests:
            problems.append(
                "The browser tried to reach hosts other than the live server (requests were blocked):\n"
                + "\n".join(f"  - {request}" for request in self.blocked_requests)
            )
        if self.csp_violations:
            problems.append(
                "The Content Security Policy blocked something (fix the page, or change the policy in "
                "site/settings/base.py or borough_site.security and say why):\n"
                + "\n".join(f"  - {violation}" for violation in dict.fromkeys(self.csp_violations))
            )
        errors = [
            error
            for error in self.console_errors
            if not any(pattern.search(error) for pattern in self._allowed_console_errors)
        ]
        if errors:
            problems.append(
                "The browser console logged errors (if one is expected, say why and call "
                "browser_page.allow_console_error(regex) in the test):\n" + "\n".join(f"  - {e}" for e in errors)
            )
        return problems


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item so the fixtures' teardown knows if the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_collection_modifyitems(config, items):
    """Everything in tests/browser/ is a browser test, marked or not, so `-m "not browser"` leaves it out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole test session (each test gets its own context)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM}: run `make browser`")
    if not AXE_JS.is_file():
        pytest.fail(AXE_MISSING, pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_browser_page(request, live_server, chromium) -> Iterator[Callable[..., BrowserPage]]:
    """A factory of BrowserPages, each in its own browser context (own cookies): for tests with two people.

    Keyword arguments go to Playwright's ``Browser.new_context``, e.g. ``new_browser_page(**MOBILE)``.
    """
    pages: list[BrowserPage] = []

    def make(**context_options: Any) -> BrowserPage:
        options = {"locale": "en-GB", "timezone_id": "Europe/London", "base_url": live_server.url}
        context = chromium.new_context(**{**options, **context_options})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        browser_page = BrowserPage(context.new_page(), live_server.url)
        context.route("**/*", browser_page._route)
        pages.append(browser_page)
        return browser_page

    yield make

    report = getattr(request.node, "rep_call", None)
    test_failed = report is None or report.failed
    problems = []
    for index, browser_page in enumerate(pages):
        if test_failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid) + (f"-{index}" if index else "") + ".png"
            try:
                browser_page.page.screenshot(path=SCREENSHOTS / name, full_page=True)
                print(f"Screenshot of {browser_page.page.url}: {SCREENSHOTS / name}")
            except Exception as error:  # a screenshot is a courtesy, not a result
                print(f"Could not take a screenshot: {error}")
        try:
            problems += browser_page.problems(run_axe=not test_failed)
        except Exception as error:  # e.g. the page crashed: say so rather than hide the other pages' problems
            problems.append(f"Could not inspect {browser_page!r} at teardown: {error}")
        finally:
            browser_page.page.context.close()
    if test_failed:
        # The test's own failure is what matters; show the rest without adding errors on top of it.
        for problem in problems:
            print(problem)
    elif problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def browser_page(new_browser_page) -> BrowserPage:
    """A desktop-sized (1280 x 720) page on the live server; see this module's docstring."""
    return new_browser_page()


@pytest.fixture
def mobile_page(new_browser_page) -> BrowserPage:
    """Like browser_page, on a 320 px wide touch screen (the narrowest WCAG reflow asks us to support)."""
    return new_browser_page(**MOBILE)
