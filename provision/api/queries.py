"""What the API may show, the filters on it, and the prefetching that keeps a page's query count flat.

Public means published: a service that is live and not defunct (Service.objects.published()), at a place
that is live (Location.objects.published()). Rows hold the published version of a record, and a draft lives
only in its revision, so reading rows never shows a draft.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from locations.distance import within_bounding_box
from locations.models import Facility, Location, OpeningPeriod
from provision.api import taxonomies
from provision.api.ids import find_pk, make_id
from provision.api.params import ApiError, Nearness, ServiceFilters
from provision.models import Audience, Organisation, Service, ServiceLocation, ServiceSchedule, ServiceType
from provision.models.services import ServiceSession, ServiceStatus
from provision.search import miles_from

METRES_PER_MILE = 1609.344
MAX_AGE = 120  # the most a service's age limits may be
NOTHING = Q(pk__in=[])


def public_services():
    return Service.objects.published()


def public_links():
    # Joins, not `service_id IN (...) AND location_id IN (...)`: given two lists over the (service, location)
    # unique index, SQLite probes every pair of them, which grows with services × places (minutes at 100,000).
    # The conditions are those of Service.objects.published() and Location.objects.published().
    return ServiceLocation.objects.filter(service__live=True, location__live=True).exclude(
        service__status=ServiceStatus.DEFUNCT
    )


def fully_nested(services):
    """Services with everything /services/{id} shows, in a fixed number of queries for any number of them."""
    links = (
        ServiceLocation.objects.filter(location__live=True)  # a join: see public_links
        .select_related("location__local_authority")
        .prefetch_related("location__opening_periods")
        .order_by("sort_order", "pk")
    )
    return services.select_related("organisation").prefetch_related(
        "types",
        "audiences",
        "languages",
        Prefetch("service_locations", queryset=links, to_attr="public_links"),
        "schedules",
        Prefetch(
            "sessions",
            queryset=ServiceSession.objects.filter(date__gte=timezone.localdate()),
            to_attr="upcoming_sessions",
        ),
    )


def find_public_service(service_id: str):
    pk = find_pk(Service._meta.label_lower, service_id, public_services().values_list("pk", flat=True))
    if pk is None:
        return None
    return fully_nested(public_services().filter(pk=pk)).first()


# Filters ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """Where the filters apply: to services, or to services at locations (per place)."""

    service: str  # the path from the filtered model to the service, as a lookup prefix
    service_pk: str
    per_place: bool


SERVICES = Level(service="", service_pk="pk", per_place=False)
LINKS = Level(service="service__", service_pk="service_id", per_place=True)


def term_index() -> dict[str, tuple[str, object]]:
    """Every taxonomy term's identifier -> (kind, key)."""
    index = {
        make_id(ServiceType._meta.label_lower, pk): ("type", pk)
        for pk in ServiceType.objects.values_list("pk", flat=True)
    }
    index.update(
        {
            make_id(Audience._meta.label_lower, pk): ("audience", pk)
            for pk in Audience.objects.values_list("pk", flat=True)
        }
    )
    index.update({taxonomies.facility_term(facility).id: ("facility", facility) for facility in Facility})
    return index


def facility_q(level: Level, facilities) -> Q:
    """At a place with any of these facilities: the place itself, or any published place of the service."""
    at_place = Q()
    for facility in facilities:
        at_place |= Q(**{f"location__{lookup}": value for lookup, value in Facility(facility).lookup.items()})
    if level.per_place:
        return at_place
    places = ServiceLocation.objects.filter(at_place, location__in=Location.objects.published())
    return Q(pk__in=places.values("service_id"))


def filter_q(filters: ServiceFilters, level: Level) -> Q:
    """All the filters given, combined with AND."""
    s = level.service
    condition = Q()
    for word in filters.search_words:
        condition &= (
            Q(**{f"{s}name__icontains": word})
            | Q(**{f"{s}summary__icontains": word})
            | Q(**{f"{s}description__icontains": word})
            | Q(**{f"{s}organisation__name__icontains": word})
        )
    if filters.taxonomy_term_ids:
        index = term_index()
        for term_id in filters.taxonomy_term_ids:
            condition &= term_q(index.get(term_id), level)
    if filters.taxonomy_id:
        condition &= taxonomy_q(filters.taxonomy_id, level)
    if filters.organization_id:
        organisation_pk = find_pk(
            Organisation._meta.label_lower, filters.organization_id, Organisation.objects.values_list("pk", flat=True)
        )
        condition &= Q(**{f"{s}organisation_id": organisation_pk}) if organisation_pk is not None else NOTHING
    if filters.minimum_age is not None:
        # "A minimum age of at least the value": a service with no minimum has a minimum of 0. Ages are whole
        # numbers of at most MAX_AGE, so the value is rounded up and kept within what the column can compare.
        minimum = math.ceil(filters.minimum_age)
        if minimum > MAX_AGE:
            condition &= NOTHING
        elif minimum > 0:
            condition &= Q(**{f"{s}minimum_age__gte": minimum})
    if filters.maximum_age is not None:
        # "A maximum age equal to or below the value": a service with no maximum has none below anything.
        maximum = math.floor(filters.maximum_age)
        condition &= Q(**{f"{s}maximum_age__lte": min(maximum, MAX_AGE)}) if maximum >= 0 else NOTHING
    if filters.modified_after is not None:
        changed = Q(**{f"{s}updated_at__gte": filters.modified_after}) | Q(
            **{f"{s}organisation__updated_at__gte": filters.modified_after}
        )
        if level.per_place:
            changed |= Q(location__updated_at__gte=filters.modified_after)
        condition &= changed
    if filters.filters_availability:
        condition &= availability_q(filters, level)
    return condition


def term_q(found, level: Level) -> Q:
    if found is None:
        return NOTHING
    kind, key = found
    if kind == "facility":
        return facility_q(level, [key])
    services = Service.objects.filter(types=key) if kind == "type" else Service.objects.filter(audiences=key)
    return Q(**{f"{level.service_pk}__in": services.values("pk")})


def taxonomy_q(taxonomy_id: str, level: Level) -> Q:
    if taxonomy_id == taxonomies.SERVICE_TYPES.id:
        return Q(**{f"{level.service_pk}__in": Service.objects.filter(types__isnull=False).values("pk")})
    if taxonomy_id == taxonomies.AUDIENCES.id:
        return Q(**{f"{level.service_pk}__in": Service.objects.filter(audiences__isnull=False).values("pk")})
    if taxonomy_id == taxonomies.FACILITIES.id:
        return facility_q(level, list(Facility))
    return NOTHING


def availability_q(filters: ServiceFilters, level: Level) -> Q:
    """Runs on the day (and within the times) asked, as /services/{id} shows its schedules: its own repeating
    sessions, its dated sessions still to come, and, at a place where it has neither, the place's hours."""
    today = timezone.localdate()
    repeating, dated, hours = {}, {"date__gte": today}, {}
    if filters.day is not None:
        repeating["weekday"] = hours["weekday"] = filters.day
        dated["date__week_day"] = (filters.day + 1) % 7 + 1  # Django counts from Sunday = 1
    if filters.start_time is not None:
        repeating["starts__gte"] = dated["starts__gte"] = hours["opens__gte"] = filters.start_time
    if filters.end_time is not None:
        repeating["ends__lte"] = dated["ends__lte"] = hours["closes__lte"] = filters.end_time

    if level.per_place:
        here = Q(location__isnull=True) | Q(location=OuterRef("location_id"))
        service = OuterRef("service_id")
        own = Exists(ServiceSchedule.objects.filter(here, service=service, **repeating)) | Exists(
            ServiceSession.objects.filter(here, service=service, **dated)
        )
        untimed_here = ~Exists(ServiceSchedule.objects.filter(here, service=service)) & ~Exists(
            ServiceSession.objects.filter(here, service=service, date__gte=today)
        )
        place_hours = Exists(OpeningPeriod.objects.filter(location=OuterRef("location_id"), **hours))
        return own | (untimed_here & place_hours)

    service = OuterRef("pk")
    own = Exists(ServiceSchedule.objects.filter(service=service, **repeating)) | Exists(
        ServiceSession.objects.filter(service=service, **dated)
    )
    # Opening hours of a published place of the service where it has no sessions of its own.
    here = Q(location__isnull=True) | Q(location=OuterRef("location_id"))
    outer_service = OuterRef(OuterRef("pk"))
    place_hours = OpeningPeriod.objects.filter(
        location__in=Location.objects.published(), location__service_locations__service=service, **hours
    ).filter(
        ~Exists(ServiceSchedule.objects.filter(here, service=outer_service)),
        ~Exists(ServiceSession.objects.filter(here, service=outer_service, date__gte=today)),
    )
    return own | Exists(place_hours)


def filtered_services(filters: ServiceFilters):
    return public_services().filter(filter_q(filters, SERVICES)).order_by("name", "pk")


def filtered_links(filters: ServiceFilters):
    return public_links().filter(filter_q(filters, LINKS)).order_by("service__name", "location__name", "pk")


# Near a postcode -------------------------------------------------------------------------------------


def nearest_link_ids(links, nearness: Nearness) -> Sequence[int]:
    """The ids of the links at a place with a point, nearest the postcode first (within the proximity)."""
    from locations.geocoding import geocode

    origin = geocode(nearness.postcode)
    if origin is None:
        raise ApiError(400, f"We could not find the postcode {nearness.postcode!r}.")
    candidates = links.filter(location__latitude__isnull=False, location__longitude__isnull=False).order_by()
    nearest = NearestLinks(candidates, origin.latitude, origin.longitude)
    if nearness.proximity_metres is not None:
        return nearest.within(nearness.proximity_metres / METRES_PER_MILE)
    return nearest


class NearestLinks(Sequence):
    """Every candidate link's id, nearest a point first (ties by id), measuring only as far out as a page needs.

    Its length is one COUNT; a slice grows a bounding box (the latitude/longitude index answers it) until the
    box holds enough links, so the first pages near a postcode never read the whole country's links.
    """

    FIRST_RADIUS_MILES = 2.0
    WHOLE_EARTH_MILES = 12_500.0  # more than half the earth's circumference: every point is within it

    def __init__(self, candidates, latitude: float, longitude: float):
        self.candidates = candidates
        self.latitude, self.longitude = latitude, longitude
        self.distance_to = miles_from(latitude, longitude)
        self._count = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.candidates.count()
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            return self.nearest(stop)[start:stop:step]
        position = range(len(self))[index]  # IndexError when out of range, as a list says
        return self.nearest(position + 1)[position]

    def nearest(self, how_many: int) -> list[int]:
        """The ids of (at least) the `how_many` nearest links, nearest first."""
        if how_many <= 0:
            return []
        radius = self.FIRST_RADIUS_MILES
        while True:
            ids = self.within(radius)
            if len(ids) >= how_many or radius >= self.WHOLE_EARTH_MILES:
                return ids
            radius *= 4

    def within(self, radius: float) -> list[int]:
        """The ids of the links within `radius` miles, nearest first."""
        candidates = self.candidates
        if radius < self.WHOLE_EARTH_MILES:
            candidates = candidates.filter(
                within_bounding_box(self.latitude, self.longitude, radius, "location__latitude", "location__longitude")
            )
        pairs = [
            (self.distance_to(latitude, longitude), pk)
            for pk, latitude, longitude in candidates.values_list("pk", "location__latitude", "location__longitude")
        ]
        return [pk for distance, pk in sorted(pairs) if distance <= radius]


def services_for_page(ids: list[int]) -> list:
    found = Service.objects.select_related("organisation").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def links_for_page(ids: list[int]) -> list:
    found = ServiceLocation.objects.select_related("service__organisation", "location__local_authority").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def links_for_list(links):
    return links.select_related("service__organisation", "location__local_authority")
