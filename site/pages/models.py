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
