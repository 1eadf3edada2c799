"""Problem reports land in each organisation's queue and the lead's; every record keeps its history."""

import importlib
import weakref

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from locations.factories import LocationFactory
from provision import moderation
from provision.models import ListingLogEntry, PartnerLocation, ProblemReport, ReportStatus, Service
from tests.partners.conftest import client_for
from tests.partners.helpers import emails_to, post_editor, snippet_url

pytestmark = pytest.mark.django_db


def report_problem(path, details="The times are wrong."):
    return Client().post(path, {"kind": "times", "details": details, "reporter_email": "resident@example.org"})


def test_a_report_reaches_the_organisation_its_editors_and_the_lead(service_a, partner_a, lead, home_page):
    report_problem(reverse("report_service_problem", args=[service_a.slug]))

    report = ProblemReport.objects.get()
    assert report.organisation == service_a.organisation
    (email,) = emails_to("hello@ageuk.example.org")
    assert set(email.recipients) == {"hello@ageuk.example.org", "priya@ageuk.example.org", "lead@example.gov.uk"}
    assert reverse("problem_reports:edit", args=[report.pk]) in email.body


def test_each_organisation_sees_its_own_queue_and_updates_the_status(service_a, service_b, partner_a, partner_b, lead):
    mine = ProblemReport.objects.create(
        service=service_a, organisation=service_a.organisation, kind="times", details="A"
    )
    theirs = ProblemReport.objects.create(
        service=service_b, organisation=service_b.organisation, kind="closed", details="B"
    )
    partner = client_for(partner_a)

    queue = partner.get(reverse("problem_reports:index")).content.decode()
    assert "Computer club" in queue and "Phone help" not in queue
    assert partner.get(reverse("problem_reports:edit", args=[theirs.pk])).status_code == 404

    response = post_editor(
        partner,
        reverse("problem_reports:edit", args=[mine.pk]),
        {"status": ReportStatus.IN_HAND, "staff_notes": "Checking with the volunteers."},
    )

    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == ReportStatus.IN_HAND and mine.staff_notes == "Checking with the volunteers."
    assert mine.details == "A"  # what the resident wrote cannot be changed
    history = partner.get(reverse("problem_reports:history", args=[mine.pk])).content.decode()
    assert "Priya" in history
    everything = client_for(lead).get(reverse("problem_reports:index")).content.decode()
    assert "Computer club" in everything and "Phone help" in everything
    assert client_for(partner_b).get(reverse("problem_reports:history", args=[mine.pk])).status_code == 404


def test_a_report_about_a_place_a_partner_added_reaches_that_partner(org_a, partner_a, home_page):
    hall = LocationFactory(name="Age UK Day Centre")
    PartnerLocation.objects.create(organisation=org_a, location=hall)

    report_problem(reverse("report_place_problem", args=[hall.slug]))

    report = ProblemReport.objects.get()
    assert report.organisation == org_a
    assert client_for(partner_a).get(reverse("problem_reports:edit", args=[report.pk])).status_code == 200


def test_the_history_says_who_changed_what_and_when(service_a, partner_a, lead):
    post_editor(
        client_for(partner_a), snippet_url(Service, "edit", service_a.pk), {"summary": "Changed."}, "action-submit"
    )

    entries = list(log_registry.get_logs_for_instance(service_a).order_by("timestamp", "pk"))
    assert ("wagtail.edit", partner_a) in [(entry.action, entry.user) for entry in entries]
    assert ("wagtail.workflow.start", partner_a) in [(entry.action, entry.user) for entry in entries]
    assert all(isinstance(entry, ListingLogEntry) for entry in entries)
    page = client_for(lead).get(snippet_url(Service, "history", service_a.pk)).content.decode()
    assert "Priya" in page


def test_wagtails_workflow_emails_go_through_our_outbox():
    for signal, notifier_class in (
        (task_submitted, moderation.TaskSubmissionNotifier),
        (workflow_submitted, moderation.SubmissionNotifier),
        (workflow_approved, moderation.ApprovalNotifier),
        (workflow_rejected, moderation.RejectionNotifier),
    ):
        receivers = [
            receiver() if isinstance(receiver, weakref.ReferenceType) else receiver
            for _key, receiver, *_rest in signal.receivers
        ]
        notifiers = [r for r in receivers if type(r).__module__.startswith("wagtail.admin.mail")]
        assert not notifiers, signal
        assert any(isinstance(r, notifier_class) for r in receivers), signal


def test_earlier_history_moves_to_the_listing_log(service_a):
    migration = importlib.import_module("provision.migrations.0007_move_listing_history")
    content_type = ContentType.objects.get_for_model(Service)
    ModelLogEntry.objects.create(
        content_type=content_type,
        label="Computer club",
        action="wagtail.edit",
        object_id=str(service_a.pk),
        timestamp=service_a.created_at,
    )

    migration.forwards(apps, None)

    assert not ModelLogEntry.objects.filter(content_type=content_type).exists()
    assert ListingLogEntry.objects.filter(
        content_type=content_type, action="wagtail.edit", object_id=str(service_a.pk)
    ).exists()
