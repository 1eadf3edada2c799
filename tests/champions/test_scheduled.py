"""The daily jobs: inactivity warning and inactive, purging declined applications; each safe to run twice."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from champions import lifecycle
from champions.factories import ActiveChampionFactory, ApplicationFactory, HelpLogFactory
from champions.models import Application, Champion, ChampionStatus, HelpLog, LifecycleEvent, State
from champions.tasks import erase_departed_champions, inactivity, purge_declined_applications
from provision.models import QueuedEmail

pytestmark = pytest.mark.django_db


def months_ago(months, days=0):
    return timezone.now() - dt.timedelta(days=round(months * 30.5) + days)


def test_inactivity_warning_at_11_months_then_inactive_at_12(lead):
    champion = ActiveChampionFactory(email="quiet@example.org")
    champion.approved_at = months_ago(13)
    champion.save()
    champion.completions.update(confirmed_at=months_ago(13))
    log = HelpLogFactory(champion=champion)
    type(log).objects.filter(pk=log.pk).update(created_at=months_ago(11, days=5))

    assert inactivity() == {"warned": 1, "made_inactive": 0}
    assert inactivity() == {"warned": 0, "made_inactive": 0}  # safe to run twice
    warning = QueuedEmail.objects.get(subject="Would you like to stay a Digital Champion?")
    assert warning.recipients == ["quiet@example.org"]
    assert "/champions/keep-active/" in warning.body

    a_month_later = timezone.now() + dt.timedelta(days=31)
    assert inactivity(a_month_later) == {"warned": 0, "made_inactive": 1}
    assert inactivity(a_month_later) == {"warned": 0, "made_inactive": 0}
    champion.refresh_from_db()
    assert champion.status == ChampionStatus.INACTIVE
    assert champion.state == State.INACTIVE
    assert champion.events.last().reason == "No activity logged for 12 months after a warning."
    assert QueuedEmail.objects.filter(subject="We have marked you as an inactive Digital Champion").count() == 1


def test_recent_help_means_no_warning():
    champion = ActiveChampionFactory()
    champion.approved_at = months_ago(24)
    champion.save()
    HelpLogFactory(champion=champion)
    assert inactivity() == {"warned": 0, "made_inactive": 0}


def test_keep_me_active_after_a_warning_resets_the_clock():
    champion = ActiveChampionFactory()
    champion.approved_at = months_ago(11, days=10)
    champion.save()
    champion.completions.update(confirmed_at=months_ago(11, days=10))
    assert inactivity()["warned"] == 1
    lifecycle.keep_active(champion)
    assert inactivity(timezone.now() + dt.timedelta(days=40)) == {"warned": 0, "made_inactive": 0}


def test_declined_applications_are_purged_after_6_months(lead):
    old = ApplicationFactory()
    lifecycle.decline(old, lead, "No places")
    Application.objects.filter(pk=old.pk).update(decided_at=months_ago(6, days=5))
    recent = ApplicationFactory()
    lifecycle.decline(recent, lead, "No places")
    waiting = ApplicationFactory()

    assert purge_declined_applications() == 1
    assert purge_declined_applications() == 0
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_champions_who_left_are_erased_after_12_months_or_at_once_if_they_asked(lead):
    left_long_ago = ActiveChampionFactory(first_name="Long", email="long-gone@example.org")
    lifecycle.leave(left_long_ago)
    Champion.objects.filter(pk=left_long_ago.pk).update(leave_requested_at=months_ago(12, days=3))
    HelpLogFactory(champion=left_long_ago)
    left_recently = ActiveChampionFactory(first_name="Recent", email="recent@example.org")
    lifecycle.leave(left_recently)
    Champion.objects.filter(pk=left_recently.pk).update(leave_requested_at=months_ago(11))
    asked_to_be_erased = ActiveChampionFactory(first_name="Asked", email="asked@example.org")
    lifecycle.leave(asked_to_be_erased, erase_requested=True)
    marked_left_by_lead = ActiveChampionFactory(first_name="Marked", email="marked@example.org")
    lifecycle.set_status(marked_left_by_lead, ChampionStatus.LEFT, actor=lead, reason="Moved away.")
    LifecycleEvent.objects.filter(champion=marked_left_by_lead).update(created_at=months_ago(13))
    still_helping = ActiveChampionFactory(first_name="Still", email="still@example.org")

    assert erase_departed_champions() == 3
    assert erase_departed_champions() == 0

    remaining_emails = set(Champion.objects.exclude(email="").values_list("email", flat=True))
    assert remaining_emails == {"recent@example.org", "still@example.org"}
    assert Champion.objects.get(pk=left_long_ago.pk).first_name == "Erased"
    assert HelpLog.objects.filter(champion=left_long_ago).count() == 1, "the counts of help given are kept"
    assert Champion.objects.get(pk=still_helping.pk).status != ChampionStatus.LEFT


def test_the_commands_run_and_report(capsys):
    call_command("run_champion_tasks")
    out = capsys.readouterr().out
    assert "Reminders sent: 0" in out
    assert "Warnings sent: 0" in out
    assert "Declined applications deleted: 0" in out
    assert "Champions who left erased: 0" in out
    assert "Listings unpublished: 0" in out
