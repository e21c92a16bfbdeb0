"""The beacon endpoint as a browser, a crawler and an abuser meet it (the ``db`` backend, in-process)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from khabar.news.models import ArticleViewCount
from khabar.views_counter import visitors
from khabar.views_counter.models import DailySalt, SeenMark, ViewBucket
from tests.factories import make_article

from .conftest import BROWSER_UA, GOOGLEBOT_UA, new_visitor_id

pytestmark = pytest.mark.django_db


def stored(article):
    return ArticleViewCount.objects.get(article=article).views


def test_a_view_adds_one_to_the_imported_count_and_answers_the_new_count(reader, article):
    response = reader(cookie=new_visitor_id()).view(article)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"id": article.public_id, "views": 287, "label": "287 مشاهدة", "counted": True}
    assert stored(article) == 287
    # The hour's bucket got the view too (the imported 286 were never in a bucket).
    assert list(ViewBucket.objects.filter(article=article).values_list("views", flat=True)) == [1]


def test_get_answers_the_count_without_counting(reader, article):
    response = Client().get(f"/api/views/{article.public_id}/")
    assert response.status_code == 200
    assert response.json() == {"id": article.public_id, "views": 286, "label": "286 مشاهدة"}
    assert stored(article) == 286
    assert "no-store" in response["Cache-Control"]


def test_the_same_visitor_twenty_times_in_a_row_adds_one(reader, article):
    visitor = reader(cookie=new_visitor_id())
    answers = [visitor.view(article).json() for _ in range(20)]
    assert [a["counted"] for a in answers] == [True] + [False] * 19
    assert {a["views"] for a in answers[1:]} == {287}
    assert stored(article) == 287


def test_a_visitor_counts_again_after_thirty_minutes(reader, article):
    visitor = reader(cookie=new_visitor_id())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert visitor.view(article).json()["counted"] is True
    with time_machine.travel(start + timedelta(minutes=29, seconds=59), tick=False):
        assert visitor.view(article).json()["counted"] is False
    with time_machine.travel(start + timedelta(minutes=30, seconds=1), tick=False):
        assert visitor.view(article).json()["counted"] is True
    assert stored(article) == 288


def test_distinct_visitors_each_count_and_the_label_agrees_in_arabic(reader, site):
    fresh = make_article(site.sections["economy"], title="خبر بلا مشاهدات")
    labels = [reader(cookie=new_visitor_id()).view(fresh).json()["label"] for _ in range(3)]
    assert labels == ["مشاهدة واحدة", "مشاهدتان", "3 مشاهدات"]


def test_a_cookieless_visitor_is_known_by_address_and_user_agent_and_given_a_cookie(reader, article):
    first = reader(address="203.0.113.9").view(article)
    assert first.json()["counted"] is True
    cookie = first.cookies[visitors.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and len(cookie.value) == 22
    # The same browser again, now with its cookie: not a new visitor.
    again = reader(address="203.0.113.9", cookie=cookie.value).view(article)
    assert again.json()["counted"] is False
    # The same browser with cookies blocked: still known by address and user agent.
    assert reader(address="203.0.113.9").view(article).json()["counted"] is False
    # Another browser behind the same address is another visitor.
    other = reader(address="203.0.113.9", user_agent=BROWSER_UA.replace("Android 14", "Android 13"))
    assert other.view(article).json()["counted"] is True
    assert stored(article) == 288


@pytest.mark.parametrize("user_agent", [
    GOOGLEBOT_UA,
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
])
def test_known_crawlers_and_scripts_add_nothing(reader, article, user_agent):
    response = reader(user_agent=user_agent, cookie=new_visitor_id()).view(article)
    assert response.status_code == 200
    assert response.json()["counted"] is False and response.json()["views"] == 286
    assert visitors.COOKIE_NAME not in response.cookies
    assert stored(article) == 286


@pytest.mark.parametrize("method", ["get", "post"])
def test_unknown_draft_embargoed_and_expired_ids_answer_json_404(hidden_articles, method):
    client = Client(HTTP_USER_AGENT=BROWSER_UA)
    for public_id in ["999999999", *(str(story.public_id) for story in hidden_articles),
                      "abc", "١٢٣٤٥٦٧٨٩", "9" * 40]:
        response = getattr(client, method)(f"/api/views/{public_id}/")
        assert response.status_code == 404, public_id
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "not_found"
    assert not ArticleViewCount.objects.filter(article__in=hidden_articles).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_other_methods_answer_json_405(article, method):
    response = getattr(Client(), method)(f"/api/views/{article.public_id}/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert response.json()["error"] == "method_not_allowed"
    assert stored(article) == 286


def test_a_body_or_query_string_is_ignored(reader, article):
    visitor = reader(cookie=new_visitor_id())
    response = visitor.client.post(
        f"/api/views/{article.public_id}/?views=100000&id=1", data=b'{"views": 100000, "id": 1}',
        content_type="application/json",
    )
    assert response.json() == {"id": article.public_id, "views": 287, "label": "287 مشاهدة", "counted": True}
    junk = visitor.client.post(f"/api/views/{article.public_id}/", data=b"\xff\xfe not json at all",
                               content_type="application/octet-stream")
    assert junk.status_code == 200 and junk.json()["views"] == 287


def test_the_beacon_works_without_a_csrf_token(article):
    client = Client(enforce_csrf_checks=True, HTTP_USER_AGENT=BROWSER_UA)
    response = client.post(f"/api/views/{article.public_id}/")
    assert response.status_code == 200 and response.json()["counted"] is True


def test_cross_site_requests_are_refused(reader, article):
    response = reader(cookie=new_visitor_id()).view(article, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert stored(article) == 286
    same_origin = reader(cookie=new_visitor_id()).view(article, HTTP_SEC_FETCH_SITE="same-origin")
    assert same_origin.json()["counted"] is True


def test_requests_are_rate_limited_per_visitor(reader, article, settings):
    settings.KHABAR_VIEWS_RATE_PER_VISITOR = 5
    visitor = reader(cookie=new_visitor_id())
    minute = timezone.now().replace(second=10)
    with time_machine.travel(minute, tick=False):  # all within one window, however slow the machine
        statuses = [visitor.view(article).status_code for _ in range(7)]
        assert statuses == [200] * 5 + [429] * 2
        limited = visitor.view(article)
        assert limited.json()["error"] == "rate_limited" and int(limited["Retry-After"]) == 50
        # Another reader is not held back…
        assert reader(cookie=new_visitor_id()).view(article).status_code == 200
    with time_machine.travel(minute + timedelta(minutes=1), tick=False):  # …and this one may come back
        assert visitor.view(article).status_code == 200


def test_requests_are_rate_limited_per_address_whatever_the_cookie(reader, article, settings):
    settings.KHABAR_VIEWS_RATE_PER_ADDRESS = 3
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        statuses = [reader(address="192.0.2.50", cookie=new_visitor_id()).view(article).status_code
                    for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert stored(article) == 289
    assert reader(address="192.0.2.51", cookie=new_visitor_id()).view(article).status_code == 200


def test_no_raw_address_or_user_agent_is_stored(reader, article):
    address = "203.0.113.77"
    reader(address=address).view(article)
    reader(address=address, cookie=new_visitor_id()).view(article)
    stored_text = []
    with connection.cursor() as cursor:
        for model in (SeenMark, DailySalt, ViewBucket, ArticleViewCount):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            stored_text += [str(value) for row in cursor.fetchall() for value in row]
    assert stored_text and not any(address in value or "Android" in value for value in stored_text)
    if isinstance(getattr(cache, "_cache", None), dict):  # the in-process cache (pass 1): its rate-limit keys
        assert cache._cache and not any(address in key for key in cache._cache)


def test_the_salt_rotates_daily_and_old_salts_are_deleted(reader, site):
    first = make_article(site.sections["syria"], title="خبر أول")
    day_one = timezone.now().replace(hour=10)
    with time_machine.travel(day_one, tick=False):
        reader(address="203.0.113.5").view(first)
        key_one = SeenMark.objects.get(visitor__startswith="h").visitor
    for days in (1, 2):
        with time_machine.travel(day_one + timedelta(days=days), tick=False):
            reader(address="203.0.113.5").view(first)
    keys = set(SeenMark.objects.filter(visitor__startswith="h").values_list("visitor", flat=True))
    assert len(keys) == 3 and key_one in keys  # the same browser, three unlinkable ids
    salt_days = sorted(DailySalt.objects.values_list("day", flat=True))
    assert salt_days == [(day_one + timedelta(days=1)).date(), (day_one + timedelta(days=2)).date()]


def test_a_counter_store_that_does_not_answer_is_a_json_503_not_a_500(reader, article, settings):
    settings.KHABAR_VIEWS_BACKEND = "redis"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    for response in (reader(cookie=new_visitor_id()).view(article), Client().get(f"/api/views/{article.public_id}/")):
        assert response.status_code == 503
        assert response.json()["error"] == "unavailable" and response["Retry-After"] == "30"
    assert stored(article) == 286


def test_the_production_entry_point_counts_on_the_db_backend_too(article):
    """On the db backend the fast path in front of Django steps aside: Django answers, as above."""
    from .wsgi_client import Site

    server = Site()
    reader_id = new_visitor_id()
    answers = [server.view(article, cookie=reader_id) for _ in range(2)]
    assert [a.status for a in answers] == [200, 200]
    assert [a.json()["counted"] for a in answers] == [True, False]
    assert server.count(article) == 287 and stored(article) == 287
    assert server.request("GET", "/api/views/999999999/").status == 404
