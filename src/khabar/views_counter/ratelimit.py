"""Per-visitor and per-address limits on beacon requests: a fixed one-minute window per visitor and per address.

A fixed window is enough here: the limit only has to stop a script from hammering the counter, and
de-duplication already stops it from inflating counts. Keys hold salted hashes, never addresses.

``limits()`` says what to count; where it is counted follows the views backend: the ``redis`` backend counts
it in the same Redis script as the view (one round trip, see ``backends/redis.py``), the ``db`` backend in
Django's cache (``retry_after()``: Redis when configured, so the limit holds across app servers; the
in-process cache limits each worker separately).
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("khabar.views_counter")

WINDOW = 60
KEY_TTL = WINDOW + 30


def limits(visitor, now):
    """(key, limit) pairs for this request's window, the visitor's first: a visitor over its limit is not
    counted against its address."""
    minute = int(now // WINDOW)
    return (
        (f"rl:v:{visitor.key}:{minute}", settings.KHABAR_VIEWS_RATE_PER_VISITOR),
        (f"rl:a:{visitor.address_key}:{minute}", settings.KHABAR_VIEWS_RATE_PER_ADDRESS),
    )


def wait_seconds(now):
    """Seconds until the current window reopens (the Retry-After of a refused request)."""
    return max(1, WINDOW - int(now % WINDOW))


def _hit(key):
    cache.add(key, 0, KEY_TTL)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, KEY_TTL)
        return 1


def retry_after(visitor, now=None):
    """None when the request may proceed, else the seconds until the visitor's window reopens. A cache that
    does not answer lets the request through (logged): de-duplication still stops it inflating the count."""
    now = time.time() if now is None else now
    try:
        for key, limit in limits(visitor, now):
            if _hit(f"views:{key}") > limit:
                return wait_seconds(now)
    except Exception:  # the cache backend's own error types (redis.RedisError…) vary with the backend
        logger.warning("views rate limit skipped: the cache did not answer", exc_info=True)
    return None
