"""A small published directory for the Open Referral UK API tests, with internal data planted in it.

Every internal or unpublished value carries MARKER, so a test can search a response's raw text for it.

    place (metres north of SW18 2PU)   published services there
    Near Library (300)                 Free Wi-Fi at the library (no sessions: the library's hours, Tue and Sat),
                                       Thursday drop-in (first Monday monthly, and one Saturday session)
    Middle Community Centre (1,500)    Thursday drop-in (Thursdays 10 to 12)
    Far Family Hub (6,000)             Beginners' computer course (every other Friday; temporarily closed)
    Unpublished place (200)            (Free Wi-Fi is linked to it, but the place is not published)
    nowhere                            Tech helpline (by phone)

Not published: "Never published" (a draft) and "Defunct" (at the library).
"""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from locations.factories import LocationFactory, OpeningPeriodFactory, PostcodeFactory, WardFactory
from provision.factories import (
    FundingSourceFactory,
    OrganisationFactory,
    ServiceFactory,
    ServiceScheduleFactory,
    ServiceSessionFactory,
)
from provision.models import OrganisationKind, ServiceStatus
from provision.models.services import ScheduleFrequency

API = "/api/oruk"
# Every query parameter the list endpoints read, for the tests that throw odd values at them.
API_FILTER_PARAMETERS = [
    "page",
    "per_page",
    "search",
    "text",
    "taxonomy_term_id",
    "taxonomy_id",
    "organization_id",
    "minimum_age",
    "maximum_age",
    "modified_after",
    "start_time",
    "end_time",
    "day",
    "postcode",
    "proximity",
]
MARKER = "zqxMARKERqxz"
# The annual cost, as it would be written in JSON or CSV.
MARKER_COST = Decimal("987654.32")
ORIGIN = (51.4500, -0.1900)
# 0.01 degrees of latitude is about 1,112 metres.
METRES_PER_LATITUDE_HUNDREDTH = 1112


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """Tests make many requests from one address; the throttling tests set their own limit."""
    settings.ORUK_API_RATE_LIMIT = 1_000_000


def get_json(client, path: str, params=None, status: int = 200):
    response = client.get(API + path, params or {})
    assert response.status_code == status, (path, params, response.status_code, response.content[:500])
    assert response["Access-Control-Allow-Origin"] == "*"
    return json.loads(response.content)


def place_north(metres: float, **kwargs):
    return LocationFactory(
        latitude=ORIGIN[0] + metres / METRES_PER_LATITUDE_HUNDREDTH * 0.01, longitude=ORIGIN[1], **kwargs
    )


def next_saturday() -> dt.date:
    """A Saturday more than a week away, so that day filters have a fixed day to find the dated session on."""
    today = timezone.localdate()
    return today + dt.timedelta(days=7 + ((5 - today.weekday()) % 7 or 7))


def plant_internal_data(service):
    """Fill every internal provision-mapping field of a service with MARKER values, and fund it."""
    commissioner = OrganisationFactory(name=f"Commissioner {MARKER}", kind=OrganisationKind.COUNCIL)
    service.commissioner = commissioner
    service.owner = OrganisationFactory(name=f"Owner {MARKER}")
    service.provider = OrganisationFactory(name=f"Provider {MARKER}")
    service.annual_cost = MARKER_COST
    service.lead_contact_name = f"Lead {MARKER}"
    service.lead_contact_role = f"Role {MARKER}"
    service.lead_contact_email = f"lead-{MARKER}@example.org"
    service.lead_contact_phone = "020 7946 0999"
    service.internal_notes = f"Notes {MARKER}"
    service.save()
    FundingSourceFactory(
        service=service, funder=None, funder_name=f"Funder {MARKER}", programme=f"Programme {MARKER}", annual_amount=1
    )


@pytest.fixture
def directory(db):
    return build_directory()


def build_directory() -> dict:
    ward = WardFactory(name="Fairfield", centroid_latitude=ORIGIN[0], centroid_longitude=ORIGIN[1])
    PostcodeFactory(postcode="SW18 2PU", ward=ward, latitude=ORIGIN[0], longitude=ORIGIN[1])

    library = place_north(
        300,
        name="Near Library",
        kind="library",
        address_line_1="1 Garratt Lane",
        address_line_2="Wandsworth",
        uprn="100023336956",
        has_free_wifi=True,
        public_computers=6,
        has_step_free_access=True,
        has_hearing_loop=True,
        accessibility_notes="Ramp at the side door.",
    )
    OpeningPeriodFactory(location=library, weekday=1, opens=dt.time(9), closes=dt.time(17))
    OpeningPeriodFactory(location=library, weekday=5, opens=dt.time(10), closes=dt.time(13))
    centre = place_north(1500, name="Middle Community Centre", has_free_wifi=False, public_computers=0)
    OpeningPeriodFactory(location=centre, weekday=3, opens=dt.time(10), closes=dt.time(14))
    far = place_north(6000, name="Far Family Hub", kind="family_hub")
    hidden_place = place_north(200, name=f"Unpublished place {MARKER}", publish=False, live=False)

    charity = OrganisationFactory(name="Helping Hands", charity_number="1234567", phone="020 7946 0000")
    council = OrganisationFactory(name="Wandsworth Libraries", kind=OrganisationKind.LIBRARY_SERVICE)

    wifi = ServiceFactory(
        name="Free Wi-Fi at the library",
        organisation=council,
        types=["free-wifi"],
        locations=[library, hidden_place],
    )
    drop_in = ServiceFactory(
        name="Thursday drop-in",
        organisation=charity,
        types=["one-to-one-help", "online-safety"],
        audiences=["older-people"],
        languages=["pl", "en"],
        locations=[centre, library],
        contact_name="Sam Public",
        email="dropin@helping-hands.example.org",
        phone="020 7946 0123",
        booking_phone="020 7946 0124",
        minimum_age=18,
        website="https://helping-hands.example.org/drop-in",
    )
    ServiceScheduleFactory(service=drop_in, weekday=3, starts=dt.time(10), ends=dt.time(12), location=centre)
    ServiceScheduleFactory(
        service=drop_in,
        weekday=0,
        frequency=ScheduleFrequency.MONTHLY,
        week_of_month=1,
        starts=dt.time(14),
        ends=dt.time(16),
        location=library,
    )
    ServiceSessionFactory(service=drop_in, location=library, date=next_saturday(), starts=dt.time(14), ends=dt.time(16))
    plant_internal_data(drop_in)

    course = ServiceFactory(
        name="Beginners' computer course",
        organisation=charity,
        types=["digital-skills-course"],
        audiences=["jobseekers"],
        locations=[far],
        cost="low_cost",
        cost_description="£1 a session",
        minimum_age=16,
        maximum_age=25,
        status=ServiceStatus.TEMPORARILY_CLOSED,
    )
    ServiceScheduleFactory(
        service=course,
        weekday=4,
        frequency=ScheduleFrequency.FORTNIGHTLY,
        valid_from=dt.date(2026, 1, 9),
        starts=dt.time(18),
        ends=dt.time(20),
        location=far,
    )
    phone_line = ServiceFactory(
        name="Tech helpline", organisation=charity, types=["one-to-one-help"], offered_by_phone=True, maximum_age=120
    )
    ServiceFactory(name=f"Never published {MARKER}", organisation=charity, live=False)
    ServiceFactory(name=f"Defunct {MARKER}", organisation=charity, status=ServiceStatus.DEFUNCT, locations=[library])
    return {
        "library": library,
        "centre": centre,
        "far": far,
        "hidden_place": hidden_place,
        "charity": charity,
        "council": council,
        "wifi": wifi,
        "drop_in": drop_in,
        "course": course,
        "phone_line": phone_line,
    }
