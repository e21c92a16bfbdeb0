"""Rate limiting of the API per client address, counted in Django's cache (Redis when configured).

A fixed window (``KHABAR_API_RATE``, default 120 requests a minute) counted with ``cache.add`` + ``cache.incr``,
which are atomic on Redis, so several app servers share one count per client. Ninja's own throttles trust any
``X-Forwarded-For`` a client sends, which lets anyone pick a fresh identity per request; here that header is
read only when ``KHABAR_BEHIND_PROXY`` says a proxy of ours sets it, and then only its last hop.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from ninja.throttling import BaseThrottle

logger = logging.getLogger(__name__)

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate):
    """``"120/m"`` → (120, 60); ``""`` or ``"0"`` → (0, 0): no limit."""
    if not rate or rate.strip() == "0":
        return 0, 0
    try:
        count, unit = rate.strip().split("/")
        return int(count), PERIODS[unit.strip()[0].lower()]
    except (ValueError, KeyError, IndexError) as exc:
        raise ImproperlyConfigured(f"KHABAR_API_RATE must look like '120/m' (per s, m, h or d), not {rate!r}") from exc


def client_address(request):
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last_hop = forwarded.rsplit(",", 1)[-1].strip()
        if last_hop:
            return last_hop
    return request.META.get("REMOTE_ADDR", "")


def window_key(address, period, now=None):
    """The cache key counting ``address``'s requests in the current window (addresses hashed: IPv6 is long)."""
    ident = hashlib.sha256(address.encode()).hexdigest()[:24]
    return f"api-rate:{ident}:{int((now if now is not None else time.time()) // period)}"


class ClientRateThrottle(BaseThrottle):
    def _rate(self):
        return parse_rate(getattr(settings, "KHABAR_API_RATE", "120/m"))

    def allow_request(self, request):
        limit, period = self._rate()
        if not limit:
            return True
        key = window_key(client_address(request), period)
        try:
            cache.add(key, 0, timeout=period + 1)
            count = cache.incr(key)
        except ValueError:  # the key expired between add and incr: this request opens the window
            cache.set(key, 1, timeout=period + 1)
            count = 1
        except Exception:  # a cache outage must not take the API down with it
            logger.exception("API rate limit not applied: the cache did not answer")
            return True
        return count <= limit

    def wait(self):
        """Seconds until the current window ends, sent as Retry-After."""
        _limit, period = self._rate()
        return period - (time.time() % period) if period else None
