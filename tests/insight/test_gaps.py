"""Gap analysis: wards ranked by need with the help they lack, on the real demo data and on a constructed case."""

import math

import pytest
from django.core.management import call_command
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from locations.factories import LocationFactory, PostcodeFactory, WardFactory
from provision.factories import ServiceFactory
from provision.insight.gaps import PointGrid, ward_coverage
from tests.directory_fixtures import seed_taxonomy

WANDSWORTH = "E09000032"


@pytest.mark.django_db
def test_wandsworths_highest_risk_wards_come_out_on_top_with_what_they_lack(settings):
    settings.DEMO_MODE = True
    call_command("load_demo_data", verbosity=0)

    rows = ward_coverage(local_authority_code=WANDSWORTH)

    assert [row.ward.name for row in rows[:3]] == ["Roehampton", "Falconbrook", "Furzedown"]
    assert all(row.lacking for row in rows[:3])
    furzedown = rows[2]
    # Furzedown has no library, so most of its homes are not within a kilometre of free Wi-Fi.
    assert "Free Wi-Fi" in [service_type.name for service_type in furzedown.lacking]
    roehampton_wifi = next(c for c in rows[0].coverage if c.service_type.slug == "free-wifi")
    assert roehampton_wifi.inside_ward == 1  # Roehampton Library
    assert 0 < roehampton_wifi.postcode_share < 1


@pytest.fixture
def two_wards(db):
    seed_taxonomy()
    needy = WardFactory(name="Needy", deri_score="3.100", centroid_latitude=51.40, centroid_longitude=-0.20)
    served = WardFactory(name="Served", deri_score="1.900", centroid_latitude=51.45, centroid_longitude=-0.20)
    for n, ward in enumerate((needy, needy, served, served)):
        PostcodeFactory(ward=ward, latitude=ward.centroid_latitude + n * 0.0005, longitude=-0.20)
    return needy, served


def test_a_ward_with_no_help_within_walking_distance_lacks_it(two_wards):
    needy, served = two_wards
    drop_in_place = LocationFactory(latitude=51.4505, longitude=-0.2001, has_free_wifi=False, public_computers=0)
    drop_in_place.ward = served
    drop_in_place.save()
    ServiceFactory(types=["one-to-one-help"], locations=[drop_in_place])

    rows = ward_coverage(walking_km=1.0)

    assert [row.ward.name for row in rows] == ["Needy", "Served"]
    needy_row, served_row = rows
    one_to_one = {
        row.ward.name: next(c for c in row.coverage if c.service_type.slug == "one-to-one-help") for row in rows
    }
    assert (one_to_one["Served"].inside_ward, one_to_one["Served"].within_walk, one_to_one["Served"].percent) == (
        1,
        1,
        100,
    )
    assert (one_to_one["Needy"].inside_ward, one_to_one["Needy"].within_walk, one_to_one["Needy"].percent) == (0, 0, 0)
    assert "One-to-one and drop-in help" in [t.name for t in needy_row.lacking]
    assert "One-to-one and drop-in help" not in [t.name for t in served_row.lacking]


def test_a_longer_walk_reaches_further(two_wards):
    # 0.005 degrees of latitude is about 560 metres.
    place = LocationFactory(latitude=51.4055, longitude=-0.2000)
    ServiceFactory(types=["online-safety"], locations=[place])

    near = {row.ward.name: row for row in ward_coverage(walking_km=0.5)}
    far = {row.ward.name: row for row in ward_coverage(walking_km=1.0)}

    def share(rows):
        return next(c for c in rows["Needy"].coverage if c.service_type.slug == "online-safety").postcode_share

    assert share(near) == 0.0
    assert share(far) == 1.0


def test_draft_services_do_not_count(two_wards):
    place = LocationFactory(latitude=51.40, longitude=-0.20, has_free_wifi=False, public_computers=0)
    ServiceFactory(types=["online-safety"], locations=[place], publish=False)

    needy = ward_coverage()[0]

    assert next(c for c in needy.coverage if c.service_type.slug == "online-safety").within_walk == 0


def test_cached_figures_are_used_until_help_is_published(two_wards, django_assert_num_queries):
    place = LocationFactory(latitude=51.40, longitude=-0.20, has_free_wifi=False, public_computers=0)

    def online_safety_in_needy():
        needy = ward_coverage()[0]
        return next(c for c in needy.coverage if c.service_type.slug == "online-safety").within_walk

    assert online_safety_in_needy() == 0
    with django_assert_num_queries(1):  # the geography's fingerprint; the figures come from the cache
        assert online_safety_in_needy() == 0

    ServiceFactory(types=["online-safety"], locations=[place])

    assert online_safety_in_needy() == 1


# Great Britain, and walks of up to 2.5 km, as the form allows.
britain_latitude = st.floats(min_value=49.9, max_value=60.9)
britain_longitude = st.floats(min_value=-8.2, max_value=1.8)
nearby = st.floats(min_value=-0.04, max_value=0.04)


@hypothesis_settings(max_examples=300, deadline=None)
@given(britain_latitude, britain_longitude, nearby, nearby, st.floats(min_value=0.1, max_value=2.5))
def test_the_grid_measures_walking_distance_exactly_as_geopy_does(latitude, longitude, north, east, walking_km):
    place = (latitude + north, longitude + east)
    grid = PointGrid(walking_km, furthest_latitude=max(abs(latitude), abs(place[0])))
    grid.add(*place, "place")
    exact = great_circle((latitude, longitude), place).km

    found = "place" in grid.near(latitude, longitude, walking_km)

    assert found == (exact <= walking_km)
    if 0 < exact <= walking_km:
        # At exactly the distance geopy gives it is in; any shorter walk leaves it out.
        assert "place" in grid.near(latitude, longitude, exact)
        assert "place" not in grid.near(latitude, longitude, math.nextafter(exact, 0))
