"""The admin dashboard's "Listings" panel: what needs doing for the listings a user looks after."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from provision.models import ApplicationStatus, Organisation, PartnerApplication, ProblemReport, ReportStatus, Service
from provision.models.services import OUT_OF_DATE_MONTHS, REVIEW_REMINDER_MONTHS, months_before
from provision.permissions import policy_for


class ListingsPanel(Component):
    name = "listings"
    template_name = "provision/admin/dashboard_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def is_shown(self, parent_context=None) -> bool:
        return policy_for(Service).user_has_any_permission(self.request.user, ["add", "change"])

    def get_context_data(self, parent_context=None):
        user = self.request.user
        services = policy_for(Service).scoped_queryset(user)
        organisations = policy_for(Organisation).scoped_queryset(user)
        limited = policy_for(Service).scope_filter(user) is not None
        today = timezone.localdate()
        live = services.published()
        service_list = reverse(Service.snippet_viewset.get_url_name("list"))
        rows = [
            ("Published listings", live.count(), service_list),
            (
                "Drafts and changes not yet published",
                services.filter(has_unpublished_changes=True).count(),
                service_list,
            ),
            (
                f"Listings not checked for {REVIEW_REMINDER_MONTHS} months",
                live.reviewed_on_or_before(months_before(today, REVIEW_REMINDER_MONTHS)).count(),
                reverse("listings_to_review"),
            ),
            (
                f"Shown to residents as possibly out of date ({OUT_OF_DATE_MONTHS} months)",
                live.reviewed_on_or_before(months_before(today, OUT_OF_DATE_MONTHS)).count(),
                reverse("listings_to_review") + "?out_of_date=true",
            ),
        ]
        reports = policy_for(ProblemReport)
        if reports.user_has_any_permission(user, ["view", "change"]):
            waiting = reports.scoped_queryset(user).filter(status=ReportStatus.NEW).count()
            rows.append(("New problem reports", waiting, reverse("problem_reports:index") + "?status=new"))
        if not limited and user.has_perm("provision.change_partnerapplication"):
            pending = PartnerApplication.objects.filter(status=ApplicationStatus.PENDING).count()
            rows.append(
                ("Applications to join waiting", pending, reverse("partner_applications:index") + "?status=pending")
            )
        return {
            "rows": rows,
            "organisations": list(organisations[:5]) if limited else [],
            "limited": limited,
            "add_url": reverse(Service.snippet_viewset.get_url_name("add")),
        }
