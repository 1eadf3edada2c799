"""Public and portal forms, in plain English, rendered with includes/form_field.html (GOV.UK Frontend)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from borough_site.forms import ModelMultipleChoiceField
from champions.models import (
    AVAILABILITY_CHOICES,
    ChampionType,
    HelpLog,
    HelpSession,
    HelpTopic,
    PolicyKind,
    PolicyVersion,
    Signpost,
    Skill,
)
from champions.models.choices import DAY_PARTS, WEEKDAY_CHOICES
from locations.models import Location
from locations.postcodes import normalise_postcode
from provision.models import Language, Organisation

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


class GovUKForm(forms.Form):
    # The browser's own "required" bubbles would hide our error messages.
    use_required_attribute = False


class TypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def clean_phone(value: str) -> str:
    value = value.strip()
    if value and not PHONE_RE.match(value):
        raise ValidationError("Enter a phone number, like 07700 900 982 or 020 7946 0000")
    return value


class AvailabilityMixin:
    def availability_days(self):
        """[(day label, [(checkbox, "Morning"), ...])] for the grid of checkboxes."""
        boxes = list(self["availability"].subwidgets)
        size = len(DAY_PARTS)
        return [
            (
                day_label,
                list(zip(boxes[index * size : (index + 1) * size], [part for _, part in DAY_PARTS], strict=True)),
            )
            for index, (_, day_label) in enumerate(WEEKDAY_CHOICES)
        ]


class ApplicationForm(AvailabilityMixin, GovUKForm):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=100, error_messages={"required": "Enter your last name"})
    email = forms.EmailField(
        label="Email address",
        help_text="We will only use this to contact you about being a Digital Champion.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        help_text="For international numbers include the country code.",
        error_messages={"required": "Enter your phone number"},
    )
    home_postcode = forms.CharField(
        label="Home postcode",
        max_length=16,
        help_text="So that we can offer you places near you. For example, SW18 2PU.",
        error_messages={"required": "Enter your home postcode"},
    )
    champion_type = TypeChoiceField(
        label="Which of these describes you best?",
        queryset=ChampionType.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select which of these describes you best"},
    )
    organisation = forms.ModelChoiceField(
        label="Your organisation, business or group",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Not listed, or not with an organisation",
        help_text="If it is not in the list, type its name in the next box.",
    )
    organisation_name = forms.CharField(
        label="Organisation, business or group (if it is not in the list)", max_length=200, required=False
    )
    languages = ModelMultipleChoiceField(
        label="Which languages other than English can you help people in?",
        queryset=Language.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Leave them all unticked if you only speak English.",
    )
    other_languages = forms.CharField(label="Other languages", max_length=200, required=False)
    skills = forms.MultipleChoiceField(
        label="What are you confident helping people with?",
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. We will train you in the rest.",
        error_messages={"required": "Select at least one thing you are confident helping with"},
    )
    availability = forms.MultipleChoiceField(
        label="When are you usually free?",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all the times you could usually help. You can change this later.",
        error_messages={"required": "Select at least one time when you are usually free"},
    )
    preferred_places = ModelMultipleChoiceField(
        label="Where would you like to help?",
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select any places you would like to help at. Leave them all unticked if you do not mind.",
    )
    about = forms.CharField(
        label="Why would you like to be a Digital Champion? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Tell us in 2,000 characters or fewer"},
    )
    age_confirmed = forms.BooleanField(
        label="I am 18 or over", error_messages={"required": "Confirm that you are 18 or over to be a champion"}
    )
    privacy_agreed = forms.BooleanField(
        label="I have read the privacy notice",
        error_messages={"required": "Confirm that you have read the privacy notice"},
    )
    agreement_agreed = forms.BooleanField(
        label="I agree to the Digital Champion agreement",
        error_messages={"required": "Agree to the Digital Champion agreement to apply"},
    )
    privacy_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agreement_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # People never see this field: bots fill it in, and then nothing is saved.
    website = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_notice = PolicyVersion.current(PolicyKind.PRIVACY_NOTICE)
        self.agreement = PolicyVersion.current(PolicyKind.AGREEMENT)
        self.fields["privacy_version"].initial = self.privacy_notice.pk
        self.fields["agreement_version"].initial = self.agreement.pk
        self.fields["privacy_agreed"].label = f"I have read the privacy notice (version {self.privacy_notice.version})"
        self.fields[
            "agreement_agreed"
        ].label = f"I agree to the Digital Champion agreement (version {self.agreement.version})"
        types = campaign.offered_types() if campaign is not None else ChampionType.objects.all()
        self.fields["champion_type"].queryset = types
        self.fields["preferred_places"].queryset = Location.objects.published().order_by("name")

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_home_postcode(self):
        return normalise_postcode(self.cleaned_data["home_postcode"])

    def clean(self):
        cleaned = super().clean()
        champion_type = cleaned.get("champion_type")
        needs_organisation = champion_type and champion_type.needs_organisation
        if needs_organisation and not cleaned.get("organisation") and not cleaned.get("organisation_name", "").strip():
            self.add_error("organisation", "Choose your organisation, business or group, or type its name")
        for field, current, what in (
            ("privacy_agreed", self.privacy_notice, "privacy notice"),
            ("agreement_agreed", self.agreement, "Digital Champion agreement"),
        ):
            shown = cleaned.get(field.replace("_agreed", "_version"))
            if cleaned.get(field) and shown and shown != current.pk:
                self.add_error(field, f"The {what} has changed since you opened this page. Read it again and confirm")
        return cleaned


class HelpLogForm(GovUKForm):
    """The portal's quick "log help given" form: counts and topics, never who was helped."""

    date = forms.DateField(
        label="Date",
        help_text="For example, 27 3 2025. Leave it as it is for today.",
        input_formats=["%d/%m/%Y", "%d %m %Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the date", "invalid": "Enter a real date, like 27/03/2025"},
    )
    location = forms.ModelChoiceField(
        label="Place",
        queryset=Location.objects.none(),
        required=False,
        empty_label="Somewhere else",
    )
    other_place = forms.CharField(
        label="If it was somewhere else, where?",
        required=False,
        max_length=150,
        help_text="For example: by phone, or at a community event. Not anyone's home address.",
    )
    minutes = forms.IntegerField(
        label="How many minutes did you spend helping?",
        min_value=1,
        max_value=24 * 60,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many minutes you spent helping",
            "invalid": "Enter the minutes as a number, like 90",
            "min_value": "The minutes must be 1 or more",
            "max_value": "The minutes must be 1,440 (a whole day) or fewer",
        },
    )
    people_helped = forms.IntegerField(
        label="How many people did you help?",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many people you helped",
            "invalid": "Enter the number of people as a number, like 3",
            "min_value": "The number of people must be 1 or more",
            "max_value": "The number of people must be 500 or fewer",
        },
    )
    new_people = forms.IntegerField(
        label="How many of them were new to you?",
        help_text="The rest count as people coming back.",
        min_value=0,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many of them were new to you, or 0",
            "invalid": "Enter the number of new people as a number, like 2",
            "min_value": "The number of new people must be 0 or more",
            "max_value": "The number of new people must be 500 or fewer",
        },
    )
    topics = forms.MultipleChoiceField(
        label="What did you help with?",
        choices=HelpTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one thing you helped with"},
    )
    signposted_to = forms.MultipleChoiceField(
        label="Did you point anyone to other help? (optional)",
        choices=Signpost.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )

    def __init__(self, *args, champion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.champion = champion
        sessions = champion.sessions.select_related("location") if champion else HelpSession.objects.none()
        places = Location.objects.published().order_by("name")
        self.fields["location"].queryset = places
        # The champion's own session places first in the list would need a custom widget; the initial value
        # is their first session's place, which is where most help is logged.
        first_session = sessions.first()
        if first_session and not self.is_bound:
            self.fields["location"].initial = first_session.location_id
        if not self.is_bound:
            self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("The date must be today or in the past")
        if date < timezone.localdate() - timezone.timedelta(days=365):
            raise ValidationError("The date must be in the last 12 months")
        return date

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("location") and not cleaned.get("other_place", "").strip():
            self.add_error("other_place", "Choose the place, or say where it was")
        helped, new = cleaned.get("people_helped"), cleaned.get("new_people")
        if helped is not None and new is not None and new > helped:
            self.add_error("new_people", "The number of new people cannot be more than the number of people helped")
        return cleaned

    def save(self, user) -> HelpLog:
        data = self.cleaned_data
        location = data.get("location")
        session = None
        if self.champion and location:
            session = self.champion.sessions.filter(location=location).first()
        return HelpLog.objects.create(
            champion=self.champion,
            session=session,
            date=data["date"],
            location=location,
            other_place="" if location else data["other_place"].strip(),
            minutes=data["minutes"],
            people_helped=data["people_helped"],
            new_people=data["new_people"],
            returning_people=data["people_helped"] - data["new_people"],
            topics=data["topics"],
            signposted_to=data["signposted_to"],
            recorded_by=user,
        )


class ProfileForm(AvailabilityMixin, GovUKForm):
    """What a champion can change about themselves in the portal."""

    phone = forms.CharField(
        label="Phone number",
        max_length=40,
        required=False,
        help_text="For international numbers include the country code.",
    )
    home_postcode = forms.CharField(
        label="Home postcode", max_length=16, error_messages={"required": "Enter your home postcode"}
    )
    languages = ApplicationForm.base_fields["languages"]
    other_languages = ApplicationForm.base_fields["other_languages"]
    skills = ApplicationForm.base_fields["skills"]
    availability = ApplicationForm.base_fields["availability"]
    preferred_places = ModelMultipleChoiceField(
        label="Where would you like to help?",
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_places"].queryset = Location.objects.published().order_by("name")

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_home_postcode(self):
        return normalise_postcode(self.cleaned_data["home_postcode"])


class LeaveForm(GovUKForm):
    reason = forms.CharField(
        label="Why are you leaving? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It helps us improve the network. You do not have to tell us.",
    )
    erase = forms.BooleanField(
        label="Delete my details too",
        required=False,
        help_text="We will keep only the counts of help you gave, which do not name you.",
    )
    confirm = forms.BooleanField(
        label="I want to leave the Digital Champions network",
        error_messages={"required": "Confirm that you want to leave"},
    )
