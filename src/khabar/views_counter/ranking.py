"""Most-read rankings over the last 24 hours, the last 7 days and all time.

The windows add up hourly buckets; "all time" is the stored total, which includes a count carried over from
a legacy site. Only articles a reader may see now (``visible()``) are ranked. A ranking is cached for a
minute (and until the next content change): the home page shows it on every request, and a minute-old
ranking is as good as a fresh one.
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone

from khabar.news.models import ArticlePage
from khabar.serving.generation import get_clock
from khabar.serving.memo import memo

from .ledger import hour_of

WINDOWS = {
    "24h": {"label": "آخر 24 ساعة", "hours": 24},
    "7d": {"label": "آخر 7 أيام", "hours": 24 * 7},
    "all": {"label": "كل الأوقات", "hours": None},
}
DEFAULT_LIMIT = 5
MAX_LIMIT = 50
CACHE_SECONDS = 60


def _minute():
    """The current CACHE_SECONDS slot: rankings of one slot are shared, the next slot makes new ones."""
    return int(time.time() // CACHE_SECONDS)


def most_read(window="24h", limit=DEFAULT_LIMIT):
    """[{"id", "title", "url", "views"}], most viewed first, for one window."""
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; choose one of {', '.join(WINDOWS)}")
    slot = _minute()
    # The page-cache generation moves when a story is unpublished or edited: a ranking made before that
    # must not keep showing it (or its old headline) for the rest of the minute.
    key = f"views:most-read:{window}:{limit}:{slot}:{get_clock().current()}"
    ranking = cache.get(key)
    if ranking is None:
        ranking = _rank(window, limit)
        cache.set(key, ranking, CACHE_SECONDS * 2)
    return ranking


def _rank(window, limit):
    articles = ArticlePage.objects.visible()
    hours = WINDOWS[window]["hours"]
    if hours is None:
        articles = articles.annotate(window_views=F("view_count_row__views"))
    else:
        since = hour_of(timezone.now()) - timedelta(hours=hours - 1)
        articles = articles.filter(view_buckets__hour__gte=since).annotate(window_views=Sum("view_buckets__views"))
    rows = (
        articles.filter(window_views__gt=0)
        .order_by("-window_views", "-published_at", "-pk")
        .values("public_id", "title", "window_views")[:limit]
    )
    return [
        {
            "id": row["public_id"],
            "title": row["title"],
            "url": reverse("news:article", args=[row["public_id"]]),
            "views": row["window_views"],
        }
        for row in rows
    ]


def rankings(limit=DEFAULT_LIMIT):
    """Every window's ranking, for the "الأكثر قراءة" box (each worker keeps the minute's in memory)."""
    slot = _minute()
    return memo.get(("most-read", limit, slot), lambda: [
        {"window": name, "label": spec["label"], "items": most_read(name, limit)} for name, spec in WINDOWS.items()
    ], seconds=CACHE_SECONDS)
