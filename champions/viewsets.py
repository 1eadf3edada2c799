"""The "Digital Champions" menu of the Wagtail admin: the lead's dashboard and the lists behind it."""

import django_filters
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from borough_site.forms import ModelChoiceFilter
from champions import admin_views, lifecycle
from champions.admin_forms import CHAMPION_STATES, DBSCheckForm, HelpSessionForm, TrainingCompletionForm
from champions.models import (
    Application,
    CampaignPage,
    Champion,
    ChampionType,
    Course,
    DBSAccess,
    DBSAccessLog,
    DBSCheck,
    ExportLog,
    GroupEmail,
    HelpLog,
    HelpSession,
    PolicyVersion,
    State,
    TrainingCompletion,
)
from champions.permissions import DECIDE_APPLICATIONS, EMAIL_CHAMPIONS, EXPORT_CHAMPIONS, VIEW_CHAMPIONS


def state_label(instance) -> str:
    return State(instance.state).label


# Dashboard, export and group email ------------------------------------------------------------------------


class DashboardViewSet(ViewSet):
    """Not a model: the lead's figures, the CSV export and the group email, under /admin/champions/."""

    name = "champions_admin"
    url_prefix = "champions"
    icon = "group"
    menu_label = "Dashboard"
    menu_name = "champions-dashboard"
    menu_order = 0

    @property
    def menu_url(self):
        return reverse("champions_admin:dashboard")

    @cached_property
    def menu_item_class(self):
        class DashboardMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm(VIEW_CHAMPIONS)

        return DashboardMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.dashboard, name="dashboard"),
            path("export/", admin_views.export, name="export"),
            path("email/", admin_views.email_group, name="email"),
        ]


class ChampionsModelViewSet(ModelViewSet):
    """Served at /admin/champions/<model>/, with URL names "champions_<model>:index" and so on."""

    @cached_property
    def name(self):
        return f"champions_{self.model_name}"

    @cached_property
    def url_prefix(self):
        return f"champions/{self.model_name}"


# Champions ------------------------------------------------------------------------------------------------


class ChampionFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="State", choices=[(state.value, state.label) for state in CHAMPION_STATES], method="filter_state"
    )

    class Meta:
        model = Champion
        fields = ["state", "champion_type", "organisation", "ward", "erasure_requested"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(computed_state=value) if value else queryset


class ChampionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_state().select_related("champion_type", "organisation", "ward")

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        query = self.request.GET.urlencode()
        suffix = f"?{query}" if query else ""
        if self.request.user.has_perm(EXPORT_CHAMPIONS):
            buttons.append(
                Button(
                    "Export this list to CSV",
                    url=reverse("champions_admin:export") + suffix,
                    icon_name="download",
                    priority=10,
                )
            )
        if self.request.user.has_perm(EMAIL_CHAMPIONS):
            buttons.append(
                Button("Email this group", url=reverse("champions_admin:email") + suffix, icon_name="mail", priority=20)
            )
        return buttons


class ChampionInspectView(generic.InspectView):
    template_name = "champions/admin/champion_inspect.html"

    def get_object(self, queryset=None):
        return (
            Champion.objects.with_state()
            .select_related("champion_type", "organisation", "ward", "user")
            .get(pk=self.pk)
        )

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        champion = self.object
        user = self.request.user
        context.update(
            {
                "champion": champion,
                "state_label": State(champion.computed_state).label,
                "training": lifecycle.required_training_status(champion),
                "completions": champion.completions.select_related("course", "confirmed_by"),
                "events": champion.events.select_related("actor"),
                "sessions": champion.sessions.select_related("location"),
                "help_totals": admin_views.help_totals(champion.help_logs.all()),
                "last_activity": champion.last_activity_at if champion.pk else None,
                "needs_dbs": champion.champion_type.needs_dbs,
                "dbs_count": champion.dbs_checks.count(),
                "can_record_training": user.has_perm("champions.add_trainingcompletion"),
                "can_change_status": user.has_perm("champions.change_champion"),
                "can_erase": user.has_perm("champions.erase_champion") and not champion.erased_at,
                "can_view_dbs": user.has_perm("champions.view_dbscheck"),
                "status_url": reverse("champions_champion:status", args=[champion.pk]),
                "erase_url": reverse("champions_champion:erase", args=[champion.pk]),
                "training_url": reverse("champions_trainingcompletion:add") + f"?champion={champion.pk}",
                "dbs_url": reverse("champions_dbscheck:index") + f"?champion={champion.pk}",
            }
        )
        return context


class ChampionViewSet(ChampionsModelViewSet):
    model = Champion
    icon = "user"
    menu_label = "Champions"
    menu_order = 10
    index_view_class = ChampionIndexView
    inspect_view_class = ChampionInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn("full_name", label="Name", url_name="champions_champion:inspect", sort_key="last_name"),
        Column("state", label="State", accessor=state_label, sort_key="computed_state"),
        "champion_type",
        Column("organisation", label="Organisation", accessor="organisation_display"),
        "ward",
        DateColumn("approved_at", label="Approved", sort_key="approved_at"),
    ]
    filterset_class = ChampionFilterSet
    search_fields = ["first_name", "last_name", "email", "organisation_name"]
    search_backend_name = None
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/status/", admin_views.change_status, name="status"),
            path("<int:pk>/erase/", admin_views.erase, name="erase"),
        ]


# Applications ---------------------------------------------------------------------------------------------


class ApplicationFilterSet(WagtailFilterSet):
    campaign = ModelChoiceFilter(queryset=CampaignPage.objects.all(), label="Campaign")

    class Meta:
        model = Application
        fields = ["status", "campaign", "champion_type"]


class ApplicationInspectView(generic.InspectView):
    template_name = "champions/admin/application_inspect.html"

    def get_page_subtitle(self):
        return self.object.full_name

    def get(self, request, *args, **kwargs):
        # Opening an application that is waiting counts as starting the review.
        if request.user.has_perm(DECIDE_APPLICATIONS):
            lifecycle.mark_in_review(self.object, request.user, reason="Opened for review.")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        context.update(
            {
                "application": application,
                "events": application.events.select_related("actor"),
                "can_decide": application.is_open and self.request.user.has_perm(DECIDE_APPLICATIONS),
                "approve_url": reverse("champions_application:approve", args=[application.pk]),
                "decline_url": reverse("champions_application:decline", args=[application.pk]),
                "champion_url": reverse("champions_champion:inspect", args=[application.champion.pk])
                if hasattr(application, "champion") and application.champion
                else "",
            }
        )
        return context


class ApplicationViewSet(ChampionsModelViewSet):
    model = Application
    icon = "form"
    menu_label = "Applications"
    menu_order = 20
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn("full_name", label="Name", url_name="champions_application:inspect", sort_key="last_name"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        "champion_type",
        Column("campaign_title", label="Campaign", sort_key="campaign_title"),
        DateColumn("submitted_at", label="Applied", sort_key="submitted_at"),
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["first_name", "last_name", "email"]
    search_backend_name = None
    ordering = ["-submitted_at"]
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/approve/", admin_views.approve, name="approve"),
            path("<int:pk>/decline/", admin_views.decline, name="decline"),
        ]


# Sessions and help given ----------------------------------------------------------------------------------


class HelpSessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The place and the rota size in the listing's one query, not two more per row.
        return super().get_base_queryset().select_related("location").annotate(rota_size=Count("champions"))


class HelpSessionViewSet(ChampionsModelViewSet):
    model = HelpSession
    icon = "date"
    menu_label = "Help sessions"
    menu_order = 30
    index_view_class = HelpSessionIndexView
    copy_view_enabled = True
    add_to_reference_index = False
    list_display = [
        TitleColumn("title", url_name="champions_helpsession:edit"),
        Column("location", label="Place"),
        Column("when", label="When", accessor="describe_when"),
        Column("rota", label="Champions on the rota", accessor="rota_size"),
        BooleanColumn("is_published", label="In the public directory"),
    ]
    list_filter = ["location", "is_published", "frequency"]
    search_fields = ["title", "location__name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()

    @cached_property
    def _edit_handler(self):
        return ObjectList(HelpSession.panels, base_form_class=HelpSessionForm).bind_to_model(HelpSession)


class HelpLogFilterSet(WagtailFilterSet):
    date = django_filters.DateFromToRangeFilter(
        label="Date", widget=django_filters.widgets.RangeWidget(attrs={"type": "date"})
    )

    class Meta:
        model = HelpLog
        fields = ["date", "location", "champion"]


class HelpLogViewSet(ChampionsModelViewSet):
    model = HelpLog
    icon = "clipboard-list"
    menu_label = "Help given"
    menu_order = 40
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn("date", url_name="champions_helplog:edit", accessor=lambda log: log.date.strftime("%-d %b %Y")),
        Column("place", label="Place", accessor="place_name"),
        Column("champion", label="Champion"),
        Column("people_helped", label="People helped"),
        Column("new_people", label="New"),
        Column("returning_people", label="Returning"),
        Column("minutes", label="Minutes"),
    ]
    filterset_class = HelpLogFilterSet
    list_per_page = 50
    panels = [
        *HelpLog.panels,
        FieldPanel("topics", read_only=True),
        FieldPanel("signposted_to", read_only=True),
    ]


# Training -------------------------------------------------------------------------------------------------


class CourseViewSet(ChampionsModelViewSet):
    model = Course
    icon = "doc-full"
    menu_label = "Courses"
    menu_order = 50
    add_to_reference_index = False
    list_display = [
        TitleColumn("name", url_name="champions_course:edit"),
        Column("validity", label="Valid for", accessor="validity_text"),
        Column("provider"),
        BooleanColumn("is_active", label="Still offered"),
    ]
    search_fields = ["name"]
    search_backend_name = None


class ChampionTypeViewSet(ChampionsModelViewSet):
    model = ChampionType
    icon = "tag"
    menu_label = "Champion types and required training"
    menu_order = 60
    add_to_reference_index = False
    copy_view_enabled = False
    list_display = [
        TitleColumn("name", url_name="champions_championtype:edit"),
        Column(
            "required",
            label="Required training",
            accessor=lambda t: ", ".join(course.name for course in t.required_courses.all()) or "None",
        ),
        BooleanColumn("needs_dbs", label="Needs a DBS check"),
    ]


class TrainingFilterSet(WagtailFilterSet):
    expiring = django_filters.BooleanFilter(label="Runs out in the next 30 days", method="filter_expiring")

    class Meta:
        model = TrainingCompletion
        fields = ["course", "champion", "evidence", "expiring"]

    def filter_expiring(self, queryset, name, value):
        if not value:
            return queryset
        today = timezone.localdate()
        return queryset.filter(expires_on__gte=today, expires_on__lte=today + timezone.timedelta(days=30))


class TrainingCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if champion := self.request.GET.get("champion"):
            initial["champion"] = champion
        return initial

    def save_instance(self):
        self.form.instance.confirmed_by = self.request.user
        instance = super().save_instance()
        lifecycle.after_training_change(instance.champion, user=self.request.user, course=instance.course)
        return instance


class TrainingEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        lifecycle.after_training_change(instance.champion, user=self.request.user, course=instance.course)
        return instance


class TrainingCompletionViewSet(ChampionsModelViewSet):
    model = TrainingCompletion
    icon = "success"
    menu_label = "Training records"
    menu_order = 55
    add_view_class = TrainingCreateView
    edit_view_class = TrainingEditView
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn("champion", url_name="champions_trainingcompletion:edit"),
        "course",
        DateColumn("completed_on", label="Completed", sort_key="completed_on"),
        DateColumn("expires_on", label="Runs out", sort_key="expires_on"),
        Column("evidence", accessor="get_evidence_display", label="Evidence"),
        Column("confirmed_by", label="Confirmed by"),
    ]
    filterset_class = TrainingFilterSet
    list_per_page = 50
    panels = TrainingCompletion.panels

    @cached_property
    def _edit_handler(self):
        return ObjectList(self.panels, base_form_class=TrainingCompletionForm).bind_to_model(TrainingCompletion)


# Background checks: every look is logged --------------------------------------------------------------------


def log_dbs_access(request, action, check=None, champion=None):
    DBSAccessLog.objects.create(
        user=request.user,
        username=request.user.get_username(),
        check_record=check,
        champion=champion or (check.champion if check else None),
        action=action,
    )


class DBSIndexView(generic.IndexView):
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log_dbs_access(request, DBSAccess.LISTED)
        return response


class DBSInspectView(generic.InspectView):
    def get(self, request, *args, **kwargs):
        log_dbs_access(request, DBSAccess.VIEWED, self.object)
        return super().get(request, *args, **kwargs)


class DBSCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        if champion := self.request.GET.get("champion"):
            initial["champion"] = champion
        return initial

    def save_instance(self):
        if self.form.instance.decided_on:
            self.form.instance.decided_by = self.request.user
        instance = super().save_instance()
        log_dbs_access(self.request, DBSAccess.CREATED, instance)
        lifecycle.sync_state(instance.champion, actor=self.request.user, reason="DBS check recorded.")
        return instance


class DBSEditView(generic.EditView):
    def get(self, request, *args, **kwargs):
        # The record is loaded in get(): log the look once it is there to log.
        response = super().get(request, *args, **kwargs)
        log_dbs_access(request, DBSAccess.VIEWED, self.object)
        return response

    def save_instance(self):
        if "decision" in self.form.changed_data:
            self.form.instance.decided_by = self.request.user
        instance = super().save_instance()
        log_dbs_access(self.request, DBSAccess.CHANGED, instance)
        lifecycle.sync_state(instance.champion, actor=self.request.user, reason="DBS check updated.")
        return instance


class DBSDeleteView(generic.DeleteView):
    def delete_action(self):
        champion = self.object.champion
        log_dbs_access(self.request, DBSAccess.DELETED, None, champion)
        super().delete_action()
        lifecycle.sync_state(champion, actor=self.request.user, reason="DBS check deleted.")


class DBSFilterSet(WagtailFilterSet):
    class Meta:
        model = DBSCheck
        fields = ["champion", "decision", "level", "on_update_service"]


class DBSCheckViewSet(ChampionsModelViewSet):
    model = DBSCheck
    icon = "lock"
    menu_label = "DBS checks"
    menu_order = 70
    index_view_class = DBSIndexView
    inspect_view_class = DBSInspectView
    add_view_class = DBSCreateView
    edit_view_class = DBSEditView
    delete_view_class = DBSDeleteView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn("champion", url_name="champions_dbscheck:inspect"),
        Column("level", accessor="get_level_display"),
        DateColumn("issue_date", label="Issued", sort_key="issue_date"),
        BooleanColumn("on_update_service", label="Update Service"),
        Column("decision", accessor="get_decision_display"),
    ]
    filterset_class = DBSFilterSet
    inspect_view_fields = [
        "champion",
        "level",
        "certificate_number",
        "issue_date",
        "on_update_service",
        "update_service_checked_on",
        "decision",
        "decided_on",
        "decided_by",
        "notes",
    ]
    panels = DBSCheck.panels

    @cached_property
    def _edit_handler(self):
        return ObjectList(self.panels, base_form_class=DBSCheckForm).bind_to_model(DBSCheck)


# Agreements and logs --------------------------------------------------------------------------------------


class PolicyVersionViewSet(ChampionsModelViewSet):
    model = PolicyVersion
    icon = "doc-full-inverse"
    menu_label = "Agreements and notices"
    menu_order = 80
    add_to_reference_index = False
    list_display = [
        TitleColumn("kind", accessor="get_kind_display", url_name="champions_policyversion:edit", label="Text"),
        "version",
        DateColumn("effective_from", label="In force from", sort_key="effective_from"),
    ]
    list_filter = ["kind"]


class ExportLogViewSet(ChampionsModelViewSet):
    model = ExportLog
    icon = "download"
    menu_label = "Export log"
    menu_order = 90
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn(
            "created_at",
            label="When",
            url_name="champions_exportlog:inspect",
            accessor=lambda e: timezone.localtime(e.created_at).strftime("%-d %b %Y %H:%M"),
        ),
        Column("username", label="Who"),
        Column("dataset", label="List"),
        Column("reason", label="Why"),
        Column("filters", label="Filters", accessor="filters_text"),
        Column("row_count", label="Rows"),
    ]
    inspect_view_fields = ["created_at", "username", "dataset", "reason", "filters", "row_count"]
    form_fields = ["reason"]


class GroupEmailViewSet(ChampionsModelViewSet):
    model = GroupEmail
    icon = "mail"
    menu_label = "Group emails"
    menu_order = 95
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        TitleColumn("subject", url_name="champions_groupemail:inspect"),
        Column("sent_by", label="Sent by"),
        DateColumn("sent_at", label="Sent"),
        Column("recipient_count", label="Champions"),
    ]
    inspect_view_fields = ["subject", "body", "sent_by", "sent_at", "filters", "recipient_count"]
    form_fields = ["subject"]


class DBSAccessLogViewSet(ChampionsModelViewSet):
    model = DBSAccessLog
    icon = "history"
    menu_label = "DBS access log"
    menu_order = 96
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        Column("at", label="When", accessor=lambda e: timezone.localtime(e.at).strftime("%-d %b %Y %H:%M")),
        Column("username", label="Who"),
        Column("action", accessor="get_action_display", label="What"),
        Column("champion", label="Champion"),
    ]
    list_filter = ["action"]
    form_fields = ["action"]


class ChampionsViewSetGroup(ViewSetGroup):
    menu_label = "Digital Champions"
    menu_icon = "group"
    menu_order = 250
    items = (
        DashboardViewSet,
        ChampionViewSet,
        ApplicationViewSet,
        HelpSessionViewSet,
        HelpLogViewSet,
        CourseViewSet,
        TrainingCompletionViewSet,
        ChampionTypeViewSet,
        DBSCheckViewSet,
        PolicyVersionViewSet,
        ExportLogViewSet,
        GroupEmailViewSet,
        DBSAccessLogViewSet,
    )
