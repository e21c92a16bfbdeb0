"""Sitemaps for search engines: an index of small sitemaps, and a Google News sitemap of the last two days.

``/sitemap.xml`` is an index (sitemaps.org protocol) of the listing pages (home and sections, tags, authors)
and of the articles split by month of publication, in the site's time zone. A month stays far under the
protocol's 50,000-URL limit for any newsroom; if one ever passes it, Django's paginator splits it into
``?p=2``… entries of the index. Only stories of ``visible()`` are listed.

``/news-sitemap.xml`` follows Google News' format: stories first published in the last 48 hours, newest
first, at most 1,000, each with the publication's name, language ``ar``, publication time and title.
"""

import re
from datetime import datetime, timedelta

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from taggit.models import Tag

from khabar.news.models import ArticlePage, ArticleTag, Author, HomePage, SectionPage

from . import content

URL_LIMIT = 50_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000
SITEMAP_TEMPLATE = "syndication/sitemap.xml"
_MONTH_SECTION = re.compile(r"articles-(\d{4})-(\d{2})")


def _page_path(page):
    """The path of a page of the tree, without the host Wagtail adds when several sites are configured."""
    parts = page.get_url_parts()
    return parts[2] if parts else None


class ListingsSitemap(Sitemap):
    """The home page and the sections: where new stories appear first."""

    limit = URL_LIMIT

    def items(self):
        home = HomePage.objects.live().first()
        if home is None:
            return []
        return [home, *SectionPage.objects.child_of(home).live().order_by("path")]

    def location(self, page):
        return _page_path(page)

    def lastmod(self, page):
        articles = ArticlePage.objects.visible()
        if isinstance(page, SectionPage):
            articles = articles.child_of(page)
        return articles.aggregate(at=Max("last_published_at"))["at"] or page.last_published_at


class TagsSitemap(Sitemap):
    """Tag pages that list at least one visible story."""

    limit = URL_LIMIT

    def items(self):
        tag_ids = ArticleTag.objects.filter(content_object__in=ArticlePage.objects.visible()).values("tag_id")
        return Tag.objects.filter(pk__in=tag_ids).order_by("pk")

    def location(self, tag):
        return reverse("news:tag", args=[tag.slug])


class AuthorsSitemap(Sitemap):
    """Author pages of writers with at least one visible story."""

    limit = URL_LIMIT

    def items(self):
        return Author.objects.filter(articles__in=ArticlePage.objects.visible()).distinct().order_by("pk")

    def location(self, author):
        return author.get_absolute_url()


class _CountedPaginator(Paginator):
    """A paginator told its count by the index's one grouped query, instead of counting each month again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class MonthArticlesSitemap(Sitemap):
    """The stories first published in one month of the site's calendar, oldest first."""

    limit = URL_LIMIT

    def __init__(self, month_start, count=None, latest=None):
        self.month_start = month_start
        self.count = count
        self.latest = latest

    def _bounds(self):
        start = self.month_start
        following = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return start, following

    def items(self):
        start, end = self._bounds()
        return (
            ArticlePage.objects.visible()
            .filter(published_at__gte=start, published_at__lt=end)
            .order_by("published_at", "pk")
            .only("public_id", "published_at", "last_published_at", "updated_at", "first_published_at")
        )

    @property
    def paginator(self):
        if self.count is None:
            return super().paginator
        return _CountedPaginator(self._items(), self.limit, self.count)

    def location(self, article):
        return article.canonical_path

    def lastmod(self, article):
        return max(t for t in (article.last_published_at, content.modified_time(article)) if t)

    def get_latest_lastmod(self):
        return self.latest


def month_start(year, month):
    return timezone.make_aware(datetime(year, month, 1))


def article_months():
    """(first instant of the month in the site's time zone, stories, latest publication) for every month with a
    visible story, from one grouped query."""
    rows = (
        ArticlePage.objects.visible()
        .filter(published_at__isnull=False)
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(n=Count("pk"), latest=Max("last_published_at"))
        .order_by("month")
    )
    return [(timezone.localtime(row["month"]), row["n"], row["latest"]) for row in rows]


LISTING_SITEMAPS = {"listings": ListingsSitemap, "tags": TagsSitemap, "authors": AuthorsSitemap}


def _listing_sitemap(name):
    sitemap = LISTING_SITEMAPS[name]()
    items = sitemap.items()
    return sitemap if (items.exists() if hasattr(items, "exists") else items) else None


def all_sitemaps():
    """Every sitemap with at least one URL (the protocol wants no empty ``urlset``), keyed by its name."""
    sitemaps = {name: sitemap for name in LISTING_SITEMAPS if (sitemap := _listing_sitemap(name))}
    for start, count, latest in article_months():
        sitemaps[f"articles-{start:%Y-%m}"] = MonthArticlesSitemap(start, count, latest)
    return sitemaps


def one_sitemap(section):
    """The sitemap behind one entry of the index, built without listing every month; 404 for an empty one,
    as for a name the index never gives."""
    if section in LISTING_SITEMAPS:
        sitemap = _listing_sitemap(section)
        if sitemap is None:
            raise Http404("خريطة الموقع هذه فارغة")
        return sitemap
    match = _MONTH_SECTION.fullmatch(section)
    if match is None or not 1 <= int(match[2]) <= 12 or not 1970 <= int(match[1]) <= 9998:
        raise Http404("لا توجد خريطة موقع بهذا الاسم")
    sitemap = MonthArticlesSitemap(month_start(int(match[1]), int(match[2])))
    if not sitemap.items().exists():
        raise Http404("لا توجد أخبار في هذا الشهر")
    return sitemap


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, all_sitemaps(), sitemap_url_name="syndication:sitemap")


@require_safe
def sitemap_section(request, section):
    sitemap = one_sitemap(section)
    return sitemap_views.sitemap(request, {section: sitemap}, section=section, template_name=SITEMAP_TEMPLATE)


def news_articles(now=None):
    """The stories Google News may list now: first published in the last 48 hours, newest first, ≤ 1,000."""
    now = now or timezone.now()
    return list(
        ArticlePage.objects.visible()
        .filter(published_at__gt=now - NEWS_WINDOW, published_at__lte=now)
        .newest_first()
        .only("public_id", "title", "published_at", "first_published_at", "last_published_at")[:NEWS_LIMIT]
    )


@require_safe
def news_sitemap(request):
    base = content.base_url(request)
    items = [
        {
            "loc": content.absolute(base, article.canonical_path),
            "published": content.local_iso(content.published_time(article)),
            "title": content.text(article.title),
        }
        for article in news_articles()
    ]
    response = render(
        request,
        "syndication/news_sitemap.xml",
        {"items": items, "publication_name": content.text(content.site_name()), "language": content.LANGUAGE},
        content_type="application/xml; charset=utf-8",
    )
    response["X-Robots-Tag"] = "noindex"
    return response
