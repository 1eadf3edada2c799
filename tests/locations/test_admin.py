"""The "Places" admin: editors list, filter, add and edit places; wards and postcodes are there to look up."""

import json
import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from locations.factories import LocalAuthorityFactory, LocationFactory, PostcodeFactory, WardFactory
from locations.models import Location, LocationKind
from locations.models.places import GeocodePrecision

pytestmark = pytest.mark.django_db

SW18_2PU = (51.457367, -0.190924)


@pytest.fixture
def wandsworth_town():
    wandsworth = LocalAuthorityFactory(code="E09000032", name="Wandsworth")
    ward = WardFactory(
        name="Wandsworth Town",
        local_authority=wandsworth,
        centroid_latitude=SW18_2PU[0],
        centroid_longitude=SW18_2PU[1],
        deri_score="2.105",
        deri_lsoa_count=10,
    )
    PostcodeFactory(postcode="SW18 2PU", ward=ward)
    return ward


def location_url(name: str, *args) -> str:
    return reverse(f"wagtailsnippets_locations_location:{name}", args=args)


def location_form(**fields) -> dict:
    """What the add/edit form posts: every field blank or default unless given, and no opening hours."""
    data = {
        "name": "",
        "kind": LocationKind.OTHER,
        "description": "",
        "slug": "",
        "address_line_1": "",
        "address_line_2": "",
        "town": "London",
        "postcode": "",
        "uprn": "",
        "latitude": "",
        "longitude": "",
        "public_computers": "0",
        "opening_periods": inline_formset([]),
        "opening_exceptions": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def test_an_editor_sees_the_places_with_their_ward_postcode_and_whether_they_need_attention(
    admin_client, wandsworth_town
):
    LocationFactory(name="Wandle Community Centre", postcode="SW18 2PU", latitude=None, longitude=None)
    LocationFactory(name="Somewhere Else", postcode="", latitude=53.48, longitude=-2.24)

    response = admin_client.get(location_url("list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Wandle Community Centre" in content
    assert "Wandsworth Town" in content
    assert "SW18 2PU" in content
    assert "Needs attention" in content


def test_the_place_list_can_be_filtered_to_the_places_that_need_attention(admin_client, wandsworth_town):
    LocationFactory(name="Wandle Community Centre", postcode="SW18 2PU", latitude=None, longitude=None)
    LocationFactory(name="Manchester By Mistake", postcode="", latitude=53.48, longitude=-2.24)

    response = admin_client.get(location_url("list"), {"needs_attention": "true"})

    content = response.content.decode()
    assert "Manchester By Mistake" in content
    assert "Wandle Community Centre" not in content


def test_the_place_list_can_be_searched_and_filtered_by_ward(admin_client, wandsworth_town):
    LocationFactory(name="Wandle Community Centre", postcode="SW18 2PU", latitude=None, longitude=None)
    LocationFactory(name="Other Centre", postcode="", latitude=53.48, longitude=-2.24)

    by_search = admin_client.get(location_url("list"), {"q": "sw18"}).content.decode()
    by_ward = admin_client.get(location_url("list"), {"ward": wandsworth_town.pk}).content.decode()

    assert "Wandle Community Centre" in by_search
    assert "Other Centre" not in by_search
    assert "Wandle Community Centre" in by_ward
    assert "Other Centre" not in by_ward


def test_an_editor_can_add_and_publish_a_place_through_the_admin_form(admin_client, wandsworth_town):
    form = location_form(
        name="Wandle Digital Hub",
        kind=LocationKind.COMMUNITY_CENTRE,
        address_line_1="1 Garratt Lane",
        postcode="sw18 2pu",
        has_free_wifi="on",
        public_computers="6",
        opening_periods=inline_formset([{"weekday": "0", "opens": "09:00", "closes": "17:00"}]),
    )
    form["action-publish"] = "action-publish"

    response = admin_client.post(location_url("add"), form)

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    place = Location.objects.get(name="Wandle Digital Hub")
    assert place.live
    assert place.postcode == "SW18 2PU"
    assert (place.latitude, place.longitude) == SW18_2PU
    assert place.ward == wandsworth_town
    assert place.geocode_precision == GeocodePrecision.POSTCODE
    assert [str(period) for period in place.opening_periods.all()] == ["Monday 09:00-17:00"]
    assert place.revisions.count() == 1


def test_the_add_form_rejects_a_postcode_that_is_not_one(admin_client):
    response = admin_client.post(location_url("add"), location_form(name="Typo Hall", postcode="SW18 2P"))

    assert response.status_code == 200
    assert "Enter a real postcode, like SW18 2PU" in response.content.decode()
    assert not Location.objects.filter(name="Typo Hall").exists()


def test_the_edit_page_has_the_map_widget_with_plain_inputs_to_fall_back_on(admin_client, wandsworth_town):
    place = LocationFactory(postcode="SW18 2PU", latitude=None, longitude=None)

    response = admin_client.get(location_url("edit", place.pk))

    assert response.status_code == 200
    content = response.content.decode()
    assert "data-location-map" in content
    assert 'data-latitude-input="id_latitude"' in content
    assert 'data-longitude-input="id_longitude"' in content
    assert 'data-postcode-input="id_postcode"' in content
    assert f'data-geocode-url="{reverse("locations_admin:geocode")}"' in content
    assert 'data-tile-url=""' in content  # no tile server configured: a plain background
    assert '<input type="number" name="latitude" value="51.457367"' in content
    assert "/static/dist/leaflet/leaflet.js" in content
    assert "/static/locations/admin/location-map.js" in content
    assert "Check where this place is." not in content


def test_the_edit_page_warns_prominently_when_the_place_needs_attention(admin_client, wandsworth_town):
    place = LocationFactory(postcode="SW18 2PU", latitude=51.464028, longitude=-0.164142)

    response = admin_client.get(location_url("edit", place.pk))

    content = response.content.decode()
    warning = content.index("Check where this place is.")
    assert "This point is 2.0 km from the centre of SW18 2PU: check it on the map." in content
    assert warning < content.index('id="w-editor-form"')


def test_saving_the_edit_form_with_a_moved_marker_keeps_the_editors_point(admin_client, wandsworth_town):
    place = LocationFactory(name="Wandle Digital Hub", postcode="SW18 2PU", latitude=None, longitude=None)
    form = location_form(name="Wandle Digital Hub", postcode="SW18 2PU", latitude="51.4590", longitude="-0.1920")
    form["action-publish"] = "action-publish"

    response = admin_client.post(location_url("edit", place.pk), form)

    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (51.4590, -0.1920)
    assert place.geocode_precision == GeocodePrecision.MANUAL
    assert place.ward == wandsworth_town


def test_the_map_can_ask_where_a_postcode_is(admin_client, wandsworth_town):
    found = admin_client.get(reverse("locations_admin:geocode"), {"q": "sw182pu"})
    missing = admin_client.get(reverse("locations_admin:geocode"), {"q": "ZZ9 9ZZ"})

    assert found.json() == {
        "latitude": SW18_2PU[0],
        "longitude": SW18_2PU[1],
        "label": "SW18 2PU",
        "approximate": False,
    }
    assert missing.status_code == 404


def test_the_map_gets_the_ward_outlines(admin_client, wandsworth_town):
    response = admin_client.get(reverse("locations_admin:wards"))

    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert collection["features"][0]["properties"]["name"] == "Wandsworth Town"
    assert collection["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_the_map_endpoints_are_for_signed_in_editors_only(client, wandsworth_town):
    response = client.get(reverse("locations_admin:geocode"), {"q": "SW18 2PU"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_wards_are_listed_with_their_deri_score_and_can_be_looked_at_but_not_edited(admin_client, wandsworth_town):
    listing = admin_client.get(reverse("wagtailsnippets_locations_ward:list"))
    inspect = admin_client.get(reverse("wagtailsnippets_locations_ward:inspect", args=[wandsworth_town.pk]))
    edit = admin_client.get(reverse("wagtailsnippets_locations_ward:edit", args=[wandsworth_town.pk]))

    assert "Wandsworth Town" in listing.content.decode()
    assert "2.105" in listing.content.decode()
    assert "DERI score" in listing.content.decode()
    assert inspect.status_code == 200
    assert edit.status_code == 302  # no one may edit imported wards: sent away with a message


def test_the_postcode_lookup_finds_a_postcode_however_it_is_typed(admin_client, wandsworth_town):
    PostcodeFactory(postcode="SW11 1JB", ward=wandsworth_town)

    response = admin_client.get(reverse("wagtailsnippets_locations_postcode:list"), {"q": "sw182pu"})

    content = response.content.decode()
    assert "SW18 2PU" in content
    assert "SW11 1JB" not in content
    assert "Wandsworth Town" in content


def test_the_places_menu_groups_locations_wards_and_postcodes(admin_client):
    content = admin_client.get(reverse("wagtailsnippets_locations_location:list")).content.decode()

    props = json.loads(
        re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', content)[1]
    )
    main_menu = next(module for module in props["modules"] if module["_type"] == "wagtail.sidebar.MainMenuModule")
    places_menu = next(item for item in main_menu["_args"][0] if item["_args"][0]["label"] == "Places")
    assert [(item["_args"][0]["label"], item["_args"][0]["url"]) for item in places_menu["_args"][1]] == [
        ("Locations", reverse("wagtailsnippets_locations_location:list")),
        ("Wards", reverse("wagtailsnippets_locations_ward:list")),
        ("Postcode lookup", reverse("wagtailsnippets_locations_postcode:list")),
    ]
