from django import forms

from provision.models import PartnerApplication, ProblemKind, ProblemReport


class ProblemReportForm(forms.ModelForm):
    # A field people never see: bots fill it in, and then nothing is saved.
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)

    kind = forms.ChoiceField(
        label="What is wrong?",
        choices=ProblemKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is wrong"},
    )
    details = forms.CharField(
        label="Tell us more",
        help_text="For example, the right opening times. Do not include personal information.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Tell us what is wrong",
            "max_length": "Tell us in 2,000 characters or fewer",
        },
    )
    reporter_email = forms.EmailField(
        label="Your email address (optional)",
        help_text="Only if you would like a reply. We will not use it for anything else.",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    use_required_attribute = False

    class Meta:
        model = ProblemReport
        fields = ["kind", "details", "reporter_email"]

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


PHONE_CHARACTERS = set("0123456789 +()-")


def _check_phone(value: str) -> str:
    value = value.strip()
    if value and (set(value) - PHONE_CHARACTERS or sum(c.isdigit() for c in value) < 7):
        raise forms.ValidationError("Enter a phone number, like 020 7946 0000 or 07700 900 982")
    return value


class PartnerApplicationForm(forms.ModelForm):
    """'List your service': an organisation asks to join. GOV.UK wording; the lead decides in the admin."""

    # A field people never see: bots fill it in, and then nothing is saved.
    website = forms.CharField(required=False, label="Leave this empty", max_length=200)

    organisation_name = forms.CharField(
        label="Name of your organisation",
        max_length=200,
        error_messages={"required": "Enter the name of your organisation"},
    )
    organisation_kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=PartnerApplication._meta.get_field("organisation_kind").choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of organisation it is"},
    )
    organisation_email = forms.EmailField(
        label="Organisation email address",
        help_text="A shared inbox is best. We send reminders to check your listings here.",
        error_messages={
            "required": "Enter your organisation's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    organisation_phone = forms.CharField(label="Organisation phone number (optional)", required=False, max_length=40)
    organisation_website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address in the correct format, like https://www.example.org"},
    )
    charity_number = forms.CharField(label="Charity or company number (optional)", required=False, max_length=20)
    help_offered = forms.CharField(
        label="What digital help do you offer?",
        help_text="For example: a weekly drop-in to help people use their phones, free Wi-Fi, or tablets to borrow.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Tell us what digital help you offer",
            "max_length": "Tell us in 2,000 characters or fewer",
        },
    )
    areas = forms.CharField(
        label="Where do you offer it? (optional)",
        help_text="The places or areas, for example: Tooting and Balham, or online.",
        required=False,
        max_length=300,
    )
    contact_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter your full name"}
    )
    contact_role = forms.CharField(
        label="Your role (optional)", help_text="For example: volunteer coordinator.", required=False, max_length=100
    )
    contact_email = forms.EmailField(
        label="Email address",
        help_text="We will send your account invitation here.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    contact_phone = forms.CharField(label="Phone number (optional)", required=False, max_length=40)
    consent = forms.BooleanField(
        label="I agree that the council may keep these details to manage our listings, as the privacy notice says",
        error_messages={"required": "Select that you agree to the privacy notice to send your request"},
    )

    use_required_attribute = False

    class Meta:
        model = PartnerApplication
        fields = [
            "organisation_name",
            "organisation_kind",
            "organisation_email",
            "organisation_phone",
            "organisation_website",
            "charity_number",
            "help_offered",
            "areas",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "organisation_name": "organization",
            "organisation_email": "email",
            "organisation_phone": "tel",
            "organisation_website": "url",
            "contact_name": "name",
            "contact_role": "organization-title",
            "contact_email": "email",
            "contact_phone": "tel",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        for name in ("organisation_email", "contact_email"):
            self.fields[name].widget.attrs["spellcheck"] = "false"

    def clean_organisation_phone(self):
        return _check_phone(self.cleaned_data.get("organisation_phone", ""))

    def clean_contact_phone(self):
        return _check_phone(self.cleaned_data.get("contact_phone", ""))

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
