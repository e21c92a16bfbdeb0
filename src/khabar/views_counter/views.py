"""The beacon endpoint and the most-read JSON.

``POST /api/views/<public id>/`` records one view and answers the new count; ``GET`` answers the count. The
article page itself is cacheable HTML: it carries the server-rendered count, and the beacon script (deferred)
records the view and writes the fresh count into ``[data-views-for]``. The endpoint is CSRF-exempt (a public
counter has no session to protect, and a page served from cache carries no token), so it defends itself:
cross-site requests are refused, each visitor and each address is rate-limited, bots are not counted, and a
repeat view within 30 minutes is not counted. It never reads the request body or query string.
"""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from khabar.arabic.numbers import views_phrase
from khabar.news.models import ArticlePage

from . import ranking, reply, visitors


def _error(status, code, message, **headers):
    return _response(reply.error(status, code, message, **headers))


def _response(answer):
    response = JsonResponse(answer.body, status=answer.status)
    for name, value in answer.headers.items():
        response[name] = value
    if answer.visitor is not None:
        visitors.give_cookie(response, answer.visitor)
    return response


def visible_article_pk(public_id):
    """The article's primary key if a reader may see it now (not a draft, embargoed or expired)."""
    if not (public_id.isascii() and public_id.isdigit() and len(public_id) <= 12):
        return None
    # No ordering (a page queryset sorts by tree path by default).
    found = ArticlePage.objects.visible().filter(public_id=int(public_id)).order_by().values_list("pk", flat=True)
    return next(iter(found[:1]), None)


@csrf_exempt
@never_cache
def beacon(request, public_id):
    """The beacon as Django answers it. On the ``redis`` backend the production entry point answers most
    beacons before Django (``fastpath.py``) and sends here only what it leaves to Django."""
    if request.method not in reply.ALLOWED:
        return _response(reply.not_allowed())
    article_pk = visible_article_pk(public_id)
    if article_pk is None:
        return _response(reply.not_found())
    return _response(reply.respond(request.META, public_id, article_pk))


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
