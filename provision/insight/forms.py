from django import forms

from locations.models import LocalAuthority
from provision.insight.duplication import DEFAULT_DUPLICATE_KM
from provision.insight.gaps import DEFAULT_WALKING_KM
from provision.insight.scorecard import PERIODS
from provision.models import ServiceType

WALKING_CHOICES = [("0.5", "500 metres"), ("1.0", "1 km"), ("1.5", "1.5 km"), ("2.0", "2 km")]
# The years a scorecard can be asked for: well beyond any data the directory holds.
FIRST_YEAR, LAST_YEAR = 1900, 2999
DUPLICATE_CHOICES = [("0.25", "250 metres"), ("0.5", "500 metres"), ("1.0", "1 km"), ("2.0", "2 km")]


class CoverageForm(forms.Form):
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.filter(wards__isnull=False).distinct(),
        required=False,
        empty_label="All areas",
        to_field_name="code",
    )
    walking_km = forms.TypedChoiceField(
        label="Walking distance", choices=WALKING_CHOICES, coerce=float, required=False, empty_value=DEFAULT_WALKING_KM
    )
    service_type = forms.ModelChoiceField(
        label="Type of help",
        queryset=ServiceType.objects.all(),
        required=False,
        empty_label="Every type",
        to_field_name="slug",
    )


class DuplicationForm(forms.Form):
    local_authority = CoverageForm.base_fields["local_authority"]
    max_km = forms.TypedChoiceField(
        label="Within", choices=DUPLICATE_CHOICES, coerce=float, required=False, empty_value=DEFAULT_DUPLICATE_KM
    )


def cleaned(form: forms.Form) -> dict:
    """The form's values, or its defaults when a parameter is absurd (the report still shows)."""
    if form.is_valid():
        return form.cleaned_data
    return {
        name: field.to_python(None) if not hasattr(field, "empty_value") else field.empty_value
        for name, field in form.fields.items()
    }


class ScorecardForm(forms.Form):
    period = forms.ChoiceField(choices=list(PERIODS.items()), required=False, initial="quarter")
    date = forms.DateField(
        label="Any day in the period", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    local_authority = CoverageForm.base_fields["local_authority"]

    def clean_date(self):
        date = self.cleaned_data["date"]
        # The period before one in year 1 would be in year 0, which Python's dates do not have.
        if date and not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise forms.ValidationError(f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}")
        return date
