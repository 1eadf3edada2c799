"""The scheduled jobs. Each is idempotent: running it twice on the same day does nothing the second time.

Run daily from cron through the management commands (``manage.py run_champion_tasks`` runs them all).
"""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from champions import emails, lifecycle
from champions.directory import unpublish_ended_sessions
from champions.models import (
    Application,
    ApplicationStatus,
    Champion,
    ChampionStatus,
    LifecycleEvent,
    State,
    TrainingCompletion,
)
from champions.models.training import add_months

logger = logging.getLogger("champions")

REMINDER_DAYS = 30
WARNING_MONTHS = 11
INACTIVE_MONTHS = 12
PURGE_DECLINED_MONTHS = 6
# What the "you have left" email promises: details kept 12 months in case they come back, or erased within a
# month when they asked.
ERASE_LEFT_MONTHS = 12
# However late the warning went out, they get at least this long to answer it.
MINIMUM_NOTICE_DAYS = 14


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def training_reminders_and_lapses(today: dt.date | None = None) -> dict:
    """Remind champions 30 days before required training runs out; mark them lapsed once it has."""
    today = today or timezone.localdate()
    reminded = 0
    due = (
        TrainingCompletion.objects.filter(
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
            reminder_sent_at__isnull=True,
            champion__status=ChampionStatus.TAKING_PART,
            champion__erased_at__isnull=True,
        )
        .select_related("champion", "course")
        .order_by("expires_on")
    )
    for completion in due:
        renewed = TrainingCompletion.objects.filter(
            champion=completion.champion_id, course=completion.course_id, completed_on__gt=completion.completed_on
        ).exists()
        if renewed:
            continue
        with transaction.atomic():
            emails.send_training_reminder(completion)
            TrainingCompletion.objects.filter(pk=completion.pk).update(reminder_sent_at=timezone.now())
        reminded += 1

    lapsed = 0
    for champion in Champion.objects.filter(status=ChampionStatus.TAKING_PART, erased_at__isnull=True):
        with transaction.atomic():
            before, now = lifecycle.sync_state(champion, today=today)
            if now == State.LAPSED and before != State.LAPSED:
                emails.send_lapsed(champion, lifecycle.expired_required_training(champion, today))
                lapsed += 1
    logger.info("Training reminders sent: %s; champions newly lapsed: %s", reminded, lapsed)
    return {"reminded": reminded, "lapsed": lapsed}


def inactivity(now: dt.datetime | None = None) -> dict:
    """A warning after 11 months without activity; inactive at 12 months, once warned."""
    now = now or timezone.now()
    warn_before = _midnight(add_months(timezone.localtime(now).date(), -WARNING_MONTHS))
    inactive_before = _midnight(add_months(timezone.localtime(now).date(), -INACTIVE_MONTHS))
    warned = made_inactive = 0
    for champion in Champion.objects.filter(status=ChampionStatus.TAKING_PART, erased_at__isnull=True).exclude(
        email=""
    ):
        last = champion.last_activity_at
        if last >= warn_before:
            continue
        warning = champion.inactivity_warning_sent_at
        warned_since_activity = warning is not None and warning > last
        if not warned_since_activity:
            with transaction.atomic():
                emails.send_inactivity_warning(champion)
                Champion.objects.filter(pk=champion.pk).update(inactivity_warning_sent_at=now)
            warned += 1
        elif last < inactive_before and warning <= now - dt.timedelta(days=MINIMUM_NOTICE_DAYS):
            with transaction.atomic():
                lifecycle.set_status(
                    champion, ChampionStatus.INACTIVE, reason="No activity logged for 12 months after a warning."
                )
                emails.send_made_inactive(champion)
            made_inactive += 1
    logger.info("Inactivity warnings sent: %s; champions made inactive: %s", warned, made_inactive)
    return {"warned": warned, "made_inactive": made_inactive}


def purge_declined_applications(now: dt.datetime | None = None) -> int:
    """Delete declined applications (and their history) 6 months after the decision."""
    now = now or timezone.now()
    cutoff = _midnight(add_months(timezone.localtime(now).date(), -PURGE_DECLINED_MONTHS))
    old = Application.objects.filter(status=ApplicationStatus.DECLINED, decided_at__lt=cutoff, champion__isnull=True)
    count = old.count()
    old.delete()
    logger.info("Declined applications purged: %s", count)
    return count


def erase_departed_champions(now: dt.datetime | None = None) -> int:
    """Erase champions who left 12 months ago, and at once those who asked us to delete their details."""
    now = now or timezone.now()
    cutoff = _midnight(add_months(timezone.localtime(now).date(), -ERASE_LEFT_MONTHS))
    # The lead can mark someone as left without a request from them, so the date falls back to that event.
    marked_left = LifecycleEvent.objects.filter(champion=OuterRef("pk"), state=State.LEFT).order_by("-created_at")
    departed = (
        Champion.objects.filter(status=ChampionStatus.LEFT, erased_at__isnull=True)
        .annotate(left_at=Coalesce("leave_requested_at", Subquery(marked_left.values("created_at")[:1])))
        .filter(Q(erasure_requested=True) | Q(left_at__lt=cutoff))
    )
    count = 0
    for champion in departed.select_related("user", "application"):
        lifecycle.erase(champion, actor=None)
        count += 1
    logger.info("Champions who left erased: %s", count)
    return count


def unpublish_ended(today: dt.date | None = None) -> int:
    count = unpublish_ended_sessions(today)
    logger.info("Listings of ended help sessions unpublished: %s", count)
    return count
