"""RSS and Atom feeds as a feed reader sees them: parsed by feedparser, polled with conditional GET."""

import email.utils
import html
from datetime import timedelta

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from khabar.syndication.feeds import FEED_LENGTH
from tests.factories import make_article

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/", "/syria/feed/", "/syria/feed/atom/"]


def read_feed(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, (url, parsed.get("bozo_exception"))
    return response, parsed


def article_url(article):
    return f"http://testserver/a/{article.public_id}/"


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_cleanly_in_arabic(client, newsroom, url):
    response, parsed = read_feed(client, url)
    kind = "atom" if url.endswith("atom/") else "rss"
    assert response["Content-Type"].startswith(f"application/{kind}+xml")
    assert parsed.version == ("atom10" if kind == "atom" else "rss20")
    root = etree.fromstring(response.content)
    if kind == "rss":
        assert root.findtext("channel/language") == "ar"
    else:
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    assert parsed.feed.title.startswith("خبر")


def test_site_rss_carries_each_story_in_full(client, newsroom):
    _, parsed = read_feed(client, "/feed/")
    lead = newsroom.lead
    assert [e.link for e in parsed.entries] == [article_url(a) for a in (lead, newsroom.second, newsroom.older)]
    entry = parsed.entries[0]
    assert entry.title == lead.title
    assert entry.id == article_url(lead)
    assert entry.summary == lead.summary
    body = entry.content[0].value
    assert "<p>قالت المحافظة إن الجسر افتُتح صباح اليوم.</p>" in body and "ويربط الجسر ضفتي الفرات" in body
    assert sorted(a.name for a in entry.authors) == ["ريم العلي", "عمر الديري"]
    assert [t.term for t in entry.tags] == ["سوريا", "دير الزور", "جسور"]
    enclosure = entry.enclosures[0]
    assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
    assert enclosure.href.startswith("http://testserver/media/")
    assert entry.media_content[0]["width"] == "1200" and entry.media_content[0]["url"] == enclosure.href
    assert client.get(enclosure.href.removeprefix("http://testserver")).status_code == 200


def test_dates_are_rfc822_and_rfc3339_in_the_site_time_zone(client, newsroom):
    lead = newsroom.lead
    local = timezone.localtime(lead.published_at)
    rss = etree.fromstring(client.get("/feed/").content)
    assert rss.findtext("channel/item/pubDate") == email.utils.format_datetime(local)
    assert rss.findtext("channel/item/pubDate").endswith(local.strftime("%z"))
    atom = etree.fromstring(client.get("/feed/atom/").content)
    published = atom.findtext("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}published")
    assert published == local.isoformat()
    _, parsed = read_feed(client, "/feed/atom/")
    assert parsed.entries[0].published_parsed[:5] == lead.published_at.utctimetuple()[:5]


def test_atom_entries_have_content_authors_and_picture(client, newsroom):
    _, parsed = read_feed(client, "/feed/atom/")
    entry = parsed.entries[0]
    assert entry.link == article_url(newsroom.lead)
    assert entry.content[0].type == "text/html"
    assert "ويربط الجسر ضفتي الفرات" in entry.content[0].value
    assert sorted(a.name for a in entry.authors) == ["ريم العلي", "عمر الديري"]
    assert any(link.rel == "enclosure" and link.type == "image/jpeg" for link in entry.links)
    # A story without authors is credited to the site (Atom requires an author).
    assert parsed.feed.author == "خبر"


def test_section_and_tag_feeds_carry_only_their_stories(client, newsroom):
    _, syria = read_feed(client, "/syria/feed/")
    assert [e.link for e in syria.entries] == [article_url(newsroom.lead), article_url(newsroom.older)]
    assert syria.feed.title == "خبر: سوريا"
    _, tag = read_feed(client, "/tag/الليرة/feed/")
    assert [e.link for e in tag.entries] == [article_url(newsroom.second)]
    _, tag_atom = read_feed(client, "/tag/الليرة/feed/atom/")
    assert [e.link for e in tag_atom.entries] == [article_url(newsroom.second)]
    assert client.get("/no-such-section/feed/").status_code == 404
    assert client.get("/tag/no-such-tag/feed/").status_code == 404
    assert client.get("/tag/a%00b/feed/").status_code == 404
    assert client.get("/syr%00ia/feed/atom/").status_code == 404


def test_feed_queries_do_not_grow_with_its_stories(client, site):
    """Authors, tags, sections and pictures are fetched for the whole feed at once, not story by story."""
    from .conftest import make_image

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/feed/").status_code == 200
        return len(captured)

    make_article(site.sections["syria"], tags=["حلب"], authors=["سامر الحلبي"], lead_image=make_image("أ"))
    queries()  # the first answer makes the pictures' renditions
    few = queries()
    for n in range(6):
        make_article(site.sections["economy"], tags=[f"وسم {n}"], authors=[f"كاتب {n}"],
                     lead_image=make_image(f"صورة {n}"))
    queries()
    assert queries() == few


def test_feed_holds_the_latest_thirty_newest_first(client, site):
    now = timezone.now()
    articles = [make_article(site.sections["sports"], title=f"نتيجة مباراة {n}",
                             published_at=now - timedelta(minutes=n)) for n in range(FEED_LENGTH + 2)]
    _, parsed = read_feed(client, "/sports/feed/")
    assert [e.link for e in parsed.entries] == [article_url(a) for a in articles[:FEED_LENGTH]]


def test_summary_falls_back_to_the_first_paragraph(client, site):
    make_article(site.sections["culture"], title="معرض للكتاب", summary="",
                 paragraphs=["يفتتح المعرض أبوابه غداً & يستمر أسبوعاً <بحضور> دور نشر عربية.", "فقرة ثانية."])
    _, parsed = read_feed(client, "/culture/feed/")
    # feedparser hands the description back as the HTML it is; a reader shows it unescaped.
    assert html.unescape(parsed.entries[0].summary) == "يفتتح المعرض أبوابه غداً & يستمر أسبوعاً <بحضور> دور نشر عربية."


def test_hostile_body_is_sanitised_in_the_feed(client, site):
    make_article(site.sections["opinion"], title="مقال",
                 paragraphs=['رأي <script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">رابط</a>'])
    _, parsed = read_feed(client, "/opinion/feed/")
    raw = client.get("/opinion/feed/").content.decode()
    assert "&lt;script" not in raw and "alert(" not in raw and "javascript:" not in raw and "onclick" not in raw
    assert "رابط" in parsed.entries[0].content[0].value


def test_control_characters_in_a_title_do_not_break_the_feed(client, site):
    make_article(site.sections["opinion"], title="عنوان\x0b فيه\x1f محارف تحكم")
    _, parsed = read_feed(client, "/opinion/feed/")
    assert parsed.entries[0].title == "عنوان فيه محارف تحكم"


class TestConditionalGet:
    def test_unchanged_feed_answers_304(self, client, newsroom):
        first = client.get("/feed/")
        assert first["ETag"] and first["Last-Modified"]
        again = client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again.content == b""
        since = client.get("/feed/atom/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert since.status_code == 304

    def test_rss_and_atom_have_different_etags(self, client, newsroom):
        assert client.get("/feed/")["ETag"] != client.get("/feed/atom/")["ETag"]

    def test_a_new_story_changes_the_feed(self, client, newsroom):
        etag = client.get("/feed/")["ETag"]
        make_article(newsroom.site.sections["economy"], title="خبر جديد", published_at=timezone.now())
        response = client.get("/feed/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200 and response["ETag"] != etag

    def test_a_fix_to_a_published_story_changes_the_feed(self, client, newsroom):
        etag = client.get("/feed/")["ETag"]
        lead = newsroom.lead
        lead.title = "افتتاح جسر الرشيد في دير الزور (محدّث)"
        lead.save_revision().publish()
        response = client.get("/feed/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert feedparser.parse(response.content).entries[0].title == lead.title

    def test_a_withdrawn_story_changes_the_feed_even_for_if_modified_since(self, client, newsroom):
        first = client.get("/feed/")
        with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
            newsroom.second.unpublish()
            by_etag = client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
            by_date = client.get("/feed/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert by_etag.status_code == 200
        assert article_url(newsroom.second) not in by_etag.content.decode()
        # No story left in the feed is newer, but the withdrawal is: readers polling by date see it too.
        assert by_date.status_code == 200


def test_feeds_refuse_writes(client, newsroom):
    assert client.post("/feed/").status_code in (403, 405)
    assert client.generic("PUT", "/feed/atom/").status_code in (403, 405)
