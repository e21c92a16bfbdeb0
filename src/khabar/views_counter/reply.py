"""What the beacon answers for a visible article, decided once for its two doors: the Django view
(``views.beacon``) and the WSGI fast path in front of Django (``fastpath.BeaconFastPath``).

It reads only what both doors have in the same form: the request's ``META``, which before Django is the WSGI
environ itself (method, headers as ``HTTP_*``, ``REMOTE_ADDR``, the cookie header). Each door checks the
method and the article's visibility its own way, then turns the ``Reply`` into its response.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings

from khabar.arabic.numbers import views_phrase

from . import visitors
from .backends import CounterUnavailable, get_counter

ALLOWED = ("GET", "HEAD", "POST")
logger = logging.getLogger("khabar.views_counter")


@dataclass
class Reply:
    status: int
    body: dict
    headers: dict = field(default_factory=dict)
    visitor: visitors.Visitor | None = None  # the reader to give a cookie, when it came without one


def error(status, code, message, **headers):
    return Reply(status, {"error": code, "message": message}, {name.replace("_", "-"): value
                                                                for name, value in headers.items()})


def not_allowed():
    return error(405, "method_not_allowed", "يقبل هذا العنوان GET وPOST فقط", Allow=", ".join(ALLOWED))


def not_found():
    return error(404, "not_found", "لا يوجد خبر منشور بهذا الرقم")


def count_body(public_id, views, **extra):
    return {"id": int(public_id), "views": views, "label": views_phrase(views, settings.KHABAR_DIGITS), **extra}


def respond(meta, public_id, article_pk):
    """The reply to a GET, HEAD or POST of the beacon of the visible article ``article_pk``."""
    try:
        return _respond(meta, public_id, article_pk, get_counter())
    except CounterUnavailable:
        logger.exception("views counter unavailable")
        return error(503, "unavailable", "العداد غير متاح الآن، حاول بعد قليل", Retry_After="30")


def _respond(meta, public_id, article_pk, counter):
    if meta.get("REQUEST_METHOD", "").upper() != "POST":
        return Reply(200, count_body(public_id, counter.total(article_pk)))
    if meta.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        return error(403, "cross_site", "لا تُحتسب المشاهدات من مواقع أخرى")
    visitor = visitors.identify(meta)
    if visitor.is_bot:  # answered, never counted (and not rate-limited: there is nothing for it to inflate)
        return Reply(200, count_body(public_id, counter.total(article_pk), counted=False))
    outcome = counter.view(article_pk, visitor)
    if outcome.retry_after is not None:
        return error(429, "rate_limited", "طلبات كثيرة، حاول بعد قليل", Retry_After=str(outcome.retry_after))
    return Reply(200, count_body(public_id, outcome.views, counted=outcome.counted), visitor=visitor)
