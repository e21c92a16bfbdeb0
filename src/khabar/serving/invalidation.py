"""Retiring cached pages when what readers see changes, in this process, in every worker and on every app
server (through the generation), and in a CDN or reverse proxy when one is configured (through Wagtail's
frontend-cache purging).

The generation is bumped when the transaction that made the change commits, never before: a worker that
rendered a page between the bump and the commit would otherwise cache the old content under the new number.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from khabar.news.signals import content_changed

from . import frontend
from .generation import get_clock

logger = logging.getLogger(__name__)


def _bump_on_commit():
    try:
        get_clock().bump()
    except Exception:
        # The pages will still be replaced when their time to live runs out (KHABAR_PAGE_CACHE_SECONDS).
        logger.exception("page cache: could not bump the generation")


def request_bump():
    """Bump once the current transaction commits; several changes in one transaction (deleting a section
    deletes each of its articles) bump once."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _bump_on_commit()
        return
    pending = getattr(connection, "run_on_commit", [])
    if any(entry[1] is _bump_on_commit for entry in pending):
        return
    transaction.on_commit(_bump_on_commit, robust=True)


def _article_of(instance):
    from khabar.news.models import ArticlePage

    specific = getattr(instance, "specific_deferred", instance)
    return specific if isinstance(specific, ArticlePage) else None


def on_page_published(sender, instance, **kwargs):
    request_bump()
    frontend.purge_listings_on_commit(_article_of(instance))


def on_page_unpublished(sender, instance, **kwargs):
    request_bump()
    frontend.purge_listings_on_commit(_article_of(instance))


def on_page_moved(sender, instance, **kwargs):
    request_bump()


def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        request_bump()


def on_content_changed(sender, article=None, **kwargs):
    request_bump()
    frontend.purge_listings_on_commit(article, include_article=True)


def on_record_saved(sender, instance, **kwargs):
    """An author's name or a source's link is printed on every article that credits them; a site's host name
    or root page is in every link of every page (and in the remembered lists)."""
    request_bump()


def connect():
    from khabar.news.models import Author, Source

    page_published.connect(on_page_published, dispatch_uid="khabar.serving.page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="khabar.serving.page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="khabar.serving.page_moved")
    post_delete.connect(on_delete, dispatch_uid="khabar.serving.post_delete")
    content_changed.connect(on_content_changed, dispatch_uid="khabar.serving.content_changed")
    for model in (Author, Source, Site):
        post_save.connect(on_record_saved, sender=model, dispatch_uid=f"khabar.serving.saved.{model.__name__}")
        post_delete.connect(on_record_saved, sender=model, dispatch_uid=f"khabar.serving.deleted.{model.__name__}")
