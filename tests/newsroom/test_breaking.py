"""Breaking news: an editor flags a live story as عاجل until a time; every reader page shows the bar, its
JSON answer may be cached only a few seconds, and the bar is gone at the expiry time."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_max_age
from lxml import html

from khabar.news.signals import content_changed
from khabar.newsroom import breaking, jobs
from khabar.newsroom.models import BreakingNews
from tests.factories import make_article

ADD_FLAG = "newsroom_breaking:add"


@pytest.fixture
def story(site):
    return make_article(site.sections["syria"], title="انفجار في مستودع للوقود قرب حمص", tags=["حمص"])


@pytest.fixture
def signals():
    received = []

    def receiver(sender, article=None, reason=None, **kwargs):
        received.append((article, reason))

    content_changed.connect(receiver)
    yield received
    content_changed.disconnect(receiver)


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def bar_links(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    page = html.fromstring(response.content)
    bars = page.cssselect("#breaking-bar")
    assert len(bars) == 1, f"{path}: the bar (even empty) is on every reader page, for the script to fill"
    bar = bars[0]
    links = [(a.get("href"), a.text_content()) for a in bar.cssselect(".breaking-list a")]
    assert (bar.get("hidden") is None) == bool(links), path
    return links


def reader_paths(story):
    return ["/", story.get_parent().url, f"/a/{story.public_id}/", "/tag/حمص/", "/search/?q=حمص"]


def test_editor_flags_a_story_and_every_reader_page_shows_the_bar(story, editor, as_user, client, signals,
                                                                  django_capture_on_commit_callbacks):
    as_user(editor)
    assert client.get(reverse(ADD_FLAG) + f"?article={story.pk}").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(ADD_FLAG), {
            "article": story.pk, "headline": "عاجل: انفجار قرب حمص",
            "expires_at": local_input(timezone.now() + timedelta(hours=1)),
        })
    assert response.status_code == 302
    assert BreakingNews.objects.get().created_by == editor
    assert (None, "breaking") in signals  # the page cache drops every page: they all show the bar

    client.logout()
    for path in reader_paths(story):
        assert bar_links(client, path) == [(f"/a/{story.public_id}/", "عاجل: انفجار قرب حمص")], path


def test_the_bars_json_is_fresh_within_seconds(story, client):
    BreakingNews.objects.create(article=story, expires_at=timezone.now() + timedelta(hours=1))

    response = client.get("/api/breaking/")

    assert response.status_code == 200
    assert 0 < get_max_age(response) <= 5
    assert "public" in response["Cache-Control"]
    data = response.json()
    assert [item["url"] for item in data["items"]] == [f"/a/{story.public_id}/"]
    assert data["items"][0]["text"] == story.title
    # The script polls more often than (poll + max-age) ≤ 10 seconds, the promise to readers.
    assert data["poll_seconds"] + get_max_age(response) <= 10


def test_the_bar_disappears_at_expiry_and_the_job_tells_the_page_cache(story, client, signals,
                                                                        django_capture_on_commit_callbacks):
    expires = timezone.now() + timedelta(minutes=30)
    BreakingNews.objects.create(article=story, expires_at=expires)
    assert bar_links(client, "/")

    with time_machine.travel(expires - timedelta(seconds=1), tick=False):
        assert bar_links(client, "/") and client.get("/api/breaking/").json()["items"]
    with time_machine.travel(expires + timedelta(seconds=1), tick=False):
        for path in reader_paths(story):
            assert bar_links(client, path) == [], path
        assert client.get("/api/breaking/").json()["items"] == []
        signals.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.announce_breaking_expiries() == 1
        assert signals == [(None, "breaking")]
        with django_capture_on_commit_callbacks(execute=True):
            assert jobs.announce_breaking_expiries() == 0  # announced once


def test_a_flag_on_a_story_that_is_not_live_is_never_shown(site, client):
    draft = make_article(site.sections["syria"], title="خبر لم ينشر بعد", publish=False)
    gone = make_article(site.sections["syria"], title="خبر سحب من النشر")
    BreakingNews.objects.create(article=draft, expires_at=timezone.now() + timedelta(hours=1))
    BreakingNews.objects.create(article=gone, expires_at=timezone.now() + timedelta(hours=1))
    assert len(bar_links(client, "/")) == 1

    gone.unpublish()

    assert bar_links(client, "/") == []
    assert client.get("/api/breaking/").json()["items"] == []


def test_flags_are_refused_for_drafts_other_sections_and_past_times(site, story, economy_editor, editor,
                                                                     as_user, client):
    as_user(economy_editor)
    response = client.post(reverse(ADD_FLAG), {
        "article": story.pk, "expires_at": local_input(timezone.now() + timedelta(hours=1))})
    assert "لا تملك صلاحية النشر" in response.content.decode()

    as_user(editor)
    response = client.post(reverse(ADD_FLAG), {
        "article": story.pk, "expires_at": local_input(timezone.now() - timedelta(hours=1))})
    assert "في المستقبل" in response.content.decode()
    draft = make_article(site.sections["syria"], title="مسودة", publish=False)
    response = client.post(reverse(ADD_FLAG), {
        "article": draft.pk, "expires_at": local_input(timezone.now() + timedelta(hours=1))})
    assert "خبر منشور" in response.content.decode()

    assert not BreakingNews.objects.exists()


def test_an_editor_cannot_end_another_sections_flag_but_his_own(site, story, economy_editor, editor, as_user,
                                                                client):
    flag = BreakingNews.objects.create(article=story, expires_at=timezone.now() + timedelta(hours=1))
    as_user(economy_editor)
    client.post(reverse("newsroom_breaking:delete", args=[flag.pk]))
    assert BreakingNews.objects.filter(pk=flag.pk).exists()

    as_user(editor)
    client.post(reverse("newsroom_breaking:delete", args=[flag.pk]))
    assert not BreakingNews.objects.filter(pk=flag.pk).exists()


def test_writers_cannot_flag_stories(story, writer, as_user, client):
    as_user(writer)
    assert client.get(reverse(ADD_FLAG)).status_code == 302
    client.post(reverse(ADD_FLAG), {"article": story.pk,
                                    "expires_at": local_input(timezone.now() + timedelta(hours=1))})
    assert not BreakingNews.objects.exists()


def test_the_bar_text_is_escaped(story, client):
    BreakingNews.objects.create(article=story, headline='<script>alert("x")</script>',
                                expires_at=timezone.now() + timedelta(hours=1))
    body = client.get("/").content.decode()
    assert '<script>alert("x")</script>' not in body
    assert bar_links(client, "/")[0][1] == '<script>alert("x")</script>'


def test_at_most_three_items_newest_first(site, client):
    stories = [make_article(site.sections["syria"], title=f"خبر عاجل {n}") for n in range(5)]
    now = timezone.now()
    for n, item in enumerate(stories):
        BreakingNews.objects.create(article=item, starts_at=now - timedelta(minutes=10 - n),
                                    expires_at=now + timedelta(hours=1))
    texts = [text for _href, text in bar_links(client, "/")]
    assert texts == ["خبر عاجل 4", "خبر عاجل 3", "خبر عاجل 2"]
    assert len(breaking.as_json()["items"]) == 3


def test_the_newsroom_lists_flags_and_notes(story, editor, as_user, client):
    BreakingNews.objects.create(article=story, headline="شريط اختباري", expires_at=timezone.now() + timedelta(hours=1))
    as_user(editor)
    listing = client.get(reverse("newsroom_breaking:index"))
    assert listing.status_code == 200
    assert "شريط اختباري" in listing.content.decode()
    assert client.get(reverse("newsroom_notes:index")).status_code == 200
