"""Sitemaps as a search engine reads them: valid against the sitemaps.org and Google News schemas."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from lxml import etree

from khabar.syndication import sitemaps
from tests.factories import make_article

from .conftest import NEWS_NS, SITEMAP_NS

pytestmark = pytest.mark.django_db
NS = {"s": SITEMAP_NS, "n": NEWS_NS}


def fetch(client, url):
    response = client.get(urlsplit(url)._replace(scheme="", netloc="").geturl())
    assert response.status_code == 200, (url, response.status_code)
    return response


def sitemap_urls(client, sitemap_schema, siteindex_schema):
    """Every URL reachable from /sitemap.xml, each sitemap validated on the way."""
    index = fetch(client, "/sitemap.xml")
    siteindex_schema.validate(index.content)
    urls = []
    for loc in etree.fromstring(index.content).xpath("//s:sitemap/s:loc/text()", namespaces=NS):
        part = fetch(client, loc)
        sitemap_schema.validate(part.content)
        urls += etree.fromstring(part.content).xpath("//s:url/s:loc/text()", namespaces=NS)
    return urls


def test_index_lists_listings_and_articles_by_month(client, newsroom, sitemap_schema, siteindex_schema):
    index = etree.fromstring(fetch(client, "/sitemap.xml").content)
    locs = index.xpath("//s:sitemap/s:loc/text()", namespaces=NS)
    months = {f"{timezone.localtime(a.published_at):%Y-%m}" for a in newsroom.published}
    assert len(months) == 2  # one story is 40 days old
    assert {f"http://testserver/sitemap-articles-{m}.xml" for m in months} <= set(locs)
    assert "http://testserver/sitemap-listings.xml" in locs

    urls = sitemap_urls(client, sitemap_schema, siteindex_schema)
    for article in newsroom.published:
        assert urls.count(f"http://testserver/a/{article.public_id}/") == 1
    assert {"http://testserver/", "http://testserver/syria/", "http://testserver/economy/"} <= set(urls)
    assert any(u.startswith("http://testserver/tag/") for u in urls)
    assert any(u.startswith("http://testserver/author/") for u in urls)


def test_month_sitemap_holds_only_its_month(client, newsroom):
    month = f"{timezone.localtime(newsroom.older.published_at):%Y-%m}"
    doc = etree.fromstring(fetch(client, f"/sitemap-articles-{month}.xml").content)
    assert doc.xpath("//s:url/s:loc/text()", namespaces=NS) == [f"http://testserver/a/{newsroom.older.public_id}/"]
    lastmod = doc.xpath("//s:url/s:lastmod/text()", namespaces=NS)[0]
    assert lastmod.endswith(timezone.localtime(newsroom.older.published_at).strftime("%z")[:3] + ":00")


def test_a_month_over_the_url_limit_is_split_into_pages(client, site, monkeypatch, sitemap_schema,
                                                        siteindex_schema):
    now = timezone.now()
    stories = [make_article(site.sections["sports"], published_at=now - timedelta(minutes=n)) for n in range(5)]
    monkeypatch.setattr(sitemaps.MonthArticlesSitemap, "limit", 2)
    month = f"{timezone.localtime(now):%Y-%m}"
    locs = etree.fromstring(fetch(client, "/sitemap.xml").content).xpath("//s:loc/text()", namespaces=NS)
    base = f"http://testserver/sitemap-articles-{month}.xml"
    assert [loc for loc in locs if loc.startswith(base)] == [base, f"{base}?p=2", f"{base}?p=3"]
    urls = sitemap_urls(client, sitemap_schema, siteindex_schema)
    assert sorted(u for u in urls if "/a/" in u) == sorted(f"http://testserver/a/{a.public_id}/" for a in stories)
    assert client.get(f"/sitemap-articles-{month}.xml?p=4").status_code == 404


def test_unknown_or_empty_sitemaps_are_404(client, newsroom):
    assert client.get("/sitemap-articles-1999-01.xml").status_code == 404
    assert client.get("/sitemap-articles-2026-13.xml").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles-2026-01.xml?p=abc").status_code == 404


def test_news_sitemap_has_the_last_48_hours_in_google_news_format(client, newsroom, sitemap_schema):
    response = fetch(client, "/news-sitemap.xml")
    sitemap_schema.validate(response.content)
    doc = etree.fromstring(response.content)
    urls = doc.xpath("//s:url", namespaces=NS)
    assert [u.findtext("s:loc", namespaces=NS) for u in urls] == [
        f"http://testserver/a/{newsroom.lead.public_id}/", f"http://testserver/a/{newsroom.second.public_id}/"]
    first = urls[0]
    assert first.findtext("n:news/n:publication/n:name", namespaces=NS) == "خبر"
    assert first.findtext("n:news/n:publication/n:language", namespaces=NS) == "ar"
    assert first.findtext("n:news/n:title", namespaces=NS) == newsroom.lead.title
    published = first.findtext("n:news/n:publication_date", namespaces=NS)
    assert published == timezone.localtime(newsroom.lead.published_at).replace(microsecond=0).isoformat()


def test_news_sitemap_stops_at_the_limit_newest_first(client, site, monkeypatch, sitemap_schema):
    now = timezone.now()
    stories = [make_article(site.sections["sports"], published_at=now - timedelta(minutes=n)) for n in range(4)]
    make_article(site.sections["sports"], published_at=now - timedelta(hours=49))
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 3)
    response = fetch(client, "/news-sitemap.xml")
    sitemap_schema.validate(response.content)
    locs = etree.fromstring(response.content).xpath("//s:loc/text()", namespaces=NS)
    assert locs == [f"http://testserver/a/{a.public_id}/" for a in stories[:3]]


def test_robots_txt_names_both_sitemaps(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/news-sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_news_sitemap_without_recent_stories_is_an_empty_urlset(client, site):
    make_article(site.sections["sports"], published_at=timezone.now() - timedelta(days=3))
    doc = etree.fromstring(fetch(client, "/news-sitemap.xml").content)
    assert doc.tag == f"{{{SITEMAP_NS}}}urlset" and len(doc) == 0
