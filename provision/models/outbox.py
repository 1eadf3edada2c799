"""Every email the platform sends goes through this outbox, so a mail server outage loses nothing."""

from django.db import models


class QueuedEmail(models.Model):
    recipients = models.JSONField(help_text="A list of email addresses.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    reply_to = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]
        verbose_name = "queued email"

    def __str__(self):
        return f"{self.subject} to {', '.join(self.recipients)}"
