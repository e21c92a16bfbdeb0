"""The index follows the newsroom: publishing, editing, unpublishing, importing and `khabar reindex`."""

import pytest
from django.core.management import call_command
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config

from khabar.news.models import ArticlePage, Author
from khabar.news.signals import content_changed
from khabar.search.models import ArticleEntry
from tests.factories import make_article


def found(client, query):
    return [r["title"] for r in client.get("/search/", {"q": query, "format": "json"}).json()["results"]]


def test_publishing_and_editing_update_the_index(client, site):
    article = make_article(site.sections["syria"], title="افتتاح جسر جديد فوق نهر العاصي", tags=["بنية تحتية"])
    assert found(client, "جسور العاصي") == [article.title]
    assert found(client, "بنية تحتية") == [article.title]  # tags are committed after the page row: still indexed

    draft = ArticlePage.objects.get(pk=article.pk)
    draft.title = "افتتاح معبر جديد فوق نهر العاصي"
    revision = draft.save_revision()
    assert found(client, "معبر") == []  # an unpublished draft is not what readers see
    revision.publish()
    assert found(client, "معابر") == ["افتتاح معبر جديد فوق نهر العاصي"]
    assert found(client, "جسر") == []


def test_unpublishing_removes_the_article(client, site):
    article = make_article(site.sections["syria"], title="إغلاق طريق حمص طرطوس")
    assert found(client, "طريق طرطوس") == [article.title]
    article.unpublish()
    assert found(client, "طريق طرطوس") == []


def test_an_import_that_announces_its_changes_is_indexed(client, site):
    article = make_article(site.sections["economy"], title="تقرير اقتصادي", summary="")
    # An importer writing rows directly, then telling everyone through news.signals.content_changed.
    ArticlePage.objects.filter(pk=article.pk).update(summary="ارتفاع أسعار الذهب في أسواق حلب")
    assert found(client, "الذهب") == []
    content_changed.send(sender=ArticlePage, article=ArticlePage.objects.get(pk=article.pk), reason="import")
    assert found(client, "ذهب") == ["تقرير اقتصادي"]


def test_moving_an_article_to_another_section_moves_it_in_the_filter(client, site):
    article = make_article(site.sections["syria"], title="معرض الكتاب يفتح أبوابه")
    assert [r["title"] for r in client.get("/search/", {"q": "معرض", "section": "culture",
                                                        "format": "json"}).json()["results"]] == []
    ArticlePage.objects.get(pk=article.pk).move(site.sections["culture"], pos="last-child")
    found_in_culture = client.get("/search/", {"q": "معارض", "section": "culture", "format": "json"}).json()
    assert [r["title"] for r in found_in_culture["results"]] == [article.title]
    assert found_in_culture["results"][0]["section"] == "ثقافة وفنون"


def test_renaming_an_author_reindexes_their_articles(client, site):
    article = make_article(site.sections["syria"], title="تقرير ميداني", authors=["ريم العلي"])
    author = Author.objects.get(name="ريم العلي")
    author.name = "ريم الخطيب"
    author.save()
    assert found(client, "الخطيب") == [article.title]


def test_reindex_command_rebuilds_the_index(client, site):
    article = make_article(site.sections["syria"], title="مهرجان الربيع في اللاذقية")
    get_search_backend().reset_indexes()
    assert get_app_config().get_model("IndexEntry").objects.count() == 0
    assert found(client, "مهرجان") == []
    call_command("reindex", "--no-progress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found(client, "مهرجانات اللاذقية") == [article.title]


def test_wagtail_search_and_autocomplete_are_arabic_aware(site):
    # The admin's page search goes through the same backend.
    article = make_article(site.sections["syria"], title="الاشتباكات تتجدد في ريف إدلب")
    assert list(ArticlePage.objects.search("اشتباك ادلب")) == [article]
    assert list(ArticlePage.objects.autocomplete("الاشتبا")) == [article]
    assert list(ArticlePage.objects.search("حماة")) == []
    assert list(ArticlePage.objects.search("ـــ")) == []


@pytest.mark.postgres
def test_postgres_path_matches_on_its_own_gin_index(client, site):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'khabar_search_entry_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "vector" in definition
    article = make_article(site.sections["syria"], title="وزراء الخارجية العرب في الرياض")
    assert found(client, "وزير خارجية") == [article.title]
    entry = ArticleEntry.objects.get(page_id=article.pk)
    assert entry.section_id == site.sections["syria"].pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM khabar_search_articleentry WHERE page_id = %s", [article.pk])
        (vector,) = cursor.fetchone()
    assert "'وزير':" in vector and "A" in vector  # analysed words; the headline carries weight A


def test_saves_inside_one_import_block_are_indexed_once_as_the_block_left_them(client, site):
    from khabar.search.deferral import one_index_write_per_object

    with one_index_write_per_object():
        article = make_article(site.sections["economy"], title="عنوان مؤقت قبل التحرير", tags=["تجارة"])
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = "افتتاح معرض دمشق الدولي بمشاركة واسعة"
        page.save_revision().publish()
        assert found(client, "معرض") == []  # nothing is written until the block ends
    assert found(client, "معارض دمشق") == ["افتتاح معرض دمشق الدولي بمشاركة واسعة"]
    assert found(client, "تجارة") == ["افتتاح معرض دمشق الدولي بمشاركة واسعة"]
    assert found(client, "مؤقت") == []


def test_a_block_that_fails_writes_nothing_to_the_index(client, site):
    from khabar.search.deferral import one_index_write_per_object

    with pytest.raises(RuntimeError), one_index_write_per_object():
        make_article(site.sections["economy"], title="خبر لم يكتمل استيراده")
        raise RuntimeError("the importer gave up on this article")
    assert found(client, "استيراده") == []
