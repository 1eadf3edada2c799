"""Distances for "near me", and the plain-Python geometry used for ward boundaries."""

import pytest
from geopy.distance import great_circle
from hypothesis import given
from hypothesis import strategies as st

from locations import geometry
from locations.distance import bounding_box, distance_miles, within_bounding_box
from locations.factories import LocationFactory

SW18_2PU = (51.457367, -0.190924)
SW11_1JB = (51.464028, -0.164142)


def test_distance_in_miles_between_two_postcodes():
    assert distance_miles(SW18_2PU, SW11_1JB) == pytest.approx(1.245, abs=0.005)
    assert distance_miles(SW18_2PU, SW18_2PU) == 0


@given(
    latitude=st.floats(min_value=49.9, max_value=58.7),
    longitude=st.floats(min_value=-8.0, max_value=1.8),
    miles=st.floats(min_value=0.1, max_value=20),
    bearing=st.floats(min_value=0, max_value=360),
    fraction=st.floats(min_value=0, max_value=0.999),
)
def test_every_point_within_the_radius_is_inside_the_bounding_box(latitude, longitude, miles, bearing, fraction):
    point = great_circle(miles=miles * fraction).destination((latitude, longitude), bearing)
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, miles)

    assert min_lat <= point.latitude <= max_lat
    assert min_lon <= point.longitude <= max_lon


@pytest.mark.django_db
def test_the_bounding_box_filter_finds_nearby_places_and_leaves_far_ones_out():
    near = LocationFactory(latitude=SW11_1JB[0], longitude=SW11_1JB[1])
    far = LocationFactory(latitude=51.5074, longitude=-0.1278)  # Charing Cross, 4.5 miles away

    found = set(type(near).objects.filter(within_bounding_box(*SW18_2PU, miles=2)))

    assert near in found
    assert far not in found


SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]]}
SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]],
}
TWO_SQUARES = {
    "type": "MultiPolygon",
    "coordinates": [[[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]], [[[10, 0], [12, 0], [12, 2], [10, 2], [10, 0]]]],
}


def test_a_point_is_inside_a_polygon_unless_it_is_in_a_hole_or_outside():
    assert geometry.contains(SQUARE, latitude=2, longitude=2)
    assert not geometry.contains(SQUARE, latitude=5, longitude=2)
    assert not geometry.contains(SQUARE_WITH_HOLE, latitude=1.5, longitude=1.5)
    assert geometry.contains(SQUARE_WITH_HOLE, latitude=3, longitude=3)
    assert geometry.contains(TWO_SQUARES, latitude=1, longitude=11)
    assert not geometry.contains(TWO_SQUARES, latitude=1, longitude=6)
    assert not geometry.contains(None, latitude=1, longitude=1)


def test_the_centroid_is_the_centre_of_area():
    assert geometry.centroid(SQUARE) == pytest.approx((2, 2))
    assert geometry.centroid(TWO_SQUARES) == pytest.approx((1, 6))
    # The hole (1 of 16 square units, centred on 1.5) pulls the centre away from it.
    assert geometry.centroid(SQUARE_WITH_HOLE) == pytest.approx((2.0333, 2.0333), abs=1e-4)
    assert geometry.centroid(None) is None


def test_distance_to_the_nearest_edge_in_kilometres():
    ward = {
        "type": "Polygon",
        "coordinates": [[[-0.2, 51.45], [-0.18, 51.45], [-0.18, 51.46], [-0.2, 51.46], [-0.2, 51.45]]],
    }

    # 0.01 degrees of latitude north of the top edge is about 1.1 km.
    assert geometry.distance_to_edge_km(ward, latitude=51.47, longitude=-0.19) == pytest.approx(1.112, abs=0.002)
    assert geometry.distance_to_edge_km(None, latitude=51.47, longitude=-0.19) is None
