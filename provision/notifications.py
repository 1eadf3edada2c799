"""Emails about listings, sent through the outbox."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from wagtail.models import Site

from provision.models import ProblemReport
from provision.outbox import queue_email
from provision.permissions import LEAD_GROUP


def lead_email() -> str:
    from borough_site.models import HelpContactSettings

    site = Site.objects.filter(is_default_site=True).first()
    return HelpContactSettings.for_site(site).notification_email if site else ""


def lead_recipients() -> list[str]:
    """The inclusion lead's inbox (site settings), or else the members of the Inclusion lead group."""
    if address := lead_email():
        return [address]
    users = get_user_model().objects.filter(groups__name=LEAD_GROUP, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def organisation_recipients(organisation) -> list[str]:
    """An organisation's own address and its partner editors'."""
    if organisation is None:
        return []
    members = organisation.memberships.filter(user__is_active=True).exclude(user__email="")
    return sorted({organisation.email, *members.values_list("user__email", flat=True)} - {""})


def notify_problem_report(report: ProblemReport):
    """Tell the provider (its address and its partner editors) and the inclusion lead."""
    context = {"report": report, "base_url": settings.WAGTAILADMIN_BASE_URL}
    return queue_email(
        [*organisation_recipients(report.organisation), *lead_recipients()],
        f"Problem reported with {report.subject}",
        render_to_string("provision/emails/problem_report.txt", context),
        reply_to=report.reporter_email,
    )
