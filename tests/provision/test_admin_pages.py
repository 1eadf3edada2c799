"""The admin's snippet pages: a main heading on every add and edit page, and listing searches that work."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from locations.factories import LocationFactory
from provision.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw"))
    return client


@pytest.mark.parametrize(
    "app_model, factory",
    [
        ("provision_service", ServiceFactory),
        ("locations_location", LocationFactory),
        ("provision_organisation", OrganisationFactory),
    ],
)
def test_add_and_edit_pages_have_one_h1_naming_the_page(superuser_client, app_model, factory):
    item = factory()
    pages = {
        "add": reverse(f"wagtailsnippets_{app_model}:add"),
        "edit": reverse(f"wagtailsnippets_{app_model}:edit", args=[item.pk]),
    }
    for kind, url in pages.items():
        response = superuser_client.get(url)
        assert response.status_code == 200, url
        headings = BeautifulSoup(response.content, "html.parser").find_all("h1")
        assert len(headings) == 1, f"{kind}: {headings}"
        assert headings[0].get_text(strip=True), kind


@pytest.mark.parametrize(
    "app_model, factory, found, other",
    [
        ("provision_service", ServiceFactory, "Zebra crossing club", "Laptop loans"),
        ("provision_organisation", OrganisationFactory, "Zebra friends", "Laptop loaners"),
    ],
)
def test_the_admin_listing_search_finds_part_of_a_name(superuser_client, app_model, factory, found, other):
    factory(name=found)
    factory(name=other)

    response = superuser_client.get(reverse(f"wagtailsnippets_{app_model}:list"), {"q": "zebra"})

    assert response.status_code == 200
    assert found in response.content.decode()
    assert other not in response.content.decode()
