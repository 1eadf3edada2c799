"""The "Provision" section of the Wagtail admin: services, organisations, their vocabularies, CSV import/export,
problem reports, applications to list services and partner accounts.

Services keep revisions, drafts, locking and workflows through their model mixins, so the snippet views give
them "Save draft" / "Publish" (or "Submit for moderation" for partner editors, who may not publish), history,
comparing revisions and reverting without anything extra here.

Services, organisations and problem reports are ScopedSnippetViewSets / ScopedModelViewSets: each view applies
the model's permission policy (provision/permissions.py), so a partner editor reaches only their own
organisations' records, whichever view or URL they try.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column, DateColumn, LiveStatusTagColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, BooleanRadioSelect
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from locations.admin_scope import ScopedModelViewSet, ScopedSnippetViewSet
from locations.models import Location
from provision import admin_views, csv_views, partners
from provision.models import (
    ApplicationStatus,
    Audience,
    CostKind,
    Language,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
    PartnerApplication,
    ProblemKind,
    ProblemReport,
    ReportStatus,
    Service,
    ServiceStatus,
    ServiceType,
)
from provision.permissions import EVERY_ORGANISATION_PERMISSION, INTERNAL_DATA_PERMISSION, policy_for


def own_organisations(request):
    """The organisations a filter may offer: all of them, or a partner editor's own."""
    if request is None:
        return Organisation.objects.none()
    return policy_for(Organisation).scoped_queryset(request.user)


# --- Services ----------------------------------------------------------------------------------------------


class ServiceFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(queryset=own_organisations, label="Organisation")
    type = django_filters.ModelChoiceFilter(
        field_name="types", queryset=ServiceType.objects.all(), label="Type of help"
    )
    status = django_filters.ChoiceFilter(choices=ServiceStatus.choices, label="Service status")
    audience = django_filters.ModelChoiceFilter(
        field_name="audiences", queryset=Audience.objects.all(), label="Audience"
    )
    cost = django_filters.ChoiceFilter(choices=CostKind.choices, label="Cost")
    reviewed_before = django_filters.DateFilter(
        label="Last reviewed before (or never reviewed)",
        method="filter_reviewed_before",
        widget=AdminDateInput,
    )
    is_sample = django_filters.BooleanFilter(label="Sample (demonstration) data", widget=BooleanRadioSelect)

    class Meta:
        model = Service
        fields = []

    def filter_reviewed_before(self, queryset, name, value):
        # A service nobody has ever reviewed is as overdue as one reviewed long ago.
        return queryset.filter(Q(last_reviewed__lt=value) | Q(last_reviewed__isnull=True))


class ServiceIndexView(csv_views.CSVDownloadListingMixin, IndexView):
    csv_dataset_slug = "services"


def _type_names(service) -> str:
    return ", ".join(service_type.name for service_type in service.types.all())


INTERNAL_TAB_HELP = (
    "<p><strong>Internal: never shown on the public site or in the open data.</strong> "
    "Who commissions, owns and delivers this service, for mapping provision across the borough.</p>"
)
FUNDING_TAB_HELP = (
    "<p><strong>Never shown on the public site or in the open data.</strong> "
    "What the service costs to run and who pays for it, so the council can see where funding ends.</p>"
)


class ServiceAdminForm(WagtailAdminModelForm):
    """The service form, per user: a partner editor lists services for their own organisations only.

    Internal provision-mapping fields are left out of the form for people without the internal-data permission
    by their FieldPanels' ``permission`` (so a partner's save keeps them as they were); the funding InlinePanel
    is shown to everyone, so its formset is always in the form and in the POST.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is not None and policy_for(Location).scope_filter(self.for_user) is not None:
            self.limit_places()
        field = self.fields.get("organisation")
        policy = policy_for(Organisation)
        if field is None or self.for_user is None or policy.scope_filter(self.for_user) is None:
            return
        own = policy.scoped_queryset(self.for_user)
        # A short list of their own organisations, rather than a chooser of everyone's.
        field.widget = forms.Select()
        field.queryset = own
        if len(own) == 1:
            field.empty_label = None
            if self.instance.pk is None:
                self.initial.setdefault("organisation", own[0].pk)
        field.help_text = "Only the organisations you keep listings for."

    def limit_places(self):
        """The places, regular sessions and dated sessions of a partner's service: the places the chooser offers
        them (published, or their own), and any it already has. Another organisation's draft place, by a guessed
        id, is refused: its name would show in the form, and once approved it would be the partner's to edit."""
        places = policy_for(Location).chooser_queryset(self.for_user)
        for formset in self.formsets.values():
            for form in formset.forms:
                field = form.fields.get("location")
                if field is not None:
                    current = form.initial.get("location")
                    field.queryset = (places | Location.objects.filter(pk=current)) if current else places


class ServiceViewSet(ScopedSnippetViewSet):
    model = Service
    icon = "help"
    menu_label = "Services"
    list_per_page = 50
    index_view_class = ServiceIndexView
    filterset_class = ServiceFilterSet
    # Plain database search, as for places: finds part of a word as typed, the same on SQLite and PostgreSQL
    # (Wagtail's SQLite full-text backend fails on these listings' search fields).
    search_fields = ["name", "summary", "description"]
    search_backend_name = None
    list_display = [
        "name",
        Column("organisation", label="Organisation", sort_key="organisation__name"),
        Column("types", label="Types of help", accessor=_type_names),
        Column("status", label="Service status", accessor="get_status_display", sort_key="status"),
        # The date itself: "1 year ago" hides whether a review is due.
        Column("last_reviewed", label="Last reviewed", sort_key="last_reviewed"),
        # Wagtail only adds this itself when list_display is left to its default.
        LiveStatusTagColumn(label="Live or draft"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("organisation"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    FieldPanel("status"),
                    FieldPanel("types", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("slug", help_text="Made from the name if left empty. Used in the page address."),
                    FieldPanel("is_sample", permission=EVERY_ORGANISATION_PERMISSION),
                ],
                heading="Service",
            ),
            ObjectList(
                [
                    MultiFieldPanel([FieldPanel("cost"), FieldPanel("cost_description")], heading="Cost"),
                    MultiFieldPanel(
                        [
                            FieldPanel("how_to_access"),
                            FieldPanel("access_notes"),
                            FieldRowPanel([FieldPanel("booking_url"), FieldPanel("booking_phone")]),
                        ],
                        heading="How to get it",
                    ),
                    FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")], heading="Ages"),
                    FieldRowPanel(
                        [FieldPanel("offered_online"), FieldPanel("offered_by_phone")], heading="Also offered"
                    ),
                ],
                heading="Access and cost",
            ),
            ObjectList(
                [
                    # Location is a snippet: FieldPanel gives its chooser.
                    InlinePanel(
                        "service_locations",
                        heading="Places",
                        label="Place",
                        panels=[FieldPanel("location"), FieldPanel("notes")],
                    ),
                    InlinePanel(
                        "schedules",
                        heading="Regular sessions",
                        label="Regular session",
                        panels=[
                            FieldPanel("location"),
                            FieldRowPanel(
                                [FieldPanel("frequency"), FieldPanel("weekday"), FieldPanel("week_of_month")]
                            ),
                            FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
                            FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]),
                            FieldPanel("notes"),
                        ],
                    ),
                    InlinePanel(
                        "sessions",
                        heading="Dated sessions",
                        label="Dated session",
                        panels=[
                            FieldPanel("location"),
                            FieldRowPanel([FieldPanel("date"), FieldPanel("starts"), FieldPanel("ends")]),
                            FieldPanel("notes"),
                        ],
                    ),
                ],
                heading="Where and when",
            ),
            ObjectList(
                [
                    FieldPanel("contact_name"),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("website"),
                    FieldPanel("last_reviewed"),
                ],
                heading="Contact",
            ),
            ObjectList(
                [
                    HelpPanel(FUNDING_TAB_HELP),
                    FieldPanel("annual_cost"),
                    InlinePanel(
                        "funding_sources",
                        heading="Funding",
                        label="Funding source",
                        panels=[
                            FieldRowPanel([FieldPanel("funder"), FieldPanel("funder_name")]),
                            FieldPanel("programme"),
                            FieldRowPanel(
                                [FieldPanel("annual_amount"), FieldPanel("starts_on"), FieldPanel("ends_on")]
                            ),
                        ],
                    ),
                ],
                heading="Funding and cost",
            ),
            ObjectList(
                [
                    HelpPanel(INTERNAL_TAB_HELP),
                    FieldRowPanel(
                        [
                            FieldPanel("commissioner", permission=INTERNAL_DATA_PERMISSION),
                            FieldPanel("owner", permission=INTERNAL_DATA_PERMISSION),
                            FieldPanel("provider", permission=INTERNAL_DATA_PERMISSION),
                        ]
                    ),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [
                                    FieldPanel("lead_contact_name", permission=INTERNAL_DATA_PERMISSION),
                                    FieldPanel("lead_contact_role", permission=INTERNAL_DATA_PERMISSION),
                                ]
                            ),
                            FieldRowPanel(
                                [
                                    FieldPanel("lead_contact_email", permission=INTERNAL_DATA_PERMISSION),
                                    FieldPanel("lead_contact_phone", permission=INTERNAL_DATA_PERMISSION),
                                ]
                            ),
                        ],
                        heading="Lead contact",
                    ),
                    FieldPanel("internal_notes", permission=INTERNAL_DATA_PERMISSION),
                ],
                heading="Provision mapping (internal)",
                permission=INTERNAL_DATA_PERMISSION,
            ),
        ],
        base_form_class=ServiceAdminForm,
    )

    def get_queryset(self, request):
        return Service.objects.select_related("organisation", "latest_revision").prefetch_related("types")


# --- Organisations -----------------------------------------------------------------------------------------


class OrganisationFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label="Kind")
    is_sample = django_filters.BooleanFilter(label="Sample (demonstration) data", widget=BooleanRadioSelect)

    class Meta:
        model = Organisation
        fields = []


class OrganisationIndexView(csv_views.CSVDownloadListingMixin, IndexView):
    csv_dataset_slug = "organisations"


class OrganisationViewSet(ScopedSnippetViewSet):
    """Partner editors see their own organisations (read-only, with history); the lead changes them."""

    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = ["name", "kind", "description", "website", "email", "phone", "charity_number"]
    index_view_class = OrganisationIndexView
    filterset_class = OrganisationFilterSet
    search_fields = ["name"]
    search_backend_name = None
    list_display = ["name", Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"), "website"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("email"), FieldPanel("phone")]),
        FieldPanel("charity_number"),
        FieldPanel("logo"),
        FieldPanel("slug", help_text="Made from the name if left empty. Used in the page address."),
        FieldPanel("is_sample"),
    ]


# --- Managed vocabularies ----------------------------------------------------------------------------------


class ServiceTypeViewSet(SnippetViewSet):
    model = ServiceType
    icon = "tag"
    menu_label = "Types of help"
    sort_order_field = "sort_order"
    list_display = ["name", "slug", Column("is_access_point", label="Access point (Wi-Fi, computers)")]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("is_access_point")]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    menu_label = "Audiences"
    sort_order_field = "sort_order"
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]


class LanguageViewSet(SnippetViewSet):
    model = Language
    icon = "globe"
    menu_label = "Languages"
    sort_order_field = "sort_order"
    list_display = ["name", "code"]
    panels = [FieldPanel("name"), FieldPanel("code")]


# --- CSV import and export ---------------------------------------------------------------------------------


class CSVMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return any(d.can_import(user) or d.can_export(user) for d in csv_views.DATASETS.values())


class CSVViewSet(ViewSet):
    name = "provision_csv"
    url_prefix = "provision/csv"
    icon = "upload"
    menu_label = "Import and export"
    menu_item_class = CSVMenuItem

    def get_urlpatterns(self):
        return [
            path("", csv_views.CSVIndexView.as_view(), name="index"),
            path("<slug:dataset>/import/", csv_views.CSVImportView.as_view(), name="import"),
            path("<slug:dataset>/import/confirm/", csv_views.CSVConfirmImportView.as_view(), name="confirm"),
            path("<slug:dataset>/export/", csv_views.CSVExportView.as_view(), name="export"),
            path("<slug:dataset>/example/", csv_views.CSVExampleView.as_view(), name="example"),
        ]


# --- Problem reports ---------------------------------------------------------------------------------------


class ProblemReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="Status")
    kind = django_filters.ChoiceFilter(choices=ProblemKind.choices, label="What is wrong")
    organisation = django_filters.ModelChoiceFilter(queryset=own_organisations, label="Organisation")

    class Meta:
        model = ProblemReport
        fields = []


class ProblemReportIndexView(generic.IndexView):
    def get_base_queryset(self):
        return ProblemReport.objects.select_related("service", "location", "organisation")


def _report_subject(report) -> str:
    return str(report.subject)


class ProblemReportViewSet(ScopedModelViewSet):
    """ "Report a problem" messages from the public: each organisation's queue, and the lead's (all of them)."""

    model = ProblemReport
    name = "problem_reports"
    url_prefix = "provision/problem-reports"
    icon = "warning"
    menu_label = "Problem reports"
    add_to_admin_menu = False
    list_per_page = 50
    filterset_class = ProblemReportFilterSet
    search_fields = ["details", "service__name", "location__name"]
    search_backend_name = None
    copy_view_enabled = False
    list_display = [
        Column("kind", label="What is wrong", accessor="get_kind_display"),
        Column("subject", label="About", accessor=_report_subject),
        Column("organisation", label="Organisation"),
        DateColumn("created_at", label="Reported", sort_key="created_at"),
        StatusTagColumn(
            "get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda report: report.status in (ReportStatus.NEW, ReportStatus.IN_HAND),
        ),
    ]
    panels = [
        FieldPanel("kind", read_only=True),
        FieldPanel("details", read_only=True),
        FieldRowPanel([FieldPanel("service", read_only=True), FieldPanel("location", read_only=True)], heading="About"),
        FieldPanel("reporter_email", read_only=True, heading="Reply to (if they asked for one)"),
        FieldPanel("created_at", read_only=True, heading="Reported"),
        FieldPanel("status", widget=forms.RadioSelect),
        FieldPanel("staff_notes", help_text="For your organisation and the council; never shown to the public."),
    ]

    index_view_class = ProblemReportIndexView


# --- Applications to list services --------------------------------------------------------------------------


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return PartnerApplication.objects.select_related("organisation")

    def get_edit_url(self, instance):
        return None

    def get_add_url(self):
        return None

    @cached_property
    def add_url(self):
        return None


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices, label="Status")

    class Meta:
        model = PartnerApplication
        fields = []


class PartnerApplicationViewSet(ModelViewSet):
    """'List your service' requests: the lead reads each one and approves or declines it, with a reason."""

    model = PartnerApplication
    name = "partner_applications"
    url_prefix = "provision/applications"
    icon = "form"
    menu_label = "Applications to join"
    add_to_admin_menu = False
    index_view_class = ApplicationIndexView
    inspect_view_class = admin_views.ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = ApplicationFilterSet
    search_fields = ["organisation_name", "contact_name", "contact_email"]
    search_backend_name = None
    form_fields = ["decision_reason"]  # Wagtail wants a form; applications are never edited as such
    list_display = [
        "organisation_name",
        "contact_name",
        DateColumn("created_at", label="Received", sort_key="created_at"),
        StatusTagColumn(
            "get_status_display",
            label="Status",
            sort_key="status",
            primary=lambda application: application.is_pending,
        ),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "approve_url_name": self.get_url_name("approve"),
                "decline_url_name": self.get_url_name("decline"),
                "inspect_url_name": self.get_url_name("inspect"),
                **kwargs,
            }
        )

    @property
    def approve_view(self):
        return self.construct_view(admin_views.ApplicationDecisionView, approve=True)

    @property
    def decline_view(self):
        return self.construct_view(admin_views.ApplicationDecisionView, approve=False)

    def get_urlpatterns(self):
        unused = {"add", "edit"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in unused] + [
            path("approve/<str:pk>/", self.approve_view, name="approve"),
            path("decline/<str:pk>/", self.decline_view, name="decline"),
        ]


# --- Partner accounts ---------------------------------------------------------------------------------------


class PartnerAccountForm(WagtailAdminModelForm):
    """Add a person to an organisation's partner editors: their account is found by email address, or made,
    and they are emailed an invitation."""

    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(help_text="Their account's email address, which they sign in with.")

    class Meta:
        model = OrganisationMembership
        fields = ["organisation"]

    def clean(self):
        cleaned = super().clean()
        organisation, email = cleaned.get("organisation"), cleaned.get("email")
        if organisation and email and organisation.memberships.filter(user__email__iexact=email).exists():
            self.add_error("email", f"They can already keep {organisation}'s listings up to date.")
        return cleaned

    def save(self, commit=True):
        self.instance = partners.invite_member(
            organisation=self.cleaned_data["organisation"],
            email=self.cleaned_data["email"],
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            added_by=self.for_user,
        )
        return self.instance


class PartnerAccountCreateView(generic.CreateView):
    def get_success_buttons(self):
        return []

    def get_success_message(self, instance):
        return f"{instance.user.get_full_name() or instance.user.email} has been sent an invitation to keep {instance.organisation}'s listings up to date."


class PartnerAccountIndexView(generic.IndexView):
    def get_edit_url(self, instance):
        return None


def _member_name(membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


class PartnerAccountViewSet(ModelViewSet):
    """Who keeps which organisation's listings up to date; the lead adds people (with an invitation) and removes
    them (someone left with no organisation also leaves the Partner editor group)."""

    model = OrganisationMembership
    name = "partner_accounts"
    url_prefix = "provision/partner-accounts"
    icon = "user"
    menu_label = "Partner accounts"
    add_to_admin_menu = False
    index_view_class = PartnerAccountIndexView
    add_view_class = PartnerAccountCreateView
    copy_view_enabled = False
    search_fields = ["user__first_name", "user__last_name", "user__email", "organisation__name"]
    search_backend_name = None
    list_filter = ["organisation"]
    list_display = [
        Column("user", label="Name", accessor=_member_name),
        Column("email", label="Email address", accessor="user.email"),
        Column("organisation", label="Organisation", sort_key="organisation__name"),
        DateColumn("created_at", label="Added", sort_key="created_at"),
        DateColumn("last_login", label="Last signed in", accessor="user.last_login"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("organisation"),
            FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
            FieldPanel("email"),
        ],
        base_form_class=PartnerAccountForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**{"edit_url_name": None, **kwargs})

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "edit"]


class ProvisionViewSetGroup(SnippetViewSetGroup):
    menu_label = "Provision"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        ServiceViewSet,
        OrganisationViewSet,
        ProblemReportViewSet,
        PartnerApplicationViewSet,
        PartnerAccountViewSet,
        ServiceTypeViewSet,
        AudienceViewSet,
        LanguageViewSet,
        CSVViewSet,
    )
