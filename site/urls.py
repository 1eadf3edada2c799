from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from borough_site import security, views

urlpatterns = [
    # Ahead of the admin's own route for it: Wagtail's forgotten-password form, rate limited.
    path("admin/password_reset/", security.admin_password_reset),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz/", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt),
    path("data-sources/", views.DataSourcesView.as_view(), name="data_sources"),
    path("api/oruk/", include("provision.api.urls")),
    path("champions/", include("champions.urls")),
    path("", include("provision.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving last: it matches every remaining path.
urlpatterns.append(path("", include(wagtail_urls)))
