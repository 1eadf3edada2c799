"""Values every page template needs: the service's name, phase, menu and footer links."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def service(request):
    # Imported here: context processors load with the settings, before the app registry is ready.
    from django.urls import reverse
    from wagtail.models import Page

    from borough_site.pages.models import StandardPage

    footer_links = [
        Link(page.title, page.url)
        for page in StandardPage.objects.live().public().filter(show_in_footer=True).order_by("title")
    ]
    menu_links = [
        Link("Find help", reverse("find_help")),
        Link("Wi-Fi and computers", reverse("find_access_points")),
    ] + [Link(page.title, page.url) for page in Page.objects.live().public().in_menu().filter(depth=3)]
    return {
        "service": {
            "name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "phase": settings.SERVICE_PHASE,
            "feedback_url": settings.FEEDBACK_URL,
            "is_demo": settings.DEMO_MODE,
            "footer_links": footer_links,
            "menu_links": menu_links,
        },
        # Maps work without tiles; a tile server is optional configuration.
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
