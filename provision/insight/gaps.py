"""Where help is missing against need: for each ward and type of help, what is within walking distance.

Coverage is measured from the ward's postcodes (each postcode stands for a few dozen homes): the share of
them with at least one place offering that help within walking distance. Wards are ranked by their Digital
Exclusion Risk Index score (the mean of their LSOAs' scores), highest first.
"""

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Sum
from geopy.distance import great_circle

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
    """Points bucketed into cells about a walking distance across, so a near-point lookup checks 9 cells."""

    def __init__(self, cell_km: float):
        self.cell_lat = cell_km / 111.2
        self.cell_lon = cell_km / (111.2 * math.cos(math.radians(51.5)))
        self.cells = defaultdict(list)

    def _cell(self, latitude, longitude):
        return int(latitude // self.cell_lat), int(longitude // self.cell_lon)

    def add(self, latitude, longitude, item):
        self.cells[self._cell(latitude, longitude)].append((latitude, longitude, item))

    def near(self, latitude, longitude, km):
        row, column = self._cell(latitude, longitude)
        for d_row in (-1, 0, 1):
            for d_column in (-1, 0, 1):
                for point in self.cells.get((row + d_row, column + d_column), ()):
                    if great_circle((latitude, longitude), point[:2]).km <= km:
                        yield point[2]


def places_by_type(service_types, near_wards) -> dict[int, dict[int, tuple[float, float, int | None]]]:
    """{type id: {place id: (lat, lon, ward id)}} for published places offering each type, near the wards."""
    box = _bounding_box_of(near_wards)
    places = Location.objects.published().filter(latitude__isnull=False)
    if box:
        places = places.filter(box)
    points = {place.pk: place for place in places.only("id", "latitude", "longitude", "ward_id", *FACILITY_FIELDS)}
    result = {service_type.pk: {} for service_type in service_types}
    links = ServiceLocation.objects.filter(
        service__live=True, location_id__in=points.keys(), service__types__in=service_types
    ).exclude(service__status="defunct")
    for location_id, type_id in links.values_list("location_id", "service__types").distinct():
        if type_id in result:
            place = points[location_id]
            result[type_id][location_id] = (place.latitude, place.longitude, place.ward_id)
    for service_type in service_types:
        facility = TYPE_FACILITIES.get(service_type.slug)
        if facility is None:
            continue
        for place in Location.objects.filter(pk__in=points.keys()).filter(**facility.lookup).only("id"):
            full = points[place.pk]
            result[service_type.pk][place.pk] = (full.latitude, full.longitude, full.ward_id)
    return result


FACILITY_FIELDS = ("has_free_wifi", "public_computers", "has_assistive_technology")


def _bounding_box_of(wards, margin_km=2.0):
    latitudes = [ward.centroid_latitude for ward in wards if ward.centroid_latitude is not None]
    longitudes = [ward.centroid_longitude for ward in wards if ward.centroid_longitude is not None]
    if not latitudes:
        return None
    centre = ((min(latitudes) + max(latitudes)) / 2, (min(longitudes) + max(longitudes)) / 2)
    half_span_km = max(
        great_circle(centre, (max(latitudes), centre[1])).km, great_circle(centre, (centre[0], max(longitudes))).km
    )
    return within_bounding_box(centre[0], centre[1], (half_span_km + margin_km + 3) / 1.609344)


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
    grids = {}
    for service_type in service_types:
        grid = PointGrid(walking_km)
        for place_id, (latitude, longitude, _ward) in offered[service_type.pk].items():
            grid.add(latitude, longitude, place_id)
        grids[service_type.pk] = grid

    postcodes_by_ward = defaultdict(list)
    for ward_id, latitude, longitude in Postcode.objects.filter(ward__in=wards).values_list(
        "ward_id", "latitude", "longitude"
    ):
        postcodes_by_ward[ward_id].append((latitude, longitude))

    results = []
    for ward in wards:
        postcodes = postcodes_by_ward.get(ward.pk, [])
        row = WardCoverage(ward=ward, deri_score=ward.deri_score, postcode_count=len(postcodes))
        for service_type in service_types:
            grid = grids[service_type.pk]
            reachable_places = set()
            covered = 0
            for latitude, longitude in postcodes:
                near = set(grid.near(latitude, longitude, walking_km))
                if near:
                    covered += 1
                    reachable_places |= near
            inside = sum(1 for (_lat, _lon, ward_id) in offered[service_type.pk].values() if ward_id == ward.pk)
            share = covered / len(postcodes) if postcodes else 0.0
            row.coverage.append(TypeCoverage(service_type, inside, len(reachable_places), share))
            if share < threshold:
                row.lacking.append(service_type)
        results.append(row)
    results.sort(key=lambda row: (row.deri_score is None, -(row.deri_score or 0), row.ward.name))
    return results
