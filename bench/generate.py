"""A synthetic directory at a chosen scale: organisations, places across Great Britain, services, hours.

Rows are written with bulk_create and published (live=True) without Wagtail revisions: the public pages and
the API read rows, never revisions, so they see exactly what a published record looks like. The real
geography (wards, postcodes, outward codes, DERI) and the demo borough come from load_demo_data first, so
postcode search, the home page and the gap analysis work as on a real site.
"""

import csv
import datetime as dt
import random
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

SLUG_PREFIX = "bench-"
OUTCODES_CSV = Path(settings.BASE_DIR) / "locations" / "data" / "outcode_centroids_cpo2025.csv"
BATCH = 2000

PLACE_WORDS = ["Library", "Community Centre", "Family Hub", "Hub", "Church Hall", "Learning Centre", "Café"]
SERVICE_WORDS = [
    "Digital drop-in",
    "Computer club",
    "Get online week",
    "Tablet lending",
    "Job club",
    "Online safety workshop",
    "Help with forms",
    "NHS App help",
    "Coding club",
    "Silver surfers",
]
STREETS = ["High Street", "Station Road", "Church Lane", "Park Road", "Market Place", "Mill Lane", "Victoria Road"]


def outcodes() -> list[tuple[str, float, float, int]]:
    with OUTCODES_CSV.open(newline="", encoding="utf-8") as handle:
        return [
            (row["outcode"], float(row["latitude"]), float(row["longitude"]), max(int(row["n_postcodes"] or 1), 1))
            for row in csv.DictReader(handle)
        ]


def synthetic_count() -> int:
    from provision.models import Service

    return Service.objects.filter(slug__startswith=SLUG_PREFIX).count()


def generate(scale: int, seed: int = 8, log=print) -> dict:
    """Add `scale` published services (about scale/2 places, scale/20 organisations) to the current database."""
    from locations.models import Location, LocationKind, OpeningException, OpeningPeriod
    from provision.models import (
        AccessMethod,
        Audience,
        CostKind,
        Language,
        Organisation,
        Service,
        ServiceLocation,
        ServiceSchedule,
        ServiceSession,
        ServiceStatus,
        ServiceType,
    )
    from provision.models.organisations import OrganisationKind

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    points = outcodes()
    weights = [weight for *_, weight in points]
    types = list(ServiceType.objects.all())
    audiences = list(Audience.objects.all())
    languages = list(Language.objects.all())
    published = {"live": True, "has_unpublished_changes": False, "first_published_at": now, "last_published_at": now}

    n_places = max(scale // 2, 1)
    n_organisations = max(scale // 20, 1)
    counts = {}
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    name=f"Bench organisation {index}",
                    slug=f"{SLUG_PREFIX}organisation-{index}",
                    kind=rng.choice(OrganisationKind.values),
                    description="A synthetic organisation for the benchmark.",
                )
                for index in range(n_organisations)
            ],
            batch_size=BATCH,
        )
        counts["organisations"] = len(organisations)

        places = []
        for index, (outcode, latitude, longitude, _) in enumerate(rng.choices(points, weights=weights, k=n_places)):
            places.append(
                Location(
                    name=f"{outcode} {rng.choice(PLACE_WORDS)} {index}",
                    slug=f"{SLUG_PREFIX}place-{index}",
                    kind=rng.choice(LocationKind.values),
                    description="A synthetic place for the benchmark.",
                    address_line_1=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                    town="",
                    postcode=f"{outcode} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                    latitude=latitude + rng.uniform(-0.02, 0.02),
                    longitude=longitude + rng.uniform(-0.03, 0.03),
                    has_free_wifi=rng.random() < 0.5,
                    public_computers=rng.choice([0, 0, 2, 4, 8]),
                    has_printing=rng.random() < 0.3,
                    has_step_free_access=rng.random() < 0.6,
                    has_accessible_toilet=rng.random() < 0.4,
                    has_assistive_technology=rng.random() < 0.1,
                    phone="020 7946 0000",
                    **published,
                )
            )
        places = Location.objects.bulk_create(places, batch_size=BATCH)
        counts["places"] = len(places)
        log(f"  {len(places)} places")

        periods, exceptions = [], []
        for place in places:
            days = range(5) if rng.random() < 0.7 else range(6)
            lunch = rng.random() < 0.2
            for weekday in days:
                opens = dt.time(rng.choice([8, 9, 10]))
                if lunch:
                    periods.append(OpeningPeriod(location=place, weekday=weekday, opens=opens, closes=dt.time(13)))
                    periods.append(
                        OpeningPeriod(location=place, weekday=weekday, opens=dt.time(14), closes=dt.time(17))
                    )
                else:
                    closes = dt.time(rng.choice([16, 17, 18, 20]))
                    periods.append(OpeningPeriod(location=place, weekday=weekday, opens=opens, closes=closes))
            if rng.random() < 0.1:
                exceptions.append(
                    OpeningException(
                        location=place, date=today + dt.timedelta(days=rng.randint(1, 60)), reason="Closed"
                    )
                )
        for sort_order, period in enumerate(periods):
            period.sort_order = sort_order % 10
        OpeningPeriod.objects.bulk_create(periods, batch_size=BATCH)
        OpeningException.objects.bulk_create(exceptions, batch_size=BATCH)
        counts["opening_periods"] = len(periods)

        services = []
        for index in range(scale):
            free = rng.random() < 0.85
            remote = rng.random() < 0.05
            services.append(
                Service(
                    name=f"{rng.choice(SERVICE_WORDS)} {index}",
                    slug=f"{SLUG_PREFIX}service-{index}",
                    organisation=rng.choice(organisations),
                    summary="Friendly help to get online, for anyone who asks.",
                    description="A synthetic service for the benchmark. Bring your device and your questions.",
                    status=ServiceStatus.ACTIVE if rng.random() < 0.95 else ServiceStatus.TEMPORARILY_CLOSED,
                    cost=CostKind.FREE if free else CostKind.LOW_COST,
                    cost_description="" if free else "£2 a session",
                    how_to_access=rng.choice(AccessMethod.values),
                    booking_phone="020 7946 0001",
                    minimum_age=rng.choice([None, None, 16, 18, 60]),
                    offered_online=remote or rng.random() < 0.1,
                    offered_by_phone=remote,
                    last_reviewed=today - dt.timedelta(days=rng.randint(0, 400)),
                    **published,
                )
            )
        services = Service.objects.bulk_create(services, batch_size=BATCH)
        counts["services"] = len(services)
        log(f"  {len(services)} services")

        type_links, audience_links, language_links = [], [], []
        links, schedules, sessions = [], [], []
        for service in services:
            for service_type in rng.sample(types, rng.choice([1, 1, 2, 3])):
                type_links.append(Service.types.through(service_id=service.pk, servicetype_id=service_type.pk))
            for audience in rng.sample(audiences, rng.choice([0, 0, 1, 2])):
                audience_links.append(Service.audiences.through(service_id=service.pk, audience_id=audience.pk))
            for language in rng.sample(languages, rng.choice([0, 0, 1, 2])):
                language_links.append(Service.languages.through(service_id=service.pk, language_id=language.pk))
            if service.offered_by_phone:
                continue  # remote only: no place
            here = rng.sample(places, 2 if rng.random() < 0.1 else 1)
            for sort_order, place in enumerate(here):
                links.append(ServiceLocation(service=service, location=place, sort_order=sort_order))
            if rng.random() < 0.6:
                for sort_order in range(rng.choice([1, 2])):
                    starts = rng.choice([10, 11, 14, 18])
                    schedules.append(
                        ServiceSchedule(
                            service=service,
                            location=here[0],
                            weekday=rng.randrange(7),
                            starts=dt.time(starts),
                            ends=dt.time(starts + 2),
                            sort_order=sort_order,
                        )
                    )
            if rng.random() < 0.1:
                sessions.append(
                    ServiceSession(
                        service=service,
                        location=here[0],
                        date=today + dt.timedelta(days=rng.randint(1, 90)),
                        starts=dt.time(10),
                        ends=dt.time(12),
                    )
                )
        Service.types.through.objects.bulk_create(type_links, batch_size=BATCH)
        Service.audiences.through.objects.bulk_create(audience_links, batch_size=BATCH)
        Service.languages.through.objects.bulk_create(language_links, batch_size=BATCH)
        ServiceLocation.objects.bulk_create(links, batch_size=BATCH)
        ServiceSchedule.objects.bulk_create(schedules, batch_size=BATCH)
        ServiceSession.objects.bulk_create(sessions, batch_size=BATCH)
        counts.update(service_locations=len(links), schedules=len(schedules), sessions=len(sessions))
    return counts
