"""Forms for the Wagtail admin's champion views."""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm

from borough_site.forms import ModelChoiceField
from champions.models import (
    ApplicationStatus,
    CampaignPage,
    Champion,
    ChampionStatus,
    ChampionType,
    State,
)
from locations.models import Ward
from provision.models import Organisation


class HelpSessionForm(WagtailAdminModelForm):
    """Only champions who are active can go on a rota (their training is complete and in date)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "champions" in self.fields:
            self.fields["champions"].queryset = Champion.objects.in_network().order_by("last_name", "first_name")
            self.fields["champions"].widget = forms.CheckboxSelectMultiple(choices=self.fields["champions"].choices)
            self.fields[
                "champions"
            ].help_text = "Only active champions (training complete and in date) can be on the rota."

    def clean_champions(self):
        chosen = self.cleaned_data["champions"]
        already = set(self.instance.champions.values_list("pk", flat=True)) if self.instance.pk else set()
        not_active = [
            champion
            for champion in Champion.objects.with_state().filter(pk__in=[c.pk for c in chosen])
            if champion.computed_state != State.ACTIVE and champion.pk not in already
        ]
        if not_active:
            names = ", ".join(champion.full_name for champion in not_active)
            raise ValidationError(f"Only active champions can go on the rota. Not active: {names}.")
        return chosen


class TrainingCompletionForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "champion" in self.fields:
            self.fields["champion"].queryset = Champion.objects.in_network().order_by("last_name", "first_name")


class DBSCheckForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "champion" in self.fields:
            self.fields["champion"].queryset = (
                Champion.objects.in_network().filter(champion_type__needs_dbs=True).order_by("last_name", "first_name")
            )
            self.fields["champion"].help_text = "Only champions whose role needs a DBS check are listed."


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kept with the decision. When declining, it is included in the email to the applicant.",
    )

    def __init__(self, *args, reason_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Change to", choices=ChampionStatus.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label="Why", widget=forms.Textarea(attrs={"rows": 3}))


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand this cannot be undone",
        help_text="Their name, contact details, training records, background checks, application and sign-in "
        "are deleted. The counts of help they gave are kept without their name.",
    )


CHAMPION_STATES = [
    State.APPROVED,
    State.ONBOARDING,
    State.ACTIVE,
    State.PAUSED,
    State.LAPSED,
    State.INACTIVE,
    State.LEFT,
]


FILTER_LABELS = {
    "state": "State",
    "champion_type": "Type",
    "organisation": "Organisation",
    "ward": "Ward",
    "application_status": "Application status",
    "campaign": "Campaign",
}


class ChampionFilterForm(forms.Form):
    """The filters shared by the champion list, CSV export and group email (same names as the list's filters)."""

    state = forms.ChoiceField(
        choices=[("", "Any state"), *[(state.value, state.label) for state in CHAMPION_STATES]], required=False
    )
    champion_type = forms.ModelChoiceField(ChampionType.objects.all(), required=False, empty_label="Any type")
    organisation = forms.ModelChoiceField(Organisation.objects.all(), required=False, empty_label="Any organisation")
    ward = forms.ModelChoiceField(Ward.objects.all(), required=False, empty_label="Any ward")

    def filter(self, queryset):
        data = self.cleaned_data if self.is_valid() else {}
        queryset = queryset.with_state()
        if data.get("state"):
            queryset = queryset.filter(computed_state=data["state"])
        for field in ("champion_type", "organisation", "ward"):
            if data.get(field):
                queryset = queryset.filter(**{field: data[field]})
        return queryset

    def description(self) -> dict:
        """The filters in use, in words, for the export log and the group email record."""
        data = self.cleaned_data if self.is_valid() else {}
        described = {}
        for name, label in FILTER_LABELS.items():
            value = data.get(name)
            if value:
                if name == "state":
                    value = State(value).label
                elif name == "application_status":
                    value = ApplicationStatus(value).label
                described[label] = str(value)
        return described


DATASETS = [
    ("champions", "Champions"),
    ("applications", "Applications"),
    ("training", "Training records"),
    ("help", "Help given"),
]


class ExportForm(ChampionFilterForm):
    dataset = forms.ChoiceField(label="What to export", choices=DATASETS, widget=forms.RadioSelect, initial="champions")
    application_status = forms.ChoiceField(
        label="Application status (applications only)",
        choices=[("", "Any status"), *ApplicationStatus.choices],
        required=False,
    )
    campaign = ModelChoiceField(
        CampaignPage.objects.all(), required=False, empty_label="Any campaign", label="Campaign (applications only)"
    )
    reason = forms.CharField(
        label="Why do you need this export?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded in the export log with your name, the time and the filters.",
        error_messages={"required": "Say why you need this export"},
    )

    field_order = [
        "dataset",
        "state",
        "champion_type",
        "organisation",
        "ward",
        "application_status",
        "campaign",
        "reason",
    ]


class GroupEmailForm(ChampionFilterForm):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Each champion gets their own copy, starting 'Dear' and their first name; nobody sees who "
        "else it went to.",
    )
