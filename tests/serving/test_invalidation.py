"""Every change a reader should see retires the cached pages that show it: publish, edit, correction,
unpublish, deletion, breaking news. In this process at once; in others within a second (test_server.py,
test_two_servers.py)."""

import pytest
from django.db import transaction
from wagtail.models import Page

from khabar.news.models import ArticlePage
from khabar.news.signals import content_changed
from khabar.serving.generation import get_clock
from tests.factories import make_article
from tests.serving.conftest import publish_edit
from tests.transactions import committed

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit():
    """The test runs in one transaction that never commits; this makes a block behave as its own committed
    transaction (``tests/transactions.py``)."""
    return committed


def test_an_edited_and_published_title_replaces_the_cached_page(cached_site, article, commit):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    cached_site.get("/")
    with commit():
        publish_edit(article, title="عنوان مصحح بعد التحقق")
    page, home = cached_site.get(path), cached_site.get("/")
    assert page.cache == "miss" and "عنوان مصحح بعد التحقق" in page.text
    assert home.cache == "miss" and "عنوان مصحح بعد التحقق" in home.text


def test_a_new_story_appears_on_the_cached_home_and_section_pages(cached_site, site, commit):
    section = site.sections["sports"]
    cached_site.get("/")
    cached_site.get(section.url)
    with commit():
        story = make_article(section, title="المنتخب يتأهل إلى النهائي")
    assert story.title in cached_site.get("/").text
    assert story.title in cached_site.get(section.url).text


def test_an_unpublished_story_disappears_from_every_cached_page(cached_site, site, commit):
    # No views: the most-read list keeps its own one-minute cache (khabar.views_counter.ranking).
    article = make_article(site.sections["syria"], title="قافلة مساعدات تصل إلى ريف حلب")
    path = f"/a/{article.public_id}/"
    section_url = article.get_parent().url
    for url in (path, "/", section_url):
        assert article.title in cached_site.get(url).text
    with commit():
        ArticlePage.objects.get(pk=article.pk).unpublish()
    assert cached_site.get(path).status == 404
    assert article.title not in cached_site.get("/").text
    assert article.title not in cached_site.get(section_url).text


def test_a_deleted_story_disappears(cached_site, site, commit):
    article = make_article(site.sections["syria"], title="افتتاح جسر جديد فوق نهر الفرات")
    cached_site.get("/")
    with commit():
        Page.objects.get(pk=article.pk).delete()
    assert article.title not in cached_site.get("/").text


def test_a_correction_or_breaking_news_signal_retires_cached_pages(cached_site, article, commit):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    # A change made outside Wagtail's publishing (as the newsroom's correction and breaking-news tools do),
    # announced with news.signals.content_changed.
    with commit():
        ArticlePage.objects.filter(pk=article.pk).update(summary="تصحيح: عدد الضحايا ثلاثة لا خمسة")
        content_changed.send(sender=ArticlePage, article=article, reason="correction")
    assert "تصحيح: عدد الضحايا ثلاثة لا خمسة" in cached_site.get(path).text
    with commit():
        content_changed.send(sender=None, article=None, reason="breaking")
    assert cached_site.get(path).cache == "miss"


def test_a_change_that_is_rolled_back_retires_nothing(cached_site, article):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    before = get_clock().current()
    with pytest.raises(RuntimeError), transaction.atomic():
        content_changed.send(sender=None, article=None, reason="breaking")
        raise RuntimeError("the editor's save failed")
    assert get_clock().current() == before
    assert cached_site.get(path).cache == "hit"


def test_the_generation_moves_after_the_commit_not_before(article):
    """A worker rendering between the bump and the commit would cache the old story under the new number."""
    before = get_clock().current()
    with transaction.atomic():
        content_changed.send(sender=None, article=article, reason="correction")
        assert get_clock().current() == before
    # Inside the test's own transaction nothing has committed yet either: the bump still waits.
    assert get_clock().current() == before


def test_deleting_a_section_bumps_once(site, commit):
    for n in range(3):
        make_article(site.sections["culture"], title=f"معرض فني رقم {n}")
    with commit():
        before = get_clock().bump()
        Page.objects.get(pk=site.sections["culture"].pk).delete()
    assert get_clock().current() == before + 1


def test_a_draft_save_does_not_retire_cached_pages(cached_site, article):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    page = ArticlePage.objects.get(pk=article.pk)
    page.title = "مسودة لم تنشر بعد"
    page.save_revision()
    answer = cached_site.get(path)
    assert answer.cache == "hit" and "مسودة لم تنشر بعد" not in answer.text
