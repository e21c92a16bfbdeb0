"""The lists every reader page repeats (sections, latest headlines, related stories, an article's body) are
remembered per content change in each worker: a change shows in them at once, and nothing an uncommitted
transaction wrote is ever remembered. These tests commit for real (``transactional_db``), as a server does."""

import pytest
from django.db import transaction
from django.test import Client

from khabar.news.models import ArticlePage
from khabar.serving.memo import memo
from tests.factories import make_article, make_site
from tests.serving.conftest import publish_edit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def site_with_story():
    site = make_site()
    story = make_article(site.sections["syria"], title="افتتاح جسر جديد في حمص", tags=["حمص"])
    return site, story


def _page(path):
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_a_story_published_after_a_page_was_rendered_shows_in_its_latest_and_related_lists(site_with_story):
    site, story = site_with_story
    path = f"/a/{story.public_id}/"
    _page(path)
    _page(path)  # remembered now
    newer = make_article(site.sections["syria"], title="إعادة فتح سوق حمص القديم", tags=["حمص"])
    html = _page(path)
    assert html.count(newer.title) == 2, "the new story belongs in the latest headlines and in the related stories"


def test_an_unpublished_story_leaves_every_remembered_list_and_an_edit_replaces_the_body(site_with_story):
    site, story = site_with_story
    other = make_article(site.sections["syria"], title="وصول قافلة مساعدات إلى ريف حمص", tags=["حمص"])
    path = f"/a/{story.public_id}/"
    assert other.title in _page(path) and other.title in _page("/")
    ArticlePage.objects.get(pk=other.pk).unpublish()
    assert other.title not in _page(path)
    assert other.title not in _page("/")
    publish_edit(story, body=[("paragraph", "<p>فقرة أضيفت بعد التحقق من المصادر.</p>")])
    assert "فقرة أضيفت بعد التحقق من المصادر." in _page(path)


def test_a_renamed_section_is_renamed_in_every_page_header(site_with_story):
    site, story = site_with_story
    _page("/")
    section = site.sections["sports"]
    section.title = "الرياضة والشباب"
    section.save_revision().publish()
    assert "الرياضة والشباب" in _page(f"/a/{story.public_id}/")


def test_nothing_is_remembered_inside_a_transaction():
    calls = []
    with transaction.atomic():
        for _ in range(2):
            memo.get("probe", lambda: calls.append(1))
    assert len(calls) == 2
    memo.get("probe", lambda: calls.append(1))
    memo.get("probe", lambda: calls.append(1))
    assert len(calls) == 3


def test_a_correction_edited_or_deleted_in_the_admin_changes_the_story_page(site_with_story):
    from khabar.newsroom.corrections import add_note
    from khabar.newsroom.models import ArticleNote

    _site, story = site_with_story
    path = f"/a/{story.public_id}/"
    note = add_note(story, kind=ArticleNote.CORRECTION, text="صُحّح اسم الجسر في الفقرة الأولى.")
    assert note.text in _page(path)
    note.text = "صُحّح اسم الجسر وتاريخ افتتاحه."
    note.save()
    assert "صُحّح اسم الجسر وتاريخ افتتاحه." in _page(path)
    note.delete()
    assert "صُحّح اسم الجسر" not in _page(path)


def test_an_unpublished_story_leaves_the_most_read_box_at_once(site_with_story):
    site, story = site_with_story
    popular = make_article(site.sections["economy"], title="ارتفاع أسعار الذهب في دمشق", views=900)
    path = f"/a/{story.public_id}/"
    assert 'class="most-read"' in _page(path) and popular.title in _page(path)
    ArticlePage.objects.get(pk=popular.pk).unpublish()
    assert popular.title not in _page(path), "the minute-long ranking cache must not outlive the unpublish"


def _body_of(html):
    return html.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]


def test_a_preview_shows_the_draft_not_the_remembered_story(site_with_story):
    _site, story = site_with_story
    path = f"/a/{story.public_id}/"
    _page(path)
    _page(path)  # the body and lists are remembered now
    draft = ArticlePage.objects.get(pk=story.pk)
    draft.body = [("paragraph", "<p>فقرة في مسودة لم تنشر بعد.</p>")]
    draft.tags.set(["مسودة-المحرر"])  # a tag typed in the form: not saved, no primary key yet
    html = draft.make_preview_request().content.decode()
    assert "فقرة في مسودة لم تنشر بعد." in _body_of(html)
    assert "مسودة-المحرر" in html.split('class="tags"', 1)[1]
    assert "فقرة في مسودة لم تنشر بعد." not in _body_of(_page(path))
