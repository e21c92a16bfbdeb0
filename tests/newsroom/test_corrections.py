"""Corrections and updates: an editor adds a dated note to a live story; readers see the notes, newest first,
with their times, and the story's "last updated" time follows."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from lxml import html

from khabar.news.models import ArticlePage
from khabar.news.signals import content_changed
from khabar.newsroom.models import ArticleNote
from tests.factories import make_article
from tests.newsroom.admin_forms import PUBLISH, article_form

ADD_NOTE = "newsroom_notes:add"


def reader_page(client, story):
    client.logout()
    response = client.get(f"/a/{story.public_id}/")
    assert response.status_code == 200
    return html.fromstring(response.content)


@pytest.fixture
def story(site):
    return make_article(site.sections["economy"], title="ارتفاع سعر الخبز في دمشق",
                        published_at=timezone.now() - timedelta(hours=3))


def test_editor_adds_a_correction_that_readers_see_with_its_time(story, editor, as_user, client):
    as_user(editor)
    assert client.get(reverse(ADD_NOTE) + f"?article={story.pk}").status_code == 200

    response = client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction",
                                                "text": "صُحّح سعر الربطة: 4000 ليرة لا 400."})

    assert response.status_code == 302
    note = ArticleNote.objects.get(article=story)
    assert note.created_by == editor
    page = reader_page(client, story)
    notes = page.cssselect(".article-notes .article-note")
    assert len(notes) == 1
    assert notes[0].cssselect(".article-note-kind")[0].text_content() == "تصحيح"
    assert "4000 ليرة لا 400" in notes[0].cssselect(".article-note-text")[0].text_content()
    assert notes[0].cssselect("time")[0].get("datetime") == timezone.localtime(note.created_at).isoformat()
    # "Last updated" in the story's header is the correction's time.
    updated = page.cssselect(".article-meta .updated time")
    assert updated and updated[0].get("datetime") == timezone.localtime(note.created_at).isoformat()
    assert ArticlePage.objects.get(pk=story.pk).updated_at == note.created_at


def test_notes_are_listed_newest_first_and_last_updated_follows_the_newest(story, editor, as_user, client):
    as_user(editor)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction", "text": "التصحيح الأول"})
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "update", "text": "التحديث الثاني"})

    page = reader_page(client, story)
    kinds = [node.text_content() for node in page.cssselect(".article-note-kind")]
    texts = [node.text_content().strip() for node in page.cssselect(".article-note-text")]
    assert kinds == ["تحديث", "تصحيح"]
    assert texts == ["التحديث الثاني", "التصحيح الأول"]
    newest = ArticleNote.objects.filter(article=story).order_by("-created_at").first()
    assert ArticlePage.objects.get(pk=story.pk).updated_at == newest.created_at


def test_publishing_a_draft_saved_before_the_correction_keeps_the_newer_time(story, editor, as_user, client):
    as_user(editor)
    # A draft of the story, saved before the correction, still carries the old "last updated" value.
    client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), article_form(story.title, story.slug))
    later = timezone.now() + timedelta(minutes=20)
    with time_machine.travel(later, tick=False):
        client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction", "text": "تصحيح الرقم"})
    note = ArticleNote.objects.get(article=story)

    with time_machine.travel(later + timedelta(minutes=5), tick=False):
        client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]),
                    article_form(story.title, story.slug, summary="موجز معدّل") | PUBLISH)

    story = ArticlePage.objects.get(pk=story.pk)
    assert story.summary == "موجز معدّل"
    assert story.updated_at == note.created_at


def test_a_correction_tells_the_page_cache(story, editor, as_user, client, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, article=None, reason=None, **kwargs):
        received.append((article.pk if article else None, reason))

    content_changed.connect(receiver)
    try:
        as_user(editor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction", "text": "تصحيح"})
    finally:
        content_changed.disconnect(receiver)
    assert (story.pk, "correction") in received


def test_the_correction_is_in_the_storys_history(story, editor, as_user, client):
    as_user(editor)
    client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction", "text": "صُحّح اسم الوزير"})

    history = client.get(reverse("wagtailadmin_pages:history", args=[story.pk]))

    assert history.status_code == 200
    text = history.content.decode()
    assert "صُحّح اسم الوزير" in text
    assert editor.get_full_name() in text or editor.get_username() in text


def test_writers_and_editors_of_other_sections_cannot_add_notes(story, writer, sports_editor, as_user, client):
    as_user(writer)
    assert client.get(reverse(ADD_NOTE)).status_code == 302  # permission denied
    client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction", "text": "محاولة"})

    as_user(sports_editor)
    response = client.post(reverse(ADD_NOTE), {"article": story.pk, "kind": "correction", "text": "محاولة"})
    assert response.status_code == 200
    assert "لا تملك صلاحية النشر" in response.content.decode()

    assert not ArticleNote.objects.exists()


def test_a_note_is_only_for_a_live_story(site, editor, as_user, client):
    draft = make_article(site.sections["economy"], title="مسودة لم تنشر", publish=False)
    as_user(editor)

    response = client.post(reverse(ADD_NOTE), {"article": draft.pk, "kind": "update", "text": "تحديث"})

    assert response.status_code == 200
    assert "خبر منشور فقط" in response.content.decode()
    assert not ArticleNote.objects.exists()


def test_editor_finds_the_buttons_on_a_live_story(story, editor, writer, as_user, client):
    as_user(editor)
    page = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert reverse(ADD_NOTE) + f"?article={story.pk}" in page
    assert reverse("newsroom_breaking:add") + f"?article={story.pk}" in page

    as_user(writer)
    explorer = client.get(reverse("wagtailadmin_explore", args=[story.get_parent().pk])).content.decode()
    assert reverse(ADD_NOTE) not in explorer
