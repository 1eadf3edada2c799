from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from locations import admin_views
from locations.viewsets import PlacesViewSetGroup

register_snippet(PlacesViewSetGroup)


@hooks.register("register_admin_urls")
def register_places_admin_urls():
    return [path("places/", include(admin_views))]
