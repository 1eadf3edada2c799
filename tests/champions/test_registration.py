"""Applying from a campaign page: validation, duplicates, the honeypot, the rate limit and a mail outage."""

import smtplib

import pytest
from django.core import mail

from champions.factories import CampaignPageFactory, ChampionFactory, ChampionTypeFactory, PolicyVersionFactory
from champions.models import Application, ApplicationStatus, LifecycleEvent, PolicyKind, PolicyVersion, State
from locations.factories import LocationFactory
from provision.factories import LanguageFactory, OrganisationFactory
from provision.models import QueuedEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(home_page):
    return CampaignPageFactory(parent=home_page, title="Library volunteers 2025", slug="library-volunteers")


@pytest.fixture
def volunteer_type(db):
    return ChampionTypeFactory(name="Resident (test)", slug="resident-test")


def form_data(champion_type, **overrides):
    data = {
        "first_name": "Amina",
        "last_name": "Okafor",
        "email": "amina@example.org",
        "phone": "07700 900 982",
        "home_postcode": "sw18 2pu",
        "champion_type": champion_type.pk,
        "skills": ["email", "online_safety"],
        "availability": ["tue-morning", "sat-afternoon"],
        "age_confirmed": "on",
        "privacy_agreed": "on",
        "agreement_agreed": "on",
        "privacy_version": PolicyVersion.current(PolicyKind.PRIVACY_NOTICE).pk,
        "agreement_version": PolicyVersion.current(PolicyKind.AGREEMENT).pk,
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_campaign_page_shows_the_form(client, campaign, volunteer_type):
    response = client.get(campaign.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Apply to be a Digital Champion" in html
    assert "Resident (test)" in html
    assert 'name="website"' in html  # the honeypot
    assert "Monday" in html and 'value="mon-evening"' in html


def test_an_application_is_saved_with_its_campaign_and_agreement_versions(
    client, campaign, volunteer_type, django_capture_on_commit_callbacks
):
    language = LanguageFactory(name="Somali", code="so")
    place = LocationFactory(name="Tooting Library")
    organisation = OrganisationFactory(name="Age UK Wandsworth")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            campaign.url,
            form_data(
                volunteer_type, languages=[language.pk], preferred_places=[place.pk], organisation=organisation.pk
            ),
        )

    assert response.status_code == 200
    assert "Application sent" in response.content.decode()
    application = Application.objects.get()
    assert application.campaign == campaign
    assert application.campaign_title == "Library volunteers 2025"
    assert application.home_postcode == "SW18 2PU"
    assert application.status == ApplicationStatus.APPLIED
    assert application.privacy_notice == PolicyVersion.current(PolicyKind.PRIVACY_NOTICE)
    assert application.agreement == PolicyVersion.current(PolicyKind.AGREEMENT)
    assert list(application.languages.all()) == [language]
    assert list(application.preferred_places.all()) == [place]
    assert application.organisation == organisation
    assert application.availability == ["tue-morning", "sat-afternoon"]
    assert LifecycleEvent.objects.get(application=application).state == State.APPLIED
    acknowledgement = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    assert acknowledgement.subject == "We have your Digital Champion application"


def test_missing_answers_are_listed_in_a_govuk_error_summary(client, campaign, volunteer_type):
    data = form_data(
        volunteer_type, first_name="", home_postcode="not a postcode", availability=None, age_confirmed=None
    )
    response = client.post(campaign.url, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert 'href="#id_first_name">Enter your first name' in html
    assert "Enter a real postcode, like SW18 2PU" in html
    assert 'href="#id_availability_0">Select at least one time when you are usually free' in html
    assert "Confirm that you are 18 or over" in html
    assert not Application.objects.exists()


def test_an_organisation_is_needed_for_types_that_ask_for_one(client, campaign):
    partner_type = ChampionTypeFactory(name="Partner (test)", slug="partner-test", needs_organisation=True)
    response = client.post(campaign.url, form_data(partner_type))
    assert response.status_code == 400
    assert "Choose your organisation, business or group, or type its name" in response.content.decode()

    response = client.post(campaign.url, form_data(partner_type, organisation_name="Tooting Tenants' Association"))
    assert response.status_code == 200
    assert Application.objects.get().organisation_name == "Tooting Tenants' Association"


def test_a_changed_agreement_must_be_agreed_again(client, campaign, volunteer_type):
    data = form_data(volunteer_type)
    PolicyVersionFactory(
        kind=PolicyKind.AGREEMENT,
        version="2.0",
        effective_from=PolicyVersion.current(PolicyKind.AGREEMENT).effective_from,
    )
    response = client.post(campaign.url, data)
    assert response.status_code == 400
    assert "The Digital Champion agreement has changed since you opened this page" in response.content.decode()


def test_a_duplicate_application_updates_the_first_kindly(client, campaign, volunteer_type, home_page):
    client.post(campaign.url, form_data(volunteer_type))
    other_campaign = CampaignPageFactory(parent=home_page, title="Staff champions", slug="staff")

    response = client.post(
        other_campaign.url, form_data(volunteer_type, email="AMINA@example.org", phone="020 7946 0000")
    )

    assert response.status_code == 200
    assert "Application sent" in response.content.decode()
    application = Application.objects.get()  # still one
    assert application.phone == "020 7946 0000"
    assert application.times_submitted == 2
    assert application.campaign == campaign  # where they first applied
    assert "Sent the application again through Staff champions" in application.events.last().reason
    updated = QueuedEmail.objects.filter(recipients=["amina@example.org"]).order_by("pk").last()
    assert updated.subject == "We have updated your Digital Champion application"


def test_an_existing_champion_applying_again_is_told_and_nothing_is_saved(client, campaign, volunteer_type):
    ChampionFactory(email="amina@example.org")
    response = client.post(campaign.url, form_data(volunteer_type))
    assert response.status_code == 200
    assert not Application.objects.exists()
    assert QueuedEmail.objects.filter(subject="You are already a Digital Champion").exists()


def test_the_honeypot_saves_nothing_but_looks_the_same(client, campaign, volunteer_type):
    response = client.post(campaign.url, form_data(volunteer_type, website="http://spam.example"))
    assert response.status_code == 200
    assert "Application sent" in response.content.decode()
    assert not Application.objects.exists()
    assert not QueuedEmail.objects.exists()


def test_applications_are_rate_limited(client, campaign, volunteer_type):
    for attempt in range(5):
        response = client.post(campaign.url, form_data(volunteer_type, email=f"person{attempt}@example.org"))
        assert response.status_code == 200
    response = client.post(campaign.url, form_data(volunteer_type, email="sixth@example.org"))
    assert response.status_code == 429
    assert "too many attempts" in response.content.decode()
    assert Application.objects.count() == 5


def test_nothing_is_lost_when_the_mail_server_is_down(
    client, campaign, volunteer_type, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(campaign.url, form_data(volunteer_type))

    assert response.status_code == 200
    assert Application.objects.filter(email="amina@example.org").exists()
    acknowledgement = QueuedEmail.objects.get(subject="We have your Digital Champion application")
    assert acknowledgement.sent_at is None
    assert acknowledgement.attempts == 1
    assert "Connection unexpectedly closed" in acknowledgement.last_error


def test_a_closed_campaign_shows_no_form(client, home_page, volunteer_type):
    closed = CampaignPageFactory(parent=home_page, slug="closed", accepting_applications=False)
    response = client.get(closed.url)
    assert response.status_code == 200
    assert "We are not taking applications" in response.content.decode()
    assert client.post(closed.url, form_data(volunteer_type)).status_code == 400
    assert not Application.objects.exists()


def test_a_campaign_can_offer_only_some_types(client, home_page, volunteer_type):
    staff = ChampionTypeFactory(name="Staff (test)", slug="staff-test")
    campaign = CampaignPageFactory(parent=home_page, slug="staff-only", champion_types=[staff])
    html = client.get(campaign.url).content.decode()
    assert "Staff (test)" in html
    assert "Resident (test)" not in html
    assert client.post(campaign.url, form_data(volunteer_type)).status_code == 400
