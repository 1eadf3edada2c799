"""Plain-Python geometry on GeoJSON (Polygon and MultiPolygon) boundaries: no GDAL or shapely needed.

Coordinates are GeoJSON's (longitude, latitude). Ward and LSOA areas are a few square kilometres, small
enough to treat longitude and latitude as flat coordinates for containment and centroids; distances to a
boundary use a local projection that is accurate to a few metres at that scale.
"""

import math
from collections.abc import Iterable

Ring = list[tuple[float, float]]
Polygon = list[Ring]  # the outer ring, then any holes

METRES_PER_DEGREE_LATITUDE = 111_195


def polygons(geometry: dict | None) -> list[Polygon]:
    """The polygons of a GeoJSON Polygon or MultiPolygon geometry; [] for anything else."""
    if not geometry:
        return []
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        coordinates = [coordinates]
    elif kind != "MultiPolygon":
        return []
    return [[[(float(x), float(y)) for x, y, *_ in ring] for ring in polygon] for polygon in coordinates]


def bounds(geometry: dict | None) -> tuple[float, float, float, float] | None:
    """(min_longitude, min_latitude, max_longitude, max_latitude) of the outer rings, or None."""
    points = [point for polygon in polygons(geometry) for point in polygon[0]] if geometry else []
    if not points:
        return None
    longitudes, latitudes = zip(*points, strict=True)
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def _ring_contains(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: a point is inside when a ray from it crosses the ring's edges an odd number of times."""
    inside = False
    previous_x, previous_y = ring[-1]
    for current_x, current_y in ring:
        if (current_y > y) != (previous_y > y):
            crossing_x = current_x + (y - current_y) * (previous_x - current_x) / (previous_y - current_y)
            if x < crossing_x:
                inside = not inside
        previous_x, previous_y = current_x, current_y
    return inside


def _box_contains(ring: Ring, x: float, y: float) -> bool:
    longitudes = [point[0] for point in ring]
    latitudes = [point[1] for point in ring]
    return min(longitudes) <= x <= max(longitudes) and min(latitudes) <= y <= max(latitudes)


def contains(geometry: dict | None, latitude: float, longitude: float) -> bool:
    """Whether the point is inside the geometry (inside an outer ring and not in one of its holes)."""
    return any(
        _box_contains(polygon[0], longitude, latitude)  # cheap test first: most polygons are far away
        and _ring_contains(polygon[0], longitude, latitude)
        and not any(_ring_contains(hole, longitude, latitude) for hole in polygon[1:])
        for polygon in polygons(geometry)
    )


def _signed_area_and_centroid(ring: Ring) -> tuple[float, float, float]:
    """The shoelace formula: the ring's signed area and the centre of that area."""
    area = centre_x = centre_y = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        centre_x += (x1 + x2) * cross
        centre_y += (y1 + y2) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, centre_x / (6 * area), centre_y / (6 * area)


def centroid(geometry: dict | None) -> tuple[float, float] | None:
    """The (latitude, longitude) of the centre of area, holes taken out; None for an empty geometry.

    Each ring's area counts with its sign made to agree with its role (outer rings add, holes subtract), so
    the result does not depend on the rings' winding order.
    """
    total_area = weighted_x = weighted_y = 0.0
    for polygon in polygons(geometry):
        for index, ring in enumerate(polygon):
            area, x, y = _signed_area_and_centroid(ring)
            area = abs(area) if index == 0 else -abs(area)
            total_area += area
            weighted_x += area * x
            weighted_y += area * y
    if total_area == 0:
        box = bounds(geometry)
        if box is None:
            return None
        return (box[1] + box[3]) / 2, (box[0] + box[2]) / 2
    return weighted_y / total_area, weighted_x / total_area


def _segments(geometry: dict) -> Iterable[tuple[tuple[float, float], tuple[float, float]]]:
    for polygon in polygons(geometry):
        for ring in polygon:
            yield from zip(ring, ring[1:] + ring[:1], strict=True)


def distance_to_edge_km(geometry: dict | None, latitude: float, longitude: float) -> float | None:
    """How far a point is from the nearest edge of the geometry, in kilometres (None for no geometry)."""
    metres_per_degree_longitude = METRES_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude))

    def project(point: tuple[float, float]) -> tuple[float, float]:
        return point[0] * metres_per_degree_longitude, point[1] * METRES_PER_DEGREE_LATITUDE

    px, py = project((longitude, latitude))
    nearest = None
    for start, end in _segments(geometry or {}):
        (ax, ay), (bx, by) = project(start), project(end)
        dx, dy = bx - ax, by - ay
        length_squared = dx * dx + dy * dy
        along = 0.0 if length_squared == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length_squared))
        distance = math.hypot(px - (ax + along * dx), py - (ay + along * dy))
        nearest = distance if nearest is None else min(nearest, distance)
    return None if nearest is None else nearest / 1000
