"""Values every page template needs: the service's name, phase and footer links."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse


@dataclass(frozen=True)
class FooterLink:
    title: str
    url: str


def service(request):
    from borough_site.pages.models import StandardPage  # the footer lists pages editors flag for it

    footer_links = [
        FooterLink(page.title, page.url)
        for page in StandardPage.objects.live().public().filter(show_in_footer=True).order_by("title")
    ]
    footer_links.append(FooterLink("Data sources", reverse("data_sources")))
    return {
        "service": {
            "name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
            "phase": settings.SERVICE_PHASE,
            "feedback_url": settings.FEEDBACK_URL,
            "is_demo": settings.DEMO_MODE,
            "footer_links": footer_links,
        }
    }
