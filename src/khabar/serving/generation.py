"""The site-wide page-cache generation: one number that is part of every page-cache key.

Any content change (a publish, an edit, a correction, an unpublish, a breaking-news flag) bumps it, so every
cached page is retired at once: news listings show most stories anyway, and a precise "which pages show this
story" index would cost more than re-rendering the few hot pages. Each process re-reads the number at most
once per ``KHABAR_PAGE_CACHE_CHECK_SECONDS`` (1 s), which bounds how long any worker on any app server can
serve a page older than the change.

Where the number lives follows the cache:
- a shared cache (Redis) holds it next to the cached pages, and every app server reads it there;
- with the in-process cache (the single-machine default), the granian workers share nothing but the
  database, so it is a row of ``PageCacheGeneration``.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

logger = logging.getLogger(__name__)

CACHE_KEY = "serving:page-generation"


def shared_cache_configured():
    """True when Django's default cache is shared between processes (Redis, Memcached, files)."""
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


class SharedCacheStore:
    """The generation as a Redis counter. If the key is ever lost (a restart, an eviction) it comes back as
    the current time in microseconds, which is larger than any value it held, so no page cached under an old
    number can be served again."""

    def _seed(self):
        cache.add(CACHE_KEY, time.time_ns() // 1000, timeout=None)

    def read(self):
        value = cache.get(CACHE_KEY)
        if value is None:
            self._seed()
            value = cache.get(CACHE_KEY)
        return int(value)

    def bump(self):
        try:
            return int(cache.incr(CACHE_KEY))
        except ValueError:  # the key does not exist yet
            self._seed()
            return int(cache.incr(CACHE_KEY))


class DatabaseStore:
    """The generation as the single row of ``PageCacheGeneration``, bumped with ``value = value + 1``."""

    def _rows(self):
        from .models import PageCacheGeneration

        return PageCacheGeneration.objects.filter(pk=1)

    def read(self):
        return self._rows().values_list("value", flat=True).first() or 0

    def bump(self):
        from .models import PageCacheGeneration

        if not self._rows().update(value=F("value") + 1, changed_at=timezone.now()):
            # First bump (or the row was deleted): start from the time in microseconds, above any number
            # an earlier row could have reached, so no page cached under an old number comes back.
            PageCacheGeneration.objects.get_or_create(pk=1, defaults={"value": time.time_ns() // 1000})
            self._rows().update(value=F("value") + 1, changed_at=timezone.now())
        return self.read()


class GenerationClock:
    """This process's view of the generation, re-read from the store at most every ``interval`` seconds.

    ``current()`` is on the hot path of every cached request, so between checks it is one comparison. When
    the store cannot be read it returns None, and the caller must serve without the cache: a worker that
    cannot learn about changes must not keep serving what it holds.
    """

    def __init__(self, store, interval):
        self.store = store
        self.interval = interval
        self.value = None
        self.changed_at = 0.0  # monotonic time this process first saw the current value
        self._next_check = 0.0
        self._lock = threading.Lock()

    def current(self):
        now = time.monotonic()
        if now < self._next_check:
            return self.value
        # One thread refreshes; the others keep using the value they have rather than queueing.
        if not self._lock.acquire(blocking=False):
            return self.value
        try:
            try:
                value = self.store.read()
            except Exception:
                logger.exception("page cache: cannot read the generation; serving without the cache")
                value = None
            self._set(value, now)
            self._next_check = now + self.interval
            return self.value
        finally:
            self._lock.release()

    def bump(self):
        """Retire every cached page, here at once and in other processes at their next check."""
        value = self.store.bump()
        self._set(value, time.monotonic())
        return value

    def _set(self, value, now):
        if value != self.value:
            self.value = value
            self.changed_at = now


_clock = None
_clock_lock = threading.Lock()


def get_clock():
    global _clock
    if _clock is None:
        with _clock_lock:
            if _clock is None:
                store = SharedCacheStore() if shared_cache_configured() else DatabaseStore()
                _clock = GenerationClock(store, float(settings.KHABAR_PAGE_CACHE_CHECK_SECONDS))
    return _clock


def reset_clock():
    """Forget this process's clock (tests that change the cache settings)."""
    global _clock
    _clock = None
