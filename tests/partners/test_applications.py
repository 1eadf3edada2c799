""" "List your service": an organisation asks to join, the lead approves or declines, the invitation sets a password."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import registry as log_registry

from borough_site import roles
from provision.models import ApplicationStatus, Organisation, OrganisationMembership, PartnerApplication
from provision.partners import InvitationTokenGenerator
from tests.partners.conftest import client_for
from tests.partners.helpers import emails_to

pytestmark = pytest.mark.django_db

APPLY_URL = "/list-your-service/"
PASSWORD = "a long and memorable passphrase"


def application_data(**changes):
    return {
        "organisation_name": "Balham Digital Hub",
        "organisation_kind": "charity",
        "organisation_email": "hello@balhamhub.example.org",
        "organisation_phone": "020 7946 0123",
        "organisation_website": "balhamhub.example.org",
        "charity_number": "1234567",
        "help_offered": "Weekly drop-in help with phones and tablets, and free Wi-Fi.",
        "areas": "Balham and Tooting",
        "contact_name": "Dee Okafor",
        "contact_role": "Volunteer coordinator",
        "contact_email": "Dee@BalhamHub.example.org",
        "contact_phone": "07700 900 123",
        "consent": "on",
        "website": "",
        **changes,
    }


@pytest.fixture
def application(db):
    client = Client()
    client.post(APPLY_URL, application_data())
    return PartnerApplication.objects.get()


def test_the_form_is_a_public_gov_uk_form(home_page):
    page = Client().get(APPLY_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "List your digital help" in html and "novalidate" in html and 'name="website"' in html
    assert "What we do with these details" in html


def test_errors_come_back_with_the_error_summary(home_page):
    response = Client().post(
        APPLY_URL, application_data(organisation_name="", contact_email="not-an-email", consent="")
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error:" in html
    assert "Enter the name of your organisation" in html
    assert "Enter an email address in the correct format" in html
    assert "Select that you agree to the privacy notice" in html
    assert not PartnerApplication.objects.exists()


def test_a_request_is_saved_and_acknowledged(home_page, lead):
    response = Client().post(APPLY_URL, application_data())

    assert response.status_code == 200
    assert "Request sent" in response.content.decode()
    application = PartnerApplication.objects.get()
    assert application.status == ApplicationStatus.PENDING
    assert application.organisation_website == "https://balhamhub.example.org"
    assert application.consented_at is not None
    (acknowledgement,) = emails_to("Dee@BalhamHub.example.org")
    assert "We have your request to list Balham Digital Hub" in acknowledgement.subject
    (to_lead,) = emails_to("lead@example.gov.uk")
    assert reverse("partner_applications:inspect", args=[application.pk]) in to_lead.body


def test_the_honeypot_saves_nothing_and_says_nothing(home_page):
    response = Client().post(APPLY_URL, application_data(website="http://spam.example"))
    assert response.status_code == 200 and "Request sent" in response.content.decode()
    assert not PartnerApplication.objects.exists()


def test_requests_are_rate_limited(home_page):
    client = Client()
    for number in range(5):
        client.post(APPLY_URL, application_data(organisation_name=f"Org {number}"))
    response = client.post(APPLY_URL, application_data(organisation_name="One too many"))
    assert response.status_code == 429
    assert PartnerApplication.objects.count() == 5


def test_approval_creates_the_organisation_account_membership_and_invitation(application, lead):
    lead_client = client_for(lead)
    inspect = lead_client.get(reverse("partner_applications:inspect", args=[application.pk]))
    assert inspect.status_code == 200 and "Balham Digital Hub" in inspect.content.decode()
    assert lead_client.get(reverse("partner_applications:approve", args=[application.pk])).status_code == 200

    response = lead_client.post(
        reverse("partner_applications:approve", args=[application.pk]), {"message": "Welcome aboard!"}
    )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED and application.decided_by == lead
    organisation = Organisation.objects.get(name="Balham Digital Hub")
    assert application.organisation == organisation
    assert organisation.email == "hello@balhamhub.example.org" and organisation.charity_number == "1234567"
    user = get_user_model().objects.get(email="dee@balhamhub.example.org")
    assert user.username == "dee@balhamhub.example.org" and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Dee", "Okafor")
    assert OrganisationMembership.objects.filter(user=user, organisation=organisation).exists()
    assert user.groups.filter(name=roles.PARTNER_EDITOR).exists()
    actions = [entry.action for entry in log_registry.get_logs_for_instance(application)]
    assert actions == ["provision.application.approve"]
    # The invitation: a link to choose a password, then sign in.
    (invitation,) = [e for e in emails_to("dee@balhamhub.example.org") if "keep" in e.subject]
    assert "Welcome aboard!" in invitation.body
    link = re.search(r"http://testserver(/partners/set-password/\S+)", invitation.body).group(1)

    resident = Client()
    form_page = resident.get(link, follow=True)
    assert form_page.status_code == 200 and "Choose a password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = resident.post(set_url, {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert "Password saved" in done.content.decode()
    user.refresh_from_db()
    assert user.has_usable_password() and user.check_password(PASSWORD)
    # The link works once.
    again = Client().get(link, follow=True)
    assert "This link has run out" in again.content.decode()
    # And they can sign in to the admin with their email address.
    signed_in = Client()
    signed_in.post(reverse("wagtailadmin_login"), {"username": "dee@balhamhub.example.org", "password": PASSWORD})
    assert signed_in.get(reverse("wagtailadmin_home")).status_code == 200


def test_approval_links_to_an_existing_organisation_and_account(application, lead, org_a, partner_a):
    application.organisation_name = "age uk wandsworth"
    application.contact_email = "PRIYA@ageuk.example.org"
    application.save()

    client_for(lead).post(reverse("partner_applications:approve", args=[application.pk]), {})

    application.refresh_from_db()
    assert application.organisation == org_a and application.user == partner_a
    assert Organisation.objects.filter(name__iexact="age uk wandsworth").count() == 1
    (invitation,) = [e for e in emails_to("priya@ageuk.example.org") if "keep" in e.subject]
    assert "/admin/login/" in invitation.body and "set-password" not in invitation.body


def test_decline_needs_a_reason_and_tells_the_applicant(application, lead):
    lead_client = client_for(lead)
    url = reverse("partner_applications:decline", args=[application.pk])
    assert "Give a reason" in lead_client.post(url, {"reason": ""}).content.decode()

    lead_client.post(url, {"reason": "We only list services in Wandsworth."})

    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    (declined,) = [e for e in emails_to("Dee@BalhamHub.example.org") if "cannot" in e.body]
    assert "We only list services in Wandsworth." in declined.body
    assert not Organisation.objects.filter(name="Balham Digital Hub").exists()
    # A decision is final.
    response = lead_client.post(reverse("partner_applications:approve", args=[application.pk]), {})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED


def test_partners_cannot_see_or_decide_applications(application, partner_a):
    partner = client_for(partner_a)
    for url in (
        reverse("partner_applications:index"),
        reverse("partner_applications:inspect", args=[application.pk]),
        reverse("partner_applications:approve", args=[application.pk]),
    ):
        response = partner.get(url)
        assert response.status_code == 302 and response.url == reverse("wagtailadmin_home"), url


def test_invitations_last_two_weeks(partner_a, monkeypatch):
    generator = InvitationTokenGenerator()
    token = generator.make_token(partner_a)
    now = generator._now()
    monkeypatch.setattr(generator, "_now", lambda: now + dt.timedelta(days=13))
    assert generator.check_token(partner_a, token)
    monkeypatch.setattr(generator, "_now", lambda: now + dt.timedelta(days=15))
    assert not generator.check_token(partner_a, token)


def test_a_new_link_can_be_asked_for_without_revealing_who_has_an_account(partner_a, home_page):
    client = Client()
    response = client.post(reverse("partner_new_link"), {"email": "PRIYA@ageuk.example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    (link_email,) = emails_to("priya@ageuk.example.org")
    assert "/partners/set-password/" in link_email.body
    response = client.post(reverse("partner_new_link"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert not emails_to("nobody@example.org")


def test_the_lead_adds_a_second_editor_to_an_organisation(lead, org_a):
    response = client_for(lead).post(
        reverse("partner_accounts:add"),
        {"organisation": org_a.pk, "first_name": "Sol", "last_name": "Second", "email": "sol@ageuk.example.org"},
    )
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get(organisation=org_a, user__email="sol@ageuk.example.org")
    assert membership.user.groups.filter(name=roles.PARTNER_EDITOR).exists()
    (invitation,) = emails_to("sol@ageuk.example.org")
    assert "/partners/set-password/" in invitation.body

    client_for(lead).post(reverse("partner_accounts:delete", args=[membership.pk]))
    assert not OrganisationMembership.objects.filter(pk=membership.pk).exists()
    assert not membership.user.groups.filter(name=roles.PARTNER_EDITOR).exists()
