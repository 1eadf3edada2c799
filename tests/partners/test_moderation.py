"""A partner's new service and changes wait for the inclusion lead: drafts, the "Listing approval" workflow,
the revision comparison, approval or changes requested with a comment emailed to the partner."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow, WorkflowContentType

from locations.models import Location
from provision.filters import DirectoryFilter
from provision.models import Service, ServiceType
from provision.moderation import TASK_NAME, WORKFLOW_NAME
from tests.partners.conftest import client_for
from tests.partners.helpers import editor_form, emails_to, post_editor, snippet_url, workflow_action

pytestmark = pytest.mark.django_db


def publicly_listed(service) -> bool:
    """On the public site: its page, and the services the search draws from."""
    page = client_for(None).get(reverse("service_detail", args=[service.slug]))
    search = DirectoryFilter({}, queryset=Location.objects.none())
    search.form.is_valid()
    in_search = search.matching_services().filter(pk=service.pk).exists()
    assert (page.status_code == 200) == in_search
    return in_search


def add_service(client, organisation, **changes):
    one_to_one = ServiceType.objects.get(slug="one-to-one-help")
    fields = {
        "name": "Tablet lending",
        "organisation": str(organisation.pk),
        "summary": "Borrow a tablet for a month.",
        "description": "Borrow a tablet with data for a month, with someone to show you how to use it.",
        **changes,
    }
    return post_editor(
        client, snippet_url(Service, "add"), fields, action="action-submit", lists={"types": [str(one_to_one.pk)]}
    )


def test_services_and_places_are_moderated_by_the_lead_approval_workflow(db):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert [task.name for task in workflow.tasks] == [TASK_NAME]
    assert [group.name for group in workflow.tasks[0].specific.groups.all()] == ["Inclusion lead"]
    models = {wct.content_type.model_class() for wct in WorkflowContentType.objects.filter(workflow=workflow)}
    assert models == {Service, Location}


def test_the_partners_form_has_their_organisation_and_funding_but_no_internal_mapping(partner_a, org_a, org_b):
    page = client_for(partner_a).get(snippet_url(Service, "add")).content.decode()
    assert "Funding and cost" in page and "funding_sources-TOTAL_FORMS" in page and 'name="annual_cost"' in page
    assert "Provision mapping (internal)" not in page
    for internal in ("commissioner", "owner", "provider", "lead_contact_name", "internal_notes", "is_sample"):
        assert f'name="{internal}"' not in page, internal
    # Their organisation, chosen for them; no one else's.
    assert f'<option value="{org_a.pk}" selected>Age UK Wandsworth</option>' in page
    assert "Tooting Tech Club" not in page
    # They can submit for moderation but not publish.
    assert 'name="action-submit"' in page and 'name="action-publish"' not in page


def test_a_new_service_stays_private_until_the_lead_approves_it(partner_a, lead, org_a):
    partner, lead_client = client_for(partner_a), client_for(lead)

    response = add_service(partner, org_a)

    assert response.status_code == 302
    service = Service.objects.get(name="Tablet lending")
    assert service.organisation == org_a and not service.live
    assert service.workflow_in_progress
    assert not publicly_listed(service)
    # The lead hears about it, with the link to review it.
    (to_lead,) = emails_to("lead@example.gov.uk")
    assert to_lead.subject == "Waiting for your approval: Tablet lending"
    assert snippet_url(Service, "edit", service.pk) in to_lead.body
    # Partners cannot approve their own.
    assert workflow_action(partner, service, "approve").status_code in (302, 403)
    service.refresh_from_db()
    assert not service.live

    response = workflow_action(lead_client, service, "approve", comment="Thanks: please add the opening hours soon.")

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.live and not service.workflow_in_progress
    assert publicly_listed(service)
    (approved,) = [email for email in emails_to("priya@ageuk.example.org") if email.subject.startswith("Approved")]
    assert approved.subject == "Approved: Tablet lending"
    assert "Thanks: please add the opening hours soon." in approved.body
    assert "Lena Lead" in approved.body


def test_a_change_waits_for_approval_and_the_public_keeps_the_approved_version(partner_a, lead, service_a):
    partner, lead_client = client_for(partner_a), client_for(lead)
    edit_url = snippet_url(Service, "edit", service_a.pk)

    response = post_editor(partner, edit_url, {"summary": "Now on Saturdays too."}, action="action-submit")

    assert response.status_code == 302
    service_a.refresh_from_db()
    assert service_a.summary == "Help with computers."  # the live row is unchanged
    assert service_a.has_unpublished_changes and service_a.workflow_in_progress
    assert service_a.get_latest_revision_as_object().summary == "Now on Saturdays too."
    public = client_for(None).get(service_a.get_absolute_url()).content.decode()
    assert "Help with computers." in public and "Saturdays" not in public

    # The lead compares the submitted revision with the live one.
    compare = lead_client.get(
        snippet_url(Service, "revisions_compare", pk=service_a.pk, revision_id_a="live", revision_id_b="latest")
    )
    assert compare.status_code == 200
    assert "Now on Saturdays too." in compare.content.decode()

    # While it waits, Wagtail locks it for everyone but the reviewers.
    locked = post_editor(partner, edit_url, {"summary": "Sneaky second change."})
    service_a.refresh_from_db()
    assert service_a.get_latest_revision_as_object().summary == "Now on Saturdays too."
    assert locked.status_code in (200, 302)

    workflow_action(lead_client, service_a, "reject", comment="Which Saturdays? Say the times.")

    service_a.refresh_from_db()
    assert service_a.summary == "Help with computers."
    (changes,) = [e for e in emails_to("priya@ageuk.example.org") if e.subject.startswith("Changes needed")]
    assert changes.subject == "Changes needed: Computer club"
    assert "Which Saturdays? Say the times." in changes.body

    # The partner corrects it and sends it again; approval publishes it.
    post_editor(partner, edit_url, {"summary": "Saturdays 10am to 12 noon too."}, action="action-submit")
    service_a.refresh_from_db()
    assert service_a.workflow_in_progress
    workflow_action(lead_client, service_a, "approve")
    service_a.refresh_from_db()
    assert service_a.summary == "Saturdays 10am to 12 noon too."
    assert "Saturdays 10am to 12 noon too." in client_for(None).get(service_a.get_absolute_url()).content.decode()


def test_a_partner_cannot_publish_or_move_a_service_to_another_organisation(partner_a, service_a, org_b):
    partner = client_for(partner_a)
    edit_url = snippet_url(Service, "edit", service_a.pk)

    post_editor(partner, edit_url, {"summary": "Published by me?"}, action="action-publish")
    service_a.refresh_from_db()
    assert service_a.summary == "Help with computers."

    response = post_editor(partner, edit_url, {"organisation": str(org_b.pk)})
    assert response.status_code == 200  # the form again, with an error
    assert "Select a valid choice" in response.content.decode()
    service_a.refresh_from_db()
    assert service_a.get_latest_revision_as_object().organisation == service_a.organisation


def test_a_partners_save_keeps_the_internal_fields_and_their_funding_saves(partner_a, lead, org_a, service_a):
    # The lead has mapped the service.
    service_a.commissioner = org_a
    service_a.internal_notes = "Commissioned until March."
    service_a.lead_contact_name = "Chris Commissioner"
    service_a.save_revision(user=lead).publish(user=lead)
    partner = client_for(partner_a)
    edit_url = snippet_url(Service, "edit", service_a.pk)
    form = editor_form(partner, edit_url)
    assert "internal_notes" not in form and "commissioner" not in form

    response = post_editor(
        partner,
        edit_url,
        {
            "summary": "Help with computers and tablets.",
            "annual_cost": "2400.00",
            "funding_sources-TOTAL_FORMS": "1",
            "funding_sources-0-funder_name": "Wandsworth Grant Fund",
            "funding_sources-0-programme": "Community chest",
            "funding_sources-0-annual_amount": "1200.00",
            "funding_sources-0-ORDER": "1",
            "funding_sources-0-DELETE": "",
            "funding_sources-0-id": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Service.objects.get(pk=service_a.pk).get_latest_revision_as_object()
    assert draft.summary == "Help with computers and tablets."
    assert str(draft.annual_cost) == "2400.00"
    assert [source.funder_name for source in draft.funding_sources.all()] == ["Wandsworth Grant Fund"]
    assert draft.commissioner == org_a
    assert draft.internal_notes == "Commissioned until March."
    assert draft.lead_contact_name == "Chris Commissioner"


def test_the_revision_comparison_hides_internal_changes_from_partners(partner_a, lead, service_a):
    service_a.internal_notes = "Budget cut next year."
    service_a.summary = "A new summary."
    service_a.save_revision(user=lead).publish(user=lead)
    first, latest = service_a.revisions.order_by("created_at", "pk")
    url = snippet_url(Service, "revisions_compare", pk=service_a.pk, revision_id_a=first.pk, revision_id_b=latest.pk)

    for_partner = client_for(partner_a).get(url).content.decode()
    for_lead = client_for(lead).get(url).content.decode()

    assert "A new summary." in for_partner and "A new summary." in for_lead
    assert "Budget cut next year." in for_lead
    assert "Budget cut next year." not in for_partner and "Internal notes" not in for_partner


def test_a_place_a_partner_adds_is_theirs_and_waits_for_approval(partner_a, partner_b, lead):
    partner = client_for(partner_a)
    response = post_editor(
        partner,
        snippet_url(Location, "add"),
        {"name": "Age UK Day Centre", "kind": "partner_premises", "postcode": ""},
        action="action-submit",
    )

    assert response.status_code == 302
    place = Location.objects.get(name="Age UK Day Centre")
    assert not place.live and place.workflow_in_progress
    assert partner.get(snippet_url(Location, "edit", place.pk)).status_code == 200
    assert client_for(partner_b).get(snippet_url(Location, "edit", place.pk)).status_code == 404
    assert client_for(None).get(reverse("place_detail", args=[place.slug])).status_code == 404
    workflow_action(client_for(lead), place, "approve")
    place.refresh_from_db()
    assert place.live
