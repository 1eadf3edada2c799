"""The home page and the pages every visitor can reach from any page (Django's test client, no browser)."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def get_html(client, path: str, status: int = 200) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == status, f"GET {path}: {response.status_code}, expected {status}"
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    """An element's text as a reader sees it: whitespace collapsed."""
    return " ".join(element.get_text(" ").split()) if element else ""


def test_home_page_asks_for_a_postcode(client, home_page):
    soup = get_html(client, "/")

    assert text_of(soup.h1) == home_page.title
    assert home_page.search_heading in text_of(soup.find("main"))
    form = soup.find("form", attrs={"role": "search"})
    assert form is not None, "no search form on the home page"
    assert form["action"] == "/find-help/"
    assert form.get("method", "get").lower() == "get"
    postcode = form.find("input", attrs={"name": "postcode"})
    assert postcode is not None
    label = form.find("label", attrs={"for": postcode["id"]})
    assert text_of(label) == "Postcode or area"
    hint = form.find(id=postcode["aria-describedby"])
    assert "SW18 2PU" in text_of(hint)
    assert postcode.get("autocomplete") == "postal-code"
    assert text_of(form.find("button", attrs={"type": "submit"})) == "Search"


def test_demo_banner_shows_in_demo_mode(client, home_page, settings):
    settings.DEMO_MODE = True
    soup = get_html(client, "/")

    banner = soup.find(class_="app-demo-banner")
    assert banner is not None
    assert "Demonstration site" in text_of(banner)
    assert "This is a demonstration site" in text_of(banner)


def test_no_demo_banner_on_the_real_service(client, home_page, settings):
    settings.DEMO_MODE = False
    soup = get_html(client, "/")

    assert soup.find(class_="app-demo-banner") is None
    assert "demonstration" not in text_of(soup).lower()


def test_header_names_the_service_and_council(client, home_page, settings):
    settings.SERVICE_NAME = "Get online in Testborough"
    settings.COUNCIL_NAME = "Testborough Council"
    soup = get_html(client, "/")

    header = text_of(soup.find("header"))
    assert "Get online in Testborough" in header
    assert "Testborough Council" in header
    home_link = soup.find("header").find("a")
    assert home_link["href"] == "/"


def test_skip_link_comes_first(client, home_page):
    soup = get_html(client, "/")

    first_link = soup.body.find("a")
    assert text_of(first_link) == "Skip to main content"
    assert soup.find(id=first_link["href"].lstrip("#")).name == "main"


def test_footer_lists_pages_flagged_for_it(client, home_page):
    StandardPageFactory(title="Privacy notice", show_in_footer=True)
    StandardPageFactory(title="Accessibility statement", show_in_footer=True)
    StandardPageFactory(title="About the Digital Champions", show_in_footer=False)
    StandardPageFactory(title="Cookies draft", show_in_footer=True, live=False)

    footer = get_html(client, "/").find("footer")

    links = {text_of(a): a["href"] for a in footer.find_all("a")}
    assert links["Privacy notice"] == "/privacy-notice/"
    assert links["Accessibility statement"] == "/accessibility-statement/"
    assert links["Data sources"] == "/data-sources/"
    assert "About the Digital Champions" not in links
    assert "Cookies draft" not in links


def test_footer_page_is_served(client, home_page):
    StandardPageFactory(title="Privacy notice", summary="How we use your information.", show_in_footer=True)

    soup = get_html(client, "/privacy-notice/")

    assert text_of(soup.h1) == "Privacy notice"
    assert "How we use your information." in text_of(soup.find("main"))


def test_health_check(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_data_sources_credit_ordnance_survey(client):
    soup = get_html(client, "/data-sources/")

    assert text_of(soup.h1) == "Data sources"
    assert "Contains OS data © Crown copyright and database right" in text_of(soup.find("main"))
    assert "Open Government Licence v3.0" in text_of(soup.find("main"))


def test_missing_page_is_the_styled_404(client, home_page, settings):
    settings.SERVICE_NAME = "Get online in Testborough"
    soup = get_html(client, "/no-such-page/", status=404)

    assert text_of(soup.h1) == "Page not found"
    assert "Page not found" in text_of(soup.title)
    assert "Get online in Testborough" in text_of(soup.find("header"))
    assert soup.find("link", rel="stylesheet", href="/static/dist/css/main.css") is not None
    home_link = soup.find("main").find("a", href="/")
    assert "search for free digital help" in text_of(home_link)
