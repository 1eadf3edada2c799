"""Values every page template needs: the service's name, phase, menu and footer links."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

# The menu and footer links, cached until a page, a view restriction or a site changes (see navigation_changed):
# read with their privacy checks, they were most of the queries of every page.
NAVIGATION_KEY = "site:navigation-links"
NAVIGATION_SECONDS = 60 * 60 * 24


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def navigation_links() -> dict[str, list[Link]]:
    links = cache.get(NAVIGATION_KEY)
    if links is None:
        links = _navigation_links()
        cache.set(NAVIGATION_KEY, links, NAVIGATION_SECONDS)
    return links


def _navigation_links() -> dict[str, list[Link]]:
    # Imported here: context processors load with the settings, before the app registry is ready.
    from wagtail.models import Page

    from borough_site.pages.models import StandardPage

    return {
        "footer": [
            Link(page.title, page.url)
            for page in StandardPage.objects.live().public().filter(show_in_footer=True).order_by("title")
        ],
        "menu": [Link(page.title, page.url) for page in Page.objects.live().public().in_menu().filter(depth=3)],
    }


def navigation_changed(**kwargs):
    """Connected (in apps.py) to saving, moving and deleting pages (so publishing and unpublishing), view
    restrictions and sites: the next page rendered reads the links again."""
    cache.delete(NAVIGATION_KEY)


def service(request):
    from django.urls import reverse

    links = navigation_links()
    menu_links = [
        Link("Find help", reverse("find_help")),
        Link("Wi-Fi and computers", reverse("find_access_points")),
        *links["menu"],
    ]
    return {
        "service": {
            "name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "phase": settings.SERVICE_PHASE,
            "feedback_url": settings.FEEDBACK_URL,
            "is_demo": settings.DEMO_MODE,
            "footer_links": links["footer"],
            "menu_links": menu_links,
        },
        # Maps work without tiles; a tile server is optional configuration.
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
