"""Versioned texts people agree to when they apply: the privacy notice and the champion agreement."""

import datetime as dt

from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField


class PolicyKind(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", "Privacy notice for Digital Champions"
    AGREEMENT = "agreement", "Digital Champion agreement"


# Used only when nobody has written a version yet, so that the form always has something to agree to.
DEFAULT_TEXTS = {
    PolicyKind.PRIVACY_NOTICE: (
        "<p>The council's digital inclusion team uses the details you give us to consider your application, "
        "arrange your training and sessions, and keep in touch with you about the Digital Champions network.</p>"
        "<p>Only the digital inclusion lead and the site administrators can see your details. We keep them while "
        "you are a champion and for up to 12 months after you leave. Declined applications are deleted after 6 "
        "months. You can download your data or ask us to delete it at any time.</p>"
    ),
    PolicyKind.AGREEMENT: (
        "<p>As a Digital Champion I will:</p><ul><li>help people patiently and respectfully, at their pace</li>"
        "<li>never ask for or write down anyone's passwords, PINs or bank details</li>"
        "<li>not record the names or details of the people I help</li>"
        "<li>tell the digital inclusion lead about any safeguarding concern the same day</li>"
        "<li>keep my training up to date</li></ul>"
    ),
}


class PolicyVersion(models.Model):
    kind = models.CharField(max_length=20, choices=PolicyKind.choices)
    version = models.CharField(max_length=20, help_text="For example 1.0 or 2025-04. Each version is kept.")
    text = RichTextField(features=["bold", "link", "ol", "ul", "h3"])
    effective_from = models.DateField(
        default=dt.date.today, help_text="Applications made from this day on agree to this version."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("version"), FieldPanel("effective_from")]),
        FieldPanel("text"),
    ]

    class Meta:
        ordering = ["kind", "-effective_from", "-pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="unique_policy_version")]
        verbose_name = "agreement or notice version"
        verbose_name_plural = "agreements and notices"

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}"

    @classmethod
    def current(cls, kind: str) -> "PolicyVersion":
        """The version in force today; a first version from our default text if nobody has written one."""
        today = timezone.localdate()
        version = cls.objects.filter(kind=kind, effective_from__lte=today).order_by("-effective_from", "-pk").first()
        if version is None:
            version, _ = cls.objects.get_or_create(
                kind=kind, version="1.0", defaults={"text": DEFAULT_TEXTS[PolicyKind(kind)], "effective_from": today}
            )
        return version
