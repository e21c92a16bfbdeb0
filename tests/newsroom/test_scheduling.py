"""Scheduling and embargo: before its go-live time a story appears nowhere a reader (or a robot) can look;
after it, the running server's job publishes it and it appears everywhere. The clock is moved, not slept."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.utils import timezone
from lxml import etree

from khabar.news.models import ArticlePage, ArticleViewCount
from khabar.newsroom import jobs
from khabar.newsroom.models import BreakingNews
from tests.factories import make_article

TAG = "embargo-test-tag"


@pytest.fixture
def embargo(site):
    """A story scheduled for two hours from now, and a live sibling sharing its tag and author."""
    go_live = timezone.now() + timedelta(hours=2)
    sibling = make_article(site.sections["economy"], title="خبر منشور عن الليرة", tags=[TAG],
                           authors=["مراسل الاقتصاد"])
    story = make_article(site.sections["economy"], title="قرار المصرف المركزي الخاص بالفائدة", tags=[TAG],
                         authors=["مراسل الاقتصاد"], publish=False, go_live_at=go_live)
    story = story.get_latest_revision_as_object()  # with its tags and authors, kept in the draft until live
    story.published_at = None  # as the editor leaves it: filled in when the story goes live
    story.save_revision().publish()
    ArticleViewCount.objects.update_or_create(article=story, defaults={"views": 5000})  # would top most-read
    BreakingNews.objects.create(article=story, expires_at=go_live + timedelta(hours=1))
    return {"story": ArticlePage.objects.get(pk=story.pk), "sibling": sibling, "go_live": go_live,
            "section": site.sections["economy"]}


def sitemap_documents(client):
    """The sitemap index and every sitemap it lists, as text."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    documents = [index.content.decode()]
    tree = etree.fromstring(index.content)
    for loc in tree.iterfind(".//{*}loc"):
        documents.append(client.get(urlparse(loc.text).path).content.decode())
    news = client.get("/news-sitemap.xml")
    if news.status_code == 200:
        documents.append(news.content.decode())
    return "\n".join(documents)


def appearances(client, embargo):
    """Where a reader can find the story: surface → True/False."""
    story, sibling, section = embargo["story"], embargo["sibling"], embargo["section"]
    link = f"/a/{story.public_id}/"

    def shows(path):
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        body = response.content.decode()
        return response.status_code == 200 and (link in body or story.title in body)

    seen = {
        "article page": client.get(link).status_code == 200,
        "tree path": client.get(story.url_path.replace("/home", "", 1)).status_code in (200, 301),
        "home page": shows("/"),
        "section page": shows(section.url),
        "tag page": shows(f"/tag/{TAG}/"),
        "author page": shows(f"/author/{story.authors.first().slug}/"),
        "related list on the sibling": shows(f"/a/{sibling.public_id}/"),
        "RSS feed": shows("/feed/"),
        "Atom feed": shows("/feed/atom/"),
        "section feed": shows(f"{section.url}feed/"),
        "sitemaps": str(story.public_id) in sitemap_documents(client),
        "JSON API list": str(story.public_id) in client.get("/api/v1/articles/").content.decode(),
        "JSON API item": client.get(f"/api/v1/articles/{story.public_id}/").status_code == 200,
        "most-read JSON": link in client.get("/api/most-read/", {"window": "all"}).content.decode(),
        "view counter": client.post(f"/api/views/{story.public_id}/").status_code != 404,
        "breaking-news JSON": link in client.get("/api/breaking/").content.decode(),
        "search": link in client.get("/search/", {"q": "المصرف المركزي"}).content.decode(),
    }
    return seen


def test_scheduled_story_is_nowhere_before_its_time_and_everywhere_after(embargo, client):
    before = appearances(client, embargo)
    assert before == dict.fromkeys(before, False)

    # An hour before: the server's job runs and leaves it alone.
    with time_machine.travel(embargo["go_live"] - timedelta(hours=1), tick=False):
        jobs.publish_scheduled()
        assert appearances(client, embargo) == before

    with time_machine.travel(embargo["go_live"] + timedelta(seconds=30), tick=False):
        jobs.publish_scheduled()
        after = appearances(client, embargo)
    assert after == dict.fromkeys(after, True)
    story = ArticlePage.objects.get(pk=embargo["story"].pk)
    # Its time is its go-live time, not the moment the job happened to run.
    assert abs(story.published_at - embargo["go_live"]) < timedelta(seconds=1)


def test_expired_story_disappears_when_its_expiry_passes(site, client):
    expire = timezone.now() + timedelta(hours=1)
    story = make_article(site.sections["sports"], title="نتيجة مباراة الأمس", expire_at=expire)
    assert client.get(f"/a/{story.public_id}/").status_code == 200

    with time_machine.travel(expire + timedelta(seconds=1), tick=False):
        # Hidden at once by visible(), even before the job has unpublished it.
        assert client.get(f"/a/{story.public_id}/").status_code == 404
        jobs.publish_scheduled()
    story.refresh_from_db()
    assert not story.live and story.expired
