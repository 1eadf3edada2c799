"""Saving a place puts it on the map from its postcode, keeps an editor's own point, and flags doubtful ones."""

from unittest import mock

import pytest
from geopy.exc import GeocoderUnavailable

from locations.factories import LocalAuthorityFactory, LocationFactory, PostcodeFactory, WardFactory
from locations.models import Location
from locations.models.places import GeocodePrecision

pytestmark = pytest.mark.django_db

SW18_2PU = (51.457367, -0.190924)
SW11_1JB = (51.464028, -0.164142)


@pytest.fixture
def wards():
    """Two wards of Wandsworth, about 2 km square, each with one postcode at its centre."""
    wandsworth = LocalAuthorityFactory(code="E09000032", name="Wandsworth")
    town = WardFactory(
        name="Wandsworth Town",
        local_authority=wandsworth,
        centroid_latitude=SW18_2PU[0],
        centroid_longitude=SW18_2PU[1],
    )
    lavender = WardFactory(
        name="Lavender", local_authority=wandsworth, centroid_latitude=SW11_1JB[0], centroid_longitude=SW11_1JB[1]
    )
    PostcodeFactory(postcode="SW18 2PU", ward=town)
    PostcodeFactory(postcode="SW11 1JB", ward=lavender)
    return town, lavender


def down_geocoder():
    geocoder_class = mock.Mock(return_value=mock.Mock(**{"geocode.side_effect": GeocoderUnavailable("down")}))
    return mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class)


def test_a_new_place_is_put_at_the_centre_of_its_postcode(wards):
    town, _ = wards
    place = LocationFactory(postcode="sw18 2pu", latitude=None, longitude=None)

    place.refresh_from_db()
    assert place.postcode == "SW18 2PU"
    assert (place.latitude, place.longitude) == SW18_2PU
    assert place.geocode_precision == GeocodePrecision.POSTCODE
    assert (place.ward, place.local_authority.name) == (town, "Wandsworth")
    assert not place.needs_attention


def test_changing_the_postcode_moves_the_place_to_the_new_postcode(wards):
    _, lavender = wards
    place = LocationFactory(postcode="SW18 2PU", latitude=None, longitude=None)

    place = Location.objects.get(pk=place.pk)
    place.postcode = "SW11 1JB"
    place.save()

    place.refresh_from_db()
    assert (place.latitude, place.longitude) == SW11_1JB
    assert place.ward == lavender


def test_an_editors_own_point_is_kept_and_the_ward_still_comes_from_the_postcode(wards):
    town, _ = wards
    place = LocationFactory(postcode="SW18 2PU", latitude=None, longitude=None)

    place = Location.objects.get(pk=place.pk)
    place.latitude, place.longitude = 51.4590, -0.1920  # the building's door, 200 m from the postcode centre
    place.save()

    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (51.4590, -0.1920)
    assert place.geocode_precision == GeocodePrecision.MANUAL
    assert place.ward == town
    assert not place.needs_attention


def test_a_point_far_from_its_postcode_is_flagged_with_how_far(wards):
    town, _ = wards
    # Put at Battersea's postcode but given Wandsworth Town's: a typo in one or the other.
    place = LocationFactory(postcode="SW18 2PU", latitude=SW11_1JB[0], longitude=SW11_1JB[1])

    place.refresh_from_db()
    assert place.needs_attention
    assert place.attention_note == "This point is 2.0 km from the centre of SW18 2PU: check it on the map."
    assert (place.latitude, place.longitude) == SW11_1JB
    assert place.ward == town


def test_a_point_outside_every_loaded_borough_is_flagged(wards):
    place = LocationFactory(postcode="", latitude=53.4808, longitude=-2.2426)  # Manchester

    place.refresh_from_db()
    assert place.needs_attention
    assert place.attention_note == "This point is outside the areas this site covers (Wandsworth): check it on the map."
    assert place.ward is None


def test_a_point_just_outside_a_simplified_ward_boundary_is_not_flagged(wards):
    town, _ = wards
    # 300 m west of the edge of the ward square: real postcodes sit this far outside simplified boundaries.
    place = LocationFactory(postcode="", latitude=SW18_2PU[0], longitude=SW18_2PU[1] - 0.0143)

    place.refresh_from_db()
    assert not place.needs_attention


def test_an_unknown_postcode_with_the_online_geocoder_down_keeps_the_place_and_its_point_and_flags_it(settings, wards):
    settings.GEOCODER = "nominatim"
    place = LocationFactory(postcode="SW18 2PU", latitude=None, longitude=None)

    place = Location.objects.get(pk=place.pk)
    place.postcode = "ZZ9 9ZZ"
    with down_geocoder():
        place.save()

    place.refresh_from_db()
    assert place.postcode == "ZZ9 9ZZ"
    assert (place.latitude, place.longitude) == SW18_2PU
    assert place.needs_attention
    assert place.attention_note.startswith("We could not find the postcode ZZ9 9ZZ")


def test_a_new_place_with_an_unknown_postcode_and_no_point_is_saved_and_flagged(settings, wards):
    settings.GEOCODER = "nominatim"
    with down_geocoder():
        place = LocationFactory(postcode="ZZ9 9ZZ", latitude=None, longitude=None)

    place.refresh_from_db()
    assert not place.has_point
    assert place.geocode_precision == GeocodePrecision.NONE
    assert place.needs_attention
    assert "We could not find the postcode ZZ9 9ZZ, so this place is not on the map" in place.attention_note


def test_fixing_the_postcode_clears_the_flag(wards):
    place = LocationFactory(postcode="ZZ9 9ZZ", latitude=None, longitude=None)
    assert place.needs_attention

    place = Location.objects.get(pk=place.pk)
    place.postcode = "SW18 2PU"
    place.save()

    place.refresh_from_db()
    assert not place.needs_attention
    assert place.attention_note == ""
    assert (place.latitude, place.longitude) == SW18_2PU


def test_an_editor_can_dismiss_a_flag_after_checking_the_point(wards):
    place = LocationFactory(postcode="SW18 2PU", latitude=SW11_1JB[0], longitude=SW11_1JB[1])
    assert place.needs_attention

    place = Location.objects.get(pk=place.pk)
    place.needs_attention = False
    place.save()

    place.refresh_from_db()
    assert not place.needs_attention
    assert place.attention_note == ""


def test_saving_without_changing_the_postcode_or_point_does_not_look_anything_up(wards):
    place = LocationFactory(postcode="SW18 2PU", latitude=None, longitude=None)
    place = Location.objects.get(pk=place.pk)
    place.name = "Renamed community centre"

    with (
        mock.patch("locations.geocoding.geocode") as geocode,
        mock.patch("locations.geocoding.LoadedWards") as loaded_wards,
    ):
        place.save()
        place.save_revision().publish()  # publishing saves the object made from the revision

    geocode.assert_not_called()
    loaded_wards.assert_not_called()
    place.refresh_from_db()
    assert place.name == "Renamed community centre"
    assert place.geocode_precision == GeocodePrecision.POSTCODE


def test_a_draft_of_a_published_place_is_placed_in_its_revision_and_the_live_place_stays_put(wards):
    _, lavender = wards
    place = LocationFactory(postcode="SW18 2PU", latitude=None, longitude=None)

    draft = place.get_latest_revision_as_object()
    draft.postcode = "sw11 1jb"
    draft.save_revision()

    place.refresh_from_db()
    assert (place.latitude, place.longitude) == SW18_2PU  # the live version
    draft = place.get_latest_revision_as_object()
    assert draft.postcode == "SW11 1JB"
    assert (draft.latitude, draft.longitude) == SW11_1JB
    assert draft.ward_id == lavender.pk

    draft.get_latest_revision().publish()
    place.refresh_from_db()
    assert (place.latitude, place.longitude, place.ward) == (*SW11_1JB, lavender)
