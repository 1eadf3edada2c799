"""Help sessions champions run at places, and the counts of help they log (never who was helped)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from champions.models.choices import HelpTopic, Signpost, labels
from locations.formatting import clock_time
from locations.models import Location
from locations.models.places import WEEKDAYS
from provision.models import Language, Service


class Frequency(models.TextChoices):
    ONE_OFF = "one_off", "Once only"
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    MONTHLY = "monthly", "Once a month"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"
    LAST = -1, "Last"


class HelpSession(ClusterableModel):
    """'Digital drop-in, Tooting Library, Tuesdays 10am to 12 noon', with the champions on its rota."""

    title = models.CharField(max_length=150, help_text="For example: Digital drop-in.")
    description = models.TextField(
        blank=True,
        default="Bring your phone, tablet or laptop and your questions. A Digital Champion will help you, "
        "one to one, at your own pace.",
        help_text="Shown in the public directory.",
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="help_sessions", verbose_name="place")
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(
        choices=WEEKDAYS, null=True, blank=True, help_text="For repeating sessions."
    )
    week_of_month = models.SmallIntegerField(
        choices=WeekOfMonth.choices, null=True, blank=True, help_text="Only for monthly sessions."
    )
    starts = models.TimeField()
    ends = models.TimeField()
    date = models.DateField(
        null=True, blank=True, help_text="For a one-off session, its date. For a fortnightly one, one date it runs."
    )
    valid_to = models.DateField("Last date", null=True, blank=True, help_text="Leave empty if it carries on.")
    languages = ParentalManyToManyField(Language, blank=True, related_name="+", help_text="Besides English.")
    champions = ParentalManyToManyField(
        "champions.Champion", blank=True, related_name="sessions", verbose_name="champions on the rota"
    )
    is_published = models.BooleanField(
        "Show in the public directory",
        default=False,
        help_text="Lists it as one-to-one and drop-in help at the place, until its last date.",
    )
    # The directory listing made from this session (see champions.directory).
    service = models.OneToOneField(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_session", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("location"),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldRowPanel([FieldPanel("weekday"), FieldPanel("week_of_month")]),
                FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
                FieldRowPanel([FieldPanel("date"), FieldPanel("valid_to")]),
            ],
            heading="When",
        ),
        FieldPanel("description"),
        FieldPanel("languages"),
        FieldPanel("champions"),
        FieldPanel("is_published"),
    ]

    class Meta:
        ordering = ["location__name", "weekday", "starts"]
        verbose_name = "help session"

    def __str__(self):
        return f"{self.title}, {self.location}, {self.describe_when()}" if self.location_id else self.title

    def clean(self):
        errors = {}
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = "The end time must be after the start time."
        if self.frequency == Frequency.ONE_OFF:
            if not self.date:
                errors["date"] = "Give the date of the session."
        elif self.weekday is None:
            errors["weekday"] = "Choose the day it runs."
        if self.frequency == Frequency.MONTHLY and not self.week_of_month:
            errors["week_of_month"] = "Say which week of the month it runs."
        if self.frequency == Frequency.FORTNIGHTLY and not self.date:
            errors["date"] = "Give one date it runs, so we know which weeks."
        fortnightly = self.frequency == Frequency.FORTNIGHTLY and self.date and self.weekday is not None
        if fortnightly and self.date.weekday() != self.weekday:
            errors["date"] = "That date is not on the day the session runs."
        if self.date and self.valid_to and self.valid_to < self.date:
            errors["valid_to"] = "The last date must be after the first."
        if errors:
            raise ValidationError(errors)

    def describe_when(self) -> str:
        times = f"{clock_time(self.starts)} to {clock_time(self.ends)}" if self.starts and self.ends else ""
        if self.frequency == Frequency.ONE_OFF:
            return f"{self.date:%A %-d %B %Y}, {times}" if self.date else times
        day = self.get_weekday_display() if self.weekday is not None else ""
        if self.frequency == Frequency.MONTHLY and self.week_of_month:
            return f"{self.get_week_of_month_display()} {day} of the month, {times}"
        if self.frequency == Frequency.FORTNIGHTLY:
            return f"Every other {day}, {times}"
        return f"{day}s, {times}"

    @property
    def last_date(self) -> dt.date | None:
        return self.date if self.frequency == Frequency.ONE_OFF else self.valid_to

    def has_ended(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_date is not None and self.last_date < today

    @property
    def should_be_listed(self) -> bool:
        return self.is_published and not self.has_ended() and self.location.live

    def save(self, *args, sync_directory=True, **kwargs):
        super().save(*args, **kwargs)
        if sync_directory:
            from champions.directory import sync_session_listing

            sync_session_listing(self)


class HelpLog(models.Model):
    """Help given on one day at one place: counts and topics, never the names of the people helped."""

    champion = models.ForeignKey(
        "champions.Champion", on_delete=models.SET_NULL, null=True, blank=True, related_name="help_logs"
    )
    session = models.ForeignKey(HelpSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="help_logs")
    date = models.DateField(default=timezone.localdate)
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="place"
    )
    other_place = models.CharField(max_length=150, blank=True, help_text="If it was not at a listed place.")
    minutes = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(24 * 60)])
    people_helped = models.PositiveIntegerField(validators=[MinValueValidator(1), MaxValueValidator(500)])
    new_people = models.PositiveIntegerField("new to digital help", default=0)
    returning_people = models.PositiveIntegerField("coming back", default=0)
    topics = models.JSONField(default=list, blank=True)
    signposted_to = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("champion"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("location"), FieldPanel("other_place")]),
        FieldPanel("session"),
        FieldRowPanel(
            [
                FieldPanel("minutes"),
                FieldPanel("people_helped"),
                FieldPanel("new_people"),
                FieldPanel("returning_people"),
            ]
        ),
    ]

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"])]
        verbose_name = "help given"
        verbose_name_plural = "help given"

    def __str__(self):
        return f"{self.people_helped} helped on {self.date:%d %b %Y} at {self.place_name}"

    def clean(self):
        errors = {}
        if (
            self.people_helped is not None
            and (self.new_people or 0) + (self.returning_people or 0) != self.people_helped
        ):
            errors["returning_people"] = "New and returning people must add up to the number of people helped."
        if self.date and self.date > timezone.localdate():
            errors["date"] = "The date must be today or in the past."
        if not self.location_id and not self.other_place:
            errors["location"] = "Choose the place, or say where it was."
        if errors:
            raise ValidationError(errors)

    @property
    def place_name(self) -> str:
        return self.location.name if self.location_id else (self.other_place or "somewhere else")

    @property
    def topic_labels(self) -> list[str]:
        return labels(HelpTopic.choices, self.topics)

    @property
    def signpost_labels(self) -> list[str]:
        return labels(Signpost.choices, self.signposted_to)
