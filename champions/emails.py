"""Emails to applicants, champions and the lead. All of them go through the outbox (provision.outbox)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from provision.notifications import lead_email
from provision.outbox import queue_email

KEEP_ACTIVE_SALT = "champions.keep-active"
# A "keep me active" link works for this long after the email is sent.
KEEP_ACTIVE_MAX_AGE = 60 * 60 * 24 * 90


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _queue(recipients, subject, template, context):
    context = {"service_name": settings.SERVICE_NAME, "council_name": settings.COUNCIL_NAME, **context}
    body = render_to_string(f"champions/emails/{template}.txt", context)
    return queue_email(recipients, subject, body, reply_to=lead_email())


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute(reverse("champions:set_password", kwargs={"uidb64": uid, "token": token}))


def keep_active_link(champion) -> str:
    token = signing.TimestampSigner(salt=KEEP_ACTIVE_SALT).sign(str(champion.pk))
    return absolute(reverse("champions:keep_active", kwargs={"token": token}))


def read_keep_active_token(token: str) -> int | None:
    try:
        return int(signing.TimestampSigner(salt=KEEP_ACTIVE_SALT).unsign(token, max_age=KEEP_ACTIVE_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None


def send_acknowledgement(application, *, updated: bool):
    subject = (
        "We have updated your Digital Champion application" if updated else "We have your Digital Champion application"
    )
    return _queue([application.email], subject, "acknowledgement", {"application": application, "updated": updated})


def send_already_champion(champion):
    return _queue(
        [champion.email],
        "You are already a Digital Champion",
        "already_champion",
        {"champion": champion, "portal_url": absolute(reverse("champions:portal"))},
    )


def notify_lead_of_application(application, *, updated: bool):
    return _queue(
        [lead_email()],
        f"{'Updated' if updated else 'New'} Digital Champion application: {application.full_name}",
        "lead_new_application",
        {
            "application": application,
            "updated": updated,
            "admin_url": absolute(reverse("champions_application:inspect", args=[application.pk])),
        },
    )


def send_approval(champion):
    user = champion.user
    context = {
        "champion": champion,
        "set_password_url": set_password_link(user) if user and not user.has_usable_password() else "",
        "sign_in_url": absolute(reverse("champions:sign_in")),
        "reset_url": absolute(reverse("champions:password_reset")),
    }
    return _queue([champion.email], "Welcome to the Digital Champions network", "approved", context)


def send_declined(application):
    return _queue([application.email], "Your Digital Champion application", "declined", {"application": application})


def send_now_active(champion):
    return _queue(
        [champion.email],
        "You are now an active Digital Champion",
        "now_active",
        {"champion": champion, "portal_url": absolute(reverse("champions:portal"))},
    )


def send_training_reminder(completion):
    return _queue(
        [completion.champion.email],
        f"Your {completion.course} training runs out on {completion.expires_on:%-d %B %Y}",
        "training_reminder",
        {"completion": completion, "portal_url": absolute(reverse("champions:training"))},
    )


def send_lapsed(champion, expired):
    return _queue(
        [champion.email],
        "Your Digital Champion training has run out",
        "lapsed",
        {"champion": champion, "expired": expired, "portal_url": absolute(reverse("champions:training"))},
    )


def send_inactivity_warning(champion):
    return _queue(
        [champion.email],
        "Would you like to stay a Digital Champion?",
        "inactivity_warning",
        {"champion": champion, "keep_active_url": keep_active_link(champion)},
    )


def send_made_inactive(champion):
    return _queue(
        [champion.email],
        "We have marked you as an inactive Digital Champion",
        "made_inactive",
        {"champion": champion, "keep_active_url": keep_active_link(champion)},
    )


def send_left(champion):
    _queue(
        [lead_email()],
        f"A Digital Champion has left: {champion.full_name}",
        "lead_champion_left",
        {"champion": champion, "admin_url": absolute(reverse("champions_champion:inspect", args=[champion.pk]))},
    )
    return _queue([champion.email], "You have left the Digital Champions network", "left", {"champion": champion})
