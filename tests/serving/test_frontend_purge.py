"""With a CDN configured (WAGTAILFRONTENDCACHE), a publish purges the story and every page that lists it."""

import pytest
from django.db import transaction
from django.urls import reverse

from khabar.news.models import ArticlePage
from khabar.serving import frontend
from tests.factories import make_article
from tests.serving import purge_recorder
from tests.serving.conftest import publish_edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cdn(settings):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": "tests.serving.purge_recorder.RecordingBackend"}}
    purge_recorder.PURGED.clear()
    return purge_recorder.PURGED


def run_commit_hooks():
    connection = transaction.get_connection()
    while connection.run_on_commit:
        connection.run_on_commit.pop(0)[1]()


def test_publishing_purges_the_story_and_the_pages_that_list_it(cdn, site):
    story = make_article(site.sections["economy"], title="انخفاض سعر صرف الليرة", tags=["الليرة"],
                         authors=["خالد منصور"])
    run_commit_hooks()
    cdn.clear()
    publish_edit(story, title="انخفاض جديد في سعر صرف الليرة")
    run_commit_hooks()
    tag, author = story.tags.first(), story.authors.first()
    tag_path = reverse("news:tag", args=[tag.slug])  # percent-encoded, as a CDN is asked
    for path in ["/", "/economy/", f"/a/{story.public_id}/", tag_path, f"/author/{author.slug}/"]:
        assert any(url.endswith(path) and url.startswith("http") for url in cdn), (path, cdn)


def test_unpublishing_purges_too(cdn, article):
    run_commit_hooks()
    cdn.clear()
    ArticlePage.objects.get(pk=article.pk).unpublish()
    run_commit_hooks()
    assert any(url.endswith(f"/a/{article.public_id}/") for url in cdn)
    assert any(url.endswith("/syria/") for url in cdn)


def test_nothing_is_purged_unless_a_cdn_is_configured(settings, article):
    settings.WAGTAILFRONTENDCACHE = {}
    purge_recorder.PURGED.clear()
    publish_edit(article, title="تعديل بلا شبكة توزيع")
    run_commit_hooks()
    assert not frontend.enabled() and purge_recorder.PURGED == []
