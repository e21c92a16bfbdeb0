"""What every distribution channel says about an article, computed in one place so that they agree.

Feeds, sitemaps, JSON-LD, Open Graph and the JSON API all describe the same story to someone outside the
site. They take its absolute URL, its times in the site's time zone, its body as sanitised HTML or as typed
blocks, and its lead picture from here. Nothing in this module filters articles: callers pass querysets that
went through ``ArticlePage.objects.visible()``.
"""

import html
import logging
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.text import Truncator
from wagtail.images.exceptions import InvalidFilterSpecError
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from khabar.news.html import remove_control_characters, sanitize_html
from khabar.news.models import SectionPage

logger = logging.getLogger(__name__)

# One picture size for every channel: wide enough for Google's large previews (1200 px), a JPEG because
# every feed reader and social network shows JPEG.
IMAGE_SPEC = "width-1200|format-jpeg|jpegquality-80"
LANGUAGE = "ar"
OG_LOCALE = "ar_AR"


def base_url(request):
    """``https://host/`` of the request: every URL that leaves the site is absolute."""
    return request.build_absolute_uri("/")


def absolute(base, path):
    return urljoin(base, path)


def local_iso(value):
    """An aware time as ISO 8601 / RFC 3339 in the site's time zone (``2026-11-25T13:27:00+03:00``)."""
    return timezone.localtime(value).replace(microsecond=0).isoformat() if value else None


def text(value):
    """Plain text safe for any XML or JSON answer: editors paste control characters from Word and old CMSs."""
    return remove_control_characters(value or "").strip()


def published_time(article):
    return article.published_at or article.first_published_at or article.last_published_at


def modified_time(article):
    """The time the story last changed for readers: the editor's "آخر تحديث", never before publication."""
    published = published_time(article)
    if article.updated_at and published and article.updated_at > published:
        return article.updated_at
    return published


def for_channels(queryset):
    """``queryset`` with what describing its articles needs fetched in a handful of queries, not per story."""
    return queryset.select_related("lead_image", "view_count_row").prefetch_related(
        "authors", "tagged_items__tag", "sources",
        Prefetch("lead_image__renditions"),
    )


def sections_by_path():
    """Every live section keyed by its tree path, to name an article's section without a query per story."""
    return {section.path: section for section in SectionPage.objects.live()}


def section_of(article, sections=None):
    if sections is not None:
        section = sections.get(article.path[: -Page.steplen])
        if section is not None:
            return section
    return article.get_parent().specific


def tags_of(article):
    return [item.tag for item in article.tagged_items.all()]


@dataclass(frozen=True)
class ImageInfo:
    url: str
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    mime_type: str = "image/jpeg"
    length: int | None = None


def image_info(image, base, spec=IMAGE_SPEC, with_length=False):
    """The picture as a channel shows it (absolute URL, size, alt text, credit), or None when there is none or
    its file is missing: a lost upload must cost a story its picture, never the whole feed a 500."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
        length = rendition.file.size if with_length else None
    except (SourceImageIOError, InvalidFilterSpecError, OSError) as exc:
        logger.warning("no rendition of image %s for syndication: %s", image.pk, exc)
        return None
    return ImageInfo(
        url=absolute(base, rendition.url),
        width=rendition.width,
        height=rendition.height,
        alt=text(image.default_alt_text),
        caption=text(image.caption),
        credit=text(image.credit),
        length=length,
    )


def _figure_html(info, caption):
    figcaption = ""
    if caption or info.credit:
        credit = format_html(" ({})", info.credit) if info.credit else ""
        figcaption = format_html("<figcaption>{}{}</figcaption>", caption, credit)
    return format_html(
        '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
        info.url, info.alt, info.width, info.height, figcaption,
    )


def body_blocks(article, base):
    """The body as typed blocks a client can lay out itself; paragraphs carry sanitised HTML, the rest text.

    Shapes: ``{"type": "paragraph", "html"}``, ``{"type": "heading", "text"}``,
    ``{"type": "image", "image": ImageInfo, "caption"}``, ``{"type": "quote", "text", "attribution"}``,
    ``{"type": "embed", "url"}``. A block type this module does not know is left out rather than guessed.
    """
    blocks = []
    for block in article.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            html = sanitize_html(expand_db_html(value.source), base_url=base)
            if html.strip():
                blocks.append({"type": "paragraph", "html": html})
        elif kind == "heading":
            blocks.append({"type": "heading", "text": text(value)})
        elif kind == "image":
            info = image_info(value.get("image"), base)
            if info is not None:
                caption = text(value.get("caption")) or info.caption
                blocks.append({"type": "image", "image": info, "caption": caption})
        elif kind == "quote":
            blocks.append({"type": "quote", "text": text(value.get("text")),
                           "attribution": text(value.get("attribution"))})
        elif kind == "embed" and value is not None and getattr(value, "url", None):
            blocks.append({"type": "embed", "url": value.url})
    return blocks


def blocks_to_html(blocks):
    """Sanitised HTML of :func:`body_blocks`: what ``content:encoded``, Atom content and ``body_html`` carry.

    Embeds become plain links: their iframes and scripts are exactly what the sanitiser removes."""
    parts = []
    for block in blocks:
        kind = block["type"]
        if kind == "paragraph":
            parts.append(block["html"])
        elif kind == "heading":
            parts.append(format_html("<h2>{}</h2>", block["text"]))
        elif kind == "image":
            parts.append(_figure_html(block["image"], block["caption"]))
        elif kind == "quote":
            attribution = format_html("<p>— {}</p>", block["attribution"]) if block["attribution"] else ""
            parts.append(format_html("<blockquote><p>{}</p>{}</blockquote>", block["text"], attribution))
        elif kind == "embed":
            parts.append(format_html('<p><a href="{}">{}</a></p>', block["url"], block["url"]))
    return sanitize_html("".join(parts))


def body_html(article, base):
    return blocks_to_html(body_blocks(article, base))


DESCRIPTION_LENGTH = 300


def description(article):
    """What a feed reader, a search result or a link preview shows under the title: the editor's summary, or
    the start of the first paragraph when the story has none."""
    if article.summary and article.summary.strip():
        return text(article.summary)
    for block in article.body:
        if block.block_type == "paragraph":
            plain = text(html.unescape(strip_tags(sanitize_html(expand_db_html(block.value.source)))))
            if plain:
                return Truncator(" ".join(plain.split())).chars(DESCRIPTION_LENGTH)
    return ""


def description_html(article):
    """:func:`description` as the HTML a feed's ``description`` is read as (a "<" in it stays a character)."""
    return escape(description(article))


def site_name():
    return settings.SITE_NAME
