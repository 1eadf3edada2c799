"""A small borough for directory tests: one ward, a few postcodes and places at known distances."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from locations.factories import (
    LocationFactory,
    OpeningPeriodFactory,
    OutcodeCentroidFactory,
    PostcodeFactory,
    WardFactory,
)
from provision.factories import OrganisationFactory, ServiceFactory, ServiceScheduleFactory

LONDON = ZoneInfo("Europe/London")
# A Tuesday in term time, mid-morning.
TUESDAY_11AM = dt.datetime(2026, 11, 24, 11, 0, tzinfo=LONDON)
ORIGIN = (51.4500, -0.1900)
# Roughly 0.69 miles per 0.01 degrees of latitude.
MILE_IN_LATITUDE = 0.01449


def seed_taxonomy():
    """The managed lists from the migration, which a live-server test's flush has removed."""
    from importlib import import_module

    from django.apps import apps

    import_module("provision.migrations.0003_seed_taxonomy").seed_taxonomy(apps, None)


@pytest.fixture
def borough(db):
    seed_taxonomy()
    ward = WardFactory(name="Fairfield", centroid_latitude=ORIGIN[0], centroid_longitude=ORIGIN[1])
    PostcodeFactory(postcode="SW18 2PU", ward=ward, latitude=ORIGIN[0], longitude=ORIGIN[1])
    OutcodeCentroidFactory(outcode="SW18", latitude=ORIGIN[0] + 0.005, longitude=ORIGIN[1])
    # A district outside every loaded borough.
    OutcodeCentroidFactory(outcode="M1", latitude=53.4794, longitude=-2.2453, main_local_authority_code="E08000003")
    return ward


def place_at(miles_north: float, **kwargs):
    return LocationFactory(latitude=ORIGIN[0] + miles_north * MILE_IN_LATITUDE, longitude=ORIGIN[1], **kwargs)


@pytest.fixture
def places(borough):
    """Near: a library open Tuesdays 9-5 with Wi-Fi; middle: a centre with a drop-in only; far: beyond 2 miles."""
    library = place_at(0.3, name="Near Library", kind="library", has_free_wifi=True, public_computers=6)
    OpeningPeriodFactory(location=library, weekday=1, opens=dt.time(9), closes=dt.time(17))
    centre = place_at(1.2, name="Middle Community Centre", has_free_wifi=False, public_computers=0)
    OpeningPeriodFactory(location=centre, weekday=3, opens=dt.time(10), closes=dt.time(14))
    far = place_at(4.0, name="Far Family Hub", kind="family_hub", has_free_wifi=True)
    charity = OrganisationFactory(name="Helping Hands")
    drop_in = ServiceFactory(
        name="Thursday drop-in", organisation=charity, types=["one-to-one-help"], locations=[centre]
    )
    ServiceScheduleFactory(service=drop_in, weekday=3, starts=dt.time(10), ends=dt.time(12), location=centre)
    return {"library": library, "centre": centre, "far": far, "drop_in": drop_in}
