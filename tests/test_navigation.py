"""The menu and footer links on every page: read once, then from the cache until the pages change."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def menu_and_footer(client) -> tuple[dict[str, str], dict[str, str]]:
    page = BeautifulSoup(client.get("/find-help/").content, "html.parser")
    menu = {a.get_text(strip=True): a["href"] for a in page.find(id="navigation").find_all("a")}
    footer = {a.get_text(strip=True): a["href"] for a in page.find("footer").find_all("a")}
    return menu, footer


def test_the_links_are_not_read_again_on_every_page(client, home_page):
    StandardPageFactory(title="Volunteer", show_in_menus=True)
    client.get("/find-help/")

    with CaptureQueriesContext(connection) as captured:
        menu, _ = menu_and_footer(client)

    assert menu["Volunteer"] == "/volunteer/"
    assert not [query for query in captured if "wagtailcore_page" in query["sql"]]


def test_publishing_and_unpublishing_change_the_menu_at_once(client, home_page):
    menu, _ = menu_and_footer(client)  # cached before the page exists
    assert "Volunteer" not in menu

    page = StandardPageFactory(title="Volunteer", show_in_menus=True, live=False)
    assert "Volunteer" not in menu_and_footer(client)[0]  # a draft is not in the menu

    page.save_revision().publish()
    assert menu_and_footer(client)[0]["Volunteer"] == "/volunteer/"

    page.title = "Volunteer with us"
    page.save_revision().publish()
    menu, _ = menu_and_footer(client)
    assert "Volunteer with us" in menu and "Volunteer" not in menu

    page.refresh_from_db()  # publish() changed the database's copy, not this one
    page.unpublish()
    assert "Volunteer with us" not in menu_and_footer(client)[0]


def test_footer_follows_moves_restrictions_and_deletion(client, home_page):
    section = StandardPageFactory(title="About")
    privacy = StandardPageFactory(title="Privacy notice", show_in_footer=True)
    assert menu_and_footer(client)[1]["Privacy notice"] == "/privacy-notice/"

    privacy.move(section, pos="last-child")
    assert menu_and_footer(client)[1]["Privacy notice"] == "/about/privacy-notice/"

    restriction = PageViewRestriction.objects.create(page=privacy, restriction_type="login")
    assert "Privacy notice" not in menu_and_footer(client)[1]

    restriction.delete()
    assert "Privacy notice" in menu_and_footer(client)[1]

    privacy.delete()
    assert "Privacy notice" not in menu_and_footer(client)[1]
