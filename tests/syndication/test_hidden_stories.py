"""A draft, an embargoed story, an expired one and a withdrawn one never leave the site through any channel."""

from urllib.parse import quote, urlsplit

import pytest
from lxml import etree

from .conftest import SITEMAP_NS

pytestmark = pytest.mark.django_db


def every_channel(client):
    """Each distribution URL with its body: feeds, sitemaps (following the index), API lists and pages."""
    tag = quote("دير-الزور")
    urls = ["/feed/", "/feed/atom/", "/syria/feed/", "/syria/feed/atom/", "/economy/feed/", f"/tag/{tag}/feed/",
            f"/tag/{tag}/feed/atom/", "/news-sitemap.xml", "/sitemap.xml", "/api/v1/articles/",
            "/api/v1/articles/?order=most_viewed", "/api/v1/articles/?section=syria", f"/api/v1/articles/?tag={tag}",
            "/api/v1/tags/", "/api/v1/authors/", "/api/v1/sections/", "/", "/syria/"]
    index = etree.fromstring(client.get("/sitemap.xml").content)
    urls += [urlsplit(loc).path for loc in index.xpath("//s:loc/text()", namespaces={"s": SITEMAP_NS})]
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.content.decode()
    return bodies


def test_hidden_stories_appear_in_no_channel(client, newsroom):
    bodies = every_channel(client)
    for story in newsroom.hidden:
        for url, body in bodies.items():
            assert str(story.public_id) not in body, (story.title, url)
            assert story.title not in body, (story.title, url)
    # The published ones are there, so the check above is looking at real answers.
    assert str(newsroom.lead.public_id) in bodies["/feed/"] and newsroom.second.title in bodies["/api/v1/articles/"]


def test_hidden_stories_have_no_page_and_no_api_answer(client, newsroom):
    for story in newsroom.hidden:
        assert client.get(f"/a/{story.public_id}/").status_code == 404
        assert client.get(f"/api/v1/articles/{story.public_id}/").status_code == 404


def test_tag_counts_ignore_hidden_stories(client, newsroom):
    tags = {t["slug"]: t["article_count"] for t in client.get("/api/v1/tags/").json()["results"]}
    # The draft, the embargoed and the withdrawn story carry this tag too; only the lead is public.
    assert tags["دير-الزور"] == 1
