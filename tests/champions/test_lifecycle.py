"""Lifecycle states: what is stored, what is computed from training, and the events that record each change."""

import datetime as dt

import pytest
from django.utils import timezone

from champions import lifecycle
from champions.factories import (
    ApplicationFactory,
    ChampionFactory,
    CourseFactory,
    DBSCheckFactory,
    TrainingCompletionFactory,
)
from champions.models import ApplicationStatus, Champion, ChampionStatus, DBSDecision, Evidence, State
from champions.models.training import add_months
from champions.tasks import training_reminders_and_lapses
from provision.models import QueuedEmail

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_add_months_keeps_the_day_or_uses_the_end_of_a_short_month():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 3, 15), 24) == dt.date(2026, 3, 15)
    assert add_months(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)


def test_a_completion_expires_after_its_course_validity():
    course = CourseFactory(validity_months=12)
    completion = TrainingCompletionFactory(course=course, completed_on=dt.date(2025, 4, 10))
    assert completion.expires_on == dt.date(2026, 4, 10)
    forever = TrainingCompletionFactory(course=CourseFactory(validity_months=None))
    assert forever.expires_on is None


def test_state_is_computed_from_training(resident_type, courses):
    champion = ChampionFactory(champion_type=resident_type)
    assert champion.state == State.APPROVED

    TrainingCompletionFactory(champion=champion, course=courses[0])
    assert champion.state == State.ONBOARDING

    TrainingCompletionFactory(champion=champion, course=courses[1])
    assert champion.state == State.ACTIVE
    assert Champion.objects.in_state(State.ACTIVE).get() == champion


def test_required_training_expiring_makes_a_champion_lapsed_and_renewal_brings_them_back(resident_type, courses):
    champion = ChampionFactory(champion_type=resident_type)
    TrainingCompletionFactory(champion=champion, course=courses[0], completed_on=TODAY - dt.timedelta(days=30))
    TrainingCompletionFactory(
        champion=champion, course=courses[1], completed_on=add_months(TODAY, -24) - dt.timedelta(days=1)
    )
    assert champion.state == State.LAPSED

    TrainingCompletionFactory(champion=champion, course=courses[1], completed_on=TODAY)
    assert champion.state == State.ACTIVE


def test_a_stored_status_overrides_the_training(resident_type, courses):
    champion = ChampionFactory(champion_type=resident_type, status=ChampionStatus.PAUSED)
    for course in courses:
        TrainingCompletionFactory(champion=champion, course=course)
    assert champion.state == State.PAUSED
    champion.status = ChampionStatus.LEFT
    champion.save()
    assert champion.state == State.LEFT


def test_a_role_that_needs_a_dbs_check_is_active_only_once_it_is_cleared():
    course = CourseFactory()
    check = DBSCheckFactory(
        decision=DBSDecision.PENDING,
        decided_on=None,
        champion__champion_type__required_courses=[course],
    )
    champion = check.champion
    TrainingCompletionFactory(champion=champion, course=course)
    assert champion.state == State.ONBOARDING
    check.decision, check.decided_on = DBSDecision.CLEAR, TODAY
    check.save()
    assert champion.state == State.ACTIVE


def test_approval_records_who_when_and_why_and_creates_the_champion(lead, resident_type):
    application = ApplicationFactory(champion_type=resident_type, email="Ada@Example.org")
    lifecycle.mark_in_review(application, lead)
    champion = lifecycle.approve(application, lead, "Great experience with older residents.")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == lead
    assert champion.email == "ada@example.org"
    assert champion.user.email == "ada@example.org"
    assert not champion.user.has_usable_password()
    assert champion.user.groups.filter(name="Digital Champion").exists()
    events = list(champion.events.values_list("state", "actor", "reason"))
    assert [state for state, _, _ in events] == [State.APPLIED, State.IN_REVIEW, State.APPROVED]
    assert events[-1] == (State.APPROVED, lead.pk, "Great experience with older residents.")
    welcome = QueuedEmail.objects.get(subject="Welcome to the Digital Champions network")
    assert "/champions/set-password/" in welcome.body


def test_recording_the_last_required_course_makes_them_active_and_says_so(lead, resident_type, courses):
    champion = lifecycle.approve(ApplicationFactory(champion_type=resident_type), lead)
    for course in courses:
        lifecycle.record_training(champion, course, TODAY, Evidence.ATTENDED, user=lead)

    assert champion.state == State.ACTIVE
    states = list(champion.events.values_list("state", flat=True))
    assert states[-2:] == [State.ONBOARDING, State.ACTIVE]
    assert champion.events.last().actor == lead
    assert QueuedEmail.objects.filter(subject="You are now an active Digital Champion").count() == 1


def test_decline_needs_an_open_application(lead, resident_type):
    application = ApplicationFactory(champion_type=resident_type)
    lifecycle.decline(application, lead, "We have enough champions at your preferred places.")
    assert application.events.last().state == State.DECLINED
    assert "We have enough champions" in QueuedEmail.objects.get(subject="Your Digital Champion application").body
    with pytest.raises(ValueError):
        lifecycle.approve(application, lead)


class TestExpiryToLapsed:
    """The daily job: a reminder 30 days before, then lapsed (with an event and an email) once it has run out."""

    def setup_champion(self, courses, resident_type, expires_in_days):
        champion = ChampionFactory(champion_type=resident_type)
        TrainingCompletionFactory(champion=champion, course=courses[0])
        completed = add_months(TODAY + dt.timedelta(days=expires_in_days), -courses[1].validity_months)
        TrainingCompletionFactory(champion=champion, course=courses[1], completed_on=completed)
        lifecycle.sync_state(champion)
        return champion

    def test_reminder_before_expiry_is_sent_once(self, courses, resident_type):
        champion = self.setup_champion(courses, resident_type, expires_in_days=20)
        assert champion.state == State.ACTIVE

        assert training_reminders_and_lapses(TODAY) == {"reminded": 1, "lapsed": 0}
        assert training_reminders_and_lapses(TODAY) == {"reminded": 0, "lapsed": 0}
        reminder = QueuedEmail.objects.get(subject__startswith="Your Test safeguarding training runs out")
        assert reminder.recipients == [champion.email]

    def test_expired_training_makes_them_lapsed_once(self, courses, resident_type):
        champion = self.setup_champion(courses, resident_type, expires_in_days=3)
        later = TODAY + dt.timedelta(days=4)

        assert training_reminders_and_lapses(later)["lapsed"] == 1
        assert training_reminders_and_lapses(later)["lapsed"] == 0  # safe to run twice
        event = champion.events.last()
        assert event.state == State.LAPSED
        assert event.actor is None
        assert "Test safeguarding expired" in event.reason
        assert QueuedEmail.objects.filter(subject="Your Digital Champion training has run out").count() == 1
