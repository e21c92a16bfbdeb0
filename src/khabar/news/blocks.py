"""The blocks an article body is made of: what a news story needs and nothing a layout designer would add."""

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="الصورة")
    caption = blocks.CharBlock(label="التعليق", required=False, help_text="يترك فارغاً لاستعمال تعليق الصورة")

    class Meta:
        icon = "image"
        label = "صورة"
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="الاقتباس")
    attribution = blocks.CharBlock(label="القائل", required=False)

    class Meta:
        icon = "openquote"
        label = "اقتباس"
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label="فقرة", template="news/blocks/paragraph.html")
    heading = blocks.CharBlock(label="عنوان فرعي", form_classname="title", template="news/blocks/heading.html")
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label="تضمين", help_text="رابط فيديو أو منشور (يوتيوب، إكس…)", template="news/blocks/embed.html")
