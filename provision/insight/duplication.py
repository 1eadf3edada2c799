"""Possible duplication: the same type of help from different providers, close together, at overlapping times."""

from dataclasses import dataclass
from itertools import combinations

from geopy.distance import great_circle

from provision.models import Service, ServiceSchedule, ServiceType

DEFAULT_DUPLICATE_KM = 0.5


@dataclass(frozen=True)
class Overlap:
    service_type: ServiceType
    first: ServiceSchedule
    second: ServiceSchedule
    distance_km: float

    @property
    def when(self) -> str:
        start = max(self.first.starts, self.second.starts)
        end = min(self.first.ends, self.second.ends)
        return f"{self.first.get_weekday_display()}s {start:%H:%M} to {end:%H:%M}"


def _times_overlap(a: ServiceSchedule, b: ServiceSchedule) -> bool:
    if a.weekday != b.weekday:
        return False
    if a.frequency == "monthly" and b.frequency == "monthly" and a.week_of_month != b.week_of_month:
        return False
    return a.starts < b.ends and b.starts < a.ends


def _place_of(schedule: ServiceSchedule):
    if schedule.location is not None:
        return schedule.location
    links = schedule.service.service_locations.all()
    return links[0].location if len(links) == 1 else None


def find_duplication(max_km: float = DEFAULT_DUPLICATE_KM, local_authority_code: str | None = None) -> list[Overlap]:
    schedules = list(
        ServiceSchedule.objects.filter(service__in=Service.objects.published())
        .select_related("location", "service__organisation")
        .prefetch_related("service__types", "service__service_locations__location")
    )
    by_type: dict[int, list[ServiceSchedule]] = {}
    types = {}
    for schedule in schedules:
        place = _place_of(schedule)
        if place is None or place.latitude is None:
            continue
        if local_authority_code and place.local_authority_id != local_authority_code:
            continue
        for service_type in schedule.service.types.all():
            types[service_type.pk] = service_type
            by_type.setdefault(service_type.pk, []).append(schedule)

    overlaps = []
    for type_id, group in by_type.items():
        for first, second in combinations(group, 2):
            if first.service.organisation_id == second.service.organisation_id:
                continue
            if not _times_overlap(first, second):
                continue
            a, b = _place_of(first), _place_of(second)
            distance = great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km
            if distance <= max_km:
                overlaps.append(Overlap(types[type_id], first, second, round(distance, 2)))
    return sorted(overlaps, key=lambda overlap: (overlap.service_type.name, overlap.distance_km))
