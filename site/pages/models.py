from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from borough_site.blocks import BodyBlock


class StandardPage(Page):
    """A plain information page: the accessibility statement, the privacy notice, 'about this service'."""

    summary = models.CharField(max_length=300, blank=True, help_text="One sentence shown under the title.")
    body = StreamField(BodyBlock(), use_json_field=True)
    show_in_footer = models.BooleanField(
        default=False, help_text="List this page in the footer of every page (for example the privacy notice)."
    )
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body"), FieldPanel("last_reviewed")]
    promote_panels = [*Page.promote_panels, FieldPanel("show_in_footer")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]


class GuideIndexPage(Page):
    """Lists the guides: how to get a free SIM, social tariffs, staying safe online."""

    introduction = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["pages.GuidePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = GuidePage.objects.child_of(self).live().public().order_by("title")
        return context


class GuidePage(Page):
    summary = models.CharField(max_length=300, help_text="One sentence shown in lists and under the title.")
    body = StreamField(BodyBlock(), use_json_field=True)
    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body"), FieldPanel("last_reviewed")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["pages.GuideIndexPage"]
    subpage_types = []


class NewsIndexPage(Page):
    """News and events, newest first."""

    introduction = models.CharField(max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    subpage_types = ["pages.NewsPage", "pages.EventPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from django.utils import timezone

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = (
            EventPage.objects.child_of(self).live().public().filter(starts_at__gte=timezone.now()).order_by("starts_at")
        )
        context["news"] = NewsPage.objects.child_of(self).live().public().order_by("-date")[:20]
        return context


class NewsPage(Page):
    date = models.DateField("Published on")
    summary = models.CharField(max_length=300)
    body = StreamField(BodyBlock(), use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []


class EventPage(Page):
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.ForeignKey("locations.Location", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    venue_details = models.CharField(max_length=200, blank=True, help_text="If it is not at a listed place.")
    summary = models.CharField(max_length=300)
    booking_details = models.CharField(max_length=300, blank=True, help_text="How to book, or 'No need to book'.")
    body = StreamField(BodyBlock(), use_json_field=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
        FieldPanel("place"),
        FieldPanel("venue_details"),
        FieldPanel("summary"),
        FieldPanel("booking_details"),
        FieldPanel("body"),
    ]
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The end must be after the start."})
