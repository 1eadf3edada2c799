"""Partners: who may keep which organisation's listings up to date, how organisations ask to join, and the
review reminders sent to them.

A partner editor's reach is their memberships: the services of their organisations, the places those services
run at and the places they added (PartnerLocation), and the problem reports about them. provision/permissions.py
turns that into Wagtail permission policies.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from provision.models.organisations import OrganisationKind


class OrganisationMembership(models.Model):
    """A person who may keep an organisation's listings up to date (a partner editor)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey("provision.Organisation", on_delete=models.CASCADE, related_name="memberships")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__last_name", "user__first_name"]
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="unique_organisation_member")]
        verbose_name = "partner account"
        verbose_name_plural = "partner accounts"

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.organisation})"

    def delete(self, *args, **kwargs):
        # Someone who no longer keeps any organisation's listings leaves the partner editors' group, so a
        # forgotten account keeps no access to the admin. (Deleting memberships in bulk skips this.)
        from django.contrib.auth.models import Group

        from provision.permissions import PARTNER_GROUP

        user = self.user
        result = super().delete(*args, **kwargs)
        if not user.organisation_memberships.exists():
            for group in Group.objects.filter(name=PARTNER_GROUP):
                user.groups.remove(group)
        return result


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class PartnerApplication(models.Model):
    """'List your service': an organisation asks to list its digital help here. The inclusion lead decides."""

    organisation_name = models.CharField("Organisation name", max_length=200)
    organisation_kind = models.CharField(
        "Type of organisation", max_length=32, choices=OrganisationKind.choices, default=OrganisationKind.CHARITY
    )
    organisation_website = models.URLField("Website", blank=True)
    organisation_email = models.EmailField("Organisation email address")
    organisation_phone = models.CharField("Organisation phone number", max_length=40, blank=True)
    charity_number = models.CharField("Charity or company number", max_length=20, blank=True)
    help_offered = models.TextField("The digital help you offer", max_length=2000)
    areas = models.CharField("Where you offer it", max_length=300, blank=True)

    contact_name = models.CharField("Contact's full name", max_length=150)
    contact_role = models.CharField("Contact's role", max_length=100, blank=True)
    contact_email = models.EmailField("Contact's email address")
    contact_phone = models.CharField("Contact's phone number", max_length=40, blank=True)
    consented_at = models.DateTimeField(help_text="When they agreed to the privacy notice.")

    status = models.CharField(max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True, help_text="Sent to the applicant.")
    organisation = models.ForeignKey(
        "provision.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The organisation it was approved as.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The contact's partner account, once approved.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = "application to list services"
        verbose_name_plural = "applications to list services"

    def __str__(self):
        return self.organisation_name

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING


class PartnerLocation(models.Model):
    """A place a partner organisation added, and so keeps up to date (with the lead's approval)."""

    organisation = models.ForeignKey(
        "provision.Organisation", on_delete=models.CASCADE, related_name="partner_locations"
    )
    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="partner_links")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "location"], name="unique_partner_location")]
        verbose_name = "place added by a partner"

    def __str__(self):
        return f"{self.location} ({self.organisation})"


class ReminderKind(models.TextChoices):
    REVIEW_DUE = "review_due", "Asked the partner to check the listing (6 months)"
    OUT_OF_DATE = "out_of_date", "Told the lead the listing may be out of date (12 months)"


class ReviewReminder(models.Model):
    """A reminder sent about a listing, for one 'last reviewed' date: what makes the daily command idempotent.

    Once the listing is reviewed again, its new date starts a new cycle of reminders.
    """

    service = models.ForeignKey("provision.Service", on_delete=models.CASCADE, related_name="review_reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    reviewed_on = models.DateField(help_text="The 'last reviewed' date the reminder was about.")
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["service", "kind", "reviewed_on"], name="unique_review_reminder")
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.service} (reviewed {self.reviewed_on:%d %b %Y})"
