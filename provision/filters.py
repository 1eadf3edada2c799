"""The resident-facing search filters. Every filter is a URL parameter, so a search can be shared and printed."""

import re

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from locations.models import Facility, Location
from provision.models import Audience, CostKind, Language, Service, ServiceLocation, ServiceType

DISTANCE_CHOICES = [("0.5", "Half a mile"), ("1", "1 mile"), ("2", "2 miles"), ("5", "5 miles"), ("10", "10 miles")]
DEFAULT_DISTANCE = "2"
OPEN_CHOICES = [
    ("now", "Open now"),
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
]
WEEKDAY_NUMBERS = {name: number for number, (name, _label) in enumerate(OPEN_CHOICES[1:])}

# Some kinds of help are a facility of the building itself: a library with free Wi-Fi offers it without a
# separate listed service, so a search for that type also finds places with the facility.
TYPE_FACILITIES = {
    "free-wifi": Facility.FREE_WIFI,
    "public-computers": Facility.PUBLIC_COMPUTERS,
    "assistive-technology": Facility.ASSISTIVE_TECHNOLOGY,
}
TYPE_FACILITY_VALUES = {facility.value for facility in TYPE_FACILITIES.values()}


class SearchForm(forms.Form):
    """Checks the parameters django-filter does not own: where to search from."""

    postcode = forms.CharField(required=False, max_length=100, strip=True)
    q = forms.CharField(required=False, max_length=100, strip=True)
    # "latitude,longitude" from the browser's "Use my location" button; a typed postcode wins over it.
    near = forms.CharField(required=False, max_length=100, strip=True)

    def clean_near(self) -> tuple[float, float] | None:
        value = self.cleaned_data.get("near")
        return parse_point(value) if value else None

    @property
    def place_query(self) -> str:
        self.is_valid()
        if "postcode" in self.errors or "q" in self.errors:
            return ""
        return self.cleaned_data.get("postcode") or self.cleaned_data.get("q") or ""

    @property
    def near_point(self) -> tuple[float, float] | None:
        """The resident's own location, when they searched by it rather than by a postcode."""
        if self.place_query or "near" in self.errors:
            return None
        return self.cleaned_data.get("near")

    @property
    def near_is_invalid(self) -> bool:
        return not self.place_query and "near" in self.errors


# Plain decimal degrees only: no exponents, "inf", "nan", underscores or hex that float() would also take.
POINT_RE = re.compile(r"(?P<latitude>[-+]?\d{1,3}(?:\.\d{1,15})?),(?P<longitude>[-+]?\d{1,3}(?:\.\d{1,15})?)")


def parse_point(value: str) -> tuple[float, float]:
    """(latitude, longitude) from "51.457,-0.192"; a ValidationError for anything that is not a point on Earth."""
    match = POINT_RE.fullmatch(value.replace(" ", ""))
    if match is None:
        raise forms.ValidationError("Enter a latitude and longitude, like 51.457,-0.192", code="invalid")
    latitude, longitude = float(match["latitude"]), float(match["longitude"])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise forms.ValidationError("That is not a place on Earth", code="invalid")
    return latitude, longitude


class DirectoryFilter(django_filters.FilterSet):
    """Filters published places by the help held there. The service filters combine with AND."""

    type = django_filters.ModelMultipleChoiceFilter(
        queryset=ServiceType.objects.all(),
        to_field_name="slug",
        label="Type of help",
        method="filter_noop",
        widget=forms.CheckboxSelectMultiple,
    )
    free = django_filters.BooleanFilter(label="Free only", method="filter_noop", widget=forms.CheckboxInput)
    audience = django_filters.ModelMultipleChoiceFilter(
        queryset=Audience.objects.all(),
        to_field_name="slug",
        label="Who it is for",
        method="filter_noop",
        widget=forms.CheckboxSelectMultiple,
    )
    language = django_filters.ModelChoiceFilter(
        queryset=Language.objects.all(),
        to_field_name="code",
        label="Language spoken",
        method="filter_noop",
        empty_label="Any language",
    )
    access = django_filters.MultipleChoiceFilter(
        choices=Facility.choices, label="Facilities", method="filter_access", widget=forms.CheckboxSelectMultiple
    )
    distance = django_filters.ChoiceFilter(
        choices=DISTANCE_CHOICES, label="Distance", method="filter_noop", empty_label=None
    )
    open = django_filters.ChoiceFilter(choices=OPEN_CHOICES, label="Open", method="filter_noop", empty_label="Any time")

    class Meta:
        model = Location
        fields = []

    def __init__(self, *args, access_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not access_only:
            # Wi-Fi and computers are already types of help here; one checkbox each is enough.
            self.filters["access"].extra["choices"] = [
                (value, label) for value, label in Facility.choices if value not in TYPE_FACILITY_VALUES
            ]

    def filter_noop(self, queryset, name, value):
        # Applied together in filter_queryset, where the service filters must meet in one subquery.
        return queryset

    def filter_access(self, queryset, name, value):
        for facility in value:
            queryset = queryset.with_facility(Facility(facility))
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.filter(self.places_with_help_q())

    def matching_services(self):
        """Published services that pass the service filters (type, free, audience, language)."""
        data = self.form.cleaned_data
        services = Service.objects.published()
        if data.get("type"):
            services = services.filter(types__in=data["type"])
        if data.get("free"):
            services = services.filter(cost=CostKind.FREE)
        if data.get("audience"):
            services = services.filter(Q(audiences__in=data["audience"]) | Q(audiences__isnull=True))
        if data.get("language"):
            services = services.filter(languages=data["language"])
        return services.distinct()

    def places_with_help_q(self) -> Q:
        data = self.form.cleaned_data
        # Exists within Exists, not `service_id IN (matching services)`: SQLite answers the IN list by probing
        # the (service, location) index once per matching service for every place (seconds at 100,000 services);
        # this way it reads the few links of each place and checks each link's service.
        matching = self.matching_services().filter(pk=OuterRef("service_id"))
        held_here = ServiceLocation.objects.filter(Exists(matching), location=OuterRef("pk"))
        condition = Q(Exists(held_here))
        only_service_filters = data.get("free") or data.get("audience") or data.get("language")
        if not only_service_filters:
            facility_slugs = [term.slug for term in data.get("type") or []] or list(TYPE_FACILITIES)
            for slug in facility_slugs:
                if slug in TYPE_FACILITIES:
                    condition |= Q(**TYPE_FACILITIES[slug].lookup)
        return condition

    @property
    def distance_miles(self) -> float:
        value = self.form.cleaned_data.get("distance") if self.form.is_valid() else None
        return float(value or DEFAULT_DISTANCE)

    @property
    def has_filters(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) for name in ("type", "free", "audience", "language", "access", "open"))
