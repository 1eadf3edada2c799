"""Finding a point for what someone typed: our tables first, an online geocoder only as a configured fallback."""

import logging
from unittest import mock

import pytest
from geopy.exc import GeocoderTimedOut, GeocoderUnavailable
from geopy.location import Location as GeopyLocation

from locations.factories import LocalAuthorityFactory, OutcodeCentroidFactory, PostcodeFactory, WardFactory
from locations.geocoding import GeocodeResult, geocode
from locations.models.places import GeocodePrecision

pytestmark = pytest.mark.django_db


@pytest.fixture
def wandsworth_town():
    ward = WardFactory(code="E05014028", name="Wandsworth Town", centroid_latitude=51.4562, centroid_longitude=-0.1925)
    PostcodeFactory(postcode="SW18 2PU", ward=ward, latitude=51.457367, longitude=-0.190924)
    OutcodeCentroidFactory(outcode="SW18", latitude=51.45149, longitude=-0.19144)
    return ward


def fake_geocoder(*, returns=None, raises=None):
    """A stand-in for a geopy geocoder class; records how it was made and what it was asked."""
    geocoder = mock.Mock(name="geocoder")
    if raises:
        geocoder.geocode.side_effect = raises
    else:
        geocoder.geocode.return_value = returns
    geocoder_class = mock.Mock(name="geocoder class", return_value=geocoder)
    return geocoder_class, geocoder


def test_a_full_postcode_in_our_table_gives_its_centre_ward_and_borough(wandsworth_town):
    result = geocode("sw18 2pu")

    assert result == GeocodeResult(
        latitude=51.457367,
        longitude=-0.190924,
        precision=GeocodePrecision.POSTCODE,
        label="SW18 2PU",
        postcode="SW18 2PU",
        outcode="SW18",
        ward=wandsworth_town,
        local_authority=wandsworth_town.local_authority,
        is_approximate=False,
    )
    assert result.local_authority.name == "Wandsworth"


def test_a_full_postcode_we_do_not_hold_falls_back_to_the_middle_of_its_district(wandsworth_town):
    result = geocode("SW18 9ZZ")

    assert result.precision == GeocodePrecision.OUTCODE
    assert result.is_approximate
    assert (result.latitude, result.longitude) == (51.45149, -0.19144)
    assert (result.postcode, result.outcode, result.label) == ("SW18 9ZZ", "SW18", "SW18")
    assert result.local_authority.name == "Wandsworth"
    assert result.ward is None


@pytest.mark.parametrize("typed", ["SW18", "sw18", "SW18 2"])
def test_a_partial_postcode_gives_the_middle_of_its_district(wandsworth_town, typed):
    result = geocode(typed)

    assert result.precision == GeocodePrecision.OUTCODE
    assert result.is_approximate
    assert result.outcode == "SW18"
    assert result.postcode == ""


@pytest.mark.parametrize("typed", ["Furzedown", "furzedown", "  FURZEDOWN ", "Furze"])
def test_a_ward_name_gives_the_centre_of_the_ward(typed):
    ward = WardFactory(name="Furzedown", centroid_latitude=51.424882, centroid_longitude=-0.147365)
    WardFactory(name="Fairfield", centroid_latitude=51.45, centroid_longitude=-0.19)

    result = geocode(typed)

    assert result.precision == GeocodePrecision.WARD
    assert result.ward == ward
    assert (result.latitude, result.longitude) == (51.424882, -0.147365)
    assert result.label == "Furzedown"
    assert result.is_approximate


def test_a_ward_name_written_with_and_finds_the_ward_written_with_an_ampersand():
    southwark = LocalAuthorityFactory(code="E09000028", name="Southwark")
    ward = WardFactory(name="Borough & Bankside", local_authority=southwark)

    assert geocode("borough and bankside").ward == ward


def test_without_an_online_geocoder_an_unknown_place_is_not_found_and_nothing_is_sent_online(wandsworth_town):
    with mock.patch("locations.geocoding.get_geocoder_for_service") as get_geocoder:
        assert geocode("Putney Hill") is None
        assert geocode("ZZ9 9ZZ") is None
        assert geocode("") is None

    get_geocoder.assert_not_called()


@pytest.mark.parametrize("error", [GeocoderUnavailable("connection refused"), GeocoderTimedOut("took too long")])
def test_an_unreachable_online_geocoder_gives_no_result_and_is_logged(settings, caplog, error):
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_TIMEOUT = 2.5
    settings.GEOCODER_USER_AGENT = "borough-test"
    geocoder_class, geocoder = fake_geocoder(raises=error)

    with (
        mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class) as get_geocoder,
        caplog.at_level(logging.WARNING, logger="locations.geocoding"),
    ):
        assert geocode("Putney Hill") is None

    get_geocoder.assert_called_once_with("nominatim")
    geocoder_class.assert_called_once_with(user_agent="borough-test", timeout=2.5)
    geocoder.geocode.assert_called_once_with("Putney Hill", exactly_one=True, country_codes="gb")
    assert "could not look up 'Putney Hill'" in caplog.text


def test_an_online_geocoder_is_used_only_when_our_tables_have_no_answer(settings, wandsworth_town):
    settings.GEOCODER = "nominatim"
    found = GeopyLocation("Putney Hill, London SW15", (51.4555, -0.2175), {})
    geocoder_class, geocoder = fake_geocoder(returns=found)

    with mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class):
        from_table = geocode("SW18 2PU")
        online = geocode("Putney Hill")
        online_again = geocode("putney hill")

    assert from_table.precision == GeocodePrecision.POSTCODE
    assert online.precision == GeocodePrecision.ONLINE
    assert (online.latitude, online.longitude, online.label) == (51.4555, -0.2175, "Putney Hill, London SW15")
    assert online_again == online
    # Asked once, for the place our tables don't know; the second time came from the cache.
    geocoder.geocode.assert_called_once_with("Putney Hill", exactly_one=True, country_codes="gb")


def test_an_online_result_inside_a_loaded_ward_says_which_ward(settings):
    settings.GEOCODER = "nominatim"
    ward = WardFactory(centroid_latitude=51.4555, centroid_longitude=-0.2175)
    geocoder_class, _ = fake_geocoder(returns=GeopyLocation("Putney Hill", (51.456, -0.218), {}))

    with mock.patch("locations.geocoding.get_geocoder_for_service", return_value=geocoder_class):
        result = geocode("Putney Hill")

    assert result.ward == ward
    assert result.local_authority == ward.local_authority
