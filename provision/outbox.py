"""Queue an email, send it once the database transaction commits, and retry what failed.

    queue_email(["lead@example.gov.uk"], "Subject", "Body")

The message is saved first; sending happens after commit, so a rolled-back request sends nothing and an
unreachable mail server leaves the message queued for `manage.py send_queued_emails` (run from cron).
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from provision.models import QueuedEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 20


def queue_email(recipients, subject: str, body: str, reply_to: str = "") -> QueuedEmail | None:
    recipients = sorted({address for address in recipients if address})
    if not recipients:
        return None
    message = QueuedEmail.objects.create(recipients=recipients, subject=subject[:300], body=body, reply_to=reply_to)
    transaction.on_commit(lambda: send(message))
    return message


def send(message: QueuedEmail) -> bool:
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.recipients,
        reply_to=[message.reply_to] if message.reply_to else None,
    )
    try:
        email.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Email %s not sent (%s); it stays queued", message.pk, error)
        QueuedEmail.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1, last_error=str(error)[:300])
        return False
    QueuedEmail.objects.filter(pk=message.pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    return True


def send_queued(limit: int = 500) -> tuple[int, int]:
    """Retry unsent emails, oldest first. Returns (sent now, still waiting)."""
    waiting = QueuedEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    sent = sum(1 for message in waiting[:limit] if send(message))
    return sent, waiting.count()
