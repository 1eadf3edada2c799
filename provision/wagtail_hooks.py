from django.db.models import Q
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from locations.models import Location
from provision import admin_views, dashboard
from provision.insight import views as insight_views
from provision.models import (
    ListingLogEntry,
    Organisation,
    OrganisationMembership,
    PartnerLocation,
    ProblemReport,
    Service,
)
from provision.permissions import organisation_ids_for, policy_for
from provision.viewsets import ProvisionViewSetGroup

register_snippet(ProvisionViewSetGroup)


@hooks.register("register_admin_urls")
def register_insight_urls():
    return [
        path("insight/gaps/", insight_views.gaps, name="insight_gaps"),
        path("insight/gaps/wards.geojson", insight_views.wards_geojson, name="insight_wards_geojson"),
        path("insight/duplication/", insight_views.duplication, name="insight_duplication"),
        path("insight/funding/", insight_views.funding, name="insight_funding"),
        path("insight/scorecard/", insight_views.scorecard, name="insight_scorecard"),
        path("insight/scorecard.csv", insight_views.scorecard_csv, name="insight_scorecard_csv"),
    ]


class InsightMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(insight_views.INSIGHT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_insight_menu_item():
    return InsightMenuItem("Provision insight", reverse("insight_gaps"), icon_name="site", order=250)


# History: listings log where each user sees only the records they reach (provision/models/history.py).


@hooks.register("register_log_actions")
def register_listing_log(actions):
    for model in (Service, Location, Organisation, ProblemReport):
        actions.register_model(model, ListingLogEntry)
    actions.register_action(
        "provision.review_confirmed", "Confirmed still correct", "Confirmed still correct from the emailed link"
    )
    actions.register_action("provision.member_added", "Partner editor added", "Partner editor added")
    actions.register_action("provision.application.approve", "Application approved", "Application approved")
    actions.register_action("provision.application.decline", "Application declined", "Application declined")


# A place a partner editor adds is theirs to keep up to date (with the lead's approval of each change).


@hooks.register("after_create_snippet")
def remember_who_added_a_place(request, instance):
    if isinstance(instance, Location) and policy_for(Location).scope_filter(request.user) is not None:
        for organisation_id in organisation_ids_for(request.user):
            PartnerLocation.objects.get_or_create(
                organisation_id=organisation_id, location=instance, defaults={"added_by": request.user}
            )


# The report of listings to review.


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/listings-to-review/", admin_views.ListingsToReviewView.as_view(), name="listings_to_review"),
        path(
            "reports/listings-to-review/results/",
            admin_views.ListingsToReviewView.as_view(results_only=True),
            name="listings_to_review_results",
        ),
    ]


class ListingsToReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_for(Service).user_has_any_permission(request.user, ["change", "publish"])


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ListingsToReviewMenuItem(
        "Listings to review", reverse("listings_to_review"), name="listings-to-review", icon_name="time", order=50
    )


@hooks.register("construct_homepage_panels")
def add_partner_panel(request, panels):
    panel = dashboard.ListingsPanel(request)
    if panel.is_shown():
        panels.insert(0, panel)


@hooks.register("construct_image_chooser_queryset")
def partners_choose_among_their_organisations_images(images, request):
    """Editors who may change any image choose from them all. A partner editor chooses from the images their
    own organisation's people uploaded and those already on their records: another organisation's uploads,
    perhaps for a listing not yet approved, stay out of sight."""
    user = request.user
    if user.has_perm("wagtailimages.change_image"):
        return images
    organisation_ids = organisation_ids_for(user)
    colleagues = OrganisationMembership.objects.filter(organisation_id__in=organisation_ids).values("user_id")
    logos = Organisation.objects.filter(pk__in=organisation_ids).values("logo_id")
    photos = policy_for(Location).scoped_queryset(user).values("photo_id")
    return images.filter(
        Q(uploaded_by_user=user) | Q(uploaded_by_user__in=colleagues) | Q(pk__in=logos) | Q(pk__in=photos)
    )
