"""The JSON API as a client uses it: filters, ordering, pagination, one article, lists, errors, CORS, rate limit."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from khabar.syndication.api.throttle import parse_rate, window_key
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, params, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def ids(answer):
    return [item["id"] for item in answer["results"]]


def test_articles_newest_first_with_stable_fields(client, newsroom):
    answer = get(client, "/api/v1/articles/")
    assert ids(answer) == [a.public_id for a in newsroom.published]
    assert answer["count"] == 3 and answer["num_pages"] == 1 and answer["next"] is None
    lead = answer["results"][0]
    assert set(lead) == {"id", "url", "title", "kicker", "summary", "section", "tags", "authors", "published_at",
                         "updated_at", "views", "image"}
    assert lead["url"] == f"http://testserver/a/{newsroom.lead.public_id}/"
    assert lead["section"] == {"slug": "syria", "title": "سوريا", "url": "http://testserver/syria/"}
    assert [t["name"] for t in lead["tags"]] == ["دير الزور", "جسور"]
    assert sorted(a["name"] for a in lead["authors"]) == ["ريم العلي", "عمر الديري"]
    assert lead["views"] == 120
    assert lead["published_at"].endswith(timezone.localtime(newsroom.lead.published_at).strftime("%z")[:3] + ":00")
    assert lead["image"]["width"] == 1200 and lead["image"]["credit"] == "خبر / سامر الحلبي"


def test_filters_by_section_tag_author_and_dates(client, newsroom):
    assert ids(get(client, "/api/v1/articles/", section="economy")) == [newsroom.second.public_id]
    assert ids(get(client, "/api/v1/articles/", tag="دير-الزور")) == [newsroom.lead.public_id]
    omar = newsroom.lead.authors.get(name="عمر الديري")
    assert ids(get(client, "/api/v1/articles/", author=omar.slug)) == [newsroom.lead.public_id]
    now = timezone.now()
    recent = get(client, "/api/v1/articles/", published_after=(now - timedelta(hours=2)).isoformat())
    assert ids(recent) == [newsroom.lead.public_id]
    window = get(client, "/api/v1/articles/", published_after=(now - timedelta(days=41)).isoformat(),
                 published_before=(now - timedelta(hours=2)).isoformat())
    assert ids(window) == [newsroom.second.public_id, newsroom.older.public_id]
    # Times far out at the edge of the calendar are still times, not errors.
    assert ids(get(client, "/api/v1/articles/", published_after="9999-12-31T23:59:59-23:59")) == []
    assert len(ids(get(client, "/api/v1/articles/", published_before="9999-12-31T23:59:59-23:59"))) == 3
    assert len(ids(get(client, "/api/v1/articles/", published_after="0001-01-01T00:00:00+23:59"))) == 3
    both = get(client, "/api/v1/articles/", section="syria", tag="حلب")
    assert ids(both) == [newsroom.older.public_id]


def test_order_by_time_or_views(client, newsroom):
    assert ids(get(client, "/api/v1/articles/", order="oldest")) == [
        newsroom.older.public_id, newsroom.second.public_id, newsroom.lead.public_id]
    assert ids(get(client, "/api/v1/articles/", order="most_viewed")) == [
        newsroom.second.public_id, newsroom.lead.public_id, newsroom.older.public_id]


def test_pagination_links_keep_the_filters(client, site):
    now = timezone.now()
    stories = [make_article(site.sections["sports"], published_at=now - timedelta(minutes=n)) for n in range(5)]
    first = get(client, "/api/v1/articles/", section="sports", page_size=2)
    assert first["count"] == 5 and first["num_pages"] == 3 and first["previous"] is None
    assert ids(first) == [a.public_id for a in stories[:2]]
    second = client.get(first["next"].removeprefix("http://testserver")).json()
    assert ids(second) == [a.public_id for a in stories[2:4]]
    assert "section=sports" in first["next"] and "page=2" in first["next"]
    assert get(client, "/api/v1/articles/", status=404, section="sports", page_size=2, page=4)["detail"]


def test_one_article_with_body_as_html_and_blocks(client, site):
    article = make_article(
        site.sections["syria"], title="تقرير", sources=["وكالة أنباء المدن"],
        paragraphs=['فقرة <a href="/a/123456789/" onclick="steal()">مرتبطة</a><script>alert(1)</script>'],
    )
    answer = get(client, f"/api/v1/articles/{article.public_id}/")
    assert answer["id"] == article.public_id and answer["title"] == "تقرير"
    clean = '<p>فقرة <a href="http://testserver/a/123456789/" rel="noopener">مرتبطة</a></p>'
    assert answer["body_html"] == clean
    assert answer["body_blocks"] == [{"type": "paragraph", "html": clean}]
    assert answer["sources"] == [{"name": "وكالة أنباء المدن", "url": None}]


def test_structured_blocks_cover_headings_quotes_and_images(client, site):
    from .conftest import make_image

    image = make_image("سوق الحميدية", width=800, height=600)
    article = make_article(site.sections["economy"], title="جولة في الأسواق")
    article.body = [
        ("heading", "الأسعار"),
        ("paragraph", "<p>ارتفعت الأسعار.</p>"),
        ("quote", {"text": "الحركة ضعيفة", "attribution": "تاجر"}),
        ("image", {"image": image, "caption": ""}),
    ]
    article.save_revision().publish()
    answer = get(client, f"/api/v1/articles/{article.public_id}/")
    assert [b["type"] for b in answer["body_blocks"]] == ["heading", "paragraph", "quote", "image"]
    heading, _, quote, picture = answer["body_blocks"]
    assert heading["text"] == "الأسعار"
    assert quote == {"type": "quote", "text": "الحركة ضعيفة", "attribution": "تاجر"}
    assert picture["caption"] == "تعليق سوق الحميدية"  # the image's own caption when the block has none
    assert picture["image"]["width"] == 800 and picture["image"]["url"].startswith("http://testserver/media/")
    assert answer["body_html"].startswith("<h2>الأسعار</h2><p>ارتفعت الأسعار.</p><blockquote><p>الحركة ضعيفة</p>")
    assert '<figure><img src="http://testserver/media/' in answer["body_html"]


def test_sections_tags_and_authors_count_only_published_stories(client, newsroom):
    sections = {s["slug"]: s for s in get(client, "/api/v1/sections/")}
    assert sections["syria"]["article_count"] == 2 and sections["economy"]["article_count"] == 1
    assert sections["syria"]["feed_url"] == "http://testserver/syria/feed/"
    tags = {t["name"]: t["article_count"] for t in get(client, "/api/v1/tags/")["results"]}
    assert tags == {"دير الزور": 1, "جسور": 1, "الليرة": 1, "حلب": 1}
    authors = {a["name"]: a["article_count"] for a in get(client, "/api/v1/authors/")["results"]}
    assert authors == {"عمر الديري": 1, "ريم العلي": 1, "خالد منصور": 1}


def test_bad_input_is_a_clear_400_or_404_never_a_500(client, newsroom):
    invalid = get(client, "/api/v1/articles/", status=400, page_size=1000)
    assert invalid["detail"] == "معاملات غير صالحة"
    assert invalid["errors"][0]["location"] == "query.page_size"
    assert get(client, "/api/v1/articles/", status=400, order="random")["errors"]
    assert get(client, "/api/v1/articles/", status=400, published_after="yesterday")["errors"]
    assert get(client, "/api/v1/articles/", status=400, tag="a\x00b")["errors"]
    assert get(client, "/api/v1/articles/", status=404, section="no-such")["detail"] == "لا يوجد قسم بهذا المعرّف"
    assert get(client, "/api/v1/articles/12/", status=400)["errors"]
    assert get(client, "/api/v1/articles/999999999999999999999999/", status=400)["errors"]
    assert get(client, "/api/v1/articles/999999999/", status=404)["detail"] == "لا يوجد خبر منشور بهذا الرقم"
    # A time must say its offset, and be a time: not a number of seconds, not a bare date.
    for value in ("0.5", "2026-11-25", "2026-11-25T10:00:00", "2026-13-01T00:00:00Z"):
        assert get(client, "/api/v1/articles/", status=400, published_after=value)["errors"], value


def test_cors_lets_any_site_read(client, newsroom):
    response = client.get("/api/v1/articles/", HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/articles/", HTTP_ORIGIN="https://elsewhere.example",
                               HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.get("/api/schema/")["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/articles/").status_code == 405


@override_settings(KHABAR_API_RATE="3/m")
@time_machine.travel("2026-11-25 10:00:20 +0000", tick=False)  # well inside one window
def test_rate_limit_answers_429_with_retry_after(client, site):
    for _ in range(3):
        assert client.get("/api/v1/sections/").status_code == 200
    refused = client.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="10.9.8.7")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("طلبات كثيرة")
    assert refused["Retry-After"] == "40"  # the window ends at 10:01:00
    assert refused["Access-Control-Allow-Origin"] == "*"
    other_client = client.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.44")
    assert other_client.status_code == 200


def test_rate_setting_is_checked():
    assert parse_rate("120/m") == (120, 60) and parse_rate("2000/hour") == (2000, 3600) and parse_rate("0") == (0, 0)
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        parse_rate("lots")


@pytest.mark.redis
@override_settings(KHABAR_API_RATE="2/m")
@time_machine.travel("2026-11-25 10:00:20 +0000", tick=False)
def test_rate_limit_is_shared_through_redis(client, site):
    """Two app servers share one count: a second connection to the cache (as another process would open)
    reads the count the first request left, and its own increment counts against the client."""
    assert client.get("/api/v1/sections/").status_code == 200
    other_server = caches.create_connection("default")
    key = window_key("127.0.0.1", 60)
    assert other_server.get(key) == 1
    other_server.incr(key)  # a request of the same client answered by another app server
    assert client.get("/api/v1/sections/").status_code == 429


def test_openapi_description_matches_the_routes(client, site):
    schema = get(client, "/api/schema/")
    assert schema["openapi"].startswith("3.1")
    assert set(schema["paths"]) == {"/api/v1/articles/", "/api/v1/articles/{id}/", "/api/v1/sections/",
                                    "/api/v1/tags/", "/api/v1/authors/"}
    assert schema["servers"] == [{"url": "http://testserver"}]
    article = schema["components"]["schemas"]["ArticleDetail"]
    assert {"body_html", "body_blocks", "sources"} <= set(article["properties"])


def test_article_list_queries_do_not_grow_with_its_stories(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .conftest import make_image

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/articles/").status_code == 200
        return len(captured)

    make_article(site.sections["syria"], tags=["حلب"], authors=["سامر الحلبي"], views=3, lead_image=make_image())
    queries()  # the first answer makes the pictures' renditions
    few = queries()
    for n in range(6):
        make_article(site.sections["economy"], tags=[f"وسم {n}"], authors=[f"كاتب {n}"], views=n,
                     lead_image=make_image(f"صورة {n}"))
    queries()
    assert queries() == few
