"""Freshness: the 6-month "is it still correct?" email, the one-click confirmation, the 12-month warning."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import registry as log_registry

from provision.factories import ServiceFactory
from provision.models import QueuedEmail, ReminderKind, ReviewReminder, Service, ServiceStatus
from provision.models.services import months_before
from provision.reviews import make_confirm_token
from tests.partners.conftest import client_for
from tests.partners.helpers import emails_to, post_editor, snippet_url, workflow_action

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def ago(months: int, days: int = 0) -> dt.date:
    return months_before(today(), months) - dt.timedelta(days=days)


def run_command(**kwargs) -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_review_reminders", stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture
def listings(org_a, org_b, partner_a):
    return {
        "fresh": ServiceFactory(name="Fresh listing", organisation=org_a, last_reviewed=ago(1)),
        "due": ServiceFactory(name="Due listing", organisation=org_a, last_reviewed=ago(6, days=1)),
        "stale": ServiceFactory(name="Stale listing", organisation=org_b, last_reviewed=ago(13)),
        "defunct": ServiceFactory(
            name="Closed listing", organisation=org_a, last_reviewed=ago(13), status=ServiceStatus.DEFUNCT
        ),
        "draft": ServiceFactory(name="Draft listing", organisation=org_a, last_reviewed=ago(13), live=False),
    }


def confirm_link(email) -> str:
    return re.search(r"http://testserver(/partners/still-correct/\S+/)", email.body).group(1)


def test_the_command_sends_each_reminder_once(listings, lead):
    first = run_command()

    assert "check 2 listing(s)" in first and "about 1 listing(s)" in first
    (due,) = [e for e in QueuedEmail.objects.all() if "Due listing" in e.subject]
    assert due.subject == "Is your listing still correct? Due listing"
    # The organisation's own address and its partner editors.
    assert due.recipients == ["hello@ageuk.example.org", "priya@ageuk.example.org"]
    assert "/partners/still-correct/" in due.body
    assert snippet_url(Service, "edit", listings["due"].pk) in due.body
    (stale_reminder,) = [e for e in QueuedEmail.objects.all() if "Stale listing" in e.subject]
    assert stale_reminder.recipients == ["hello@tootingtech.example.org"]
    (digest,) = emails_to("lead@example.gov.uk")
    assert digest.subject == "1 listings may be out of date"
    assert "Stale listing" in digest.body and "Due listing" not in digest.body
    sent = QueuedEmail.objects.count()

    second = run_command()

    assert "check 0 listing(s)" in second and "about 0 listing(s)" in second
    assert QueuedEmail.objects.count() == sent
    assert ReviewReminder.objects.filter(kind=ReminderKind.REVIEW_DUE).count() == 2
    assert ReviewReminder.objects.filter(kind=ReminderKind.OUT_OF_DATE).count() == 1


def test_never_reviewed_listings_count_from_when_they_were_published(org_a):
    service = ServiceFactory(name="Never reviewed", organisation=org_a, last_reviewed=None)
    Service.objects.filter(pk=service.pk).update(first_published_at=timezone.now() - dt.timedelta(days=200))
    run_command()
    assert [e.subject for e in QueuedEmail.objects.all()] == ["Is your listing still correct? Never reviewed"]


def test_twelve_month_old_listings_are_marked_on_the_public_site(listings, home_page):
    page = Client().get(listings["stale"].get_absolute_url()).content.decode()
    assert "This information may be out of date" in page
    fresh_page = Client().get(listings["fresh"].get_absolute_url()).content.decode()
    assert "may be out of date" not in fresh_page


def test_twelve_month_old_listings_are_marked_in_the_search_results(places, home_page):
    drop_in = places["drop_in"]
    Service.objects.filter(pk=drop_in.pk).update(last_reviewed=ago(12))
    results = Client().get("/find-help/", {"postcode": "SW18 2PU"}).content.decode()
    assert "Thursday drop-in" in results and "May be out of date" in results
    Service.objects.filter(pk=drop_in.pk).update(last_reviewed=ago(11))
    # The UPDATE stands in for a month passing, so the page kept for this minute must go too.
    caches["pages"].clear()
    results = Client().get("/find-help/", {"postcode": "SW18 2PU"}).content.decode()
    assert "Thursday drop-in" in results and "May be out of date" not in results


def test_the_emailed_link_asks_for_one_press_and_then_dates_the_listing(listings, home_page):
    run_command()
    due = listings["due"]
    (email,) = [e for e in QueuedEmail.objects.all() if "Due listing" in e.subject]
    link = confirm_link(email)
    client = Client()

    page = client.get(link)

    assert page.status_code == 200 and "Yes, it is still correct" in page.content.decode()
    due.refresh_from_db()
    assert due.last_reviewed == ago(6, days=1)  # a link checker's GET changes nothing

    done = client.post(link)

    assert "Thank you" in done.content.decode()
    due.refresh_from_db()
    assert due.last_reviewed == today() and due.live and not due.has_unpublished_changes
    assert due.live_revision.as_object().last_reviewed == today()
    actions = [entry.action for entry in log_registry.get_logs_for_instance(due)]
    assert "provision.review_confirmed" in actions
    assert "This information was last checked on" in Client().get(due.get_absolute_url()).content.decode()

    again = client.post(link)
    assert "already been checked" in again.content.decode()
    # A new cycle: nothing until six months from now.
    run_command()
    assert not [e for e in QueuedEmail.objects.all() if "Due listing" in e.subject][1:]
    run_command(today=months_before(today(), -6) + dt.timedelta(days=1))
    assert len([e for e in QueuedEmail.objects.all() if "Due listing" in e.subject]) == 2


def test_confirming_keeps_a_submission_waiting_for_the_lead(listings, partner_a, lead, home_page):
    due = listings["due"]
    post_editor(client_for(partner_a), snippet_url(Service, "edit", due.pk), {"summary": "New times"}, "action-submit")
    due.refresh_from_db()
    assert due.workflow_in_progress
    token = make_confirm_token(due, due.last_reviewed)

    Client().post(reverse("partner_confirm_review", args=[token]))

    due.refresh_from_db()
    assert due.last_reviewed == today() and due.workflow_in_progress
    workflow_action(client_for(lead), due, "approve")
    due.refresh_from_db()
    assert due.summary == "New times" and due.last_reviewed == today()


def test_a_tampered_or_old_link_does_nothing(listings, home_page, monkeypatch):
    due = listings["due"]
    token = make_confirm_token(due, due.last_reviewed)
    assert Client().get(reverse("partner_confirm_review", args=[token[:-2] + "xx"])).status_code == 404

    old = timezone.now() - dt.timedelta(days=31)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(int(old.timestamp())))
    expired = make_confirm_token(due, due.last_reviewed)
    monkeypatch.undo()
    response = Client().post(reverse("partner_confirm_review", args=[expired]))
    assert "This link has run out" in response.content.decode()
    due.refresh_from_db()
    assert due.last_reviewed == ago(6, days=1)


def test_the_report_lists_listings_to_review(listings, lead, partner_a):
    run_command()
    lead_page = client_for(lead).get(reverse("listings_to_review")).content.decode()
    assert "Due listing" in lead_page and "Stale listing" in lead_page and "Fresh listing" not in lead_page
    assert "May be out of date" in lead_page
    only_stale = client_for(lead).get(reverse("listings_to_review"), {"out_of_date": "true"}).content.decode()
    assert "Stale listing" in only_stale and "Due listing" not in only_stale
    partner_page = client_for(partner_a).get(reverse("listings_to_review")).content.decode()
    assert "Due listing" in partner_page and "Stale listing" not in partner_page
