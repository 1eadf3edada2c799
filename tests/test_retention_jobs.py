"""The scheduled retention jobs: each does its work once, does nothing when run again the same day (no second
email, no second deletion), and logs what it did with counts.

The champions jobs' rules are tested in tests/champions/test_scheduled.py; here they run twice through the
daily command.
"""

import datetime as dt
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from champions import lifecycle
from champions.factories import ActiveChampionFactory, ApplicationFactory
from champions.models import Application
from provision.models import ApplicationStatus, PartnerApplication, QueuedEmail
from provision.partners import decline

pytestmark = pytest.mark.django_db


def months_ago(months, days=0):
    return timezone.now() - dt.timedelta(days=round(months * 30.5) + days)


def run(command) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def partner_application(name, *, sent, status=ApplicationStatus.PENDING, decided=None, by=None):
    application = PartnerApplication.objects.create(
        organisation_name=name,
        organisation_email="hello@example.org",
        help_offered="Help with phones.",
        contact_name="Dee Okafor",
        contact_email="dee@example.org",
        consented_at=sent,
    )
    if status == ApplicationStatus.DECLINED:
        decline(application, by=by, reason=f"Dear {application.contact_name}, we only list services in Wandsworth.")
    PartnerApplication.objects.filter(pk=application.pk).update(created_at=sent, decided_at=decided)
    return application


@pytest.fixture
def partner_applications(home_page, admin_user):
    declined = ApplicationStatus.DECLINED
    return {
        "old declined": partner_application(
            "Old Declined", sent=months_ago(8), status=declined, decided=months_ago(6, days=3), by=admin_user
        ),
        "recently declined": partner_application(
            "Recent Declined", sent=months_ago(6), status=declined, decided=months_ago(5), by=admin_user
        ),
        "never decided": partner_application("Never Decided", sent=months_ago(6, days=3)),
        "waiting": partner_application("Still Waiting", sent=months_ago(1)),
    }


def test_stale_requests_to_list_services_are_deleted_once_with_a_log_line_and_a_site_history_entry(
    partner_applications, caplog
):
    old_pk = partner_applications["old declined"].pk
    assert ModelLogEntry.objects.filter(object_id=str(old_pk), action="provision.application.decline").exists()
    emails = QueuedEmail.objects.count()

    with caplog.at_level(logging.INFO, logger="provision.retention"):
        first = run("purge_partner_applications")
        second = run("purge_partner_applications")

    assert first == "Requests to list services deleted: 1 declined, 1 never decided.\n"
    assert second == "Requests to list services deleted: 0 declined, 0 never decided.\n"
    assert sorted(PartnerApplication.objects.values_list("organisation_name", flat=True)) == [
        "Recent Declined",
        "Still Waiting",
    ]
    assert [record.getMessage() for record in caplog.records if record.name == "provision.retention"] == [
        "Requests to list services deleted after 6 months: 1 declined, 1 never decided",
        "Requests to list services deleted after 6 months: 0 declined, 0 never decided",
    ]
    # The lead can see what went in Site history; the decision's comment (which names the contact) is gone.
    deleted = ModelLogEntry.objects.filter(action="wagtail.delete").order_by("label")
    assert [(entry.label, entry.user) for entry in deleted] == [("Never Decided", None), ("Old Declined", None)]
    left = ModelLogEntry.objects.filter(object_id=str(old_pk))
    assert [entry.action for entry in left] == ["wagtail.delete"]
    assert "Dee Okafor" not in str(left.get().data)
    assert QueuedEmail.objects.count() == emails  # nobody is emailed about it


def test_the_retention_period_is_a_setting(partner_applications, settings):
    settings.PARTNER_APPLICATION_RETENTION_MONTHS = 12

    assert run("purge_partner_applications") == "Requests to list services deleted: 0 declined, 0 never decided.\n"
    assert PartnerApplication.objects.count() == 4


def test_the_daily_champion_jobs_twice_warn_once_purge_once_and_log_their_counts(caplog, admin_user):
    quiet = ActiveChampionFactory(email="quiet@example.org")
    quiet.approved_at = months_ago(11, days=10)
    quiet.save()
    quiet.completions.update(confirmed_at=months_ago(11, days=10))
    declined = ApplicationFactory(email="declined@example.org")
    lifecycle.decline(declined, admin_user, "No places left")
    Application.objects.filter(pk=declined.pk).update(decided_at=months_ago(6, days=5))
    emails = QueuedEmail.objects.count()

    with caplog.at_level(logging.INFO, logger="champions"):
        run("run_champion_tasks")
        after_first = QueuedEmail.objects.count()
        run("run_champion_tasks")

    assert after_first == emails + 1
    assert QueuedEmail.objects.count() == after_first  # no second warning
    assert QueuedEmail.objects.get(subject="Would you like to stay a Digital Champion?").recipients == [
        "quiet@example.org"
    ]
    assert not Application.objects.filter(pk=declined.pk).exists()
    messages = [record.getMessage() for record in caplog.records if record.name == "champions"]
    assert messages.count("Inactivity warnings sent: 1; champions made inactive: 0") == 1
    assert messages.count("Inactivity warnings sent: 0; champions made inactive: 0") == 1
    assert messages.count("Declined applications purged: 1") == 1
    assert messages.count("Declined applications purged: 0") == 1
