"""How long we keep requests to list services that did not lead anywhere.

A declined request is deleted PARTNER_APPLICATION_RETENTION_MONTHS (default 6) after the decision, and one
never decided the same time after it was sent: they hold a contact's name, email address and phone number,
which we have no reason to keep. Approved requests stay: they record how an organisation and its partner
account came to be. Each deletion leaves a "Deleted" entry (the organisation's name, no personal details) in
Reports > Site history; the request's own history goes with it, as its comments may name people.

Run daily by `manage.py purge_partner_applications`; running it twice deletes nothing the second time.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from provision.models import ApplicationStatus, PartnerApplication
from provision.models.services import months_before

logger = logging.getLogger(__name__)


def purge_stale_partner_applications(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    months = settings.PARTNER_APPLICATION_RETENTION_MONTHS
    cutoff = timezone.make_aware(
        dt.datetime.combine(months_before(timezone.localtime(now).date(), months), dt.time.min)
    )
    stale = {
        "declined": PartnerApplication.objects.filter(status=ApplicationStatus.DECLINED, decided_at__lt=cutoff),
        "never_decided": PartnerApplication.objects.filter(status=ApplicationStatus.PENDING, created_at__lt=cutoff),
    }
    counts = {}
    for kind, applications in stale.items():
        counts[kind] = 0
        for application in applications:
            with transaction.atomic():
                ModelLogEntry.objects.for_instance(application).delete()
                log(
                    application,
                    "wagtail.delete",
                    data={"reason": f"Kept for {months} months after it was {kind.replace('_', ' ')}."},
                )
                application.delete()
            counts[kind] += 1
    logger.info(
        "Requests to list services deleted after %s months: %s declined, %s never decided",
        months,
        counts["declined"],
        counts["never_decided"],
    )
    return counts
