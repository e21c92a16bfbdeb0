"""What readers and editors see of the counts: the article page, the "الأكثر قراءة" box, the JSON, the admin."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from lxml import html

from khabar.news.models import ArticleViewCount
from tests.factories import make_article

from .conftest import new_visitor_id

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def most_read_titles(doc, window):
    return [a.text for a in doc.cssselect(f'.most-read [data-window="{window}"] .most-read-list a')]


def test_article_page_is_cacheable_html_with_the_server_count_and_a_deferred_beacon(client, article):
    response = client.get(f"/a/{article.public_id}/")
    doc = parse(response)
    count = doc.cssselect(f'.views[data-views-for="{article.public_id}"]')
    assert [c.text for c in count] == ["286 مشاهدة"]  # what a reader without JavaScript sees
    script = doc.cssselect("script[data-endpoint]")
    assert len(script) == 1
    assert script[0].get("data-endpoint") == f"/api/views/{article.public_id}/"
    assert script[0].get("defer") is not None and script[0].get("src").endswith("views_counter/js/beacon.js")
    # Rendering the page neither counts nor sets a cookie: the HTML is the same for everyone and cacheable.
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert ArticleViewCount.objects.get(article=article).views == 286


def test_the_beacon_script_is_small_and_uses_the_servers_phrase(client):
    from django.contrib.staticfiles import finders

    source = Path(finders.find("views_counter/js/beacon.js")).read_text(encoding="utf-8")
    assert len(source.encode()) < 2048
    assert "data.label" in source and "[data-views-for" in source and 'method: "POST"' in source


def _views(article, visitors):
    for _ in range(visitors):
        response = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0").post(
            f"/api/views/{article.public_id}/", HTTP_COOKIE=f"khabar_vid={new_visitor_id()}")
        assert response.json()["counted"] is True


def test_most_read_on_the_home_page_follows_the_views_as_time_passes(client, site):
    start = timezone.now().replace(minute=10, second=0, microsecond=0)
    with time_machine.travel(start - timedelta(hours=1), tick=False):
        old_favourite = make_article(site.sections["syria"], title="خبر قرأه كثيرون في الموقع القديم", views=5000)
        aleppo = make_article(site.sections["syria"], title="افتتاح مستشفى جديد في حلب")
        lira = make_article(site.sections["economy"], title="الليرة تتراجع أمام الدولار")
    with time_machine.travel(start, tick=False):
        _views(aleppo, 3)
        _views(lira, 1)
        doc = parse(client.get("/"))
        assert doc.cssselect(".home-top .most-read h2")[0].text == "الأكثر قراءة"
        assert most_read_titles(doc, "24h") == [aleppo.title, lira.title]
        # All time starts from the imported count: 5000 carried over beats today's few views.
        assert most_read_titles(doc, "all")[0] == old_favourite.title
        assert old_favourite.title not in most_read_titles(doc, "24h")

    with time_machine.travel(start + timedelta(hours=1), tick=False):
        _views(lira, 5)
        doc = parse(client.get("/"))
        assert most_read_titles(doc, "24h") == [lira.title, aleppo.title]
        assert doc.cssselect('.most-read [data-window="24h"] .most-read-views')[0].text == "6 مشاهدات"

    # Two days later the first hour's views have left the 24-hour window but not the 7-day one.
    with time_machine.travel(start + timedelta(days=2), tick=False):
        _views(aleppo, 1)
        doc = parse(client.get("/"))
        assert most_read_titles(doc, "24h") == [aleppo.title]
        assert most_read_titles(doc, "7d") == [lira.title, aleppo.title]

    # And the article page shows the same box beside the story.
    with time_machine.travel(start + timedelta(days=2, minutes=5), tick=False):
        doc = parse(client.get(f"/a/{lira.public_id}/"))
        assert most_read_titles(doc, "24h") == [aleppo.title]
        assert doc.cssselect(".article-aside .most-read")


def test_most_read_json_lists_only_what_readers_may_see(client, site):
    shown = make_article(site.sections["syria"], title="خبر منشور", views=10)
    hidden = make_article(site.sections["syria"], title="خبر سُحب من النشر", views=99)
    hidden.unpublish()
    response = client.get("/api/most-read/?window=all&limit=10")
    assert response.status_code == 200
    body = response.json()
    assert body["window"] == "all" and body["label"] == "كل الأوقات"
    assert body["items"] == [
        {"id": shown.public_id, "title": "خبر منشور", "url": f"/a/{shown.public_id}/", "views": 10,
         "label": "10 مشاهدات"},
    ]
    assert client.get("/api/most-read/").json()["window"] == "24h"


@pytest.mark.parametrize("query", ["window=month", "limit=0", "limit=51", "limit=abc", "limit=" + "9" * 5000])
def test_most_read_json_rejects_bad_parameters_with_a_clear_400(client, site, query):
    response = client.get(f"/api/most-read/?{query}")
    assert response.status_code == 400
    assert response.json()["error"] in {"bad_window", "bad_limit"}


def test_editors_see_and_sort_the_counts_in_the_admin(client, site):
    quiet = make_article(site.sections["syria"], title="خبر هادئ", views=40)
    popular = make_article(site.sections["syria"], title="خبر مقروء", views=900)
    _views(quiet, 2)
    editor = get_user_model().objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(editor)

    def rows(ordering):
        response = client.get(f"/admin/reports/most-read/?ordering={ordering}")
        doc = parse(response)
        return [
            [cell.text_content().strip() for cell in row.cssselect("td")][:4]
            for row in doc.cssselect("table.listing tbody tr")
        ]

    by_total = rows("-views_total")
    assert [r[0] for r in by_total] == [popular.title, quiet.title]
    assert by_total[0][1] == "900" and by_total[1][1:4] == ["42", "2", "2"]
    assert [r[0] for r in rows("-views_day")] == [quiet.title, popular.title]
    assert [r[0] for r in rows("views_total")] == [quiet.title, popular.title]
    # The report is in the admin's Reports menu (the sidebar is JSON in the page, Arabic escaped).
    sidebar = client.get("/admin/").content.decode()
    assert f'"label": {json.dumps("الأكثر قراءة")}' in sidebar
    assert '"url": "/admin/reports/most-read/"' in sidebar


def test_the_most_read_report_is_for_newsroom_staff_only(client, site):
    reader = get_user_model().objects.create_user("reader", "reader@example.org", "a-long-password-2")
    client.force_login(reader)
    response = client.get("/admin/reports/most-read/")
    assert response.status_code in (302, 403)
