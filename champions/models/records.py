"""Records of what the lead did with champions' data in bulk: exports and group emails."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportLog(models.Model):
    """One CSV export: who, when, why, which list and with which filters."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    username = models.CharField(max_length=150)
    created_at = models.DateTimeField(default=timezone.now)
    dataset = models.CharField("list", max_length=50)
    reason = models.TextField("why")
    filters = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "export log entry"
        verbose_name_plural = "export log"

    def __str__(self):
        return f"{self.username} exported {self.dataset} on {self.created_at:%d %b %Y %H:%M}"

    @property
    def filters_text(self) -> str:
        return "; ".join(f"{key}: {value}" for key, value in self.filters.items()) or "None"


class GroupEmail(models.Model):
    """An email the lead sent to a filtered group of champions (one message to each, through the outbox)."""

    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    filters = models.JSONField(default=dict, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "group email"

    def __str__(self):
        return f"{self.subject} ({self.recipient_count} champions, {self.sent_at:%d %b %Y})"
