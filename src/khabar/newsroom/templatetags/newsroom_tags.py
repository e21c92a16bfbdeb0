"""Template tags for reader pages: the breaking-news bar and the notes under a story."""

import logging

from django import template
from django.db import DatabaseError

from khabar.serving.memo import memo

from .. import breaking
from ..models import ArticleNote

register = template.Library()
logger = logging.getLogger(__name__)


@register.inclusion_tag("newsroom/breaking_bar.html")
def breaking_bar():
    """The bar as the server sees it now; an empty, hidden bar still carries the endpoint for the script."""
    try:
        return breaking.bar_context()
    except DatabaseError:  # an error page must render even when the database is the problem
        logger.exception("Breaking-news bar left empty")
        return {"breaking_items": [], "breaking_endpoint": "/api/breaking/",
                "breaking_poll_seconds": breaking.POLL_SECONDS}


@register.simple_tag
def article_notes(page):
    """The story's corrections and updates, newest first (none for a page not yet saved, e.g. a preview)."""
    if not getattr(page, "pk", None):
        return []
    return memo.get(("article-notes", page.pk), lambda: list(
        ArticleNote.objects.filter(article_id=page.pk).order_by("-created_at", "-pk")))
