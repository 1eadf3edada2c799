"""Champion types, the courses they must complete, and the records of who completed what."""

import calendar
import datetime as dt
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when that month is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class DBSLevel(models.TextChoices):
    BASIC = "basic", "Basic"
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"
    ENHANCED_ADULTS = "enhanced_adults", "Enhanced with adults' barred list"
    ENHANCED_CHILDREN = "enhanced_children", "Enhanced with children's barred list"
    ENHANCED_BOTH = "enhanced_both", "Enhanced with adults' and children's barred lists"


class Course(ClusterableModel):
    """A course made of modules, and how long a completion stays valid."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=160, unique=True, blank=True)
    summary = models.TextField(blank=True)
    provider = models.CharField(
        max_length=150, blank=True, help_text="Who runs it, for example: Good Things Foundation."
    )
    validity_months = models.PositiveSmallIntegerField(
        "Valid for (months)",
        null=True,
        blank=True,
        help_text="How long a completion stays valid. Leave empty if it never needs renewing.",
    )
    is_active = models.BooleanField("Still offered", default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("provider"), FieldPanel("validity_months")]),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
        InlinePanel("modules", heading="Modules", label="Module"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:160] or "course"
        super().save(*args, **kwargs)

    @property
    def validity_text(self) -> str:
        if not self.validity_months:
            return "Does not expire"
        years, months = divmod(self.validity_months, 12)
        if not months:
            return f"{years} year{'s' if years != 1 else ''}"
        return f"{self.validity_months} months"


class Module(Orderable):
    course = ParentalKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=150)
    summary = models.CharField(max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("Length (minutes)", null=True, blank=True)

    panels = [FieldPanel("title"), FieldPanel("summary"), FieldPanel("duration_minutes")]

    def __str__(self):
        return self.title


class ChampionType(models.Model):
    """Council staff, partner organisation, local business, voluntary or community group, resident volunteer."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True, help_text="Shown under the option on the form.")
    needs_organisation = models.BooleanField(
        default=False, help_text="Ask which organisation, business or group they are with."
    )
    required_courses = models.ManyToManyField(
        Course,
        blank=True,
        related_name="required_for_types",
        help_text="A champion of this type is active once every one of these is completed and in date.",
    )
    needs_dbs = models.BooleanField(
        "Needs a DBS check", default=False, help_text="A cleared background check is needed to be active."
    )
    dbs_level = models.CharField("DBS check level", max_length=20, choices=DBSLevel.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("needs_organisation"),
        FieldPanel("required_courses", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("needs_dbs"), FieldPanel("dbs_level")], heading="Background check"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "champion type"

    def __str__(self):
        return self.name

    def clean(self):
        if self.needs_dbs and not self.dbs_level:
            raise ValidationError({"dbs_level": "Choose the level of check this type of champion needs."})


def new_certificate_reference() -> str:
    return "DC-" + secrets.token_hex(4).upper()


class Evidence(models.TextChoices):
    ATTENDED = "attended", "Attended a session"
    ONLINE_CERTIFICATE = "online_certificate", "Online course certificate seen"
    OBSERVED = "observed", "Observed and assessed"
    PRIOR_LEARNING = "prior_learning", "Earlier training accepted"
    OTHER = "other", "Other"


class TrainingCompletion(models.Model):
    champion = models.ForeignKey("champions.Champion", on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    # From the course's validity when the record was made: renewing the course later does not move it.
    expires_on = models.DateField(null=True, blank=True, editable=False)
    evidence = models.CharField("How it was evidenced", max_length=24, choices=Evidence.choices)
    evidence_notes = models.CharField(max_length=300, blank=True, help_text="For example: the trainer's name.")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(auto_now_add=True)
    certificate_reference = models.CharField(
        max_length=16, unique=True, default=new_certificate_reference, editable=False
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    panels = [
        FieldPanel("champion"),
        FieldPanel("course"),
        FieldPanel("completed_on"),
        FieldRowPanel([FieldPanel("evidence"), FieldPanel("evidence_notes")]),
    ]

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["expires_on"])]
        verbose_name = "training record"

    def __str__(self):
        return f"{self.course} on {self.completed_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        validity = self.course.validity_months if self.course_id else None
        self.expires_on = add_months(self.completed_on, validity) if validity and self.completed_on else None
        super().save(*args, **kwargs)

    def clean(self):
        if self.completed_on and self.completed_on > timezone.localdate():
            raise ValidationError({"completed_on": "The date must be today or in the past."})

    def is_current(self, today: dt.date) -> bool:
        return self.expires_on is None or self.expires_on >= today

    def get_certificate_url(self):
        return reverse("champions:certificate", kwargs={"reference": self.certificate_reference})
