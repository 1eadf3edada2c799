"""The recruitment campaign page: an editable story, photos and FAQs, with the registration form."""

from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3"]


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=500)
    attribution = blocks.CharBlock(max_length=120, required=False, help_text="For example: Amina, champion since 2024.")

    class Meta:
        icon = "openquote"
        template = "champions/blocks/quote.html"


class StoryBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(icon="title", template="champions/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="champions/blocks/paragraph.html")
    image = ImageBlock(template="champions/blocks/image.html")
    quote = QuoteBlock()


class FAQBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=["bold", "link", "ol", "ul"])

    class Meta:
        icon = "help"
        label = "Question and answer"


class CampaignPage(Page):
    """A recruitment campaign. Several can run at once; each application records the one it came from."""

    introduction = models.CharField(max_length=300, blank=True, help_text="One or two sentences under the title.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    story = StreamField(StoryBlock(), blank=True, use_json_field=True)
    faqs = StreamField(
        blocks.StreamBlock([("faq", FAQBlock())]), blank=True, use_json_field=True, verbose_name="questions and answers"
    )
    champion_types = ParentalManyToManyField(
        "champions.ChampionType",
        blank=True,
        related_name="+",
        help_text="Who this campaign is for. Leave empty to offer every type of champion.",
    )
    accepting_applications = models.BooleanField(default=True)
    closed_message = models.CharField(
        max_length=300, blank=True, default="We are not taking applications through this page at the moment."
    )
    form_heading = models.CharField(max_length=120, default="Apply to be a Digital Champion")
    thank_you_text = models.TextField(
        blank=True,
        default="We will read your application and be in touch within two weeks. "
        "If we can offer you a place, we will send you a link to set up your champion account.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("story"),
        FieldPanel("faqs"),
        MultiFieldPanel(
            [
                FieldPanel("form_heading"),
                FieldPanel("champion_types"),
                FieldPanel("accepting_applications"),
                FieldPanel("closed_message"),
                FieldPanel("thank_you_text"),
            ],
            heading="Application form",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    subpage_types = []

    class Meta:
        verbose_name = "Digital Champions campaign page"

    def offered_types(self):
        from champions.models.training import ChampionType

        chosen = self.champion_types.all()
        return chosen if chosen.exists() else ChampionType.objects.all()

    def serve(self, request, *args, **kwargs):
        """The page with its form; a POST submits the application (see champions.views.registration)."""
        from champions.views.registration import campaign_page

        return campaign_page(request, self)
