"""The beacon as the production server answers it (``khabar.serving.wsgi``), where the fast path in front of
Django answers most of it on the redis backend: the same answers as Django's, to the header, without a
database query, and publishing or unpublishing a story is respected at once in this process."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from khabar.news.models import ArticlePage
from khabar.views_counter.backends import get_counter
from tests.factories import make_article
from tests.transactions import committed

from .conftest import GOOGLEBOT_UA, new_visitor_id
from .wsgi_client import Site

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def server(redis_backend):
    return Site()


def django_answer(method, path, address="198.51.100.7", cookie=None, **extra):
    """The same request through Django alone (the test client starts after the fast path)."""
    from .conftest import BROWSER_UA

    client = Client(HTTP_USER_AGENT=BROWSER_UA, REMOTE_ADDR=address)
    if cookie:
        client.cookies["khabar_vid"] = cookie
    return getattr(client, method.lower())(path, **extra)


def comparable(headers, cookies=()):
    """Header names and values, with what differs between two requests by nature (the moment, a new random
    cookie id) blanked out."""
    result = {}
    for name, value in headers:
        if name == "Expires":
            value = "<now>"
        elif name == "Set-Cookie":
            value = "<id>;" + value.strip().split(";", 1)[1].split("Max-Age", 1)[1]
        result[name] = value
    for morsel in cookies:
        result["Set-Cookie"] = "<id>;" + morsel.OutputString().split(";", 1)[1].split("Max-Age", 1)[1]
    return result


def assert_same_as_django(fast, slow):
    assert fast.status == slow.status_code
    assert comparable(fast.headers) == comparable(slow.items(), slow.cookies.values())


def test_a_view_counts_and_answers_without_asking_the_database(server, article, django_assert_num_queries):
    first = server.view(article, cookie=new_visitor_id())
    assert first.status == 200
    assert first.json() == {"id": article.public_id, "views": 287, "label": "287 مشاهدة", "counted": True}
    # Once the article is known to this process, a beacon is Redis alone.
    with django_assert_num_queries(0):
        answers = [server.view(article, cookie=new_visitor_id()).json() for _ in range(5)]
        assert server.count(article) == 292
    assert [a["views"] for a in answers] == [288, 289, 290, 291, 292]


def test_every_answer_carries_the_headers_django_gives_it(server, article, site, settings):
    path = f"/api/views/{article.public_id}/"
    for method in ("GET", "HEAD"):
        assert_same_as_django(server.request(method, path), django_answer(method, path))
    assert server.request("GET", path).body == django_answer("GET", path).content

    # A new reader (no cookie) is given one, with the same attributes.
    fast = server.request("POST", path, address="203.0.113.1")
    slow = django_answer("POST", path, address="203.0.113.2")
    assert_same_as_django(fast, slow)
    assert fast.json()["counted"] is True and slow.json()["counted"] is True
    assert fast.header("Content-Type") == "application/json"
    assert "no-store" in fast.header("Cache-Control") and fast.header("X-Content-Type-Options") == "nosniff"

    # Refusals: another site, too many requests, a counter that does not answer.
    cross = {"HTTP_SEC_FETCH_SITE": "cross-site"}
    assert_same_as_django(server.request("POST", path, **cross), django_answer("POST", path, **cross))
    settings.KHABAR_VIEWS_RATE_PER_VISITOR = 0
    limited = server.view(article, cookie=new_visitor_id())
    assert limited.status == 429 and limited.json()["error"] == "rate_limited"
    assert_same_as_django(limited, django_answer("POST", path, cookie=new_visitor_id()))
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # the counter's Redis (the cache keeps its own) is gone
    down = server.view(article, cookie=new_visitor_id())
    assert down.status == 503 and down.json()["error"] == "unavailable" and down.header("Retry-After") == "30"
    assert_same_as_django(down, django_answer("POST", path, cookie=new_visitor_id()))


def test_headers_follow_the_language_and_https_as_djangos_do(server, article, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    server = Site()
    path = f"/api/views/{article.public_id}/"
    secure = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.8"}
    fast = server.request("GET", path, **secure)
    assert fast.header("Strict-Transport-Security") == "max-age=3600; includeSubDomains"
    assert fast.header("Content-Language") == "en"
    assert_same_as_django(fast, django_answer("GET", path, secure=True, **secure))


def test_unknown_draft_embargoed_and_expired_ids_answer_json_404(server, hidden_articles):
    for public_id in ["999999999", *(str(story.public_id) for story in hidden_articles), "abc", "9" * 40]:
        for method in ("GET", "POST"):
            answer = server.request(method, f"/api/views/{public_id}/", cookie=new_visitor_id())
            assert answer.status == 404, public_id
            assert answer.json()["error"] == "not_found"
            assert answer.header("Content-Type") == "application/json"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "OPTIONS"])
def test_other_methods_answer_json_405(server, article, method):
    answer = server.request(method, f"/api/views/{article.public_id}/")
    assert answer.status == 405 and answer.header("Allow") == "GET, HEAD, POST"
    assert server.count(article) == 286


def test_a_path_without_its_slash_or_with_more_is_left_to_django(server, article):
    assert server.request("GET", f"/api/views/{article.public_id}").status == 301
    assert server.request("GET", f"/api/views/{article.public_id}/x/").status == 404


def test_an_unpublished_story_stops_counting_and_a_published_one_starts(server, article, site):
    assert server.view(article, cookie=new_visitor_id()).json()["views"] == 287
    with committed():
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert server.view(article, cookie=new_visitor_id()).status == 404
    assert server.request("GET", f"/api/views/{article.public_id}/").status == 404

    draft = make_article(site.sections["syria"], title="خبر ينشر لاحقا", publish=False)
    assert server.view(draft, cookie=new_visitor_id()).status == 404
    with committed():
        ArticlePage.objects.get(pk=draft.pk).save_revision().publish()
    assert server.view(draft, cookie=new_visitor_id()).json()["views"] == 1


def test_a_story_stops_counting_the_moment_it_expires(server, site):
    expires = timezone.now() + timedelta(hours=1)
    story = make_article(site.sections["syria"], title="خبر مؤقت", expire_at=expires)
    assert server.view(story, cookie=new_visitor_id()).status == 200
    with time_machine.travel(expires + timedelta(seconds=1), tick=False):
        assert server.view(story, cookie=new_visitor_id()).status == 404


def test_repeat_views_crawlers_and_cookieless_readers(server, article):
    reader = new_visitor_id()
    assert [server.view(article, cookie=reader).json()["counted"] for _ in range(5)] == [True] + [False] * 4
    bot = server.view(article, user_agent=GOOGLEBOT_UA, cookie=new_visitor_id())
    assert bot.status == 200 and bot.json()["counted"] is False and bot.header("Set-Cookie") is None
    first = server.view(article, address="203.0.113.9")
    assert first.json()["counted"] is True
    cookie = first.header("Set-Cookie").strip().split(";")[0].split("=")[1]
    assert server.view(article, address="203.0.113.9", cookie=cookie).json()["counted"] is False
    assert server.view(article, address="203.0.113.9").json()["counted"] is False
    assert server.count(article) == 288


def test_rate_limits_per_visitor_and_per_address(server, article, settings):
    settings.KHABAR_VIEWS_RATE_PER_VISITOR = 3
    settings.KHABAR_VIEWS_RATE_PER_ADDRESS = 5
    with time_machine.travel(timezone.now().replace(second=10), tick=False):
        reader = new_visitor_id()
        assert [server.view(article, cookie=reader).status for _ in range(4)] == [200, 200, 200, 429]
        assert server.view(article, cookie=reader).header("Retry-After") == "50"
        others = [server.view(article, cookie=new_visitor_id()).status for _ in range(3)]
        assert others == [200, 200, 429]  # the address's 5: three of the first reader's, two of these
        assert server.view(article, address="192.0.2.99", cookie=new_visitor_id()).status == 200
    assert server.count(article) == 286 + 4


def test_counts_stay_exact_across_flushes_even_when_redis_forgets_its_copy_of_the_stored_total(
        server, article, monkeypatch):
    counter = get_counter()
    for _ in range(5):
        server.view(article, cookie=new_visitor_id())

    class Crash(BaseException):
        pass

    def crash(self, batch):
        raise Crash

    # A flush that wrote the batch to the database and died before taking it out of Redis…
    monkeypatch.setattr(type(counter), "release_batch", crash)
    with pytest.raises(Crash):
        counter.flush()
    monkeypatch.undo()
    assert server.count(article) == 291
    # …and Redis's copy of the stored totals gone (expired, or Redis restarted without it) at that moment.
    counter.client.delete(counter.stored_key)
    assert server.count(article) == 291
    assert server.view(article, cookie=new_visitor_id()).json()["views"] == 292
    assert counter.flush() == 1  # the stranded batch is recognised, the new view moved
    assert server.count(article) == 292
    assert server.view(article, cookie=new_visitor_id()).json()["views"] == 293
    counter.flush()
    counter.client.delete(counter.stored_key)
    assert server.count(article) == 293
