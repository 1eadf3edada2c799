"""Distances for "near me" search: a cheap bounding box for the database, then the exact distance in Python.

    min_lat, max_lat, min_lon, max_lon = bounding_box(51.4571, -0.1931, miles=2)
    nearby = Location.objects.filter(within_bounding_box(51.4571, -0.1931, miles=2))
    by_distance = sorted(nearby, key=lambda place: distance_miles(origin, (place.latitude, place.longitude)))

The box is a prefilter that the latitude/longitude index can answer; its corners are further away than
`miles`, so filter again on `distance_miles` when the radius matters.
"""

import math

from django.db.models import Q
from geopy.distance import EARTH_RADIUS, great_circle

EARTH_RADIUS_MILES = EARTH_RADIUS / 1.609344  # geopy's mean radius is in kilometres

Point = tuple[float, float]  # (latitude, longitude)


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that holds every point within `miles` of the centre."""
    latitude_delta = math.degrees(miles / EARTH_RADIUS_MILES)
    # A degree of longitude shrinks towards the poles; London is far from them, but stay safe near 90°.
    longitude_scale = max(math.cos(math.radians(latitude)), 1e-6)
    longitude_delta = min(math.degrees(miles / (EARTH_RADIUS_MILES * longitude_scale)), 180.0)
    return (
        latitude - latitude_delta,
        latitude + latitude_delta,
        longitude - longitude_delta,
        longitude + longitude_delta,
    )


def within_bounding_box(
    latitude: float,
    longitude: float,
    miles: float,
    latitude_field: str = "latitude",
    longitude_field: str = "longitude",
) -> Q:
    """A queryset filter for the bounding box: `Location.objects.filter(within_bounding_box(lat, lon, 2))`.

    The field names may follow relations, e.g. `service_locations__location__latitude`.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, miles)
    return Q(
        **{
            f"{latitude_field}__range": (min_lat, max_lat),
            f"{longitude_field}__range": (min_lon, max_lon),
        }
    )


def distance_miles(a: Point, b: Point) -> float:
    """Great-circle distance between two (latitude, longitude) points, in miles."""
    return great_circle(a, b).miles
