"""Problem reports from the public about a listing, and the counters that rate-limit public forms."""

from django.core.exceptions import ValidationError
from django.db import models


class ProblemKind(models.TextChoices):
    TIMES = "times", "The opening or session times are wrong"
    CONTACT = "contact", "The address, phone number or email is wrong"
    CLOSED = "closed", "It has closed or no longer runs"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    NEW = "new", "New"
    IN_HAND = "in_hand", "In hand"
    FIXED = "fixed", "Fixed"
    NO_CHANGE = "no_change", "No change needed"


class ProblemReport(models.Model):
    """'Report a problem with this page': reaches the provider and the inclusion lead, needs no account."""

    service = models.ForeignKey(
        "provision.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="problem_reports"
    )
    location = models.ForeignKey(
        "locations.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="problem_reports"
    )
    # The organisation whose queue it lands in (the service's provider); empty for places the council runs.
    organisation = models.ForeignKey(
        "provision.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="problem_reports"
    )
    kind = models.CharField("What is wrong", max_length=16, choices=ProblemKind.choices)
    details = models.TextField(max_length=2000)
    reporter_email = models.EmailField(blank=True, help_text="Only if they asked for a reply.")
    status = models.CharField(max_length=16, choices=ReportStatus.choices, default=ReportStatus.NEW)
    staff_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    def clean(self):
        if not self.service_id and not self.location_id:
            raise ValidationError("A report is about a service or a place.")

    @property
    def subject(self):
        return self.service or self.location


class RateLimitCounter(models.Model):
    """Requests per key per time window, counted in the database so every app server shares the count."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="unique_rate_limit_window")]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self):
        return f"{self.key} from {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
