"""What search engines and social networks read in a page's head: JSON-LD, Open Graph, Twitter cards."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from khabar.syndication import structured_data
from tests.factories import make_article

from .conftest import parse_html

pytestmark = pytest.mark.django_db


def json_ld(doc):
    scripts = doc.cssselect('script[type="application/ld+json"]')
    assert len(scripts) == 1
    graph = json.loads(scripts[0].text)["@graph"]
    return {item["@type"]: item for item in graph}


def meta(doc, key):
    attr = "name" if key.startswith("twitter:") else "property"
    return [m.get("content") for m in doc.cssselect(f'meta[{attr}="{key}"]')]


def test_article_has_a_complete_news_article(client, newsroom):
    lead = newsroom.lead
    url = f"http://testserver/a/{lead.public_id}/"
    doc = parse_html(client.get(f"/a/{lead.public_id}/"))
    data = json_ld(doc)
    article = data["NewsArticle"]
    assert article["headline"] == lead.title
    assert article["description"] == lead.summary
    assert article["datePublished"] == timezone.localtime(lead.published_at).replace(microsecond=0).isoformat()
    assert article["dateModified"] == article["datePublished"]
    assert sorted(a["name"] for a in article["author"]) == ["ريم العلي", "عمر الديري"]
    assert all(a["@type"] == "Person" and a["url"].startswith("http://testserver/author/") for a in article["author"])
    publisher = article["publisher"]
    assert publisher["name"] == "خبر"
    logo = publisher["logo"]
    assert logo["url"] == "http://testserver" + static(structured_data.PUBLISHER_LOGO)
    with Image.open(finders.find(structured_data.PUBLISHER_LOGO)) as picture:
        assert picture.format == "PNG" and picture.size == (logo["width"], logo["height"])
    assert logo["width"] >= 112 and logo["height"] >= 112  # Google's minimum for a publisher logo
    assert article["image"][0]["width"] == 1200 and article["image"][0]["height"] == 675
    assert article["mainEntityOfPage"]["@id"] == url
    assert article["inLanguage"] == "ar"
    assert article["articleSection"] == "سوريا"
    assert article["keywords"] == ["دير الزور", "جسور"]
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"], c["item"]) for c in crumbs] == [
        (1, "الرئيسية", "http://testserver/"), (2, "سوريا", "http://testserver/syria/"), (3, lead.title, url)]
    assert doc.cssselect('link[rel="canonical"]')[0].get("href") == url


def test_article_has_open_graph_and_twitter_card(client, newsroom):
    lead = newsroom.lead
    doc = parse_html(client.get(f"/a/{lead.public_id}/"))
    published = timezone.localtime(lead.published_at).replace(microsecond=0).isoformat()
    assert meta(doc, "og:type") == ["article"]
    assert meta(doc, "og:locale") == ["ar_AR"]
    assert meta(doc, "og:title") == [lead.title]
    assert meta(doc, "og:url") == [f"http://testserver/a/{lead.public_id}/"]
    assert meta(doc, "og:image")[0].startswith("http://testserver/media/")
    assert meta(doc, "og:image:width") == ["1200"] and meta(doc, "og:image:height") == ["675"]
    assert meta(doc, "article:published_time") == [published]
    assert meta(doc, "article:modified_time") == [published]
    assert meta(doc, "article:section") == ["سوريا"]
    assert meta(doc, "article:tag") == ["دير الزور", "جسور"]
    assert meta(doc, "twitter:card") == ["summary_large_image"]
    assert meta(doc, "twitter:image") == meta(doc, "og:image")


def test_an_update_moves_date_modified(client, site):
    article = make_article(site.sections["syria"], title="حصيلة أولية", published_at=timezone.now())
    article.updated_at = timezone.now() + timezone.timedelta(minutes=30)
    article.save_revision().publish()
    doc = parse_html(client.get(f"/a/{article.public_id}/"))
    modified = timezone.localtime(article.updated_at).replace(microsecond=0).isoformat()
    assert json_ld(doc)["NewsArticle"]["dateModified"] == modified
    assert meta(doc, "article:modified_time") == [modified]


def test_a_story_without_picture_or_author_is_still_complete(client, site):
    article = make_article(site.sections["economy"], title="أسعار الذهب اليوم", summary="")
    doc = parse_html(client.get(f"/a/{article.public_id}/"))
    data = json_ld(doc)["NewsArticle"]
    assert "image" not in data
    assert data["author"][0]["name"] == "خبر"  # credited to the publisher
    assert data["description"].startswith("الفقرة الأولى")
    assert meta(doc, "twitter:card") == ["summary"] and meta(doc, "og:image") == []


def test_a_title_cannot_close_the_json_ld_script(client, site):
    title = 'عنوان </script><script>alert("x")</script> & "اقتباس"'
    article = make_article(site.sections["opinion"], title=title)
    doc = parse_html(client.get(f"/a/{article.public_id}/"))
    assert len(doc.cssselect("script:not([src])")) == 1 + len(doc.cssselect("script:not([src]):not([type])"))
    assert json_ld(doc)["NewsArticle"]["headline"] == title
    assert meta(doc, "og:title") == [title]


def test_home_page_describes_the_website_and_the_organisation(client, newsroom):
    doc = parse_html(client.get("/"))
    data = json_ld(doc)
    assert data["WebSite"]["url"] == "http://testserver/" and data["WebSite"]["inLanguage"] == "ar"
    organisation = data["NewsMediaOrganization"]
    assert organisation["name"] == "خبر" and organisation["logo"]["url"].endswith(".png")
    assert meta(doc, "og:type") == ["website"] and meta(doc, "og:locale") == ["ar_AR"]
    feeds = {link.get("type"): link.get("href") for link in doc.cssselect('link[rel="alternate"]')}
    assert feeds == {"application/rss+xml": "/feed/", "application/atom+xml": "/feed/atom/"}


def test_section_page_has_breadcrumb_and_its_own_feed(client, newsroom):
    doc = parse_html(client.get("/syria/"))
    data = json_ld(doc)
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == ["الرئيسية", "سوريا"]
    assert meta(doc, "og:url") == ["http://testserver/syria/"]
    hrefs = [link.get("href") for link in doc.cssselect('link[rel="alternate"]')]
    assert "/syria/feed/" in hrefs


def test_tag_page_links_to_its_feed(client, newsroom):
    doc = parse_html(client.get("/tag/الليرة/"))
    hrefs = [link.get("href") for link in doc.cssselect('link[rel="alternate"]')]
    assert "/tag/%D8%A7%D9%84%D9%84%D9%8A%D8%B1%D8%A9/feed/" in hrefs


@override_settings(ROOT_URLCONF="tests.syndication.urls_with_search")
def test_search_action_appears_once_search_exists(client, newsroom):
    assert structured_data.search_exists()
    website = json_ld(parse_html(client.get("/")))["WebSite"]
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


@override_settings(ROOT_URLCONF="tests.syndication.urls_without_search")
def test_no_search_action_while_search_is_missing(client, newsroom):
    assert not structured_data.search_exists()
    assert "potentialAction" not in json_ld(parse_html(client.get("/")))["WebSite"]
