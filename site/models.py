from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="help")
class HelpContactSettings(BaseSiteSetting):
    """Where someone who can't find what they need gets help by phone or email (shown in empty results)."""

    phone = models.CharField(max_length=40, blank=True, default="")
    phone_hours = models.CharField(max_length=120, blank=True, default="")
    email = models.EmailField(blank=True)
    notification_email = models.EmailField(
        blank=True, help_text="The inclusion lead's inbox for problem reports and applications."
    )

    panels = [FieldPanel("phone"), FieldPanel("phone_hours"), FieldPanel("email"), FieldPanel("notification_email")]

    class Meta:
        verbose_name = "help contact"
