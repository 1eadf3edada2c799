"""Fixtures for the provision tests: an inclusion lead signed in to the admin, and places to link to."""

import pytest
from django.test import Client

from locations.factories import LocationFactory
from provision.factories import OrganisationFactory
from tests.factories import SuperuserFactory


@pytest.fixture
def lead(db):
    """The council's digital inclusion lead: an administrator who may do everything in the admin."""
    return SuperuserFactory(username="lead", first_name="Lee", last_name="Lead")


@pytest.fixture
def lead_client(lead) -> Client:
    client = Client()
    client.force_login(lead)
    return client


@pytest.fixture
def libraries(db):
    return {
        "battersea": LocationFactory(name="Battersea Library", slug="battersea-library"),
        "tooting": LocationFactory(name="Tooting Library", slug="tooting-library"),
    }


@pytest.fixture
def organisations(db):
    return {
        "age_uk": OrganisationFactory(name="Age UK Wandsworth"),
        "libraries": OrganisationFactory(name="Wandsworth Libraries", kind="library_service"),
    }
