"""The view beacon answered before Django: a WSGI layer that ``khabar.serving.wsgi`` puts outermost.

Every article page sends a beacon, so it is the busiest URL a news site has that cannot be cached. Through
Django it pays for the middleware, URL resolving and an ORM query per request before the counting even
starts; here it costs the Redis script (``backends/redis.py``: rate limits, de-duplication and the count in
one round trip) and a few microseconds of Python. It answers only what it is sure to answer exactly as
Django would, and hands everything else to Django untouched:

- only on the ``redis`` backend (the ``db`` backend writes to the database anyway, so Django's overhead is
  not what limits it), and only for ``GET``, ``HEAD`` and ``POST`` of ``/api/views/<id>/``;
- only for a host Django accepts (``ALLOWED_HOSTS``), and not when Django would redirect to HTTPS first;
- only for an article readers may see now (``visibility.py``: no query per beacon); an unknown, draft,
  embargoed or expired id gets Django's 404, and another method Django's 405.

The reply itself comes from ``reply.py``, which the Django view uses too, and it carries the headers Django's
stack adds to it (``never_cache``, SecurityMiddleware, XFrameOptionsMiddleware, LocaleMiddleware,
CommonMiddleware's Content-Length); ``tests/views_counter/test_fastpath.py`` compares the two.
"""

import io
import json
import logging
import time
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBase, parse_cookie
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date

from khabar.serving.pagecache import resolve_language

from . import reply, visitors
from .visibility import VisibleArticles

PREFIX = "/api/views/"
request_logger = logging.getLogger("django.request")


def _never_cache_control():
    """The Cache-Control that ``never_cache`` gives the view's responses, asked of Django itself."""
    response = HttpResponse()
    add_never_cache_headers(response)
    return response["Cache-Control"]


def _security_headers():
    """What SecurityMiddleware and XFrameOptionsMiddleware add to any response (HSTS is added per request)."""
    headers = [("X-Frame-Options", getattr(settings, "X_FRAME_OPTIONS", "DENY").upper())]
    trailing = []
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        trailing.append(("X-Content-Type-Options", "nosniff"))
    policy = settings.SECURE_REFERRER_POLICY
    if policy:
        values = policy.split(",") if isinstance(policy, str) else policy
        trailing.append(("Referrer-Policy", ",".join(value.strip() for value in values)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        trailing.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    return headers, trailing


def _hsts():
    if not settings.SECURE_HSTS_SECONDS:
        return None
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


class _Hosts:
    """Whether Django accepts a request's host, and whether the request is secure, remembered per distinct
    set of the headers that decide it (a site has a handful), and decided by Django's own request code."""

    FIELDS = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme")

    def __init__(self):
        proxy = settings.SECURE_PROXY_SSL_HEADER
        self.fields = (*self.FIELDS, proxy[0]) if proxy else self.FIELDS
        self.known = {}

    def check(self, environ):
        """(host allowed, secure)."""
        key = tuple(environ.get(name) for name in self.fields)
        verdict = self.known.get(key)
        if verdict is None:
            request = WSGIRequest({name: value for name, value in zip(self.fields, key, strict=True)
                                   if value is not None}
                                  | {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "wsgi.input": io.BytesIO()})
            try:
                request.get_host()
                allowed = True
            except (DisallowedHost, KeyError):  # Django answers these requests itself (400, or its error page)
                allowed = False
            verdict = (allowed, request.is_secure())
            if len(self.known) > 1000:  # a client inventing host names must not grow this without bound
                self.known = {}
            self.known[key] = verdict
        return verdict


class BeaconFastPath:
    """WSGI middleware: answers the view beacon of visible articles, passes everything else to ``app``."""

    def __init__(self, app):
        self.app = app
        self.enabled = (settings.KHABAR_VIEWS_BACKEND == "redis" and not settings.PREPEND_WWW
                        and not settings.DISALLOWED_USER_AGENTS)
        self.ssl_redirect = settings.SECURE_SSL_REDIRECT
        self.language_cookie = settings.LANGUAGE_COOKIE_NAME
        self.cache_control = _never_cache_control()
        self.frame_headers, self.security_headers = _security_headers()
        self.hsts = _hsts()
        self.hosts = _Hosts()
        self.articles = VisibleArticles()
        self._expires = (0, "")

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not self.enabled or not path.startswith(PREFIX) or not path.endswith("/"):
            return self.app(environ, start_response)
        public_id = path[len(PREFIX):-1]
        if (not public_id or "/" in public_id or environ.get("REQUEST_METHOD", "").upper() not in reply.ALLOWED):
            return self.app(environ, start_response)
        allowed, secure = self.hosts.check(environ)
        if not allowed or (self.ssl_redirect and not secure):
            return self.app(environ, start_response)
        try:
            article_pk = self.articles.pk(public_id)
            answer = None if article_pk is None else reply.respond(environ, public_id, article_pk)
        except DatabaseError:
            # Nothing was counted yet (the one query after the count, the counter's, becomes its 503), so
            # Django may take the request from the start; it meets the same error and answers it its way.
            answer = None
        finally:
            # A beacon rarely needs the database (a story this process has not seen yet, the day's salt).
            # When it held a connection, Django's end of a request closes it if it is broken or past
            # CONN_MAX_AGE (a test client turns that off to keep its transaction); otherwise there is
            # nothing for those signal handlers to do, and they would cost more than the rest of the beacon.
            if connection.connection is not None:
                request_finished.send(sender=self.__class__)
        if answer is None:
            return self.app(environ, start_response)
        return self._send(answer, environ, path, secure, start_response)

    def _send(self, answer, environ, path, secure, start_response):
        body = json.dumps(answer.body).encode()
        status = HTTPStatus(answer.status)
        cookies = environ.get("HTTP_COOKIE", "")
        language_cookie = parse_cookie(cookies).get(self.language_cookie, "") if self.language_cookie in cookies else ""
        headers = [
            ("Content-Type", "application/json"),
            *answer.headers.items(),
            ("Expires", self._now()),
            ("Cache-Control", self.cache_control),
            *self.frame_headers,
            ("Content-Length", str(len(body))),
            ("Vary", "Accept-Language"),
            ("Content-Language", resolve_language(language_cookie, environ.get("HTTP_ACCEPT_LANGUAGE", ""))),
            *self.security_headers,
        ]
        if secure and self.hsts:
            headers.append(("Strict-Transport-Security", self.hsts))
        if answer.visitor is not None and answer.visitor.new_cookie:
            headers += [("Set-Cookie", cookie.output(header=""))
                        for cookie in visitors.give_cookie(HttpResponseBase(), answer.visitor).cookies.values()]
        if status >= 400:  # Django logs every refused request the same way
            log = request_logger.error if status >= 500 else request_logger.warning
            log("%s: %s", status.phrase, path, extra={"status_code": int(status)})
        start_response(f"{status.value} {status.phrase}", headers)
        return [body]

    def _now(self):
        """``never_cache``'s Expires (now), formatted once a second."""
        second = int(time.time())
        cached_second, value = self._expires
        if second != cached_second:
            value = http_date(second)
            self._expires = (second, value)
        return value
