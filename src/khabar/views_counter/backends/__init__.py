"""The two ways of counting, chosen by ``KHABAR_VIEWS_BACKEND``: ``db`` (the default) and ``redis``.

Both answer the same questions: a beacon's view, rate limit included (``view``), record a view
(``record``), what is the count now (``total``), and do the background work (``flush``: move Redis counts to
the database, or forget expired marks).
"""

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings

# The rule: one visitor is counted once per article per 30 minutes.
DEDUP_WINDOW = timedelta(minutes=30)
# Hourly buckets older than this are deleted: most-read needs 7 days; a month more is kept for editors.
BUCKET_RETENTION = timedelta(days=35)

_counters = {}


class Outcome(NamedTuple):
    """What a beacon's POST did: counted or not, the count it answers, or the wait when it was refused."""

    counted: bool
    views: int | None
    retry_after: int | None = None


class CounterUnavailable(Exception):
    """The counter's store (Redis, or a database past its busy timeout) did not answer: the beacon says 503
    and the page keeps its rendered count; nothing half-counted is left behind (each record is atomic)."""


def get_counter(name=None):
    name = name or settings.KHABAR_VIEWS_BACKEND
    if name == "redis":
        key = (name, settings.REDIS_URL, settings.KHABAR_VIEWS_REDIS_PREFIX)
        if key not in _counters:
            from .redis import RedisCounter

            _counters[key] = RedisCounter(settings.REDIS_URL, settings.KHABAR_VIEWS_REDIS_PREFIX)
        return _counters[key]
    if name == "db":
        if "db" not in _counters:
            from .db import DatabaseCounter

            _counters["db"] = DatabaseCounter()
        return _counters["db"]
    raise ValueError(f"unknown views backend {name!r}")
