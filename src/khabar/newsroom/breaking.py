"""The breaking-news bar: which flags readers see now, as template context and as the JSON the bar polls.

The bar is rendered into every reader page and refreshed by a small script (static/newsroom/js/breaking.js)
that asks ``/api/breaking/`` on load and every few seconds. A page served from the page cache may carry a bar
that is out of date; the script corrects it within one poll, and hides an item at its expiry time by itself.

Every open tab polls, so the answer is kept in the cache for a second (the same for every reader) and dropped
whenever a flag changes: a poll then costs a cache read, not a database query.
"""

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from khabar.serving.memo import memo

from .models import BreakingNews

MAX_ITEMS = 3
# How often the bar's script asks again, and how long browsers and shared caches may keep the answer. With
# the server's own second, they bound how late a reader sees a new flag: 1 + MAX_AGE + POLL ≤ 10 seconds.
POLL_SECONDS = 5
MAX_AGE_SECONDS = 3
SERVER_CACHE_SECONDS = 1
CACHE_KEY = "newsroom:breaking:items:v1"


def _query(now):
    rows = BreakingNews.objects.active(now).values_list(
        "pk", "headline", "expires_at", "article__title", "article__public_id"
    )[:MAX_ITEMS]
    return [
        {"id": pk, "text": headline or title, "url": reverse("news:article", args=[public_id]),
         "expires_at": expires_at}
        for pk, headline, expires_at, title, public_id in rows
    ]


def current_items(now=None):
    """The flags shown now, newest first: ``{"id", "text", "url", "expires_at"}`` each."""
    now = now or timezone.now()
    # Every page's bar asks: the worker keeps the shared answer in memory until the next content change (a
    # flag set, edited or expired bumps the page-cache generation), or SERVER_CACHE_SECONDS at the most.
    items = memo.get(CACHE_KEY, lambda: _shared_items(now), seconds=SERVER_CACHE_SECONDS)
    return [item for item in items if item["expires_at"] > now]


def _shared_items(now):
    items = cache.get(CACHE_KEY)
    if items is None:
        items = _query(now)
        cache.set(CACHE_KEY, items, SERVER_CACHE_SECONDS)
    return items


def forget():
    """Drop the cached answer (called whenever a flag, or the story it points to, changes)."""
    cache.delete(CACHE_KEY)


def as_json(now=None):
    now = now or timezone.now()
    return {
        "now": now.isoformat(),
        "poll_seconds": POLL_SECONDS,
        "items": [{**item, "expires_at": item["expires_at"].isoformat()} for item in current_items(now)],
    }


def bar_context(now=None):
    return {
        "breaking_items": current_items(now),
        "breaking_endpoint": reverse("newsroom:breaking"),
        "breaking_poll_seconds": POLL_SECONDS,
    }
