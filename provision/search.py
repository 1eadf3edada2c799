"""Find digital help near a place: where to search from, which places are near, what is on there and when."""

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from geopy.distance import EARTH_RADIUS

from locations.distance import within_bounding_box
from locations.formatting import clock_time, miles
from locations.models import Location, OpeningException, OpeningPeriod, OutcodeCentroid, Postcode
from locations.postcodes import is_full_postcode
from provision.filters import WEEKDAY_NUMBERS, DirectoryFilter
from provision.models import Service, ServiceLocation


def miles_from(latitude: float, longitude: float) -> Callable[[float, float], float]:
    """A function giving the great-circle miles from this point to (latitude, longitude).

    The same formula and radius as locations.distance.distance_miles (geopy's great_circle), with the origin's
    trigonometry done once: about fifty times faster, which matters when thousands of points are measured.
    """
    lat1, lng1 = math.radians(latitude), math.radians(longitude)
    sin_lat1, cos_lat1 = math.sin(lat1), math.cos(lat1)

    def distance_to(to_latitude: float, to_longitude: float) -> float:
        lat2 = math.radians(to_latitude)
        sin_lat2, cos_lat2 = math.sin(lat2), math.cos(lat2)
        delta_lng = math.radians(to_longitude) - lng1
        cos_delta_lng, sin_delta_lng = math.cos(delta_lng), math.sin(delta_lng)
        angle = math.atan2(
            math.sqrt(
                (cos_lat2 * sin_delta_lng) ** 2 + (cos_lat1 * sin_lat2 - sin_lat1 * cos_lat2 * cos_delta_lng) ** 2
            ),
            sin_lat1 * sin_lat2 + cos_lat1 * cos_lat2 * cos_delta_lng,
        )
        return EARTH_RADIUS * angle / 1.609344  # kilometres to miles, as geopy converts

    return distance_to


@dataclass(frozen=True)
class Origin:
    latitude: float
    longitude: float
    label: str
    is_approximate: bool = False
    outside_area: bool = False
    # Said above the results when the point is not exactly where the resident asked about.
    note: str = ""


def resolve_origin(query: str) -> Origin | None:
    """Where a resident's words put them: a postcode, part of one, a ward, or the name of a place.

    Raises OnlineGeocoderUnavailable when only the (failing) online geocoder could have answered."""
    from locations.geocoding import OnlineGeocoderUnavailable, geocode

    try:
        result = geocode(query, report_outage=True)
    except OnlineGeocoderUnavailable:
        # One of our own places may still match the words; if none does, the outage is the answer.
        place = _published_place_named(query)
        if place is None:
            raise
        return Origin(place.latitude, place.longitude, place.name)
    if result is not None:
        outside_area = result.local_authority is None
        if outside_area:
            note = (
                f"{result.label} is outside the areas this service covers, so there may be little help listed near it."
            )
        elif result.is_approximate and is_full_postcode(query):
            note = f"We could not find that exact postcode, so we searched from the middle of {result.label}. Distances are approximate."
        elif result.is_approximate:
            note = f"Distances are measured from the middle of {result.label}."
        else:
            note = ""
        return Origin(
            latitude=result.latitude,
            longitude=result.longitude,
            label=result.label,
            is_approximate=result.is_approximate,
            outside_area=outside_area,
            note=note,
        )
    place = _published_place_named(query)
    if place is not None:
        return Origin(place.latitude, place.longitude, place.name)
    return None


def _published_place_named(query: str) -> Location | None:
    return Location.objects.published().filter(name__icontains=query, latitude__isnull=False).first()


# How far to look for the postcode (then the postcode district) nearest a resident's own location. Every
# postcode in our boroughs has a centre within a few hundred metres of any point in them, so a point with none
# within half a mile is outside the area; the district is only a name to show, so it may be further.
NEAREST_POSTCODE_MILES = 0.5
NEAREST_DISTRICT_MILES = 5.0


def origin_from_point(latitude: float, longitude: float) -> Origin:
    """A resident's own location (from their browser): named by the nearest postcode district we hold.

    Only our own tables are read, never an online geocoder: the point goes nowhere but our database.
    """
    local_authority = None
    postcode = _nearest(
        Postcode.objects.select_related("ward__local_authority", "local_authority"),
        latitude,
        longitude,
        NEAREST_POSTCODE_MILES,
    )
    if postcode is not None:
        district = postcode.outcode
        local_authority = postcode.local_authority or (postcode.ward.local_authority if postcode.ward else None)
    else:
        centroid = _nearest(OutcodeCentroid.objects.all(), latitude, longitude, NEAREST_DISTRICT_MILES)
        district = centroid.outcode if centroid else ""
    label = f"your location ({district})" if district else "your location"
    outside_area = local_authority is None
    if outside_area:
        # As for a postcode outside the area: still searched, with a warning.
        note = "Your location is outside the areas this service covers, so there may be little help listed near it."
    else:
        note = ""
    return Origin(latitude=latitude, longitude=longitude, label=label, outside_area=outside_area, note=note)


def _nearest(queryset, latitude: float, longitude: float, radius: float):
    """The row of `queryset` nearest the point within `radius` miles, or None."""
    distance_to = miles_from(latitude, longitude)
    # Plain rows first: in a city, half a mile around a point holds a thousand postcodes.
    rows = queryset.filter(within_bounding_box(latitude, longitude, radius)).values_list("pk", "latitude", "longitude")
    distance, pk = min(((distance_to(lat, lon), pk) for pk, lat, lon in rows), default=(math.inf, None))
    if distance > radius:
        return None
    return queryset.get(pk=pk)


@dataclass
class ServiceHere:
    service: Service
    next_session: tuple | None

    @property
    def next_session_text(self) -> str:
        if not self.next_session:
            return ""
        return describe_moment(self.next_session[0])


@dataclass
class PlaceResult:
    place: Location
    distance: float
    services: list[ServiceHere] = field(default_factory=list)
    open_now: bool = False
    closes_at: dt.time | None = None
    next_opening: dt.datetime | None = None

    @property
    def distance_text(self) -> str:
        return miles(self.distance)

    @property
    def opening_text(self) -> str:
        if self.open_now and self.closes_at:
            return f"Open now, closes {clock_time(self.closes_at)}"
        if self.next_opening:
            return f"Closed now, opens {describe_moment(self.next_opening)}"
        return ""


def describe_moment(moment: dt.datetime, now: dt.datetime | None = None) -> str:
    """'today at 10am', 'tomorrow at 2pm', 'Tuesday at 10am', '3 March at 10am'."""
    now = now or timezone.localtime()
    days = (moment.date() - now.date()).days
    if days == 0:
        day = "today"
    elif days == 1:
        day = "tomorrow"
    elif days < 7:
        day = f"{moment:%A}"
    else:
        day = f"{moment.day} {moment:%B}"
    return f"{day} at {clock_time(moment.time())}"


class DirectorySearch:
    """Runs one search. Distance is exact (great circle) after a bounding-box prefilter the index answers."""

    def __init__(self, directory_filter: DirectoryFilter, origin: Origin, now: dt.datetime | None = None):
        self.filter = directory_filter
        self.origin = origin
        self.now = now or timezone.localtime()
        self.radius = directory_filter.distance_miles

    def candidate_places(self):
        queryset = self.filter.qs.filter(within_bounding_box(self.origin.latitude, self.origin.longitude, self.radius))
        return queryset.only("id", "latitude", "longitude").order_by()

    def nearby(self) -> list[tuple[int, float]]:
        """(place id, miles) for every matching place within the radius, nearest first."""
        distance_to = miles_from(self.origin.latitude, self.origin.longitude)
        pairs = [
            (pk, distance_to(latitude, longitude))
            for pk, latitude, longitude in self.candidate_places().values_list("pk", "latitude", "longitude")
        ]
        pairs = [pair for pair in pairs if pair[1] <= self.radius]
        open_filter = self.filter.form.cleaned_data.get("open")
        if open_filter:
            keep = self._open_place_ids([pk for pk, _ in pairs], open_filter)
            pairs = [pair for pair in pairs if pair[0] in keep]
        return sorted(pairs, key=lambda pair: (pair[1], pair[0]))

    def _places_with_hours_on(self, place_ids: list[int], date: dt.date):
        """The places, with only the opening periods and exceptions that can matter on `date` prefetched."""
        return (
            Location.objects.filter(pk__in=place_ids)
            .only("pk")
            .prefetch_related(
                Prefetch("opening_periods", queryset=OpeningPeriod.objects.filter(weekday=date.weekday())),
                Prefetch("opening_exceptions", queryset=OpeningException.objects.filter(date=date)),
            )
        )

    @staticmethod
    def _places_open_on(place_ids: list[int], date: dt.date) -> set[int]:
        """The places open at some time on `date`, as Location.opening_spans_on says, read as plain rows: a
        search can have hundreds of candidate places, and model instances for each cost more than the query."""
        exceptions = {}
        for location_id, closed, opens in OpeningException.objects.filter(
            location_id__in=place_ids, date=date
        ).values_list("location_id", "closed", "opens"):
            # An exception replaces the day's usual hours; the place opens if any exception gives hours.
            exceptions[location_id] = exceptions.get(location_id, False) or (not closed and opens is not None)
        usual = set(
            OpeningPeriod.objects.filter(location_id__in=place_ids, weekday=date.weekday()).values_list(
                "location_id", flat=True
            )
        )
        return {pk for pk in place_ids if exceptions.get(pk, pk in usual)}

    def _open_place_ids(self, place_ids: list[int], open_filter: str) -> set[int]:
        if open_filter == "now":
            places = self._places_with_hours_on(place_ids, self.now.date())
            return {place.pk for place in places if place.is_open_at(self.now)}
        weekday = WEEKDAY_NUMBERS[open_filter]
        days_ahead = (weekday - self.now.weekday()) % 7
        date = self.now.date() + dt.timedelta(days=days_ahead)
        open_places = self._places_open_on(place_ids, date)
        matching = self.filter.matching_services().filter(pk=OuterRef("service_id"))  # Exists: see results_for
        with_sessions = set(
            ServiceLocation.objects.filter(
                Exists(matching), location_id__in=place_ids, service__schedules__weekday=weekday
            ).values_list("location_id", flat=True)
        )
        return open_places | with_sessions

    def results_for(self, page_of_pairs: list[tuple[int, float]]) -> list[PlaceResult]:
        """Full results for one page of (place id, distance), in a fixed number of queries."""
        ids = [pk for pk, _ in page_of_pairs]
        # Exists per link rather than `service_id IN (matching services)`: beside the prefetch's
        # `location_id IN (...)`, SQLite would probe the (service, place) index for every pair of the two lists.
        matching = self.filter.matching_services().filter(pk=OuterRef("service_id"))
        services_here = (
            ServiceLocation.objects.filter(Exists(matching))
            .select_related("service", "service__organisation")
            .prefetch_related("service__types", "service__schedules", "service__sessions")
        )
        places = Location.objects.filter(pk__in=ids).prefetch_related(
            "opening_periods",
            "opening_exceptions",
            Prefetch("service_locations", queryset=services_here, to_attr="matching_links"),
        )
        by_id = {place.pk: place for place in places}
        results = []
        for pk, distance in page_of_pairs:
            place = by_id[pk]
            result = PlaceResult(place=place, distance=distance)
            result.open_now = place.is_open_at(self.now)
            result.closes_at = place.closes_at(self.now)
            if not result.open_now:
                result.next_opening = place.next_opening(self.now)
            result.services = [
                ServiceHere(link.service, self._next_session_here(link.service, place)) for link in place.matching_links
            ]
            results.append(result)
        return results

    def _next_session_here(self, service: Service, place: Location):
        here = [schedule for schedule in service.schedules.all() if schedule.location_id in (None, place.pk)]
        candidates = [occurrence for schedule in here if (occurrence := schedule.next_occurrence(self.now))]
        candidates += [
            (session.starts_at(self.now.tzinfo), session.ends_at(self.now.tzinfo), session.location)
            for session in service.sessions.all()
            if session.location_id in (None, place.pk) and session.ends_at(self.now.tzinfo) > self.now
        ]
        return min(candidates, key=lambda occurrence: occurrence[0], default=None)

    def remote_services(self, limit: int = 10):
        """Help by phone or online, which has no distance: shown after the places."""
        # Exists rather than a join with DISTINCT over every column: this way the name-order index gives the
        # services in order and the query stops at `limit`, instead of sorting every matching service.
        matching = self.filter.matching_services().filter(pk=OuterRef("pk"))
        placed = ServiceLocation.objects.filter(service=OuterRef("pk"))
        return (
            Service.objects.published()
            .filter(Exists(matching), ~Exists(placed))
            .select_related("organisation")
            .prefetch_related("types")
            .order_by("name", "pk")[:limit]
        )
