"""Wagtail admin pages for importing and exporting organisations, places and services as CSV.

The flow is always: upload → a dry run that writes nothing and shows what would happen to each row →
"Import N rows" → the real import, in one transaction that keeps nothing if any row fails.

Between the dry run and the confirmation the file is kept in the user's session. Sessions live in the
database here, so any app server can finish an import another one started; a session belongs to one
signed-in user, so nobody else can confirm it; and nothing is written to local disk. (Re-posting the file
in a signed hidden field would also work, but a few thousand rows go over Django's 2.5 MB limit on form
fields.) The confirm form carries the dry run's token, so confirming an old tab after a newer upload
cannot import a file other than the one whose report is on screen.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import Button
from wagtail.models import DraftStateMixin, WorkflowMixin
from wagtail.permissions import policy_registry

from locations.models import Location
from locations.permissions import ScopedModelPermissionPolicy
from locations.resources import LocationResource
from provision.csv_import import CSVFileError, decode_csv, export_csv, run_import
from provision.models import Organisation, Service
from provision.moderation import notify_bulk_submission, one_email_for_many_submissions
from provision.resources import (
    ModeratedServiceResource,
    OrganisationResource,
    ServiceInternalResource,
    ServiceResource,
)

EXAMPLES_DIR = Path(settings.BASE_DIR) / "docs" / "examples"
SESSION_KEY = "provision_csv_imports"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# A report of many thousands of rows is unreadable and slow to draw: errors are always all shown, other
# rows up to this many.
REPORT_ROW_LIMIT = 500
INTERNAL_DATA_PERMISSION = "provision.view_internal_data"


@dataclass(frozen=True)
class CSVDataset:
    slug: str
    title: str
    model: type
    resource_class: type
    description: str
    internal_resource_class: type | None = None
    #: For people who may add and change but not publish (partner editors): imports rows as drafts submitted
    #: for approval, only for the organisations they may reach.
    moderated_resource_class: type | None = None

    @property
    def noun(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def _has(self, user, action: str) -> bool:
        opts = self.model._meta
        return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")

    def can_import(self, user) -> bool:
        if not (self._has(user, "add") and self._has(user, "change")):
            return False
        return self.publishes_for(user) or self.moderates_for(user)

    def publishes_for(self, user) -> bool:
        """Whether an import by `user` publishes what it saves (or, without drafts, just saves it)."""
        return not issubclass(self.model, DraftStateMixin) or self._has(user, "publish")

    def moderates_for(self, user) -> bool:
        """Whether an import by `user` saves drafts and submits them for approval instead of publishing."""
        return (
            self.moderated_resource_class is not None
            and issubclass(self.model, WorkflowMixin)
            and not self.publishes_for(user)
        )

    def scoped(self, user, queryset):
        """Only the records `user` may reach (a partner editor: their own organisations')."""
        policy = policy_registry.get_by_type(self.model)
        if isinstance(policy, ScopedModelPermissionPolicy):
            return policy.scoped_queryset(user, queryset)
        return queryset

    def can_export(self, user) -> bool:
        return any(self._has(user, action) for action in ("view", "change"))

    def can_export_internal(self, user) -> bool:
        return self.internal_resource_class is not None and user.has_perm(INTERNAL_DATA_PERMISSION)

    def import_resource_class(self, user):
        """People allowed to see the internal columns can also import them; partner editors import drafts."""
        if self.moderates_for(user):
            return self.moderated_resource_class
        return self.internal_resource_class if self.can_export_internal(user) else self.resource_class

    def export_resource_class(self, user, internal: bool):
        if internal:
            if not self.can_export_internal(user):
                raise PermissionDenied
            return self.internal_resource_class
        return self.resource_class

    @property
    def listing_url(self) -> str | None:
        viewset = getattr(self.model, "snippet_viewset", None)
        try:
            return reverse(viewset.get_url_name("list")) if viewset else None
        except NoReverseMatch:
            return None

    @property
    def export_url(self) -> str:
        return reverse("provision_csv:export", args=[self.slug])

    @property
    def import_url(self) -> str:
        return reverse("provision_csv:import", args=[self.slug])

    @property
    def example_url(self) -> str:
        return reverse("provision_csv:example", args=[self.slug])


DATASETS = {
    dataset.slug: dataset
    for dataset in (
        CSVDataset(
            "organisations",
            "Organisations",
            Organisation,
            OrganisationResource,
            "Providers, partners, commissioners and funders. Import these first: services name them.",
        ),
        CSVDataset(
            "locations",
            "Places",
            Location,
            LocationResource,
            "Libraries, Family Hubs, community centres and other places where help is given.",
        ),
        CSVDataset(
            "services",
            "Services",
            Service,
            ServiceResource,
            "What is offered, by which organisation, where. Organisations and places must exist first.",
            internal_resource_class=ServiceInternalResource,
            moderated_resource_class=ModeratedServiceResource,
        ),
    )
}


def get_dataset(slug: str) -> CSVDataset:
    try:
        return DATASETS[slug]
    except KeyError:
        raise Http404 from None


def csv_response(resource, queryset, filename: str) -> HttpResponse:
    # A byte order mark, so that Excel opens it as UTF-8 (names like "Café" survive).
    response = HttpResponse("\ufeff" + export_csv(resource, queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_filename(dataset: CSVDataset, internal: bool = False) -> str:
    suffix = "-internal" if internal else ""
    return f"{dataset.slug}{suffix}-{timezone.localdate():%Y-%m-%d}.csv"


@dataclass(frozen=True)
class _Named:
    name: str


class CSVUploadForm(forms.Form):
    csv_file = forms.FileField(
        label="CSV file",
        help_text="Save your spreadsheet as 'CSV UTF-8 (comma delimited)'. The first row must be the column headings.",
    )

    def clean_csv_file(self):
        upload = self.cleaned_data["csv_file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file. Save your spreadsheet as CSV first.")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB. Split it into smaller files.")
        try:
            return upload.name, decode_csv(upload.read())
        except CSVFileError as error:
            raise forms.ValidationError(str(error)) from error


class CSVAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    report_template_name = "provision/admin/csv_report.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": reverse("provision_csv:index"), "label": "Import and export"}]

    def render_report(self, report, *, filename, token=None, after_confirm=False):
        rows = report.rows
        shown = [row for row in rows if row.is_error] + [row for row in rows if not row.is_error][:REPORT_ROW_LIMIT]
        context = self.get_context_data(
            report=report,
            filename=filename,
            token=token,
            after_confirm=after_confirm,
            shown_rows=sorted(shown, key=lambda row: row.number),
            hidden_row_count=len(rows) - len(shown),
        )
        return self.response_class(
            request=self.request, template=[self.report_template_name], context=context, using=self.template_engine
        )


class CSVIndexView(CSVAdminMixin, TemplateView):
    """What can be imported and exported, with links to the example files and the guide."""

    page_title = "Import and export"
    template_name = "provision/admin/csv_index.html"

    def get_breadcrumbs_items(self):
        return [*WagtailAdminTemplateMixin.get_breadcrumbs_items(self), {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not any(d.can_import(request.user) or d.can_export(request.user) for d in DATASETS.values()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = [
            {
                "dataset": dataset,
                "can_import": dataset.can_import(user),
                "can_export": dataset.can_export(user),
                "can_export_internal": dataset.can_export_internal(user),
            }
            for dataset in DATASETS.values()
        ]
        return super().get_context_data(datasets=rows, **kwargs)


class DatasetMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.dataset = get_dataset(kwargs["dataset"])


class CSVImportView(DatasetMixin, CSVAdminMixin, FormView):
    """Upload a file and see the dry run's report."""

    form_class = CSVUploadForm
    template_name = "provision/admin/csv_import.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.dataset.can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Import {self.dataset.title.lower()} from CSV"

    def get_context_data(self, **kwargs):
        resource_class = self.dataset.import_resource_class(self.request.user)
        return super().get_context_data(
            dataset=self.dataset,
            columns=resource_class.column_names(),
            required_columns=resource_class.required_columns,
            moderated=self.dataset.moderates_for(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        filename, text = form.cleaned_data["csv_file"]
        resource_class = self.dataset.import_resource_class(self.request.user)
        report = run_import(resource_class, text, user=self.request.user, dry_run=True)
        token = None
        pending = self.request.session.get(SESSION_KEY, {})
        pending.pop(self.dataset.slug, None)
        if not report.has_errors and report.has_changes:
            token = secrets.token_urlsafe(16)
            pending[self.dataset.slug] = {"token": token, "filename": filename, "csv": text}
        self.request.session[SESSION_KEY] = pending
        return self.render_report(report, filename=filename, token=token)


class CSVConfirmImportView(DatasetMixin, CSVAdminMixin, TemplateView):
    """Run the import for real, from the file kept since the dry run."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not self.dataset.can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Import {self.dataset.title.lower()} from CSV"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            dataset=self.dataset, moderated=self.dataset.moderates_for(self.request.user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        pending = request.session.get(SESSION_KEY, {})
        upload = pending.get(self.dataset.slug)
        if not upload or not secrets.compare_digest(upload["token"], request.POST.get("token", "")):
            messages.error(request, "That check is out of date: upload the file again to see what it would change.")
            return redirect(self.dataset.import_url)
        resource_class = self.dataset.import_resource_class(request.user)
        moderated = self.dataset.moderates_for(request.user)
        with one_email_for_many_submissions():
            report = run_import(resource_class, upload["csv"], user=request.user, dry_run=False)
        del pending[self.dataset.slug]
        request.session[SESSION_KEY] = pending
        if not report.committed:
            # Something changed since the dry run (another edit, another import): nothing was kept.
            return self.render_report(report, filename=upload["filename"], after_confirm=True)
        if moderated:
            submitted = [row.label for row in report.rows if row.outcome in ("new", "update")]
            notify_bulk_submission(
                request.user,
                [_Named(name) for name in submitted],
                [str(o) for o in DATASETS["organisations"].scoped(request.user, Organisation.objects.all())],
            )
            messages.success(
                request,
                f"Sent {upload['filename']} for approval: {report.new} new and {report.updated} changed "
                f"{self.dataset.noun} ({report.unchanged} unchanged). They are published once the council approves them.",
            )
        else:
            messages.success(
                request,
                f"Imported {upload['filename']}: {report.new} new, {report.updated} updated, "
                f"{report.unchanged} unchanged {self.dataset.noun}.",
            )
        return redirect(self.dataset.listing_url or reverse("provision_csv:index"))


class CSVExportView(DatasetMixin, View):
    """Every record as CSV (``?internal=1`` for services with the internal columns)."""

    def get(self, request, *args, **kwargs):
        if not self.dataset.can_export(request.user):
            raise PermissionDenied
        internal = bool(request.GET.get("internal"))
        resource = self.dataset.export_resource_class(request.user, internal)()
        queryset = self.dataset.scoped(request.user, resource.get_export_queryset())
        return csv_response(resource, queryset, export_filename(self.dataset, internal))


class CSVExampleView(DatasetMixin, View):
    def get(self, request, *args, **kwargs):
        path = EXAMPLES_DIR / f"{self.dataset.slug}.csv"
        if not path.is_file():
            raise Http404
        return FileResponse(path.open("rb"), as_attachment=True, filename=f"example-{self.dataset.slug}.csv")


class CSVDownloadListingMixin:
    """For a snippet listing: "Download CSV" of the list as filtered and searched, in the import's columns.

    Like Wagtail's own spreadsheet export (``?export=csv``), but the columns are the import's, so a
    downloaded file can be edited and imported again.
    """

    csv_dataset_slug = ""

    @property
    def csv_dataset(self) -> CSVDataset:
        return DATASETS[self.csv_dataset_slug]

    def get(self, request, *args, **kwargs):
        variant = request.GET.get("download")
        if variant in ("csv", "internal-csv"):
            return self.download_csv(internal=variant == "internal-csv")
        return super().get(request, *args, **kwargs)

    def download_csv(self, internal: bool):
        dataset = self.csv_dataset
        if not dataset.can_export(self.request.user):
            raise PermissionDenied
        resource = dataset.export_resource_class(self.request.user, internal)()
        queryset = dataset.scoped(self.request.user, resource.get_export_queryset())
        if self.is_searching or self.is_filtering:
            listed = self.get_queryset()
            queryset = queryset.filter(pk__in=[obj.pk for obj in listed])
        return csv_response(resource, queryset, export_filename(dataset, internal))

    def download_url(self, variant: str) -> str:
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        params["download"] = variant
        return f"{self.request.path}?{params.urlencode()}"

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        dataset, user = self.csv_dataset, self.request.user
        if dataset.can_import(user):
            buttons.append(Button("Import from CSV", url=dataset.import_url, icon_name="upload", priority=80))
        if dataset.can_export(user):
            buttons.append(Button("Download CSV", url=self.download_url("csv"), icon_name="download", priority=90))
        if dataset.can_export_internal(user):
            buttons.append(
                Button(
                    "Download CSV with internal data",
                    url=self.download_url("internal-csv"),
                    icon_name="download",
                    priority=100,
                )
            )
        return buttons
