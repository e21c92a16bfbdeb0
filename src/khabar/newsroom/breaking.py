"""The breaking-news bar: which flags readers see now, as template context and as the JSON the bar polls.

The bar is rendered into every reader page and refreshed by a small script (static/newsroom/js/breaking.js)
that asks ``/api/breaking/`` on load and every few seconds. A page served from the page cache may carry a bar
that is out of date; the script corrects it within one poll, and hides an item at its expiry time by itself.
"""

from django.urls import reverse
from django.utils import timezone

from .models import BreakingNews

MAX_ITEMS = 3
# How often the bar's script asks again, and how long browsers and shared caches may keep the answer. Together
# they bound how late a reader sees a new flag: POLL + MAX_AGE seconds at worst, under the 10 s promised.
POLL_SECONDS = 5
MAX_AGE_SECONDS = 3


def active_items(now=None):
    return list(BreakingNews.objects.active(now)[:MAX_ITEMS])


def as_json(now=None):
    now = now or timezone.now()
    return {
        "now": now.isoformat(),
        "poll_seconds": POLL_SECONDS,
        "items": [
            {
                "id": flag.pk,
                "text": flag.text,
                "url": flag.article.canonical_path,
                "expires_at": flag.expires_at.isoformat(),
            }
            for flag in active_items(now)
        ],
    }


def bar_context(now=None):
    now = now or timezone.now()
    return {
        "breaking_items": active_items(now),
        "breaking_endpoint": reverse("newsroom:breaking"),
        "breaking_now": now,
        "breaking_poll_seconds": POLL_SECONDS,
    }
