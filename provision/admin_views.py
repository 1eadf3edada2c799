"""The lead's and partners' own admin pages: deciding applications, and the report of listings to review."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db.models import OuterRef, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import InspectView, PermissionCheckedMixin
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets import Button, HeaderButton

from provision import partners
from provision.models import Organisation, PartnerApplication, ReminderKind, ReviewReminder, Service
from provision.models.services import OUT_OF_DATE_MONTHS, REVIEW_REMINDER_MONTHS, months_before
from provision.permissions import policy_for

# Applications ----------------------------------------------------------------------------------------------


class ApplicationInspectView(InspectView):
    """The application in full, with Approve and Decline while it waits for a decision."""

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
        "created_at",
        "consented_at",
        "status",
        "decided_by",
        "decided_at",
        "decision_reason",
        "organisation",
    ]
    approve_url_name = None
    decline_url_name = None

    def get_page_title(self):
        return "Application to list services"

    @cached_property
    def header_buttons(self):
        if not (self.object.is_pending and self.user_has_permission("change")):
            return []
        return [
            HeaderButton(
                "Approve", url=reverse(self.approve_url_name, args=[quote(self.object.pk)]), icon_name="check"
            ),
            HeaderButton(
                "Decline", url=reverse(self.decline_url_name, args=[quote(self.object.pk)]), icon_name="cross"
            ),
        ]


class ApproveForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        required=False,
        help_text="Leave empty to add it as a new organisation, with the details in the application.",
    )
    message = forms.CharField(
        label="Message to the applicant (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Added to the invitation email.",
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        if match := partners.matching_organisation(application):
            self.fields["organisation"].initial = match.pk
            self.fields[
                "organisation"
            ].help_text = (
                f"An organisation called {match.name} is already listed: the application will be linked to it."
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organisation") and (match := partners.matching_organisation(self.application)):
            cleaned["organisation"] = match
        return cleaned


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Sent to the applicant: say why, and what they could do instead.",
        error_messages={"required": "Give a reason: it is sent to the applicant"},
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)


class ApplicationDecisionView(PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Approve or decline an application (``approve`` says which), with a message or reason for the applicant."""

    permission_required = "change"
    model = PartnerApplication
    template_name = "provision/admin/application_decision.html"
    header_icon = "form"
    approve = True
    index_url_name = None
    inspect_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not self.object.is_pending:
            messages.error(request, f"The application from {self.object} has already been decided.")
            return redirect(self.inspect_url_name, quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return ApproveForm if self.approve else DeclineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "application": self.object}

    def get_page_title(self):
        return "Approve application" if self.approve else "Decline application"

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": "Applications to list services"},
            {"url": reverse(self.inspect_url_name, args=[quote(self.object.pk)]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            application=self.object,
            approve=self.approve,
            cancel_url=reverse(self.inspect_url_name, args=[quote(self.object.pk)]),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            if self.approve:
                partners.approve(
                    self.object,
                    by=self.request.user,
                    organisation=form.cleaned_data.get("organisation"),
                    message=form.cleaned_data.get("message", ""),
                )
                messages.success(
                    self.request,
                    f"Approved {self.object}: {self.object.contact_email} has been sent an invitation.",
                )
            else:
                partners.decline(self.object, by=self.request.user, reason=form.cleaned_data["reason"])
                messages.success(self.request, f"Declined {self.object}: the applicant has been told why.")
        except partners.DecisionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect(self.index_url_name)


# Listings to review ----------------------------------------------------------------------------------------


class ListingsToReviewFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(
        label="Organisation",
        queryset=lambda request: (
            policy_for(Organisation).scoped_queryset(request.user) if request else Organisation.objects.none()
        ),
    )
    out_of_date = django_filters.BooleanFilter(
        label=f"Not reviewed for {OUT_OF_DATE_MONTHS} months (shown as possibly out of date)",
        method="filter_out_of_date",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Service
        fields = []

    def filter_out_of_date(self, queryset, name, value):
        if value:
            return queryset.filter(reviewed_on__lte=months_before(timezone.localdate(), OUT_OF_DATE_MONTHS))
        return queryset


class ListingsToReviewView(ReportView):
    """Published listings not reviewed for 6 months or more, oldest first, with the reminders sent."""

    page_title = "Listings to review"
    header_icon = "time"
    index_url_name = "listings_to_review"
    index_results_url_name = "listings_to_review_results"
    filterset_class = ListingsToReviewFilterSet
    model = Service
    any_permission_required = ["change", "publish"]
    list_export = ["name", "organisation", "reviewed_on", "reminder_sent_at", "out_of_date"]
    export_headings = {
        "name": "Listing",
        "organisation": "Organisation",
        "reviewed_on": "Last reviewed",
        "reminder_sent_at": "Partner asked to check it",
        "out_of_date": "Shown as possibly out of date",
    }

    @cached_property
    def permission_policy(self):
        return policy_for(Service)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label="Listing",
                get_url=lambda service: reverse(Service.snippet_viewset.get_url_name("edit"), args=[service.pk]),
            ),
            Column("organisation", label="Organisation"),
            DateColumn("reviewed_on", label="Last reviewed"),
            DateColumn("reminder_sent_at", label="Partner asked to check it"),
            StatusTagColumn(
                "out_of_date_label",
                label="Residents see",
                primary=lambda service: not service.out_of_date,
            ),
        ]

    def get_queryset(self):
        today = timezone.localdate()
        reminders = ReviewReminder.objects.filter(
            service=OuterRef("pk"), kind=ReminderKind.REVIEW_DUE, reviewed_on=OuterRef("reviewed_on")
        )
        services = (
            self.permission_policy.scoped_queryset(self.request.user, Service.objects.published())
            .reviewed_on_or_before(months_before(today, REVIEW_REMINDER_MONTHS))
            .select_related("organisation")
            .annotate(reminder_sent_at=Subquery(reminders.values("sent_at")[:1]))
            .order_by("reviewed_on", "name")
        )
        return services

    def decorate_paginated_queryset(self, object_list):
        cutoff = months_before(timezone.localdate(), OUT_OF_DATE_MONTHS)
        for service in object_list:
            service.out_of_date = service.reviewed_on <= cutoff
            service.out_of_date_label = "May be out of date" if service.out_of_date else "Listing as usual"
        return object_list

    @cached_property
    def header_more_buttons(self):
        return [Button("All services", url=reverse(Service.snippet_viewset.get_url_name("list")), icon_name="help")]
