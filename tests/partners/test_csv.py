"""Bulk updates for large partners: the CSV import, limited to their own organisation, sent for approval."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from provision.csv_import import run_import
from provision.csv_views import SESSION_KEY
from provision.models import QueuedEmail, Service
from provision.resources import ModeratedServiceResource
from tests.partners.conftest import client_for
from tests.partners.helpers import emails_to
from tests.provision.test_csv_import import SERVICE_HEADINGS, make_csv, service_row, services_csv

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("provision_csv:import", args=["services"])
CONFIRM_URL = reverse("provision_csv:confirm", args=["services"])


def upload(client, text, name="services.csv"):
    return client.post(IMPORT_URL, {"csv_file": SimpleUploadedFile(name, text.encode(), "text/csv")})


def test_rows_for_another_organisation_are_errors(partner_a, service_a, service_b):
    report = run_import(
        ModeratedServiceResource,
        services_csv(
            service_row(name="Tablet lending"),
            service_row(name="Phone help", organisation="Tooting Tech Club", locations=""),
        ),
        user=partner_a,
        dry_run=True,
    )
    assert report.has_errors
    assert report.messages() == [
        "Row 3: organisation 'Tooting Tech Club': You can only list services for Age UK Wandsworth."
    ]


def test_another_organisations_service_cannot_be_taken_over_by_its_slug(partner_a, service_a, service_b):
    report = run_import(
        ModeratedServiceResource,
        make_csv([*SERVICE_HEADINGS, "slug"], service_row(name="Phone help") | {"slug": service_b.slug}),
        user=partner_a,
        dry_run=True,
    )
    assert report.has_errors
    assert "'phone-help' is already the slug of another service" in " ".join(report.messages())
    service_b.refresh_from_db()
    assert service_b.organisation.name == "Tooting Tech Club"


def test_the_import_sends_new_and_changed_services_for_approval(partner_a, service_a, place_a, lead, home_page):
    partner = client_for(partner_a)
    page = " ".join(partner.get(IMPORT_URL).content.decode().split())
    assert "sent to the council for approval" in page
    text = services_csv(
        service_row(name="Computer club", summary="Now with tablets too."),
        service_row(name="Tablet lending", summary="Borrow a tablet."),
    )

    report = upload(partner, text)

    html = report.content.decode()
    assert "Send 2 services for approval (1 new, 1 updated)" in html
    assert not Service.objects.filter(name="Tablet lending").exists()  # the dry run wrote nothing
    token = partner.session[SESSION_KEY]["services"]["token"]

    done = partner.post(CONFIRM_URL, {"token": token}, follow=True)

    assert "Sent services.csv for approval: 1 new and 1 changed services" in done.content.decode()
    new = Service.objects.get(name="Tablet lending")
    assert new.organisation == service_a.organisation and not new.live and new.workflow_in_progress
    assert new.places == [place_a]
    service_a.refresh_from_db()
    assert service_a.summary == "Help with computers."  # residents still see the approved version
    assert service_a.workflow_in_progress
    assert service_a.get_latest_revision_as_object().summary == "Now with tablets too."
    # One email for the lead for the whole file, not one per listing.
    to_lead = emails_to("lead@example.gov.uk")
    assert [email.subject for email in to_lead] == ["2 listings from Age UK Wandsworth are waiting for approval"]
    assert "Tablet lending" in to_lead[0].body
    assert not QueuedEmail.objects.filter(subject__startswith="Waiting for your approval").exists()


def test_a_service_waiting_for_approval_cannot_be_imported_over(partner_a, service_a):
    run_import(
        ModeratedServiceResource,
        services_csv(service_row(name="Computer club", summary="First change.")),
        user=partner_a,
        dry_run=False,
    )
    report = run_import(
        ModeratedServiceResource,
        services_csv(service_row(name="Computer club", summary="Second change.")),
        user=partner_a,
        dry_run=True,
    )
    assert "waiting for approval" in " ".join(report.messages())
