"""The beacon endpoint and the most-read JSON.

``POST /api/views/<public id>/`` records one view and answers the new count; ``GET`` answers the count. The
article page itself is cacheable HTML: it carries the server-rendered count, and the beacon script (deferred)
records the view and writes the fresh count into ``[data-views-for]``. The endpoint is CSRF-exempt (a public
counter has no session to protect, and a page served from cache carries no token), so it defends itself:
cross-site requests are refused, each visitor and each address is rate-limited, bots are not counted, and a
repeat view within 30 minutes is not counted. It never reads the request body or query string.
"""

import logging

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from khabar.arabic.numbers import views_phrase
from khabar.news.models import ArticlePage

from . import ranking, ratelimit, visitors
from .backends import CounterUnavailable, get_counter

ALLOWED = ("GET", "HEAD", "POST")
logger = logging.getLogger("khabar.views_counter")


def _error(status, code, message, **headers):
    response = JsonResponse({"error": code, "message": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _visible_article_pk(public_id):
    """The article's primary key if a reader may see it now (not a draft, embargoed or expired)."""
    if not (public_id.isascii() and public_id.isdigit() and len(public_id) <= 12):
        return None
    # No ordering (a page queryset sorts by tree path by default): this runs on every beacon.
    found = ArticlePage.objects.visible().filter(public_id=int(public_id)).order_by().values_list("pk", flat=True)
    return next(iter(found[:1]), None)


def _count_body(public_id, views, **extra):
    return {"id": int(public_id), "views": views, "label": views_phrase(views, settings.KHABAR_DIGITS), **extra}


@csrf_exempt
@never_cache
def beacon(request, public_id):
    if request.method not in ALLOWED:
        return _error(405, "method_not_allowed", "يقبل هذا العنوان GET وPOST فقط", Allow=", ".join(ALLOWED))
    article_pk = _visible_article_pk(public_id)
    if article_pk is None:
        return _error(404, "not_found", "لا يوجد خبر منشور بهذا الرقم")
    try:
        return _answer(request, public_id, article_pk, get_counter())
    except CounterUnavailable:
        logger.exception("views counter unavailable")
        return _error(503, "unavailable", "العداد غير متاح الآن، حاول بعد قليل", Retry_After="30")


def _answer(request, public_id, article_pk, counter):
    if request.method != "POST":
        return JsonResponse(_count_body(public_id, counter.total(article_pk)))

    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return _error(403, "cross_site", "لا تُحتسب المشاهدات من مواقع أخرى")
    visitor = visitors.identify(request)
    if visitor.is_bot:  # answered, never counted (and not rate-limited: there is nothing for it to inflate)
        return JsonResponse(_count_body(public_id, counter.total(article_pk), counted=False))
    wait = ratelimit.retry_after(visitor)
    if wait is not None:
        return _error(429, "rate_limited", "طلبات كثيرة، حاول بعد قليل", Retry_After=str(wait))
    counted, views = counter.record(article_pk, visitor.keys)
    return visitors.give_cookie(JsonResponse(_count_body(public_id, views, counted=counted)), visitor)


@never_cache
def most_read(request):
    """``GET /api/most-read/?window=24h|7d|all&limit=N`` (limit 1-50, default 5)."""
    if request.method not in ("GET", "HEAD"):
        return _error(405, "method_not_allowed", "يقبل هذا العنوان GET فقط", Allow="GET, HEAD")
    window = request.GET.get("window", "24h")
    if window not in ranking.WINDOWS:
        return _error(400, "bad_window", f"النافذة غير معروفة؛ المتاح: {'، '.join(ranking.WINDOWS)}")
    raw_limit = request.GET.get("limit", str(ranking.DEFAULT_LIMIT))
    limit = int(raw_limit) if raw_limit.isascii() and raw_limit.isdigit() and len(raw_limit) <= 3 else 0
    if not 1 <= limit <= ranking.MAX_LIMIT:
        return _error(400, "bad_limit", f"الحد عدد بين 1 و{ranking.MAX_LIMIT}")
    items = ranking.most_read(window, limit)
    return JsonResponse({
        "window": window,
        "label": ranking.WINDOWS[window]["label"],
        "items": [{**item, "label": views_phrase(item["views"], settings.KHABAR_DIGITS)} for item in items],
    })
