from django.urls import include, path

from provision import partner_views, views

urlpatterns = [
    path("find-help/", views.find_help, name="find_help"),
    path("find-help/wifi-and-computers/", views.find_help, {"access_only": True}, name="find_access_points"),
    path("find-help/places.geojson", views.places_geojson, name="places_geojson"),
    path("find-help/download/", include("provision.downloads")),
    path("places/<slug:slug>/", views.place_detail, name="place_detail"),
    path("services/<slug:slug>/", views.service_detail, name="service_detail"),
    path("places/<slug:slug>/report/", views.report_problem, {"kind": "place"}, name="report_place_problem"),
    path("services/<slug:slug>/report/", views.report_problem, {"kind": "service"}, name="report_service_problem"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    # Partners: asking to list services, choosing a password, confirming a listing is still correct.
    path("list-your-service/", partner_views.apply, name="partner_apply"),
    path(
        "partners/set-password/<uidb64>/<token>/",
        partner_views.SetPasswordView.as_view(),
        name="partner_set_password",
    ),
    path("partners/password-saved/", partner_views.PasswordSetView.as_view(), name="partner_password_set"),
    path("partners/new-password-link/", partner_views.NewLinkView.as_view(), name="partner_new_link"),
    path("partners/new-password-link/sent/", partner_views.NewLinkSentView.as_view(), name="partner_new_link_sent"),
    path("partners/still-correct/<str:token>/", partner_views.confirm_review, name="partner_confirm_review"),
]
