"""The digital inclusion scorecard for a month, quarter or year, each figure beside the previous period's.

Provision's own figures are here. Other apps add sections (the Digital Champions network adds its own) by
registering a function with `register_section`, so provision never imports them.
"""

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from locations.models import Location, LocationKind, Ward
from provision.models import Service, ServiceType

PERIODS = {"month": "Month", "quarter": "Quarter", "year": "Year"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> "Period":
        if kind == "year":
            return cls(kind, dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
        if kind == "quarter":
            first_month = 3 * ((day.month - 1) // 3) + 1
            last_month = first_month + 2
            return cls(
                kind,
                dt.date(day.year, first_month, 1),
                dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1]),
            )
        return cls("month", day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))

    @property
    def previous(self) -> "Period":
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    @property
    def label(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start:%B} to {self.end:%B %Y}"
        return f"{self.start:%B %Y}"

    @property
    def end_of_day(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.max))


@dataclass
class Figure:
    label: str
    value: float
    previous: float | None = None

    @property
    def change(self) -> float | None:
        return None if self.previous is None else self.value - self.previous

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "not compared"
        if self.change == 0:
            return "no change"
        sign = "up" if self.change > 0 else "down"
        return f"{sign} {abs(self.change):g}"


@dataclass
class Section:
    title: str
    figures: list[Figure] = field(default_factory=list)
    # Figures better shown as bars (a breakdown rather than a headline).
    chart: bool = False
    note: str = ""


SectionProvider = Callable[[Period], list[Section]]
_providers: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> SectionProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def build_scorecard(period: Period, local_authority_code: str | None = None) -> list[Section]:
    sections = provision_sections(period, local_authority_code)
    for provider in _providers:
        sections.extend(provider(period))
    return sections


def _listed_by(moment: dt.datetime):
    """Published records that existed by a moment (we keep no history of unpublishing)."""
    return Q(live=True, created_at__lte=moment)


def provision_sections(period: Period, local_authority_code: str | None = None) -> list[Section]:
    now_and_then = (period.end_of_day, period.previous.end_of_day)
    places = [Location.objects.filter(_listed_by(moment)) for moment in now_and_then]
    services = [Service.objects.exclude(status="defunct").filter(_listed_by(moment)) for moment in now_and_then]
    if local_authority_code:
        places = [queryset.filter(local_authority_id=local_authority_code) for queryset in places]
        services = [
            queryset.filter(service_locations__location__local_authority_id=local_authority_code).distinct()
            for queryset in services
        ]

    def pair(current, previous):
        return current.count(), previous.count()

    overview = Section("Provision", note="Published services and places at the end of each period.")
    overview.figures.append(Figure("Services listed", *pair(*services)))
    overview.figures.append(Figure("Places listed", *pair(*places)))
    overview.figures.append(
        Figure("Places with free Wi-Fi", *pair(*(queryset.filter(has_free_wifi=True) for queryset in places)))
    )
    overview.figures.append(
        Figure("Places with public computers", *pair(*(queryset.filter(public_computers__gt=0) for queryset in places)))
    )

    by_type = Section("Services by type of help", chart=True)
    for service_type in ServiceType.objects.all():
        by_type.figures.append(
            Figure(service_type.name, *pair(*(queryset.filter(types=service_type) for queryset in services)))
        )

    by_kind = Section("Places by kind", chart=True)
    for kind, label in LocationKind.choices:
        by_kind.figures.append(Figure(label, *pair(*(queryset.filter(kind=kind) for queryset in places))))

    return [overview, by_type, by_kind, risk_ward_coverage(period, local_authority_code)]


HIGHEST_RISK_WARD_COUNT = 5


def risk_ward_coverage(period: Period, local_authority_code: str | None) -> Section:
    """How many of the highest-risk wards have each kind of help inside them, now and at the previous period."""
    wards = Ward.objects.exclude(deri_score=None).order_by("-deri_score")
    if local_authority_code:
        wards = wards.filter(local_authority_id=local_authority_code)
    wards = list(wards[:HIGHEST_RISK_WARD_COUNT])
    section = Section(
        f"The {len(wards)} highest-risk wards",
        note=", ".join(ward.name for ward in wards) + ": wards with this help at a place inside them.",
    )
    if not wards:
        return section
    for label, condition in (
        ("With free Wi-Fi or public computers", Q(has_free_wifi=True) | Q(public_computers__gt=0)),
        ("With a drop-in or one-to-one help", Q(service_locations__service__types__slug="one-to-one-help")),
        ("With a digital skills course", Q(service_locations__service__types__slug="digital-skills-course")),
    ):
        counts = []
        for moment in (period.end_of_day, period.previous.end_of_day):
            covered = (
                Location.objects.filter(_listed_by(moment), ward__in=wards)
                .filter(condition)
                .values("ward")
                .distinct()
                .count()
            )
            counts.append(covered)
        section.figures.append(Figure(f"{label} (of {len(wards)})", *counts))
    return section


def top_counts(lists_of_values, limit=5) -> list[tuple[str, int]]:
    counter = Counter(value for values in lists_of_values for value in values)
    return counter.most_common(limit)
