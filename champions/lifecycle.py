"""Everything that changes someone's place in the lifecycle, each change written down as a LifecycleEvent.

Views, admin actions and the scheduled commands call these functions rather than setting fields themselves,
so that every change has its who, when and why, and every email goes through the outbox.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from champions import emails
from champions.models import (
    Application,
    ApplicationStatus,
    Champion,
    ChampionStatus,
    HelpSession,
    LifecycleEvent,
    State,
    TrainingCompletion,
)

logger = logging.getLogger("champions")

# The role's group (site/roles.py keeps it in step); it gives nothing in the admin.
CHAMPION_GROUP = "Digital Champion"


def record_event(state, *, actor=None, reason="", application=None, champion=None) -> LifecycleEvent:
    if champion is not None and application is None:
        application = champion.application
    return LifecycleEvent.objects.create(
        state=str(state),
        reason=reason,
        actor=actor if actor is not None and actor.is_authenticated else None,
        application=application,
        champion=champion,
    )


def last_recorded_state(champion: Champion) -> str | None:
    event = champion.events.exclude(state__in=[State.APPLIED, State.IN_REVIEW]).order_by("-created_at", "-pk").first()
    return event.state if event else None


def sync_state(champion: Champion, *, actor=None, reason="", today=None) -> tuple[str | None, str]:
    """Record an event if the computed state differs from the last one written down. Returns (before, now)."""
    now = Champion.objects.with_state(today).values_list("computed_state", flat=True).get(pk=champion.pk)
    before = last_recorded_state(champion)
    if now != before:
        record_event(now, actor=actor, reason=reason or _default_reason(champion, now, today), champion=champion)
        logger.info("Champion %s: %s -> %s", champion.pk, before, now)
    return before, now


def _default_reason(champion: Champion, state: str, today=None) -> str:
    if state == State.ACTIVE:
        return "All the required training is complete and in date."
    if state == State.LAPSED:
        expired = expired_required_training(champion, today)
        names = ", ".join(str(completion.course) for completion in expired) or "Required training"
        return f"{names} expired and has not been renewed."
    if state == State.ONBOARDING:
        return "Training recorded; some required training is still to do."
    return ""


def required_training_status(champion: Champion, today=None) -> list[dict]:
    """For each course the champion's type requires: the latest completion and whether it is in date."""
    today = today or timezone.localdate()
    rows = []
    completions = {}
    for completion in champion.completions.select_related("course").order_by("completed_on"):
        completions[completion.course_id] = completion  # the latest wins
    for course in champion.champion_type.required_courses.all():
        latest = completions.get(course.pk)
        rows.append(
            {
                "course": course,
                "completion": latest,
                "current": latest is not None and latest.is_current(today),
                "expired": latest is not None and not latest.is_current(today),
            }
        )
    return rows


def expired_required_training(champion: Champion, today=None) -> list[TrainingCompletion]:
    return [row["completion"] for row in required_training_status(champion, today) if row["expired"]]


# Applications ---------------------------------------------------------------------------------------------


def find_open_application(email: str) -> Application | None:
    return (
        Application.objects.filter(
            email__iexact=email.strip(), status__in=[ApplicationStatus.APPLIED, ApplicationStatus.IN_REVIEW]
        )
        .order_by("-submitted_at")
        .first()
    )


def find_champion_by_email(email: str) -> Champion | None:
    return Champion.objects.filter(email__iexact=email.strip()).exclude(status=ChampionStatus.LEFT).first()


def mark_in_review(application: Application, user, reason="") -> None:
    if application.status != ApplicationStatus.APPLIED:
        return
    application.status = ApplicationStatus.IN_REVIEW
    application.save(update_fields=["status", "updated_at"])
    record_event(
        State.IN_REVIEW, actor=user, reason=reason or "Application opened for review.", application=application
    )


@transaction.atomic
def approve(application: Application, user, reason: str = "") -> Champion:
    if not application.is_open:
        raise ValueError("Only an application that is waiting for a decision can be approved.")
    now = timezone.now()
    application.status = ApplicationStatus.APPROVED
    application.decided_at, application.decided_by, application.decision_reason = now, user, reason
    application.save()

    champion = Champion.objects.filter(email__iexact=application.email).first()
    if champion is None:
        champion = Champion(email=application.email)
    for field in (
        "first_name",
        "last_name",
        "phone",
        "home_postcode",
        "champion_type",
        "organisation",
        "organisation_name",
        "other_languages",
        "skills",
        "availability",
    ):
        setattr(champion, field, getattr(application, field))
    champion.application = application
    champion.status = ChampionStatus.TAKING_PART
    champion.approved_at = now
    champion.user = champion.user or _user_for(application)
    champion.save()
    champion.languages.set(application.languages.all())
    champion.preferred_places.set(application.preferred_places.all())
    LifecycleEvent.objects.filter(application=application, champion__isnull=True).update(champion=champion)
    record_event(State.APPROVED, actor=user, reason=reason or "Application approved.", champion=champion)
    sync_state(champion, actor=user)
    emails.send_approval(champion)
    return champion


def _user_for(application: Application):
    User = get_user_model()
    user = User.objects.filter(email__iexact=application.email).order_by("pk").first()
    if user is None:
        username = application.email[:150]
        if User.objects.filter(username=username).exists():
            username = f"champion-{User.objects.count() + 1}-{username}"[:150]
        user = User(
            username=username,
            email=application.email,
            first_name=application.first_name,
            last_name=application.last_name,
        )
        user.set_unusable_password()
        user.save()
    group, _ = Group.objects.get_or_create(name=CHAMPION_GROUP)
    user.groups.add(group)
    return user


@transaction.atomic
def decline(application: Application, user, reason: str) -> None:
    if not application.is_open:
        raise ValueError("Only an application that is waiting for a decision can be declined.")
    application.status = ApplicationStatus.DECLINED
    application.decided_at, application.decided_by, application.decision_reason = timezone.now(), user, reason
    application.save()
    record_event(State.DECLINED, actor=user, reason=reason, application=application)
    emails.send_declined(application)


# Training -------------------------------------------------------------------------------------------------


@transaction.atomic
def record_training(
    champion: Champion, course, completed_on, evidence, *, user, evidence_notes=""
) -> TrainingCompletion:
    completion = TrainingCompletion.objects.create(
        champion=champion,
        course=course,
        completed_on=completed_on,
        evidence=evidence,
        evidence_notes=evidence_notes,
        confirmed_by=user,
    )
    after_training_change(champion, user=user, course=course)
    return completion


def after_training_change(champion: Champion, *, user=None, course=None) -> None:
    before, now = sync_state(champion, actor=user, reason=f"{course} recorded." if course else "")
    if now == State.ACTIVE and before != State.ACTIVE:
        emails.send_now_active(champion)


# Status changes the lead, the champion or the scheduled commands make --------------------------------------


@transaction.atomic
def set_status(champion: Champion, status: str, *, actor=None, reason: str = "") -> None:
    champion.status = status
    fields = ["status", "updated_at"]
    if status == ChampionStatus.TAKING_PART:
        champion.kept_active_at = timezone.now()
        champion.inactivity_warning_sent_at = None
        fields += ["kept_active_at", "inactivity_warning_sent_at"]
    champion.save(update_fields=fields)
    if status == ChampionStatus.LEFT:
        take_off_rotas(champion)
    sync_state(champion, actor=actor, reason=reason)


def take_off_rotas(champion: Champion) -> None:
    HelpSession.champions.through.objects.filter(champion=champion).delete()


def keep_active(champion: Champion, *, actor=None) -> None:
    """'Keep me active': counts as activity; brings an inactive champion back."""
    if champion.status == ChampionStatus.INACTIVE:
        set_status(champion, ChampionStatus.TAKING_PART, actor=actor, reason="Asked to stay active.")
        return
    champion.kept_active_at = timezone.now()
    champion.inactivity_warning_sent_at = None
    champion.save(update_fields=["kept_active_at", "inactivity_warning_sent_at", "updated_at"])
    logger.info("Champion %s asked to stay active", champion.pk)


@transaction.atomic
def leave(champion: Champion, *, actor=None, reason: str = "", erase_requested: bool = False) -> None:
    champion.leave_requested_at = timezone.now()
    champion.erasure_requested = erase_requested
    champion.save(update_fields=["leave_requested_at", "erasure_requested", "updated_at"])
    note = reason or "Asked to leave the network."
    if erase_requested:
        note += " Asked us to delete their details."
    set_status(champion, ChampionStatus.LEFT, actor=actor, reason=note)
    emails.send_left(champion)


# Erasure --------------------------------------------------------------------------------------------------


@transaction.atomic
def erase(champion: Champion, *, actor) -> None:
    """Remove everything that identifies the person; keep the counts of help they gave.

    Help logs stay (they hold only counts, topics and places) and stay linked to the anonymised profile, so
    the figures do not change. Training records, background checks, the sign-in account and the application
    go; lifecycle events keep their states and dates but lose their reasons.
    """
    user = champion.user
    application = champion.application
    take_off_rotas(champion)
    champion.completions.all().delete()
    champion.dbs_checks.all().delete()
    champion.events.update(reason="")
    champion.languages.clear()
    champion.preferred_places.clear()
    champion.first_name, champion.last_name = "Erased", "champion"
    champion.email = ""
    champion.phone = ""
    champion.home_postcode = ""
    champion.organisation_name = ""
    champion.other_languages = ""
    champion.skills, champion.availability = [], []
    champion.lead_notes = ""
    champion.user = None
    champion.application = None
    champion.status = ChampionStatus.LEFT
    champion.erased_at = timezone.now()
    champion.save()
    if application is not None:
        application.events.filter(champion__isnull=True).delete()
        application.events.update(application=None)
        application.delete()
    if user is not None and not (user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        user.delete()
    elif user is not None:
        # A staff account is someone's work login: take away only its champion role.
        user.groups.remove(*Group.objects.filter(name=CHAMPION_GROUP))
    record_event(State.LEFT, actor=actor, reason="Personal details erased.", champion=champion)
    logger.info("Champion %s erased by %s", champion.pk, getattr(actor, "pk", None))
