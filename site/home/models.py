from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from borough_site.blocks import BodyBlock


class HomePage(Page):
    """The front door: a postcode box first, then whatever the editors want residents to see."""

    introduction = models.CharField(
        max_length=300,
        blank=True,
        default="Free help to get online: Wi-Fi, computers, devices, data and people who can show you how.",
    )
    search_heading = models.CharField(max_length=120, default="Find digital help near you")
    search_hint = models.CharField(
        max_length=200, blank=True, default="Enter a postcode, for example SW18 2PU, or the name of an area."
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("search_heading"),
        FieldPanel("search_hint"),
        FieldPanel("body"),
    ]

    # One home page per site.
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
