"""Per-visitor and per-address limits on beacon requests, in Django's cache (Redis when configured, so the
limit holds across app servers; the in-process cache limits each worker separately).

A fixed one-minute window is enough here: the limit only has to stop a script from hammering the counter, and
de-duplication already stops it from inflating counts. Keys hold salted hashes, never addresses.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("khabar.views_counter")


def _hit(key, window=60):
    cache.add(key, 0, window + 30)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, window + 30)
        return 1


def retry_after(visitor):
    """None when the request may proceed, else the seconds until the visitor's window reopens. A cache that
    does not answer lets the request through (logged): de-duplication still stops it inflating the count."""
    now = time.time()
    minute = int(now // 60)
    limits = (
        (f"views:rl:v:{visitor.key}:{minute}", settings.KHABAR_VIEWS_RATE_PER_VISITOR),
        (f"views:rl:a:{visitor.address_key}:{minute}", settings.KHABAR_VIEWS_RATE_PER_ADDRESS),
    )
    try:
        for key, limit in limits:
            if _hit(key) > limit:
                return max(1, 60 - int(now % 60))
    except Exception:  # the cache backend's own error types (redis.RedisError…) vary with the backend
        logger.warning("views rate limit skipped: the cache did not answer", exc_info=True)
    return None
