"""Keeping listings fresh: reminders at 6 months, "may be out of date" at 12, and one-click "still correct".

``send_review_reminders`` (the daily ``manage.py send_review_reminders``) looks at every published service by
the date it was last reviewed (or first published):

* 6 months on, the organisation (its address and its partner editors) is emailed a signed link to confirm the
  listing is still correct, and a link to edit it;
* 12 months on, the lead gets one email listing the listings that have just gone a year without a review. The
  public service page and search results show those as possibly out of date (Service.is_out_of_date) from that
  day, whether or not the command has run.

Each reminder is recorded (ReviewReminder: service, kind, the review date it was about), so a second run on the
same day, or the next day, sends nothing new; once a listing is reviewed again, its new date starts a new cycle.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from provision.geojson import directory_changed
from provision.models import ReminderKind, ReviewReminder, Service
from provision.models.services import OUT_OF_DATE_MONTHS, REVIEW_REMINDER_MONTHS, months_before
from provision.notifications import lead_recipients, organisation_recipients
from provision.outbox import queue_email

logger = logging.getLogger(__name__)

CONFIRM_LINK_DAYS = 30
_SALT = "provision.reviews.still-correct"


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# The signed "still correct" link ---------------------------------------------------------------------------


def make_confirm_token(service: Service, reviewed_on: dt.date) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object({"s": service.pk, "r": reviewed_on.isoformat()})


def read_confirm_token(token: str) -> tuple[int, dt.date]:
    """(service id, the review date the link was sent about); raises signing.BadSignature (or its subclass
    SignatureExpired after CONFIRM_LINK_DAYS)."""
    data = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=dt.timedelta(days=CONFIRM_LINK_DAYS))
    try:
        return int(data["s"]), dt.date.fromisoformat(data["r"])
    except (KeyError, TypeError, ValueError) as error:
        raise signing.BadSignature("Malformed review token") from error


def confirm_url(service: Service, reviewed_on: dt.date) -> str:
    return absolute(reverse("partner_confirm_review", args=[make_confirm_token(service, reviewed_on)]))


def edit_url(service: Service) -> str:
    return absolute(reverse(Service.snippet_viewset.get_url_name("edit"), args=[service.pk]))


def already_confirmed(service: Service, reviewed_on: dt.date) -> bool:
    return bool(service.last_reviewed and service.last_reviewed > reviewed_on)


@transaction.atomic
def confirm_still_correct(service: Service, reviewed_on: dt.date, *, today: dt.date | None = None) -> bool:
    """Mark the listing reviewed today (from the emailed link). False if that has happened since the link was sent.

    With no draft waiting, a revision is saved and published, so the history shows it like any other change;
    with a draft or a submission waiting for approval, only the live listing's date changes (publishing a
    revision would cancel the submission), and Service.with_content_json keeps the new date when the draft is
    published later.
    """
    today = today or timezone.localdate()
    service = Service.objects.select_for_update().get(pk=service.pk)
    if already_confirmed(service, reviewed_on) or service.last_reviewed == today:
        return False
    service.last_reviewed = today
    revision = None
    if not service.has_unpublished_changes and not service.workflow_in_progress and not service.locked:
        revision = service.save_revision(clean=False)
        revision.publish(skip_permission_checks=True, log_action=False)
    else:
        Service.objects.filter(pk=service.pk).update(last_reviewed=today)
        directory_changed()  # an UPDATE sends no post_save: retire the cached pages that show the date
    log(service, "provision.review_confirmed", revision=revision, data={"reviewed_on": today.isoformat()})
    return True


# The daily reminders ---------------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    reminded: list = field(default_factory=list)
    out_of_date: list = field(default_factory=list)


def _record(service: Service, kind: str, reviewed_on: dt.date, recipients: list[str]) -> bool:
    """Note that a reminder is being sent; False if it was already (the unique constraint settles races)."""
    try:
        with transaction.atomic():
            _reminder, created = ReviewReminder.objects.get_or_create(
                service=service, kind=kind, reviewed_on=reviewed_on, defaults={"recipients": recipients}
            )
    except IntegrityError:
        return False
    return created


def _not_yet_sent(queryset, kind):
    already = ReviewReminder.objects.filter(kind=kind)
    sent = {(service_id, day) for service_id, day in already.values_list("service_id", "reviewed_on")}
    return [service for service in queryset if (service.pk, service.reviewed_on) not in sent]


def send_review_reminders(today: dt.date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    run = ReminderRun()
    listings = Service.objects.published().select_related("organisation").order_by("organisation__name", "name")

    due = listings.reviewed_on_or_before(months_before(today, REVIEW_REMINDER_MONTHS))
    for service in _not_yet_sent(due, ReminderKind.REVIEW_DUE):
        recipients = organisation_recipients(service.organisation)
        if not recipients:
            logger.warning(
                "No one to remind about %s (%s has no email address or editors)", service, service.organisation
            )
        with transaction.atomic():
            if not _record(service, ReminderKind.REVIEW_DUE, service.reviewed_on, recipients):
                continue
            context = {
                "service": service,
                "reviewed_on": service.reviewed_on,
                "confirm_url": confirm_url(service, service.reviewed_on),
                "edit_url": edit_url(service),
                "public_url": absolute(service.get_absolute_url()),
                "link_days": CONFIRM_LINK_DAYS,
                "out_of_date_on": _months_after(service.reviewed_on, OUT_OF_DATE_MONTHS),
                "service_name": settings.SERVICE_NAME,
            }
            queue_email(
                recipients,
                f"Is your listing still correct? {service.name}",
                render_to_string("provision/emails/review_reminder.txt", context),
                reply_to=(lead_recipients() or [""])[0],
            )
        run.reminded.append(service)

    stale = listings.reviewed_on_or_before(months_before(today, OUT_OF_DATE_MONTHS))
    lead = lead_recipients()
    with transaction.atomic():
        for service in _not_yet_sent(stale, ReminderKind.OUT_OF_DATE):
            if _record(service, ReminderKind.OUT_OF_DATE, service.reviewed_on, lead):
                run.out_of_date.append(service)
        if run.out_of_date:
            context = {
                "services": [(service, edit_url(service)) for service in run.out_of_date],
                "report_url": absolute(reverse("listings_to_review")),
                "months": OUT_OF_DATE_MONTHS,
                "service_name": settings.SERVICE_NAME,
            }
            queue_email(
                lead,
                f"{len(run.out_of_date)} listings may be out of date",
                render_to_string("provision/emails/out_of_date_digest.txt", context),
            )
    return run


def _months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)
