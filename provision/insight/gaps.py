"""Where help is missing against need: for each ward and type of help, what is within walking distance.

Coverage is measured from the ward's postcodes (each postcode stands for a few dozen homes): the share of
them with at least one place offering that help within walking distance. Wards are ranked by their Digital
Exclusion Risk Index score (the mean of their LSOAs' scores), highest first.
"""

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Sum
from geopy.distance import EARTH_RADIUS, great_circle

from locations.distance import within_bounding_box
from locations.models import Location, Postcode, Ward
from provision.filters import TYPE_FACILITIES
from provision.geojson import directory_version
from provision.models import ServiceLocation, ServiceType

DEFAULT_WALKING_KM = 1.0
# A type of help counts as missing from a ward when fewer than this share of its postcodes can walk to it.
DEFAULT_COVERAGE_THRESHOLD = 0.5
CACHE_SECONDS = 60 * 60 * 24


@dataclass
class TypeCoverage:
    service_type: ServiceType
    inside_ward: int  # places in the ward offering it
    within_walk: int  # places within walking distance of at least one of the ward's postcodes
    postcode_share: float  # share of the ward's postcodes with it within walking distance

    @property
    def percent(self) -> int:
        return round(self.postcode_share * 100)


@dataclass
class WardCoverage:
    ward: Ward
    deri_score: Decimal | None
    postcode_count: int
    coverage: list[TypeCoverage] = field(default_factory=list)
    lacking: list[ServiceType] = field(default_factory=list)


class PointGrid:
    """Points bucketed into cells about a walking distance across, so a near-point lookup checks 9 cells.

    Distances are geopy's great_circle(...).km, computed step for step with each point's trigonometry done
    when it is added: a borough's gap analysis measures millions of postcode-to-place distances, and geopy's
    objects took most of a minute for them at national scale.
    """

    def __init__(self, cell_km: float, furthest_latitude: float = 51.5):
        # A degree is at least 111.19 km north-south, and east-west at least that times the cosine of the
        # latitude furthest from the equator: sized with a little to spare, a cell is never narrower than
        # cell_km, so every point within cell_km is in one of the 9 cells.
        self.cell_lat = cell_km / 111.0
        self.cell_lon = cell_km / (111.0 * max(math.cos(math.radians(abs(furthest_latitude) + 0.5)), 0.01))
        self.cells = defaultdict(list)

    def _cell(self, latitude, longitude):
        return int(latitude // self.cell_lat), int(longitude // self.cell_lon)

    def add(self, latitude, longitude, item):
        lat = math.radians(latitude)
        point = (math.sin(lat), math.cos(lat), math.radians(longitude), item)
        self.cells[self._cell(latitude, longitude)].append(point)

    def near(self, latitude, longitude, km):
        sin, cos = math.sin, math.cos
        lat1, lng1 = math.radians(latitude), math.radians(longitude)
        sin_lat1, cos_lat1 = sin(lat1), cos(lat1)
        row, column = self._cell(latitude, longitude)
        for d_row in (-1, 0, 1):
            for d_column in (-1, 0, 1):
                for sin_lat2, cos_lat2, lng2, item in self.cells.get((row + d_row, column + d_column), ()):
                    delta_lng = lng2 - lng1
                    cos_delta_lng, sin_delta_lng = cos(delta_lng), sin(delta_lng)
                    angle = math.atan2(
                        math.sqrt(
                            (cos_lat2 * sin_delta_lng) ** 2
                            + (cos_lat1 * sin_lat2 - sin_lat1 * cos_lat2 * cos_delta_lng) ** 2
                        ),
                        sin_lat1 * sin_lat2 + cos_lat1 * cos_lat2 * cos_delta_lng,
                    )
                    if EARTH_RADIUS * angle <= km:
                        yield item


def places_by_type(service_types, near_wards) -> dict[int, dict[int, tuple[float, float, int | None]]]:
    """{type id: {place id: (lat, lon, ward id)}} for published places offering each type, near the wards."""
    places = Location.objects.published().filter(latitude__isnull=False)
    # Joins with the bounding box on the place, not `location_id IN (every place in the box)`: beside the
    # types, SQLite probes the (service, place) index for every pair of the lists (minutes at 100,000 services).
    # The types are checked here rather than in the query, so that SQLite starts from the places in the box (the
    # latitude index) rather than from every service of the types.
    links = (
        ServiceLocation.objects.filter(location__live=True, location__latitude__isnull=False, service__live=True)
        .exclude(service__status="defunct")
        .order_by()
    )
    box = _bounding_box_of(near_wards)
    if box:
        places = places.filter(box)
        links = links.filter(_bounding_box_of(near_wards, prefix="location__"))
    points = {
        pk: (lat, lon, ward) for pk, lat, lon, ward in places.values_list("pk", "latitude", "longitude", "ward_id")
    }
    result = {service_type.pk: {} for service_type in service_types}
    for location_id, type_id in links.values_list("location_id", "service__types").distinct():
        if type_id in result and location_id in points:
            result[type_id][location_id] = points[location_id]
    for service_type in service_types:
        facility = TYPE_FACILITIES.get(service_type.slug)
        if facility is None:
            continue
        for pk in places.filter(**facility.lookup).values_list("pk", flat=True):
            result[service_type.pk][pk] = points[pk]
    return result


def _bounding_box_of(wards, margin_km=2.0, prefix=""):
    latitudes = [ward.centroid_latitude for ward in wards if ward.centroid_latitude is not None]
    longitudes = [ward.centroid_longitude for ward in wards if ward.centroid_longitude is not None]
    if not latitudes:
        return None
    centre = ((min(latitudes) + max(latitudes)) / 2, (min(longitudes) + max(longitudes)) / 2)
    half_span_km = max(
        great_circle(centre, (max(latitudes), centre[1])).km, great_circle(centre, (centre[0], max(longitudes))).km
    )
    return within_bounding_box(
        centre[0], centre[1], (half_span_km + margin_km + 3) / 1.609344, f"{prefix}latitude", f"{prefix}longitude"
    )


def ward_coverage(
    local_authority_code: str | None = None,
    walking_km: float = DEFAULT_WALKING_KM,
    threshold: float = DEFAULT_COVERAGE_THRESHOLD,
    service_type_slugs: list[str] | None = None,
) -> list[WardCoverage]:
    """Coverage of every ward (of one local authority, or all), highest DERI first. Cached until a publish."""
    # Publishing bumps the directory version; loading geography changes the wards' count or scores.
    geography = Ward.objects.aggregate(count=Count("pk"), deri=Sum("deri_score"), postcodes=Count("postcodes"))
    parameters = f"{geography}:{local_authority_code}:{walking_km}:{threshold}:{service_type_slugs}"
    key = f"insight:gaps:{directory_version()}:{hashlib.sha256(parameters.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    result = _compute_ward_coverage(local_authority_code, walking_km, threshold, service_type_slugs)
    cache.set(key, result, CACHE_SECONDS)
    return result


def _compute_ward_coverage(local_authority_code, walking_km, threshold, service_type_slugs):
    wards = list(Ward.objects.select_related("local_authority").order_by("code"))
    if local_authority_code:
        wards = [ward for ward in wards if ward.local_authority_id == local_authority_code]
    service_types = list(ServiceType.objects.all())
    if service_type_slugs:
        service_types = [service_type for service_type in service_types if service_type.slug in service_type_slugs]
    offered = places_by_type(service_types, wards)
    postcodes_by_ward = defaultdict(list)
    for ward_id, latitude, longitude in Postcode.objects.filter(ward__in=wards).values_list(
        "ward_id", "latitude", "longitude"
    ):
        postcodes_by_ward[ward_id].append((latitude, longitude))
    latitudes = [abs(latitude) for postcodes in postcodes_by_ward.values() for latitude, _ in postcodes]
    # One grid of every place offering any of the types: a place offers several, and each postcode's distances
    # are measured once rather than once per type.
    grid = PointGrid(walking_km, furthest_latitude=max(latitudes, default=51.5))
    every_place = {pk: point for places in offered.values() for pk, point in places.items()}
    for place_id, (latitude, longitude, _ward) in every_place.items():
        grid.add(latitude, longitude, place_id)
    offering = {type_id: set(places) for type_id, places in offered.items()}
    inside_ward = Counter(
        (type_id, ward_id) for type_id, places in offered.items() for (_lat, _lon, ward_id) in places.values()
    )

    results = []
    for ward in wards:
        postcodes = postcodes_by_ward.get(ward.pk, [])
        row = WardCoverage(ward=ward, deri_score=ward.deri_score, postcode_count=len(postcodes))
        reachable_places = {service_type.pk: set() for service_type in service_types}
        covered = Counter()
        for latitude, longitude in postcodes:
            near = set(grid.near(latitude, longitude, walking_km))
            if not near:
                continue
            for type_id, places in offering.items():
                here = near & places
                if here:
                    covered[type_id] += 1
                    reachable_places[type_id] |= here
        for service_type in service_types:
            inside = inside_ward[service_type.pk, ward.pk]
            share = covered[service_type.pk] / len(postcodes) if postcodes else 0.0
            row.coverage.append(TypeCoverage(service_type, inside, len(reachable_places[service_type.pk]), share))
            if share < threshold:
                row.lacking.append(service_type)
        results.append(row)
    results.sort(key=lambda row: (row.deri_score is None, -(row.deri_score or 0), row.ward.name))
    return results
