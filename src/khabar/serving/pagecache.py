"""The page cache: anonymous readers' HTML pages, kept compressed and answered before Django's middleware.

``PageCacheApp`` wraps Django's WSGI application. A request it can answer from the cache costs a dictionary
lookup and no Django request object at all, which is what lets one Python process serve thousands of pages a
second. What it may cache is decided twice, so that a mistake on one side cannot leak a private page:

- the request: an anonymous ``GET`` or ``HEAD`` (no session cookie, no ``Authorization``) outside the
  excluded prefixes (``/admin/``, ``/api/``, static and media files…);
- Django's response: ``200``, ``text/html``, no ``Set-Cookie``, no ``Cache-Control: private/no-cache/
  no-store``, and a ``Vary`` on nothing but ``Accept-Language`` (part of the key) and ``Accept-Encoding``
  (answered from the gzip and brotli copies made when the page is stored).

Every key carries the site-wide generation (``generation.py``), so a content change retires every page at
once. Pages live in this process (``LocalPages``, bounded in bytes) and, when Redis is configured, in Redis
too, so a page rendered by one app server is served by all of them.
"""

import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from functools import lru_cache

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import parse_cookie
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language_from_request

from .generation import get_clock, shared_cache_configured

logger = logging.getLogger(__name__)

HEADER = "X-Khabar-Cache"
# Headers the cache writes itself, per answer, instead of replaying Django's.
_OWN_HEADERS = {"content-length", "content-encoding", "etag", "last-modified", "cache-control", "vary", "date",
                "x-khabar-cache"}
_CACHEABLE_VARY = {"accept-language", "accept-encoding"}
_TRACKING_PARAMS = ("utm_", "fbclid=", "gclid=", "mc_cid=", "mc_eid=", "_ga=")
MAX_BODY = 2 * 1024 * 1024
ENTRY_FORMAT = 1


class Entry:
    """One cached page: its status, Django's headers, and the body as sent, gzipped and brotli-compressed,
    with the ready-made header lists for each encoding."""

    __slots__ = ("status", "headers", "bodies", "etag", "modified", "expires", "generation", "answers",
                 "not_modified")

    def __init__(self, status, headers, bodies, etag, modified, expires, generation, cache_control):
        self.status = status
        self.headers = headers
        self.bodies = bodies  # {"identity": b, "gzip": b, "br": b}
        self.etag = etag
        self.modified = modified
        self.expires = expires
        self.generation = generation
        vary = ("Vary", "Accept-Encoding, Accept-Language")
        common = [("ETag", etag), ("Last-Modified", http_date(modified)), ("Cache-Control", cache_control), vary]
        self.answers = {}
        for encoding, body in bodies.items():
            answer = [*headers, ("Content-Length", str(len(body))), *common]
            if encoding != "identity":
                answer.append(("Content-Encoding", encoding))
            self.answers[encoding] = [*answer, (HEADER, "hit")]  # the cache's verdict stays last
        self.not_modified = [*common, (HEADER, "hit")]

    @classmethod
    def build(cls, status, headers, body, generation, ttl, cache_control):
        bodies = {"identity": body}
        if len(body) > 512:
            bodies["gzip"] = gzip.compress(body, compresslevel=6, mtime=0)
            bodies["br"] = brotli.compress(body, quality=6)
        etag = 'W/"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        now = time.time()
        return cls(status, headers, bodies, etag, int(now), now + ttl, generation, cache_control)

    def dump(self, cache_control):
        return (ENTRY_FORMAT, self.status, self.headers, self.bodies, self.etag, self.modified, self.expires,
                self.generation, cache_control)

    @classmethod
    def load(cls, data):
        if not isinstance(data, tuple) or not data or data[0] != ENTRY_FORMAT:
            return None
        return cls(*data[1:])


class LocalPages:
    """This process's pages, least recently used first, bounded by the bytes of their bodies."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _weight(entry):
        return sum(len(body) for body in entry.bodies.values()) + 1024

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        weight = self._weight(entry)
        if weight > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= self._weight(old)
            self._entries[key] = entry
            self.size += weight
            while self.size > self.max_bytes:
                _key, evicted = self._entries.popitem(last=False)
                self.size -= self._weight(evicted)

    def clear(self):
        with self._lock:
            self._entries.clear()
            self.size = 0

    def __len__(self):
        return len(self._entries)


class _LanguageProbe:
    """Just enough of a request for Django's ``get_language_from_request``."""

    def __init__(self, cookie_language, accept_language):
        self.COOKIES = {settings.LANGUAGE_COOKIE_NAME: cookie_language} if cookie_language else {}
        self.META = {"HTTP_ACCEPT_LANGUAGE": accept_language}
        self.path_info = "/"


@lru_cache(maxsize=512)
def resolve_language(cookie_language, accept_language):
    """The language Django's LocaleMiddleware will pick: the key's language part, so that the thousands of
    different Accept-Language headers browsers send share a handful of cached copies."""
    return get_language_from_request(_LanguageProbe(cookie_language, accept_language))


@lru_cache(maxsize=256)
def choose_encoding(accept_encoding):
    """brotli, gzip or identity, from an Accept-Encoding header (q-values honoured, q=0 refuses)."""
    weights = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                weight = 0.0
        weights[name.strip()] = weight
    star = weights.get("*", 0.0)
    brotli_weight, gzip_weight = weights.get("br", star), weights.get("gzip", star)
    if brotli_weight > 0 and brotli_weight >= gzip_weight:
        return "br"
    if gzip_weight > 0:
        return "gzip"
    return "identity"


def cache_query(query_string):
    """The query string as part of the key, without the tracking parameters shares add (utm_*, fbclid):
    the page does not depend on them, and a story shared a thousand times stays one cached copy."""
    if not query_string:
        return ""
    return "&".join(p for p in query_string.split("&") if p and not p.startswith(_TRACKING_PARAMS))


def uncacheable_reason(status, headers):
    """Why Django's answer must not be stored, or None when it may be."""
    if not status.startswith("200"):
        return "status"
    content_type = ""
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie":
            return "set-cookie"
        if lowered == "content-type":
            content_type = value.lower()
        elif lowered == "cache-control":
            directives = value.lower()
            if any(word in directives for word in ("private", "no-cache", "no-store")):
                return "cache-control"
        elif lowered == "vary":
            tokens = {token.strip().lower() for token in value.split(",") if token.strip()}
            if not tokens <= _CACHEABLE_VARY:
                return "vary"
        elif lowered == "content-encoding":
            return "content-encoding"
    if not content_type.startswith("text/html"):
        return "content-type"
    return None


def _same_language(headers, language):
    """Django's LocaleMiddleware names the language it rendered in; the key must have guessed the same."""
    for name, value in headers:
        if name.lower() == "content-language":
            return value.strip().lower() == language.lower()
    return True


def _with_private_cache_control(headers):
    """An editor's page must never be stored by a proxy or CDN and handed to a reader."""
    headers = list(headers)
    if not any(name.lower() == "cache-control" for name, _ in headers):
        headers.append(("Cache-Control", "private, no-cache"))
    for index, (name, value) in enumerate(headers):
        if name.lower() == "vary":
            if "cookie" not in value.lower():
                headers[index] = (name, f"{value}, Cookie")
            break
    else:
        headers.append(("Vary", "Cookie"))
    return headers


class PageCacheApp:
    """WSGI middleware in front of Django that answers anonymous readers from the page cache."""

    def __init__(self, app):
        self.app = app
        self.enabled = settings.KHABAR_PAGE_CACHE
        self.ttl = int(settings.KHABAR_PAGE_CACHE_SECONDS)
        self.excluded = tuple(settings.KHABAR_PAGE_CACHE_EXCLUDE)
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="
        self.language_cookie = settings.LANGUAGE_COOKIE_NAME
        self.cache_control = settings.KHABAR_PAGE_CACHE_CONTROL
        self.settle = float(settings.KHABAR_REPLICA_LAG_SECONDS)
        self.shared = shared_cache_configured()
        self.proxy_ssl = settings.SECURE_PROXY_SSL_HEADER
        self.local = LocalPages(int(settings.KHABAR_PAGE_CACHE_LOCAL_MB) * 1024 * 1024)
        self._local_generation = None
        self._inflight = {}
        self._inflight_lock = threading.Lock()

    # --- the request side ---------------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if not self.enabled or (method != "GET" and method != "HEAD"):
            return self.app(environ, start_response)
        path = environ.get("PATH_INFO", "/")
        if path.startswith(self.excluded):
            return self.app(environ, start_response)
        cookies = environ.get("HTTP_COOKIE", "")
        if (cookies and self.session_cookie in cookies) or "HTTP_AUTHORIZATION" in environ:
            return self._private(environ, start_response)
        generation = get_clock().current()
        if generation is None:
            return self.app(environ, start_response)
        if generation != self._local_generation:
            self.local.clear()
            self._local_generation = generation
        key = self._key(environ, path, cookies, generation)
        entry = self._lookup(key, generation)
        if entry is not None:
            return self._answer(entry, environ, start_response)
        if method == "HEAD":
            return self._render(environ, start_response, key, generation, store=False)
        return self._render_once(environ, start_response, key, generation)

    def _key(self, environ, path, cookies, generation):
        scheme = environ.get("wsgi.url_scheme", "http")
        if self.proxy_ssl:
            header, value = self.proxy_ssl
            if environ.get(header, "").split(",")[0].strip() == value:
                scheme = "https"
        host = (environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}")
        language_cookie = ""
        if cookies and self.language_cookie in cookies:
            language_cookie = parse_cookie(cookies).get(self.language_cookie, "")  # lenient, like Django
        language = resolve_language(language_cookie, environ.get("HTTP_ACCEPT_LANGUAGE", ""))
        return (generation, scheme, host.lower(), path, cache_query(environ.get("QUERY_STRING", "")), language)

    def _shared_key(self, key):
        digest = hashlib.blake2b(repr(key[1:]).encode(), digest_size=16).hexdigest()
        return f"serving:page:{key[0]}:{digest}"

    def _lookup(self, key, generation):
        entry = self.local.get(key)
        now = time.time()
        if entry is not None and entry.expires > now:
            return entry
        if not self.shared:
            return None
        try:
            entry = Entry.load(cache.get(self._shared_key(key)))
        except Exception:
            logger.exception("page cache: shared cache unreadable")
            return None
        if entry is None or entry.expires <= now or entry.generation != generation:
            return None
        self.local.put(key, entry)
        return entry

    def _answer(self, entry, environ, start_response, verdict="hit"):
        if self._not_modified(entry, environ):
            start_response("304 Not Modified", entry.not_modified)
            return [b""]
        encoding = choose_encoding(environ.get("HTTP_ACCEPT_ENCODING", "")) if len(entry.bodies) > 1 else "identity"
        headers = entry.answers[encoding]
        if verdict != "hit":
            headers = [*headers[:-1], (HEADER, verdict)]
        start_response(entry.status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return [b""]
        return [entry.bodies[encoding]]

    @staticmethod
    def _not_modified(entry, environ):
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or entry.etag.removeprefix("W/") in tags
        if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if if_modified_since:
            since = parse_http_date_safe(if_modified_since)
            return since is not None and entry.modified <= since
        return False

    # --- the response side --------------------------------------------------------------------------------
    def _private(self, environ, start_response):
        def private_start_response(status, headers, exc_info=None):
            return start_response(status, _with_private_cache_control(headers), exc_info)

        return self.app(environ, private_start_response)

    def _render_once(self, environ, start_response, key, generation):
        """Render a missing page; readers asking for the same page meanwhile wait for that one rendering
        instead of each rendering it (after every publish, the home page is wanted by everyone at once)."""
        with self._inflight_lock:
            done = self._inflight.get(key)
            leader = done is None
            if leader:
                done = self._inflight[key] = threading.Event()
        if not leader:
            done.wait(timeout=10)
            entry = self._lookup(key, generation)
            if entry is not None:
                return self._answer(entry, environ, start_response)
            return self._render(environ, start_response, key, generation)
        try:
            return self._render(environ, start_response, key, generation)
        finally:
            with self._inflight_lock:
                self._inflight.pop(key, None)
            done.set()

    def _render(self, environ, start_response, key, generation, store=True):
        state = {}
        chunks = []

        def capturing_start_response(status, headers, exc_info=None):
            reason = uncacheable_reason(status, headers) if store else "head"
            if reason is None and not _same_language(headers, key[-1]):
                reason = "content-language"
            if reason is not None:
                state["passed"] = True
                return start_response(status, [*headers, (HEADER, "bypass")], exc_info)
            state["status"], state["headers"] = status, headers
            return chunks.append

        result = self.app(environ, capturing_start_response)
        if state.get("passed"):
            return result
        try:
            chunks.extend(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if "status" not in state:  # the application never answered: let the server report it
            raise RuntimeError("the WSGI application returned without calling start_response")
        body = b"".join(chunks)
        headers = [(name, value) for name, value in state["headers"] if name.lower() not in _OWN_HEADERS]
        if len(body) > MAX_BODY:
            start_response(state["status"], [*state["headers"], (HEADER, "bypass")])
            return [body]
        ttl = self.ttl
        if self.settle and time.monotonic() - get_clock().changed_at < self.settle:
            ttl = 1  # read replicas may not have the change yet: keep this copy only briefly
        entry = Entry.build(state["status"], headers, body, generation, ttl, self.cache_control)
        self._store(key, entry, ttl)
        return self._answer(entry, environ, start_response, verdict="miss")

    def _store(self, key, entry, ttl):
        self.local.put(key, entry)
        if self.shared:
            try:
                cache.set(self._shared_key(key), entry.dump(self.cache_control), timeout=ttl)
            except Exception:
                logger.exception("page cache: shared cache unwritable")
