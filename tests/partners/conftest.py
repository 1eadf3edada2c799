"""Two partner organisations, their editors, the inclusion lead and a site editor, each in their real role."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from borough_site import roles
from locations.factories import LocationFactory
from provision.factories import FundingSourceFactory, OrganisationFactory, ServiceFactory
from provision.models import OrganisationMembership
from tests.factories import UserFactory


def user_in(role: str | None, **kwargs):
    user = UserFactory(**kwargs)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def partner_of(organisation, **kwargs):
    user = user_in(roles.PARTNER_EDITOR, **kwargs)
    OrganisationMembership.objects.create(user=user, organisation=organisation)
    return user


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def lead(db):
    return user_in(
        roles.INCLUSION_LEAD, username="lead", first_name="Lena", last_name="Lead", email="lead@example.gov.uk"
    )


@pytest.fixture
def site_editor(db):
    return user_in(roles.SITE_EDITOR, username="editor", email="editor@example.gov.uk")


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Age UK Wandsworth", email="hello@ageuk.example.org")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Tooting Tech Club", email="hello@tootingtech.example.org")


@pytest.fixture
def partner_a(org_a):
    return partner_of(org_a, username="priya", first_name="Priya", email="priya@ageuk.example.org")


@pytest.fixture
def partner_b(org_b):
    return partner_of(org_b, username="ben", first_name="Ben", email="ben@tootingtech.example.org")


@pytest.fixture
def place_a(db):
    return LocationFactory(name="Battersea Library", slug="battersea-library")


@pytest.fixture
def place_b(db):
    return LocationFactory(name="Tooting Community Hall", slug="tooting-community-hall")


@pytest.fixture
def service_a(org_a, place_a):
    return ServiceFactory(name="Computer club", organisation=org_a, summary="Help with computers.", locations=[place_a])


@pytest.fixture
def service_b(org_b, place_b, org_a):
    service = ServiceFactory(
        name="Phone help",
        organisation=org_b,
        summary="Help with phones.",
        locations=[place_b],
        annual_cost=5000,
        internal_notes="Funding ends in March; do not tell the partner yet.",
        lead_contact_name="Secret Sam",
        commissioner=org_a,
    )
    FundingSourceFactory(service=service, funder_name="Lottery", funder=None, annual_amount=5000)
    return service
