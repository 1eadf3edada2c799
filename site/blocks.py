"""StreamField blocks shared by the editor-authored page types."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"])

    class Meta:
        icon = "pick"
        template = "blocks/inset_text.html"
        label = "Inset text"


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=400)

    class Meta:
        icon = "warning"
        template = "blocks/warning_text.html"


class LinkCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    summary = blocks.TextBlock(required=False, max_length=400)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "link"


class LinkCardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    cards = blocks.ListBlock(LinkCardBlock())

    class Meta:
        icon = "list-ul"
        template = "blocks/link_cards.html"
        label = "Group of links"


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", template="blocks/heading.html")
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"], template="blocks/paragraph.html"
    )
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    image = ImageBlock(template="blocks/image.html")
    links = LinkCardsBlock()
