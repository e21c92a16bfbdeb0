"""The reader site as a reader meets it: real pages, real content, through Django's test client."""

from datetime import timedelta

import pytest
from django.utils import timezone
from lxml import html

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def parse(response):
    return html.fromstring(response.content.decode())


def test_home_page_shows_lead_latest_and_section_blocks(client, site):
    older = make_article(site.sections["economy"], title="الليرة تتراجع أمام الدولار في أسواق دمشق")
    newest = make_article(site.sections["syria"], title="افتتاح مستشفى جديد في حلب",
                          published_at=timezone.now() - timedelta(seconds=5))
    response = client.get("/")
    assert response.status_code == 200
    doc = parse(response)
    assert doc.get("lang") == "ar" and doc.get("dir") == "rtl"
    assert doc.cssselect(".lead-story .card-title a")[0].text == newest.title
    assert older.title in [a.text for a in doc.cssselect(".latest .headline-list a")]
    block_titles = [h.text_content().strip() for h in doc.cssselect(".section-block-title")]
    assert "سوريا" in block_titles and "اقتصاد" in block_titles


def test_the_editors_pinned_story_leads_the_home_page_until_it_is_unpublished(client, site):
    pinned = make_article(site.sections["economy"], title="موازنة العام المقبل: ما الذي تغير؟",
                          published_at=timezone.now() - timedelta(days=2))
    newest = make_article(site.sections["syria"], title="افتتاح مستشفى جديد في حلب")
    home = type(site.home).objects.get(pk=site.home.pk)
    home.lead_story = pinned
    home.save_revision().publish()

    doc = parse(client.get("/"))
    assert doc.cssselect(".lead-story .card-title a")[0].text == pinned.title
    latest = [a.text for a in doc.cssselect(".latest .headline-list a")]
    assert newest.title in latest and pinned.title not in latest

    pinned.unpublish()
    doc = parse(client.get("/"))
    assert doc.cssselect(".lead-story .card-title a")[0].text == newest.title
    assert newest.title not in [a.text for a in doc.cssselect(".latest .headline-list a")]


def test_article_page_shows_what_the_seed_page_shows(client, site):
    for n in range(10):
        make_article(site.sections["syria"], title=f"عنوان آخر رقم {n}")
    article = make_article(
        site.sections["syria"], title="اشتباكات ومواجهات مسلحة في دير الزور", kicker="متابعة",
        summary="خلاف بين مجموعتين مسلحتين يتطور إلى اشتباك.", views=286, tags=["دير الزور"],
        authors=["عمر الديري"], sources=["شبكة الفرات الإخبارية"],
        paragraphs=["دارت اشتباكات في المدينة.", "وقال موقع محلي إن الاشتباكات أسفرت عن قتلى."],
        published_at=timezone.localtime().replace(hour=13, minute=27),
    )
    response = client.get(f"/a/{article.public_id}/")
    assert response.status_code == 200
    doc = parse(response)
    assert doc.cssselect("h1.article-title")[0].text == article.title
    assert doc.cssselect(".kicker")[0].text == "متابعة"
    assert doc.cssselect(".views")[0].text == "286 مشاهدة"
    time_text = doc.cssselect("time.published")[0].text
    if timezone.localtime(article.published_at).date() == timezone.localdate():
        assert time_text == "13:27"
    assert [p.text for p in doc.cssselect(".article-body p")] == [
        "دارت اشتباكات في المدينة.", "وقال موقع محلي إن الاشتباكات أسفرت عن قتلى."]
    assert "شبكة الفرات الإخبارية" in doc.cssselect(".sources")[0].text_content()
    assert doc.cssselect(".tags a")[0].text == "دير الزور"
    assert doc.cssselect(".byline a")[0].text == "عمر الديري"
    buttons = doc.cssselect("[data-font-size-control] button")
    assert [b.get("aria-label") for b in buttons] == ["تصغير الخط", "الحجم الافتراضي للخط", "تكبير الخط"]
    assert len(doc.cssselect(".article-aside .headline-list li")) == 8
    assert doc.cssselect(".article-aside .more-link")[0].text == "المزيد"
    share = [a.get("href") for a in doc.cssselect(".share a")]
    assert any(h.startswith("https://wa.me/") for h in share) and any("t.me/share" in h for h in share)
    assert doc.cssselect("link[rel=canonical]")[0].get("href") == f"http://testserver/a/{article.public_id}/"
    assert doc.cssselect(".related .card")


def test_related_stories_share_a_tag_newest_first_then_come_from_the_section(client, site):
    now = timezone.now()
    syria, sports = site.sections["syria"], site.sections["sports"]
    story = make_article(syria, title="افتتاح سوق شعبي في حماة", tags=["حماة", "أسواق"], published_at=now)
    older = make_article(sports, title="فريق حماة يفوز بالكأس", tags=["حماة"], published_at=now - timedelta(days=3))
    newer = make_article(sports, title="أسواق حماة تستعد للعيد", tags=["أسواق"], published_at=now - timedelta(hours=1))
    hidden = make_article(sports, title="مسودة عن حماة", tags=["حماة"], publish=False)
    unrelated = make_article(sports, title="بطولة الشطرنج في اللاذقية", tags=["شطرنج"], published_at=now)
    neighbour = make_article(syria, title="إصلاح طريق في ريف دمشق", published_at=now - timedelta(days=9))

    titles = [a.text for a in parse(client.get(f"/a/{story.public_id}/")).cssselect(".related .card-title a")]

    assert titles[:2] == [newer.title, older.title]
    assert neighbour.title in titles[2:]  # topped up from the story's own section
    assert hidden.title not in titles and unrelated.title not in titles and story.title not in titles


def test_tree_path_redirects_permanently_to_the_short_permalink(client, article):
    response = client.get("/syria/" + article.slug + "/")
    assert response.status_code == 301
    assert response["Location"] == f"/a/{article.public_id}/"
    no_slash = client.get(f"/a/{article.public_id}")
    assert no_slash.status_code == 301 and no_slash["Location"] == f"/a/{article.public_id}/"


def test_page_url_is_the_short_permalink(article):
    assert article.url == f"/a/{article.public_id}/"
    assert 100_000_000 <= article.public_id <= 999_999_999


def test_unknown_article_is_an_arabic_404(client, site):
    response = client.get("/a/999999999/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


def test_draft_article_is_not_served(client, site):
    draft = make_article(site.sections["syria"], title="مسودة لم تنشر", publish=False)
    assert client.get(f"/a/{draft.public_id}/").status_code == 404
    assert "مسودة لم تنشر" not in client.get("/").content.decode()


def test_expired_article_disappears(client, site):
    gone = make_article(site.sections["syria"], title="خبر انتهت صلاحيته",
                        expire_at=timezone.now() - timedelta(minutes=1))
    assert client.get(f"/a/{gone.public_id}/").status_code == 404
    assert gone.title not in client.get("/syria/").content.decode()


@pytest.mark.parametrize("path", ["/syria/", "/tag/{tag}/", "/author/{author}/", "/"])
def test_listing_pages_render_and_paginate(client, site, settings, path):
    settings.KHABAR_PAGE_SIZE = 3
    for n in range(7):
        make_article(site.sections["syria"], title=f"خبر القائمة {n}", tags=["حلب"], authors=["سامر الحلبي"])
    from khabar.news.models import Author
    url = path.format(tag="حلب", author=Author.objects.get(name="سامر الحلبي").slug)
    first = client.get(url)
    assert first.status_code == 200
    doc = parse(first)
    assert doc.cssselect("a[rel=next]")[0].text == "المزيد"
    assert doc.cssselect("link[rel=next]")
    last = client.get(url + "?page=3")
    assert last.status_code == 200
    assert not parse(last).cssselect("a[rel=next]")


@pytest.mark.parametrize("page", ["0", "-1", "1000000000", "abc", "٢", "1.5", ""])
def test_bad_page_numbers_are_clean_404s(client, site, page):
    make_article(site.sections["syria"])
    for url in ["/", "/syria/"]:
        response = client.get(url, {"page": page})
        assert response.status_code == 404
        assert "الصفحة غير موجودة" in response.content.decode()


def test_arabic_digits_setting(client, article, settings):
    settings.KHABAR_DIGITS = "arab"
    doc = parse(client.get(f"/a/{article.public_id}/"))
    assert doc.cssselect(".views")[0].text == "٢٨٦ مشاهدة"


@pytest.mark.parametrize("path", ["/tag/%00/", "/author/a%00b/", "/tag/<script>/", "/author/x;drop/"])
def test_hostile_tag_and_author_slugs_are_clean_404s(client, site, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()
