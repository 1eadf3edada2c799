"""The map feed: every published place with the help held there, as GeoJSON, cached until something is published.

One feed for the whole directory, so every visitor's browser and the shared cache can reuse it; the results
map shows the markers of the places in the list on screen.
"""

from collections import defaultdict
from types import SimpleNamespace

from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse

from locations.models import Location, LocationKind
from locations.models.places import FACILITY_FIELDS
from provision.models import Service, ServiceLocation, ServiceStatus

VERSION_KEY = "directory:version"
FEED_KEY = "directory:places-geojson:{version}"
ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")  # what Location.address joins
LAST_MODIFIED_KEY = "directory:last-modified:{version}"


def directory_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return version


def directory_changed(**kwargs):
    """Connected to publish, unpublish, save and delete of places and services: the next request rebuilds."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


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


def places_feed() -> dict:
    key = FEED_KEY.format(version=directory_version())
    feed = cache.get(key)
    if feed is None:
        feed = build_places_feed()
        cache.set(key, feed, timeout=60 * 60 * 24)
    return feed


def build_places_feed() -> dict:
    """The feed, read as plain rows: building model instances for every place and service would take most of a
    minute for a national directory (100,000 services), and the first visitor after a publish would wait."""
    from provision.filters import TYPE_FACILITIES

    published_service = {"service__live": True}
    defunct = {"service__status": ServiceStatus.DEFUNCT}
    services_at = defaultdict(set)
    service_places = defaultdict(list)
    # Joins rather than `service_id IN (published services)`, which SQLite answers slowly beside other lists.
    links = ServiceLocation.objects.filter(**published_service).exclude(**defunct).order_by()
    for location_id, service_id, service_name in links.values_list("location_id", "service_id", "service__name"):
        services_at[location_id].add(service_name)
        service_places[service_id].append(location_id)
    types_at = defaultdict(set)
    typed = Service.types.through.objects.filter(**published_service).exclude(**defunct).order_by()
    for service_id, slug in typed.values_list("service_id", "servicetype__slug"):
        for location_id in service_places.get(service_id, ()):
            types_at[location_id].add(slug)

    kinds = dict(LocationKind.choices)
    url_of_slug = reverse("place_detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{slug}")
    fields = ["pk", "name", "kind", "slug", "latitude", "longitude", "is_sample", *ADDRESS_FIELDS]
    fields += [*FACILITY_FIELDS.values(), "public_computers"]
    places = (
        Location.objects.published()
        .filter(latitude__isnull=False, longitude__isnull=False)
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
