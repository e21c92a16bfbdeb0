"""RSS 2.0 and Atom feeds of the latest stories: the whole site, each section, each tag.

Built on ``django.contrib.syndication`` with two additions it lacks: the full sanitised body
(``content:encoded`` in RSS, ``<content type="html">`` in Atom) with every author and the lead picture
(Media RSS), and conditional GET: feed readers poll every few minutes, and an unchanged feed answers 304
from one small query instead of rendering 30 stories.
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, quote_etag
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.http import http_date
from taggit.models import Tag
from wagtail.models import PageLogEntry

from khabar.news.models import ArticlePage, SectionPage

from . import content

FEED_LENGTH = 30
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
# Page-log actions after which a story may have left a feed without any visible story changing.
REMOVAL_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled", "wagtail.delete", "wagtail.move")


def _add_media(handler, image):
    if image is None:
        return
    handler.startElement("media:content", {
        "url": image.url, "medium": "image", "type": image.mime_type,
        "width": str(image.width), "height": str(image.height),
    })
    if image.alt:
        handler.addQuickElement("media:description", image.alt)
    if image.credit:
        handler.addQuickElement("media:credit", image.credit)
    handler.endElement("media:content")


class NewsRssFeed(Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded``, one ``dc:creator`` per author and ``media:content``."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:dc": DC_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        _add_media(handler, item.get("image"))


class NewsAtomFeed(Atom1Feed):
    """Atom 1.0 with one ``author`` per writer, ``<content type="html">`` and ``media:content``."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        _add_media(handler, item.get("image"))


@dataclass
class FeedScope:
    """Which stories a feed carries (all, a section's or a tag's) and for which host."""

    base: str
    title: str
    link: str
    description: str = ""
    section: SectionPage | None = None
    tag: Tag | None = None
    sections: dict = field(default_factory=dict)

    @classmethod
    def resolve(cls, request, section_slug=None, tag_slug=None):
        for slug in (section_slug, tag_slug):
            # No slug holds a control character; PostgreSQL would refuse a NUL in the query with an error.
            if slug is not None and content.text(slug) != slug.strip():
                raise Http404("لا يوجد قسم أو وسم بهذا الاسم")
        base = content.base_url(request)
        name = content.site_name()
        if section_slug is not None:
            section = SectionPage.objects.live().filter(slug=section_slug).first()
            if section is None:
                raise Http404("لا يوجد قسم بهذا الاسم")
            return cls(base, f"{name}: {section.title}", content.absolute(base, section.get_url_parts()[2]),
                       content.text(section.description), section=section)
        if tag_slug is not None:
            tag = Tag.objects.filter(slug=tag_slug).first()
            if tag is None:
                raise Http404("لا يوجد وسم بهذا الاسم")
            return cls(base, f"{name}: {tag.name}", content.absolute(base, reverse("news:tag", args=[tag.slug])),
                       f"أخبار عن {tag.name}", tag=tag)
        return cls(base, f"{name}: آخر الأخبار", base, f"آخر أخبار {name}")

    def articles(self):
        articles = ArticlePage.objects.visible()
        if self.section is not None:
            articles = articles.child_of(self.section)
        if self.tag is not None:
            articles = articles.filter(tagged_items__tag=self.tag)
        return articles.newest_first()

    def validators(self, kind):
        """(ETag, Last-Modified) of the feed as it would be rendered now, from one small query.

        The ETag covers which stories are in the feed and when each was last published, so a story that is
        published, republished with a fix, unpublished, expired or moved gives a new ETag. Last-Modified is
        the latest of those times and of the latest removal anywhere (an unpublished story changes the feed
        without any remaining story being newer), for readers that only send If-Modified-Since.
        """
        rows = list(self.articles().values_list("public_id", "last_published_at", "published_at", "updated_at")
                    [:FEED_LENGTH])
        now = timezone.now()
        removed = PageLogEntry.objects.filter(action__in=REMOVAL_ACTIONS).aggregate(at=Max("timestamp"))["at"]
        expired = ArticlePage.objects.filter(expire_at__lte=now).aggregate(at=Max("expire_at"))["at"]
        times = [t for row in rows for t in row[1:] if t] + [t for t in (removed, expired) if t]
        last_modified = min(max(times), now) if times else None
        fingerprint = repr((kind, self.base, self.title, self.description, rows, removed, expired))
        etag = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
        return quote_etag(etag), last_modified


@dataclass
class FeedEntry:
    article: ArticlePage
    link: str
    section_title: str
    tag_names: list
    author_names: list
    body_html: str
    image: content.ImageInfo | None


class ArticleFeed(Feed):
    """The latest stories of a scope as RSS 2.0; :class:`AtomArticleFeed` is the same as Atom."""

    feed_type = NewsRssFeed
    kind = "rss"
    language = content.LANGUAGE

    def __call__(self, request, section_slug=None, tag_slug=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        scope = FeedScope.resolve(request, section_slug, tag_slug)
        etag, last_modified = scope.validators(self.kind)
        timestamp = int(last_modified.timestamp()) if last_modified else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if not_modified is not None:
            return not_modified
        generator = self.get_feed(scope, request)
        response = HttpResponse(content_type=generator.content_type)
        generator.write(response, "utf-8")
        response["ETag"] = etag
        if timestamp is not None:
            response["Last-Modified"] = http_date(timestamp)
        return response

    # --- the channel ---------------------------------------------------------------------------------------
    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    def subtitle(self, scope):
        return scope.description

    def author_name(self, scope):
        return content.site_name()

    def feed_copyright(self, scope):
        return f"© {content.site_name()}"

    def items(self, scope):
        articles = list(content.for_channels(scope.articles())[:FEED_LENGTH])
        sections = content.sections_by_path()
        entries = []
        for article in articles:
            section = content.section_of(article, sections)
            entries.append(FeedEntry(
                article=article,
                link=content.absolute(scope.base, article.canonical_path),
                section_title=content.text(section.title),
                tag_names=[content.text(tag.name) for tag in content.tags_of(article)],
                author_names=[content.text(author.name) for author in article.authors.all()],
                body_html=content.body_html(article, scope.base),
                image=content.image_info(article.lead_image, scope.base, with_length=True),
            ))
        return entries

    # --- each story ----------------------------------------------------------------------------------------
    def item_title(self, entry):
        return content.text(entry.article.title)

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.link

    item_guid_is_permalink = True

    def item_description(self, entry):
        return content.description_html(entry.article) or None

    def item_pubdate(self, entry):
        return timezone.localtime(content.published_time(entry.article))

    def item_updateddate(self, entry):
        return timezone.localtime(content.modified_time(entry.article))

    def item_categories(self, entry):
        return [entry.section_title, *entry.tag_names]

    def item_enclosures(self, entry):
        image = entry.image
        if image is None or image.length is None:
            return []
        return [Enclosure(image.url, str(image.length), image.mime_type)]

    def item_extra_kwargs(self, entry):
        return {"content_html": entry.body_html, "authors": entry.author_names, "image": entry.image}


class AtomArticleFeed(ArticleFeed):
    feed_type = NewsAtomFeed
    kind = "atom"
