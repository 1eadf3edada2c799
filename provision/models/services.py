"""Services: what is offered, by whom, where and when; modelled on Open Referral UK (HSDS 3.0)."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin
from wagtail.search import index

from locations.formatting import clock_time
from locations.models import Location
from locations.models.places import WEEKDAYS
from locations.slugs import unique_slug
from provision.models.organisations import Organisation
from provision.models.taxonomy import Audience, Language, ServiceType


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    TEMPORARILY_CLOSED = "temporarily_closed", "Temporarily closed"
    DEFUNCT = "defunct", "No longer running"


class CostKind(models.TextChoices):
    FREE = "free", "Free"
    LOW_COST = "low_cost", "Low cost"


class AccessMethod(models.TextChoices):
    DROP_IN = "drop_in", "Drop in"
    BOOK = "book", "Book a place"
    REFERRAL = "referral", "Referral needed"


# A listing's partner is asked to check it this long after it was last reviewed; after twice as long it is
# shown to residents as possibly out of date.
REVIEW_REMINDER_MONTHS = 6
OUT_OF_DATE_MONTHS = 12


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month `months` earlier (or that month's last day): 31 August - 6 = 28 February."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


class ServiceQuerySet(models.QuerySet):
    def published(self):
        """What residents may see: approved (live) and not defunct."""
        return self.filter(live=True).exclude(status=ServiceStatus.DEFUNCT)

    def with_review_date(self):
        """Annotates `reviewed_on`: Service.review_date, in the database."""
        return self.annotate(
            reviewed_on=Coalesce("last_reviewed", TruncDate("first_published_at"), TruncDate("created_at"))
        )

    def reviewed_on_or_before(self, day: dt.date):
        return self.with_review_date().filter(reviewed_on__lte=day)


class Service(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    summary = models.CharField(max_length=240, blank=True, help_text="One sentence for search results.")
    description = models.TextField()
    status = models.CharField(max_length=24, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE)

    types = ParentalManyToManyField(ServiceType, related_name="services", verbose_name="types of help")
    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="services", help_text="Leave empty if it is for everyone."
    )
    languages = ParentalManyToManyField(Language, blank=True, related_name="services")

    cost = models.CharField(max_length=16, choices=CostKind.choices, default=CostKind.FREE)
    cost_description = models.CharField(max_length=300, blank=True, help_text="Needed when it is not free.")
    how_to_access = models.CharField(max_length=16, choices=AccessMethod.choices, default=AccessMethod.DROP_IN)
    access_notes = models.CharField(max_length=300, blank=True)
    booking_url = models.URLField(blank=True)
    booking_phone = models.CharField(max_length=40, blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(120)])
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(120)])
    offered_online = models.BooleanField(default=False, help_text="Given online (video call, web chat).")
    offered_by_phone = models.BooleanField(default=False)

    # Public contact for residents.
    contact_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)

    last_reviewed = models.DateField(null=True, blank=True)
    is_sample = models.BooleanField(default=False, help_text="Invented for the demonstration site.")

    # Internal provision mapping: never shown on the public site or in the open data API.
    commissioner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="commissioned_services"
    )
    owner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_services"
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provided_services",
        help_text="Who delivers it, if not the listed organisation (for example a subcontractor).",
    )
    annual_cost = models.DecimalField(
        "Annual cost of provision (£)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    lead_contact_name = models.CharField(max_length=100, blank=True)
    lead_contact_role = models.CharField(max_length=100, blank=True)
    lead_contact_email = models.EmailField(blank=True)
    lead_contact_phone = models.CharField(max_length=40, blank=True)
    internal_notes = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("live"),
        index.FilterField("organisation_id"),
    ]

    # Fields that are internal provision-mapping data (used by the API, exports and permission checks).
    INTERNAL_FIELDS = (
        "commissioner",
        "owner",
        "provider",
        "annual_cost",
        "lead_contact_name",
        "lead_contact_role",
        "lead_contact_email",
        "lead_contact_phone",
        "internal_notes",
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["live", "status"]),
            models.Index(fields=["last_reviewed"]),
            # Lists in name order (the API's pages, help by phone or online) read this index in order and stop
            # at the page; live and status are in it so that a page of ids needs no table lookups.
            models.Index(fields=["name", "id", "live", "status"], name="service_name_order_idx"),
        ]
        permissions = [
            ("view_internal_data", "Can see and export internal provision-mapping data"),
            ("view_insight", "Can see gap analysis, duplication, funding and the scorecard"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.cost == CostKind.LOW_COST and not self.cost_description:
            errors["cost_description"] = "Say what it costs, for example: £1 a session."
        if self.minimum_age and self.maximum_age and self.minimum_age > self.maximum_age:
            errors["maximum_age"] = "The maximum age must be the same as or more than the minimum age."
        if self.how_to_access == AccessMethod.BOOK and not (self.booking_url or self.booking_phone or self.phone):
            errors["booking_url"] = "Give a booking link or phone number so people can book."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, "service")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("service_detail", kwargs={"slug": self.slug})

    def with_content_json(self, content):
        # "Still correct" confirmations (provision/reviews.py) date the live listing; a draft written before
        # one must not take the date back when it is published, previewed or edited.
        instance = super().with_content_json(content)
        if self.last_reviewed and (instance.last_reviewed is None or instance.last_reviewed < self.last_reviewed):
            instance.last_reviewed = self.last_reviewed
        return instance

    @property
    def review_date(self) -> dt.date | None:
        """When it was last reviewed, or else first published (or created): what reminders count from."""
        if self.last_reviewed:
            return self.last_reviewed
        moment = self.first_published_at or self.created_at
        return timezone.localdate(moment) if moment else None

    def is_due_for_review(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.review_date and self.review_date <= months_before(today, REVIEW_REMINDER_MONTHS))

    @property
    def is_out_of_date(self) -> bool:
        """Not reviewed for a year: residents are told the information may be out of date."""
        today = timezone.localdate()
        return bool(self.review_date and self.review_date <= months_before(today, OUT_OF_DATE_MONTHS))

    @property
    def is_free(self) -> bool:
        return self.cost == CostKind.FREE

    @property
    def places(self) -> list[Location]:
        return [link.location for link in self.service_locations.all()]

    def next_session(self, moment: dt.datetime, days_ahead: int = 62):
        """The next (start, end, location) at or after `moment`, from both weekly/monthly and dated sessions."""
        candidates = [
            occurrence
            for schedule in self.schedules.all()
            if (occurrence := schedule.next_occurrence(moment, days_ahead)) is not None
        ]
        candidates += [
            (session.starts_at(moment.tzinfo), session.ends_at(moment.tzinfo), session.location)
            for session in self.sessions.all()
            if session.ends_at(moment.tzinfo) > moment
        ]
        return min(candidates, key=lambda occurrence: occurrence[0], default=None)


class ServiceLocation(Orderable):
    """Where a service runs (Open Referral's service_at_location)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_locations")
    notes = models.CharField(max_length=200, blank=True, help_text="For example: in the children's library.")

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="unique_service_location")]

    def __str__(self):
        return f"{self.service} at {self.location}"


class ScheduleFrequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"
    MONTHLY = "monthly", "Once a month"


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "First"
    SECOND = 2, "Second"
    THIRD = 3, "Third"
    FOURTH = 4, "Fourth"
    LAST = -1, "Last"


class ServiceSchedule(Orderable):
    """A repeating session: 'Tuesdays 10am to 12 noon' or 'first Monday of the month, 2pm to 4pm'."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    frequency = models.CharField(max_length=16, choices=ScheduleFrequency.choices, default=ScheduleFrequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    week_of_month = models.SmallIntegerField(
        choices=WeekOfMonth.choices, null=True, blank=True, help_text="Only for monthly sessions."
    )
    starts = models.TimeField()
    ends = models.TimeField()
    valid_from = models.DateField(null=True, blank=True, help_text="For fortnightly sessions, a date it runs.")
    valid_to = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=200, blank=True)

    class Meta(Orderable.Meta):
        ordering = ["weekday", "starts"]

    def __str__(self):
        return f"{self.describe()}"

    def describe(self) -> str:
        day = self.get_weekday_display()
        times = f"{clock_time(self.starts)} to {clock_time(self.ends)}"
        if self.frequency == ScheduleFrequency.MONTHLY and self.week_of_month:
            return f"{self.get_week_of_month_display()} {day} of the month, {times}"
        if self.frequency == ScheduleFrequency.FORTNIGHTLY:
            return f"Every other {day}, {times}"
        return f"{day}s, {times}"

    def clean(self):
        errors = {}
        if self.starts and self.ends and self.ends <= self.starts:
            errors["ends"] = "The end time must be after the start time."
        if self.frequency == ScheduleFrequency.MONTHLY and not self.week_of_month:
            errors["week_of_month"] = "Say which week of the month it runs."
        if self.frequency == ScheduleFrequency.FORTNIGHTLY and not self.valid_from:
            errors["valid_from"] = "Give one date it runs, so we know which weeks."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The end date must be after the start date."
        if errors:
            raise ValidationError(errors)

    def runs_on(self, date: dt.date) -> bool:
        if date.weekday() != self.weekday:
            return False
        if self.valid_from and date < self.valid_from:
            return False
        if self.valid_to and date > self.valid_to:
            return False
        if self.frequency == ScheduleFrequency.FORTNIGHTLY:
            anchor = self.valid_from or date
            return ((date - anchor).days // 7) % 2 == 0
        if self.frequency == ScheduleFrequency.MONTHLY and self.week_of_month:
            if self.week_of_month == WeekOfMonth.LAST:
                return (date + dt.timedelta(days=7)).month != date.month
            return (date.day - 1) // 7 + 1 == self.week_of_month
        return True

    def next_occurrence(self, moment: dt.datetime, days_ahead: int = 62):
        for offset in range(days_ahead + 1):
            day = moment.date() + dt.timedelta(days=offset)
            if not self.runs_on(day):
                continue
            end = dt.datetime.combine(day, self.ends, tzinfo=moment.tzinfo)
            if end > moment:
                return dt.datetime.combine(day, self.starts, tzinfo=moment.tzinfo), end, self.location
        return None


class ServiceSession(Orderable):
    """A one-off, dated session: a course date, a pop-up event."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="sessions")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    date = models.DateField()
    starts = models.TimeField()
    ends = models.TimeField()
    notes = models.CharField(max_length=200, blank=True)

    class Meta(Orderable.Meta):
        ordering = ["date", "starts"]

    def __str__(self):
        return f"{self.date:%d %b %Y} {clock_time(self.starts)} to {clock_time(self.ends)}"

    def clean(self):
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": "The end time must be after the start time."})

    def starts_at(self, tzinfo=None) -> dt.datetime:
        return dt.datetime.combine(self.date, self.starts, tzinfo=tzinfo)

    def ends_at(self, tzinfo=None) -> dt.datetime:
        return dt.datetime.combine(self.date, self.ends, tzinfo=tzinfo)


class FundingSource(Orderable):
    """Internal: who pays for a service and until when (for the funding-cliff report)."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="funding_sources")
    funder = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    funder_name = models.CharField(max_length=200, blank=True, help_text="If the funder is not listed.")
    programme = models.CharField(max_length=200, blank=True, help_text="For example: UK Shared Prosperity Fund.")
    annual_amount = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta(Orderable.Meta):
        ordering = ["ends_on"]

    def __str__(self):
        return self.funder.name if self.funder_id else (self.funder_name or "Unnamed funder")

    def clean(self):
        if not self.funder and not self.funder_name:
            raise ValidationError({"funder_name": "Choose a funder or type its name."})
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date must be after the start date."})
