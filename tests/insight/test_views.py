"""The insight pages are the inclusion lead's: others are turned away."""

import pytest
from django.contrib.auth.models import Group

from borough_site import roles
from locations.factories import PostcodeFactory, WardFactory
from tests.directory_fixtures import seed_taxonomy
from tests.factories import UserFactory

INSIGHT_URLS = [
    "/admin/insight/gaps/",
    "/admin/insight/gaps/wards.geojson",
    "/admin/insight/duplication/",
    "/admin/insight/funding/",
]


def user_in(role):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def ward(db):
    seed_taxonomy()
    ward = WardFactory(name="Roehampton", deri_score="2.873")
    PostcodeFactory(ward=ward)
    return ward


@pytest.mark.parametrize("url", INSIGHT_URLS)
def test_the_lead_sees_insight(client, ward, url):
    client.force_login(user_in(roles.INCLUSION_LEAD))

    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", INSIGHT_URLS)
@pytest.mark.parametrize("role", [roles.PARTNER_EDITOR, roles.SITE_EDITOR])
def test_other_roles_are_refused(client, ward, url, role):
    client.force_login(user_in(role))

    assert client.get(url).status_code in (302, 403)


@pytest.mark.parametrize("url", INSIGHT_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, ward, url):
    response = client.get(url)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_gaps_page_ranks_wards_and_the_map_feed_has_their_risk(client, ward):
    client.force_login(user_in(roles.INCLUSION_LEAD))

    page = client.get("/admin/insight/gaps/", {"service_type": "free-wifi", "walking_km": "1.0"}).content.decode()
    feed = client.get("/admin/insight/gaps/wards.geojson", {"service_type": "free-wifi"}).json()

    assert "Roehampton" in page and "2.873" in page
    properties = feed["features"][0]["properties"]
    assert (properties["code"], properties["name"], properties["deri"]) == (ward.code, "Roehampton", 2.873)
    assert properties["coverage_percent"] == 0
    assert "Free Wi-Fi" in properties["lacking"]


def test_absurd_parameters_still_show_the_report(client, ward):
    client.force_login(user_in(roles.INCLUSION_LEAD))

    response = client.get("/admin/insight/gaps/", {"walking_km": "lots", "local_authority": "<script>"})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("Wards with the highest risk")[1]
