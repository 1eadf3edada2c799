"""The map feed: every published place with the help held there, as GeoJSON, cached until something is published.

One feed for the whole directory, so every visitor's browser and the shared cache can reuse it, kept gzipped:
at national scale it is tens of megabytes of JSON and a tenth of that compressed. A map of one area (the
results map, a borough's insight map) asks for a bounding box instead, which is built from the rows each time.
"""

import gzip
import json
import time
from collections import defaultdict
from types import SimpleNamespace

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max
from django.urls import reverse

from locations.models import Location, LocationKind
from locations.models.places import FACILITY_FIELDS
from provision.models import Service, ServiceLocation, ServiceStatus

VERSION_KEY = "directory:version"
FEED_KEY = "directory:places-geojson-gzip:{version}"
ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")  # what Location.address joins
LAST_MODIFIED_KEY = "directory:last-modified:{version}"


def directory_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Started from the clock rather than 1: if the cache loses the version (culled, cleared), counting again
        # from 1 would meet feeds and figures cached (or held in a process) under the old numbers.
        candidate = time.time_ns()
        version = candidate if cache.add(VERSION_KEY, candidate, timeout=None) else cache.get(VERSION_KEY, candidate)
    return version


def directory_changed(**kwargs):
    """Connected to publish, unpublish, save and delete of places and services: the next request rebuilds."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def last_modified():
    """When a published place or service last changed; remembered for the directory's version like the feed."""
    key = LAST_MODIFIED_KEY.format(version=directory_version())
    found = cache.get(key)
    if found is None:
        found = {"latest": _last_modified()}  # wrapped: None (an empty directory) is worth remembering too
        cache.set(key, found, timeout=60 * 60 * 24)
    return found["latest"]


def _last_modified():
    latest = [
        Location.objects.published().aggregate(latest=Max("updated_at"))["latest"],
        Service.objects.published().aggregate(latest=Max("updated_at"))["latest"],
    ]
    latest = [moment for moment in latest if moment]
    return max(latest) if latest else None


# The whole feed, gzipped, as this process last read it: {"version": ..., "body": ..., "last_modified": ...}.
# Reading megabytes from the shared cache on every request would cost more than sending them.
_held = {}


def places_feed_gzip() -> tuple[int, bytes, object]:
    """(directory version, the whole feed as gzipped JSON, when it last changed), built once per version."""
    version = directory_version()
    if _held.get("version") != version:
        key = FEED_KEY.format(version=version)
        body = cache.get(key)
        if body is None:
            body = gzipped(feed_json(build_places_feed()))
            cache.set(key, body, timeout=60 * 60 * 24)
        _held.update(version=version, body=body, last_modified=last_modified())
    return _held["version"], _held["body"], _held["last_modified"]


def feed_json(feed: dict) -> bytes:
    return json.dumps(feed, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def gzipped(body: bytes) -> bytes:
    # mtime=0: the same feed compresses to the same bytes in every process.
    return gzip.compress(body, compresslevel=6, mtime=0)


def build_places_feed(bbox: tuple[float, float, float, float] | None = None) -> dict:
    """The feed, read as plain rows: building model instances for every place and service would take most of a
    minute for a national directory (100,000 services), and the first visitor after a publish would wait.

    bbox, (west, south, east, north) in degrees, keeps only the places within it.
    """
    from provision.filters import TYPE_FACILITIES

    published_service = {"service__live": True}
    defunct = {"service__status": ServiceStatus.DEFUNCT}
    services_at = defaultdict(set)
    service_places = defaultdict(list)
    # Joins rather than `service_id IN (published services)`, which SQLite answers slowly beside other lists.
    links = ServiceLocation.objects.filter(**published_service).exclude(**defunct).order_by()
    if bbox:
        links = links.filter(**_within(bbox, "location__"))
    for location_id, service_id, service_name in links.values_list("location_id", "service_id", "service__name"):
        services_at[location_id].add(service_name)
        service_places[service_id].append(location_id)
    types_at = defaultdict(set)
    typed = Service.types.through.objects.filter(**published_service).exclude(**defunct).order_by()
    if bbox:
        typed = typed.filter(service_id__in=list(service_places))
    for service_id, slug in typed.values_list("service_id", "servicetype__slug"):
        for location_id in service_places.get(service_id, ()):
            types_at[location_id].add(slug)

    kinds = dict(LocationKind.choices)
    url_of_slug = reverse("place_detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{slug}")
    fields = ["pk", "name", "kind", "slug", "latitude", "longitude", "is_sample", *ADDRESS_FIELDS]
    fields += [*FACILITY_FIELDS.values(), "public_computers"]
    places = (
        Location.objects.published()
        .filter(latitude__isnull=False, longitude__isnull=False, **(_within(bbox) if bbox else {}))
        .order_by("pk")
        .values(*fields)
    )
    features = []
    for row in places:
        # Location's own properties, read from the row, so the feed says what the place page says.
        place = SimpleNamespace(**row)
        facilities = Location.facilities.fget(place)
        features.append(
            {
                "type": "Feature",
                "id": row["pk"],
                "geometry": {"type": "Point", "coordinates": [round(row["longitude"], 6), round(row["latitude"], 6)]},
                "properties": {
                    "name": row["name"],
                    "kind": kinds.get(row["kind"], row["kind"]),
                    "url": url_of_slug.format(slug=row["slug"]),
                    "address": Location.address.fget(place),
                    "facilities": [facility.label for facility in facilities],
                    "services": sorted(services_at.get(row["pk"], ())),
                    "types": sorted(
                        types_at.get(row["pk"], set())
                        | {slug for slug, facility in TYPE_FACILITIES.items() if facility in facilities}
                    ),
                    "sample": row["is_sample"],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _within(bbox: tuple[float, float, float, float], prefix: str = "") -> dict:
    west, south, east, north = bbox
    return {f"{prefix}latitude__range": (south, north), f"{prefix}longitude__range": (west, east)}
