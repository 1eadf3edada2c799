"""Included at /api/oruk/ (site/urls.py). HSDS paths have no trailing slash; one is accepted too."""

from django.urls import path, re_path

from provision.api import views

app_name = "oruk"

urlpatterns = [
    path("", views.index, name="index"),
    path("openapi.json", views.openapi, name="openapi"),
    re_path(r"^services/?$", views.services, name="services"),
    re_path(r"^services/(?P<service_id>[^/]+)/?$", views.service, name="service"),
    re_path(r"^service_at_locations/?$", views.service_at_locations, name="service_at_locations"),
    re_path(r"^taxonomies/?$", views.taxonomy_list, name="taxonomies"),
    re_path(r"^taxonomies/(?P<taxonomy_id>[^/]+)/?$", views.taxonomy, name="taxonomy"),
    re_path(r"^taxonomy_terms/?$", views.taxonomy_term_list, name="taxonomy_terms"),
    re_path(r"^taxonomy_terms/(?P<term_id>[^/]+)/?$", views.taxonomy_term, name="taxonomy_term"),
    # Anything else under /api/oruk/ is a JSON 404 with CORS, not the site's HTML page; (?s:) so that a path
    # with a newline in it (which "." does not match) is caught too.
    re_path(r"^(?P<path>(?s:.*))$", views.not_found),
]
