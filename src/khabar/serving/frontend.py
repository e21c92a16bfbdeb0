"""Purging a CDN or reverse proxy in front of Khabar, through Wagtail's frontend-cache app.

Wagtail purges a page's own URLs when it is published or unpublished. A news story also appears on the home
page, its section, its tags and its authors' pages, which Wagtail leaves alone; this module adds them. It does
nothing unless ``WAGTAILFRONTENDCACHE`` is configured (``KHABAR_FRONTEND_CACHE_*``, docs/deploy.md): with the
default short ``s-maxage`` a proxy's copy expires within seconds anyway.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def listing_urls(article=None, include_article=False):
    """The absolute URLs of the reader pages that list ``article`` (or the home and section pages when the
    change is site-wide)."""
    from wagtail.models import Site

    from khabar.news.models import HomePage, SectionPage

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return []
    root = site.root_url.rstrip("/")
    urls = {root + "/"}
    home = HomePage.objects.live().first()
    if article is None:
        if home is not None:
            urls.update(root + section.url for section in SectionPage.objects.child_of(home).live())
        return sorted(urls)
    parent = article.get_parent()
    if parent is not None and parent.url:
        urls.add(root + parent.url)
    urls.update(root + reverse("news:tag", args=[tag.slug]) for tag in article.tags.all())
    urls.update(root + author.get_absolute_url() for author in article.authors.all())
    if include_article:
        urls.add(root + article.canonical_path)
    return sorted(urls)


def purge_listings_on_commit(article=None, include_article=False):
    if not enabled():
        return

    def purge():
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        try:
            purge_urls_from_cache(listing_urls(article, include_article))
        except Exception:
            logger.exception("frontend cache: purge failed; copies expire after KHABAR_CDN_MAX_AGE seconds")

    transaction.on_commit(purge, robust=True)
