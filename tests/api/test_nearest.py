"""Nearest-first paging near a postcode reads only as far out as a page needs, and agrees with a full sort."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from locations.distance import distance_miles
from locations.factories import LocationFactory, PostcodeFactory
from provision.api.queries import NearestLinks, public_links
from provision.factories import ServiceFactory
from provision.search import miles_from
from tests.api.conftest import ORIGIN, get_json

latitudes = st.floats(min_value=49.0, max_value=61.0)
longitudes = st.floats(min_value=-9.0, max_value=2.5)


@given(latitudes, longitudes, latitudes, longitudes)
def test_miles_from_is_exactly_distance_miles(lat1, lon1, lat2, lon2):
    assert miles_from(lat1, lon1)(lat2, lon2) == distance_miles((lat1, lon1), (lat2, lon2))


# Degrees north of the origin: from a few hundred metres to the far north of Scotland (about 500 miles).
NORTH = [0.004, 0.02, 0.1, 0.5, 1.5, 3.0, 7.2]


@pytest.fixture
def spread(db):
    PostcodeFactory(postcode="SW18 2PU", latitude=ORIGIN[0], longitude=ORIGIN[1])
    places = [
        LocationFactory(name=f"Place {index}", latitude=ORIGIN[0] + north, longitude=ORIGIN[1])
        for index, north in enumerate(NORTH)
    ]
    # Listed furthest first, so that the ids do not happen to be in distance order.
    for place in reversed(places):
        ServiceFactory(name=f"At {place.name}", locations=[place])
    return places


def test_every_page_is_the_slice_of_the_full_nearest_first_order(spread):
    candidates = public_links().filter(location__latitude__isnull=False).order_by()
    nearest = NearestLinks(candidates, *ORIGIN)
    everything = nearest.within(NearestLinks.WHOLE_EARTH_MILES)
    assert len(nearest) == len(everything) == len(NORTH)
    for per_page in (1, 2, 3):
        for offset in range(0, len(NORTH) + 1):
            assert list(nearest[offset : offset + per_page]) == everything[offset : offset + per_page]
    assert nearest[-1] == everything[-1]
    with pytest.raises(IndexError):
        nearest[len(NORTH)]


def test_the_api_pages_through_places_hundreds_of_miles_apart(client, spread):
    names = []
    for page in range(1, len(NORTH) + 1):
        body = get_json(client, "/service_at_locations", {"postcode": "SW18 2PU", "per_page": 1, "page": page})
        assert body["total_items"] == len(NORTH)
        names += [item["location"]["name"] for item in body["contents"]]
    assert names == [f"Place {index}" for index in range(len(NORTH))]
