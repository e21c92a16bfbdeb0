"""Who is viewing: a visitor id for de-duplication and rate limiting, and whether the client is a known bot.

A visitor is the first-party random cookie ``khabar_vid`` when the browser sends one, else a salted hash of
its address and user agent. The salt is random, one per UTC day, shared by every app server through the
database, and deleted the day after, so no raw address is ever stored and an old hash cannot be reversed by
hashing all four billion IPv4 addresses.
"""

import hashlib
import re
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from crawlerdetect import CrawlerDetect
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import parse_cookie
from django.utils import timezone

from .models import DailySalt

COOKIE_NAME = "khabar_vid"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365
_COOKIE_ID = re.compile(r"[A-Za-z0-9_-]{22}")

# CrawlerDetect's list is maintained upstream (about 1,500 bot patterns); one shared instance keeps its cache.
_crawlers = CrawlerDetect()
_salts: dict = {}


@dataclass(frozen=True)
class Visitor:
    key: str  # what de-duplication is keyed on: "c…" (cookie) or "h…" (hash)
    address_key: str  # the salted hash of the address alone, for the per-address rate limit
    new_cookie: str | None  # a cookie id to give the browser, when it came without one
    is_bot: bool

    @property
    def keys(self):
        """Every id this view must be remembered under: a cookieless visitor is remembered both by its hash
        and by the cookie it is being given, so its next view (with the cookie) is not counted again."""
        return (self.key, f"c{self.new_cookie}") if self.new_cookie else (self.key,)


def daily_salt(day=None):
    """Today's salt, created by whichever app server needs it first (the others read the same row)."""
    day = day or timezone.now().date()
    cached = _salts.get(day)
    if cached is not None:
        return cached
    try:
        with transaction.atomic():
            row, created = DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})
    except IntegrityError:  # another server created it between our read and our insert
        row, created = DailySalt.objects.get(day=day), False
    if created:
        DailySalt.objects.filter(day__lt=day - timedelta(days=1)).delete()
    # Other threads of this worker may be reading the cache: replace its content in one step, never empty it.
    for old_day in [d for d in _salts if d != day]:
        _salts.pop(old_day, None)
    _salts[day] = row.salt
    return row.salt


def _digest(*parts):
    raw = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).digest()
    return urlsafe_b64encode(raw).decode().rstrip("=")


def client_address(meta):
    """The client's address; behind a trusted proxy (KHABAR_BEHIND_PROXY) the last X-Forwarded-For hop.
    ``meta`` is a request's ``META`` or, before Django, the WSGI environ (the same keys)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if forwarded:
            return forwarded[-1]
    return meta.get("REMOTE_ADDR", "")


@lru_cache(maxsize=4096)
def is_bot(user_agent):
    """A known crawler, or no user agent at all (every browser sends one; scripts often do not).

    Remembered per user agent: readers share a few hundred of them, and matching CrawlerDetect's patterns
    costs more than everything else the beacon does in Python."""
    user_agent = user_agent.strip()
    return not user_agent or _crawlers.is_crawler(user_agent[:1000])


def identify(meta):
    """Who sent the beacon, from a request's ``META`` or the WSGI environ (cookies parsed as Django does)."""
    salt = daily_salt()
    user_agent = meta.get("HTTP_USER_AGENT", "")[:1000]
    address = client_address(meta)
    address_key = _digest(salt, "address", address)
    cookie = parse_cookie(meta.get("HTTP_COOKIE", "")).get(COOKIE_NAME, "")
    if _COOKIE_ID.fullmatch(cookie):
        key, new_cookie = f"c{cookie}", None
    else:
        key, new_cookie = f"h{_digest(salt, 'visitor', address, user_agent)}", secrets.token_urlsafe(16)
    return Visitor(key=key, address_key=address_key, new_cookie=new_cookie, is_bot=is_bot(user_agent))


def give_cookie(response, visitor):
    if visitor.new_cookie:
        response.set_cookie(
            COOKIE_NAME, visitor.new_cookie, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
