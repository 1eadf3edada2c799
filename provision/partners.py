"""Partners joining: applications, the lead's decision, partner accounts and their invitations.

Approving an application creates the organisation (or links it to one that exists), the contact's account (or
uses the account that already has their email address), a membership of the organisation and the Partner
editor group, and emails an invitation with a link to choose a password. Every step is in the history of the
application and of the organisation, and every email goes through the outbox.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from wagtail.log_actions import log

from provision.models import ApplicationStatus, Organisation, OrganisationMembership, PartnerApplication
from provision.notifications import lead_recipients
from provision.outbox import queue_email
from provision.permissions import PARTNER_GROUP

INVITATION_DAYS = 14


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's password-reset tokens (single use: they stop working once a password is set), valid for two
    weeks rather than PASSWORD_RESET_TIMEOUT, as an invitation may wait in an inbox over a holiday."""

    key_salt = "provision.partners.InvitationTokenGenerator"
    timeout = dt.timedelta(days=INVITATION_DAYS)

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp_b36, _hash = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        expected = [self._make_token_with_timestamp(user, timestamp, secret) for secret in self._secrets()]
        if not any(constant_time_compare(candidate, token) for candidate in expected):
            return False
        return (self._num_seconds(self._now()) - timestamp) <= self.timeout.total_seconds()

    def _secrets(self):
        return [self.secret, *self.secret_fallbacks]


invitation_tokens = InvitationTokenGenerator()


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute(
        reverse("partner_set_password", kwargs={"uidb64": uid, "token": invitation_tokens.make_token(user)})
    )


def sign_in_url() -> str:
    return absolute(reverse("wagtailadmin_login"))


# Accounts --------------------------------------------------------------------------------------------------


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = email.lower()[:150]
    username, counter = base, 2
    while User.objects.filter(username__iexact=username).exists():
        suffix = f"-{counter}"
        username = base[: 150 - len(suffix)] + suffix
        counter += 1
    return username


def find_or_create_partner_user(*, email: str, full_name: str = "", first_name: str = "", last_name: str = ""):
    """(user, created): the active account with this email address, or a new one (username = email address)."""
    User = get_user_model()
    existing = User.objects.filter(email__iexact=email).order_by("-is_active", "pk").first()
    if existing is not None:
        return existing, False
    if full_name and not (first_name or last_name):
        first_name, _, last_name = full_name.strip().partition(" ")
    user = User(
        username=_unique_username(email),
        email=email.lower(),
        first_name=first_name[:150],
        last_name=last_name[:150],
        is_active=True,
    )
    user.set_unusable_password()
    user.save()
    return user, True


def add_member(user, organisation, *, added_by=None) -> tuple[OrganisationMembership, bool]:
    """Make `user` a partner editor of `organisation` (membership and group)."""
    membership, created = OrganisationMembership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"added_by": added_by}
    )
    group, _ = Group.objects.get_or_create(name=PARTNER_GROUP)
    user.groups.add(group)
    if created:
        log(
            organisation,
            "provision.member_added",
            user=added_by,
            data={"member": user.get_full_name() or user.get_username(), "email": user.email},
        )
    return membership, created


def send_invitation(user, organisation, *, new_account: bool, message: str = ""):
    """The welcome email: a link to choose a password for a new account, or to sign in for an existing one."""
    context = {
        "user": user,
        "organisation": organisation,
        "new_account": new_account or not user.has_usable_password(),
        "link": set_password_link(user) if (new_account or not user.has_usable_password()) else sign_in_url(),
        "sign_in_url": sign_in_url(),
        "days": INVITATION_DAYS,
        "message": message,
        "service_name": settings.SERVICE_NAME,
    }
    return queue_email(
        [user.email],
        f"You can now keep {organisation}'s listings up to date on {settings.SERVICE_NAME}",
        render_to_string("provision/emails/partner_invitation.txt", context),
        reply_to=(lead_recipients() or [""])[0],
    )


def invite_member(*, organisation, email, first_name="", last_name="", added_by=None) -> OrganisationMembership:
    """The lead adds a person to an organisation's partner editors (Partner accounts > Add)."""
    with transaction.atomic():
        user, created = find_or_create_partner_user(email=email, first_name=first_name, last_name=last_name)
        membership, _ = add_member(user, organisation, added_by=added_by)
        send_invitation(user, organisation, new_account=created)
    return membership


# Applications ----------------------------------------------------------------------------------------------


def matching_organisation(application: PartnerApplication) -> Organisation | None:
    return Organisation.objects.filter(name__iexact=application.organisation_name.strip()).first()


class DecisionError(Exception):
    pass


def approve(application: PartnerApplication, *, by, organisation: Organisation | None = None, message: str = ""):
    """Approve: organisation, account, membership, group and invitation, all or nothing."""
    if not application.is_pending:
        raise DecisionError("This application has already been decided.")
    with transaction.atomic():
        application = PartnerApplication.objects.select_for_update().get(pk=application.pk)
        if not application.is_pending:
            raise DecisionError("This application has already been decided.")
        organisation = organisation or matching_organisation(application)
        if organisation is None:
            try:
                with transaction.atomic():
                    organisation = Organisation.objects.create(
                        name=application.organisation_name.strip(),
                        kind=application.organisation_kind,
                        description=application.help_offered,
                        website=application.organisation_website,
                        email=application.organisation_email,
                        phone=application.organisation_phone,
                        charity_number=application.charity_number,
                    )
            except IntegrityError as error:
                raise DecisionError(
                    f"An organisation called {application.organisation_name} already exists."
                ) from error
            organisation.save_revision(user=by, log_action="wagtail.create")
        user, created = find_or_create_partner_user(email=application.contact_email, full_name=application.contact_name)
        add_member(user, organisation, added_by=by)
        application.status = ApplicationStatus.APPROVED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.decision_reason = message
        application.organisation = organisation
        application.user = user
        application.save()
        log(application, "provision.application.approve", user=by, data={"comment": message})
        send_invitation(user, organisation, new_account=created, message=message)
    return application


def decline(application: PartnerApplication, *, by, reason: str):
    if not application.is_pending:
        raise DecisionError("This application has already been decided.")
    with transaction.atomic():
        application.status = ApplicationStatus.DECLINED
        application.decided_by = by
        application.decided_at = timezone.now()
        application.decision_reason = reason
        application.save()
        log(application, "provision.application.decline", user=by, data={"comment": reason})
        queue_email(
            [application.contact_email],
            f"Your request to list {application.organisation_name} on {settings.SERVICE_NAME}",
            render_to_string(
                "provision/emails/application_declined.txt",
                {"application": application, "service_name": settings.SERVICE_NAME},
            ),
            reply_to=(lead_recipients() or [""])[0],
        )
    return application


def application_received(application: PartnerApplication):
    """The acknowledgement to the applicant and the heads-up to the lead."""
    context = {
        "application": application,
        "service_name": settings.SERVICE_NAME,
        "review_url": absolute(reverse("partner_applications:inspect", args=[application.pk])),
    }
    queue_email(
        [application.contact_email],
        f"We have your request to list {application.organisation_name} on {settings.SERVICE_NAME}",
        render_to_string("provision/emails/application_received.txt", context),
        reply_to=(lead_recipients() or [""])[0],
    )
    queue_email(
        lead_recipients(),
        f"New request to list services: {application.organisation_name}",
        render_to_string("provision/emails/application_to_lead.txt", context),
        reply_to=application.contact_email,
    )
