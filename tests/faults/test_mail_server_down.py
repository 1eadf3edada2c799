"""Fault: the mail server is down. What residents and partners send is kept, and the emails go out later.

Every email goes through the outbox (provision/outbox.py): it is saved with the record that caused it and sent
after the transaction commits; a failure leaves it queued for `manage.py send_queued_emails` (cron). The
detail of each form is tested with its app (tests/directory/test_pages.py, tests/champions/test_registration.py,
tests/partners/test_applications.py); here all three meet a real failing backend, then the retry.
"""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import Site

from borough_site.models import HelpContactSettings
from champions.factories import CampaignPageFactory, ChampionTypeFactory
from champions.models import Application
from provision.models import PartnerApplication, ProblemReport, QueuedEmail
from tests.champions.test_registration import form_data as champion_form
from tests.partners.test_applications import APPLY_URL, application_data

pytestmark = pytest.mark.django_db

LEAD = "lead@example.gov.uk"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def lead_inbox(home_page):
    help_settings = HelpContactSettings.for_site(Site.objects.get(is_default_site=True))
    help_settings.notification_email = LEAD
    help_settings.save()
    return LEAD


def send_queued() -> str:
    out = StringIO()
    call_command("send_queued_emails", stdout=out)
    return out.getvalue()


def submit_all_three(places, home_page, capture):
    """A partner's request to list services, a resident's problem report and a champion's application."""
    campaign = CampaignPageFactory(parent=home_page, title="Library volunteers", slug="library-volunteers")
    champion_type = ChampionTypeFactory(name="Resident (test)", slug="resident-test")
    with capture(execute=True):
        return {
            "partner": Client().post(APPLY_URL, application_data()),
            "report": Client().post(
                f"/places/{places['library'].slug}/report/",
                {"kind": "closed", "details": "The library is shut for repairs.", "reporter_email": "r@example.com"},
            ),
            "champion": Client().post(campaign.url, champion_form(champion_type)),
        }


@pytest.mark.parametrize(
    ("backend", "error"),
    [
        ("tests.faults.mail_backends.MailServerDown", "Service not available"),
        ("tests.faults.mail_backends.ConnectionRefused", "Connection refused"),
    ],
)
def test_everything_sent_while_the_mail_server_is_down_is_kept_and_emailed_later_exactly_once(
    settings, places, home_page, lead_inbox, django_capture_on_commit_callbacks, backend, error
):
    settings.EMAIL_BACKEND = backend

    responses = submit_all_three(places, home_page, django_capture_on_commit_callbacks)

    # Each person sees the usual acknowledgement, not an error.
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 200)
    assert "Request sent" in responses["partner"].content.decode()
    assert "your report has been sent" in responses["report"].content.decode()
    assert "Application sent" in responses["champion"].content.decode()
    # What they sent is saved.
    assert PartnerApplication.objects.get().organisation_name == "Balham Digital Hub"
    assert ProblemReport.objects.get().details == "The library is shut for repairs."
    assert Application.objects.get().email == "amina@example.org"
    # And every email is waiting, with the reason it could not go.
    queued = list(QueuedEmail.objects.order_by("pk"))
    subjects = [email.subject for email in queued]
    assert "We have your request to list Balham Digital Hub on Find digital help" in subjects
    assert "New request to list services: Balham Digital Hub" in subjects
    assert "We have your Digital Champion application" in subjects
    assert any(LEAD in email.recipients and "Near Library" in email.body for email in queued)
    assert all(email.sent_at is None and error in email.last_error for email in queued)
    assert mail.outbox == []

    # While it is still down, the cron job tries again and keeps them.
    assert send_queued() == f"Sent 0 email(s); {len(queued)} still waiting.\n"
    assert mail.outbox == []

    # Once the mail server is back, they all go, once each, however often the job runs.
    settings.EMAIL_BACKEND = LOCMEM
    assert send_queued() == f"Sent {len(queued)} email(s); 0 still waiting.\n"
    assert send_queued() == "Sent 0 email(s); 0 still waiting.\n"
    assert sorted(message.subject for message in mail.outbox) == sorted(subjects)
    assert not QueuedEmail.objects.filter(sent_at=None).exists()
    amina = [message for message in mail.outbox if message.to == ["amina@example.org"]]
    assert len(amina) == 1 and "Amina" in amina[0].body
