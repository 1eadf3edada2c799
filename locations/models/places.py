"""Places where digital help is given: libraries, Family Hubs, community centres and partners' premises."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin
from wagtail.search import index

from locations.models.geography import LocalAuthority, Ward
from locations.postcodes import normalise_postcode
from locations.slugs import unique_slug

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class LocationKind(models.TextChoices):
    LIBRARY = "library", "Library"
    FAMILY_HUB = "family_hub", "Family Hub"
    COMMUNITY_CENTRE = "community_centre", "Community centre"
    COUNCIL_BUILDING = "council_building", "Council building"
    PARTNER_PREMISES = "partner_premises", "Partner premises"
    OTHER = "other", "Other"


class GeocodePrecision(models.TextChoices):
    POSTCODE = "postcode", "Postcode centre"
    OUTCODE = "outcode", "Approximate (postcode district)"
    WARD = "ward", "Approximate (ward centre)"
    ONLINE = "online", "Online geocoder"
    MANUAL = "manual", "Placed by an editor"
    NONE = "none", "Not placed"


class Facility(models.TextChoices):
    """Facilities residents can filter by. The value is the URL parameter, the field is on Location."""

    FREE_WIFI = "wifi", "Free Wi-Fi"
    PUBLIC_COMPUTERS = "computers", "Public computers"
    PRINTING = "printing", "Printing and scanning"
    DEVICES_ON_SITE = "devices_on_site", "Devices to use here"
    DEVICES_TO_TAKE_HOME = "devices_to_take_home", "Devices to take home"
    ASSISTIVE_TECHNOLOGY = "assistive_technology", "Assistive technology"
    STEP_FREE = "step_free", "Step-free access"
    ACCESSIBLE_TOILET = "accessible_toilet", "Accessible toilet"
    HEARING_LOOP = "hearing_loop", "Hearing loop"
    BABY_CHANGING = "baby_changing", "Baby changing"

    @property
    def lookup(self) -> dict:
        """The queryset filter that means 'this place has this facility'."""
        if self is Facility.PUBLIC_COMPUTERS:
            return {"public_computers__gt": 0}
        return {FACILITY_FIELDS[self]: True}


FACILITY_FIELDS = {
    Facility.FREE_WIFI: "has_free_wifi",
    Facility.PRINTING: "has_printing",
    Facility.DEVICES_ON_SITE: "has_devices_on_site",
    Facility.DEVICES_TO_TAKE_HOME: "has_devices_to_take_home",
    Facility.ASSISTIVE_TECHNOLOGY: "has_assistive_technology",
    Facility.STEP_FREE: "has_step_free_access",
    Facility.ACCESSIBLE_TOILET: "has_accessible_toilet",
    Facility.HEARING_LOOP: "has_hearing_loop",
    Facility.BABY_CHANGING: "has_baby_changing",
}


class LocationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(live=True)

    def with_facility(self, facility: Facility):
        return self.filter(**Facility(facility).lookup)


# What geocoding reads, and what it writes (see locations.geocoding.apply_geocoding).
GEOCODING_INPUTS = ("postcode", "latitude", "longitude")
GEOCODED_FIELDS = (
    *GEOCODING_INPUTS,
    "geocode_precision",
    "ward",
    "local_authority",
    "needs_attention",
    "attention_note",
)


@dataclass(frozen=True)
class OpeningSpan:
    opens: dt.time
    closes: dt.time


class Location(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True, help_text="Used in the page address.")
    kind = models.CharField(max_length=32, choices=LocationKind.choices, default=LocationKind.OTHER)
    description = models.TextField(blank=True)

    address_line_1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100, default="London", blank=True)
    postcode = models.CharField(max_length=8, blank=True, help_text="For example SW18 2PU.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geocode_precision = models.CharField(
        max_length=16, choices=GeocodePrecision.choices, default=GeocodePrecision.NONE, editable=False
    )
    # Set when geocoding could not place the record, or the point looks wrong; cleared when an editor fixes it.
    needs_attention = models.BooleanField(default=False)
    attention_note = models.CharField(max_length=300, blank=True)
    ward = models.ForeignKey(Ward, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    uprn = models.CharField("UPRN", max_length=12, blank=True, help_text="Unique Property Reference Number.")

    photo = models.ForeignKey("wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)

    # Digital access
    has_free_wifi = models.BooleanField("Free public Wi-Fi", default=False)
    wifi_network_name = models.CharField("Wi-Fi network name", max_length=100, blank=True)
    wifi_time_limit = models.CharField(
        "Wi-Fi time limit", max_length=100, blank=True, help_text="For example: 2 hours a day. Leave blank if none."
    )
    public_computers = models.PositiveSmallIntegerField(
        "Number of public computers", default=0, validators=[MaxValueValidator(1000)]
    )
    has_printing = models.BooleanField("Printing and scanning", default=False)
    has_devices_on_site = models.BooleanField("Devices to borrow and use here", default=False)
    has_devices_to_take_home = models.BooleanField("Devices to borrow and take home", default=False)
    has_assistive_technology = models.BooleanField("Assistive technology", default=False)
    assistive_technology_notes = models.CharField(max_length=300, blank=True)

    # Accessibility of the building
    has_step_free_access = models.BooleanField("Step-free access", default=False)
    has_accessible_toilet = models.BooleanField("Accessible toilet", default=False)
    has_hearing_loop = models.BooleanField("Hearing loop", default=False)
    has_baby_changing = models.BooleanField("Baby changing", default=False)
    accessibility_notes = models.TextField(blank=True)
    how_to_get_there = models.TextField(blank=True, help_text="Buses, stations, parking, which door to use.")

    is_sample = models.BooleanField(
        default=False, help_text="Invented for the demonstration site; shown with a 'Sample' label."
    )
    last_reviewed = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("address_line_1"),
        index.SearchField("postcode"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["live", "kind"]),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.postcode:
            try:
                self.postcode = normalise_postcode(self.postcode)
            except ValidationError as error:
                raise ValidationError({"postcode": error.messages}) from error
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Give both a latitude and a longitude, or neither.")
        if self.has_free_wifi is False and self.wifi_network_name:
            raise ValidationError({"wifi_network_name": "Only give a network name if the place has free Wi-Fi."})

    # Geocoding runs on every save, so it remembers the postcode and point the object was loaded with (from
    # the database or from a revision) and only does the work when one of them has changed.
    _geocoding_inputs_when_loaded = None

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if instance.get_deferred_fields().isdisjoint(GEOCODING_INPUTS):
            instance.remember_geocoding_inputs()
        return instance

    def with_content_json(self, content):
        # Publishing a revision saves the object built from it: its content was geocoded when it was saved.
        instance = super().with_content_json(content)
        instance.remember_geocoding_inputs()
        return instance

    def geocoding_inputs(self) -> tuple:
        return tuple(getattr(self, field) for field in GEOCODING_INPUTS)

    @property
    def geocoding_inputs_when_loaded(self) -> tuple | None:
        """The postcode and point as loaded, or None for a place that has not been saved yet."""
        return self._geocoding_inputs_when_loaded

    def remember_geocoding_inputs(self):
        self._geocoding_inputs_when_loaded = self.geocoding_inputs()

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, "place")
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not set(update_fields).isdisjoint(GEOCODING_INPUTS):
            from locations.geocoding import apply_geocoding  # it imports this module

            apply_geocoding(self)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *GEOCODED_FIELDS}
        super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # A draft of a published place lives only in its revision (the row keeps the live version), so the
        # draft is geocoded before the revision is written; the admin then shows its point and warnings.
        from locations.geocoding import apply_geocoding

        apply_geocoding(self)
        return super().save_revision(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("place_detail", kwargs={"slug": self.slug})

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(part for part in parts if part)

    @property
    def has_point(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def facilities(self) -> list[Facility]:
        present = [facility for facility, field in FACILITY_FIELDS.items() if getattr(self, field)]
        if self.public_computers:
            present.insert(1, Facility.PUBLIC_COMPUTERS)
        return present

    # Opening hours -------------------------------------------------------------------------------------
    # These read `opening_periods` and `opening_exceptions` through .all() so that a prefetch serves them.

    def opening_spans_on(self, date: dt.date) -> list[OpeningSpan]:
        """The hours the place is open on a date, exceptions (closures, bank holidays) first."""
        exceptions = [exc for exc in self.opening_exceptions.all() if exc.date == date]
        if exceptions:
            return sorted(
                (OpeningSpan(exc.opens, exc.closes) for exc in exceptions if not exc.closed and exc.opens),
                key=lambda span: span.opens,
            )
        return sorted(
            (
                OpeningSpan(period.opens, period.closes)
                for period in self.opening_periods.all()
                if period.weekday == date.weekday()
            ),
            key=lambda span: span.opens,
        )

    def exception_on(self, date: dt.date):
        return next((exc for exc in self.opening_exceptions.all() if exc.date == date), None)

    def is_open_at(self, moment: dt.datetime) -> bool:
        local_time = moment.time()
        return any(span.opens <= local_time < span.closes for span in self.opening_spans_on(moment.date()))

    def closes_at(self, moment: dt.datetime) -> dt.time | None:
        local_time = moment.time()
        for span in self.opening_spans_on(moment.date()):
            if span.opens <= local_time < span.closes:
                return span.closes
        return None

    def next_opening(self, moment: dt.datetime, days_ahead: int = 14) -> dt.datetime | None:
        """When the place next opens after `moment` (not counting a span it is already in)."""
        for offset in range(days_ahead + 1):
            day = moment.date() + dt.timedelta(days=offset)
            for span in self.opening_spans_on(day):
                start = dt.datetime.combine(day, span.opens, tzinfo=moment.tzinfo)
                if start > moment:
                    return start
        return None

    @property
    def has_opening_hours(self) -> bool:
        return bool(self.opening_periods.all())


class OpeningPeriod(Orderable):
    """One span of a weekday's opening hours; a day may have several (closed for lunch)."""

    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="opening_periods")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta(Orderable.Meta):
        ordering = ["weekday", "opens"]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self):
        if self.opens and self.closes and self.closes <= self.opens:
            raise ValidationError({"closes": "The closing time must be after the opening time."})


class OpeningException(Orderable):
    """A dated change to the usual hours: a bank holiday, a closure for works, late opening."""

    location = ParentalKey(Location, on_delete=models.CASCADE, related_name="opening_exceptions")
    date = models.DateField()
    closed = models.BooleanField(default=True, help_text="Untick and give times if it opens at different hours.")
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True, help_text="For example: Bank holiday.")

    class Meta(Orderable.Meta):
        ordering = ["date", "opens"]

    def __str__(self):
        return f"{self.date:%d %b %Y}: {'closed' if self.closed else f'{self.opens}-{self.closes}'}"

    def clean(self):
        if self.closed:
            if self.opens or self.closes:
                raise ValidationError("A closed day has no opening times: untick 'closed' or clear the times.")
            return
        if not (self.opens and self.closes):
            raise ValidationError("Give the opening and closing times, or tick 'closed'.")
        if self.closes <= self.opens:
            raise ValidationError({"closes": "The closing time must be after the opening time."})
