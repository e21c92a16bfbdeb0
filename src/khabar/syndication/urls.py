"""Feeds, sitemaps, robots.txt and the JSON API (``/api/v1/``, described at ``/api/schema/``)."""

from django.urls import URLPattern, path

from . import sitemaps, views
from .api.cors import allow_cross_origin_reads
from .api.endpoints import api
from .feeds import ArticleFeed, AtomArticleFeed

app_name = "syndication"


def _cross_origin(urls):
    """Ninja's URL patterns with every view readable from any origin (see ``api.cors``)."""
    patterns, app, namespace = urls
    wrapped = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            raise TypeError(f"unexpected API URL entry {pattern!r}")
        wrapped.append(URLPattern(pattern.pattern, allow_cross_origin_reads(pattern.callback),
                                  pattern.default_args, pattern.name))
    return wrapped, app, namespace


rss, atom = ArticleFeed(), AtomArticleFeed()

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("feed/", rss, name="feed"),
    path("feed/atom/", atom, name="feed-atom"),
    path("tag/<str:tag_slug>/feed/", rss, name="tag-feed"),
    path("tag/<str:tag_slug>/feed/atom/", atom, name="tag-feed-atom"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap_section, name="sitemap"),
    path("news-sitemap.xml", sitemaps.news_sitemap, name="news-sitemap"),
    path("api/schema/", views.api_schema, name="api-schema"),
    path("api/v1/", _cross_origin(api.urls)),
    # Last: a section's feed sits under the section's own path (/syria/feed/).
    path("<str:section_slug>/feed/", rss, name="section-feed"),
    path("<str:section_slug>/feed/atom/", atom, name="section-feed-atom"),
]
