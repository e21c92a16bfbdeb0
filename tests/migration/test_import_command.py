"""`khabar import` end to end: what lands in the site, what an old link answers, and what a re-run, a dry run
and a broken record do."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from khabar.migration.models import ImportedArticle
from khabar.migration.writer import ArticleWriter
from khabar.news.models import ArticlePage, ArticleViewCount, Author, SectionPage, Source
from khabar.news.signals import content_changed

from .conftest import FIXTURES, run_import

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def article_titled(title):
    return ArticlePage.objects.get(title=title)


def world():
    """Everything an import may write, counted."""
    return {model.__name__: model.objects.count() for model in
            (Page, Revision, Redirect, Author, Source, Tag, ImportedArticle, ArticleViewCount)}


def test_text_dump_becomes_a_published_article_and_its_old_link_answers_301(client, site):
    run = run_import(FIXTURES / "text/market_prices.txt", "--section", "economy")
    assert "imported 1, updated 0" in run.summary
    article = article_titled("ارتفاع أسعار الخضار في أسواق حماة مع بداية الربيع")
    assert article.live and article.get_parent().specific == site.sections["economy"]
    assert article.original_url == "http://old.alwadi.example/a/2001"
    assert article.views == 1240
    assert [block.block_type for block in article.body] == ["paragraph"] * 4
    response = client.get("/a/2001")
    assert response.status_code == 301
    assert response["Location"] == f"/a/{article.public_id}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert article.title in page.content.decode()


def test_reimport_updates_in_place_and_never_duplicates(site, tmp_path):
    source = tmp_path / "site.jsonl"
    source.write_bytes((FIXTURES / "jsonl/articles.jsonl").read_bytes())
    first = run_import(source)
    assert "imported 4, updated 0" in first.summary
    before = {a.original_url or a.title: (a.pk, a.public_id) for a in ArticlePage.objects.all()}
    counts = world()

    again = run_import(source)
    assert "imported 0, updated 0, skipped 4 (4 unchanged" in again.summary
    assert world() == counts  # not even a new revision

    source.write_text(source.read_text(encoding="utf-8").replace("ثلاثة أيام", "خمسة أيام"), encoding="utf-8")
    changed = run_import(source)
    assert "imported 0, updated 1" in changed.summary
    river = ArticlePage.objects.get(original_url="https://old.nahr.example/news/5502")
    assert (river.pk, river.public_id) == before[river.original_url]
    assert "خمسة أيام" in str(river.body)
    assert ArticlePage.objects.count() == 4
    assert Redirect.objects.filter(old_path="/news/5502").count() == 1


def test_record_without_url_is_recognised_by_its_content(site, tmp_path):
    source = tmp_path / "no_url.jsonl"
    source.write_text('{"title": "خبر بلا رابط", "body": "متن ثابت لا يتغير."}\n', encoding="utf-8")
    run_import(source, "--date", "2024-02-02")
    run_import(source, "--date", "2024-02-02")
    assert ArticlePage.objects.filter(title="خبر بلا رابط").count() == 1
    assert ImportedArticle.objects.get().content_hash == ArticlePage.objects.get().import_record.content_hash


def test_wordpress_export_creates_sections_authors_tags_drafts_and_redirects(client, site):
    run = run_import(FIXTURES / "wxr/export.xml")
    assert "imported 3, updated 0, skipped 2 (0 unchanged, 2 not articles), failed 1" in run.summary
    assert "export.xml:131" in run.err and "no title" in run.err
    bread = article_titled("انخفاض سعر الخبز السياحي في أفران المدينة")
    economy = bread.get_parent().specific
    assert isinstance(economy, SectionPage) and economy.title == "اقتصاد" and economy.live
    assert economy.get_parent().specific == site.home
    assert sorted(t.name for t in bread.tags.all()) == ["الأسعار", "الخبز"]
    assert [a.name for a in bread.authors.all()] == ["رنا الخطيب"]
    assert bread.views == 4312
    assert bread.import_record.image_url.endswith("/bread.jpg")
    city = SectionPage.objects.get(slug="local-news")
    assert city.title == "أخبار المدينة"
    draft = article_titled("مسودة عن موسم قطاف الزيتون")
    assert not draft.live and draft.get_parent().specific == city
    # The Arabic permalink, as a browser sends it (percent-encoded), and as a link copied from a page.
    for old in ("/2023/01/15/%d8%b3%d8%b9%d8%b1-%d8%a7%d9%84%d8%ae%d8%a8%d8%b2/", "/2023/01/15/سعر-الخبز"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == f"/a/{bread.public_id}/"


def test_html_pages_import_and_a_page_with_no_article_is_reported(site):
    run = run_import(FIXTURES / "html")
    assert "imported 3, updated 0, skipped 0 (0 unchanged, 0 not articles), failed 2" in run.summary
    assert "no_article_listing.html: no article" in run.err
    assert "not_found.html: no article" in run.err
    market = article_titled("افتتاح سوق الخضار الجديد في حماة")
    assert [a.name for a in market.authors.all()] == ["نادر السعدي"]
    assert market.get_parent().title == "محليات"
    old_school = article_titled("تكريم المتفوقين في امتحانات الشهادة الثانوية")
    assert old_school.get_parent().slug == "archive"  # no section named, none given: the archive


def test_jsonl_sections_by_slug_or_title_sources_and_drafts(site):
    run_import(FIXTURES / "jsonl/articles.jsonl")
    library = article_titled("المكتبة العامة تمدد ساعات الدوام في فترة الامتحانات")
    assert library.get_parent().specific == site.sections["culture"]  # by slug
    assert [s.name for s in library.sources.all()] == ["إذاعة المدينة"]
    river = article_titled("حملة لتنظيف مجرى النهر قبل موسم الأمطار")
    assert river.get_parent().title == "بيئة"  # new section, created live
    assert river.get_parent().live
    gold = article_titled("مسودة تقرير عن أسعار الذهب")
    assert gold.get_parent().specific == site.sections["economy"]  # "economy" given as a plain string
    assert not gold.live


def test_malformed_records_are_reported_with_line_and_reason_and_the_rest_imported(site):
    run = run_import(FIXTURES / "jsonl/broken.jsonl")
    assert "imported 2, updated 0, skipped 0 (0 unchanged, 0 not articles), failed 5" in run.summary
    for line in (2, 3, 4, 5, 6):
        assert f"broken.jsonl:{line}: " in run.err
    assert ArticlePage.objects.count() == 2


def test_each_article_is_its_own_transaction(site, monkeypatch):
    original = ArticleWriter._redirect

    def failing(self, article, record):
        if "الحافلات" in record.title:
            raise RuntimeError("disk full")
        return original(self, article, record)

    monkeypatch.setattr(ArticleWriter, "_redirect", failing)
    run = run_import(FIXTURES / "text", "--date", "2022-07-01")
    assert "imported 2" in run.summary and "failed 2" in run.summary  # the failed write and no_headline.txt
    assert "RuntimeError: disk full" in run.err
    assert not ArticlePage.objects.filter(title__contains="الحافلات").exists()
    assert not ArticleViewCount.objects.filter(views=350).exists()
    assert ArticlePage.objects.filter(title__contains="أسعار الخضار").exists()


def test_dry_run_writes_nothing_and_says_what_it_would_do(site):
    counts = world()
    run = run_import(FIXTURES / "wxr/export.xml", FIXTURES / "jsonl/articles.jsonl", "--dry-run")
    assert world() == counts
    # The category اقتصاد is the site's existing section of that title; أخبار المدينة would be new.
    assert "would create: «انخفاض سعر الخبز السياحي في أفران المدينة» in اقتصاد ←" in run.out
    assert "would create: «افتتاح جسر المشاة فوق الطريق الدائري» in أخبار المدينة (new)" in run.out
    assert "Dry run: nothing was written." in run.out
    assert "would import 7" in run.summary


def test_dry_run_json_prints_each_parsed_article(site):
    run = run_import(FIXTURES / "text", FIXTURES / "html/article_jsonld.html", "--dry-run", "--json")
    records = [json.loads(line) for line in run.out.splitlines()]
    assert len(records) == 4
    for record in records:
        assert {"title", "published", "original_url", "views", "paragraphs"} <= set(record)
        assert record["published"][-6:] in ("+02:00", "+03:00")  # ISO 8601 with the offset
        assert all(isinstance(p, str) and p for p in record["paragraphs"])
    by_title = {r["title"]: r for r in records}
    assert by_title["بلدية البلدة تطلق حملة لتشجير مداخل الطرق الرئيسية"]["views"] is None
    assert by_title["ارتفاع أسعار الخضار في أسواق حماة مع بداية الربيع"]["views"] == 1240
    assert "no headline" in run.err and "failed 1" in run.err  # reports go to stderr, stdout stays JSON


def test_draft_option_saves_without_publishing(site, client):
    run_import(FIXTURES / "text/market_prices.txt", "--draft")
    article = ArticlePage.objects.get()
    assert not article.live and article.latest_revision is not None
    assert client.get(f"/a/{article.public_id}/").status_code == 404


def test_same_titles_get_unique_slugs(site, tmp_path):
    source = tmp_path / "twins.jsonl"
    source.write_text("\n".join(json.dumps({"title": "بيان صحفي", "body": f"متن رقم {n}", "section": "syria",
                                            "url": f"https://old.example/p/{n}"}, ensure_ascii=False)
                                for n in range(3)), encoding="utf-8")
    run_import(source)
    slugs = sorted(ArticlePage.objects.values_list("slug", flat=True))
    assert slugs == ["بيان-صحفي", "بيان-صحفي-2", "بيان-صحفي-3"]


def test_imported_views_start_the_counter_and_never_lower_it(site, tmp_path):
    source = tmp_path / "v.jsonl"
    line = {"title": "خبر مقروء", "body": "متن.", "views": 50, "url": "https://old.example/v"}
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    run_import(source)
    article = ArticlePage.objects.get()
    ArticleViewCount.objects.filter(article=article).update(views=75)  # read on the new site since
    line["body"] = "متن مصحح."
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    run_import(source)
    assert ArticleViewCount.objects.get(article=article).views == 75


def test_progress_bar_on_long_imports(site, tmp_path):
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps({"title": f"خبر رقم {n}", "body": "متن قصير.", "section": "syria"},
                                           ensure_ascii=False) for n in range(60)), encoding="utf-8")
    run = run_import(source, "--date", "2024-01-01")
    assert "60/60" in run.err
    assert "imported 60" in run.summary
    quiet = run_import(source, "--no-progress")
    assert "60/60" not in quiet.err


def test_one_content_changed_signal_per_run(site):
    calls = []

    def receiver(sender, article, reason, **kwargs):
        calls.append((article, reason))

    content_changed.connect(receiver)
    try:
        run_import(FIXTURES / "jsonl/articles.jsonl")
        run_import(FIXTURES / "jsonl/articles.jsonl", "--dry-run")
    finally:
        content_changed.disconnect(receiver)
    assert calls == [(None, "import")]


@pytest.mark.parametrize(("args", "message"), [
    (["/nonexistent/dump"], "No such file or folder"),
    (["{empty}"], "No importable files"),
    (["{fixtures}/text/market_prices.txt", "--section", "no-such-section"], "No section with the slug"),
    (["{fixtures}/text/market_prices.txt", "--json"], "--dry-run"),
    (["{fixtures}/text/market_prices.txt", "--date", "12/05/2020"], "YYYY-MM-DD"),
])
def test_clear_errors_for_bad_invocations(site, tmp_path, args, message):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    args = [a.format(empty=tmp_path, fixtures=FIXTURES) for a in args]
    with pytest.raises(CommandError, match=message):
        run_import(*args)


def test_khabar_import_runs_from_the_command_line(tmp_path):
    env = {**os.environ, "KHABAR_DEBUG": "1", "KHABAR_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    khabar = Path(sys.executable).with_name("khabar")
    result = subprocess.run([str(khabar), "import", str(FIXTURES / "text/market_prices.txt"), "--dry-run", "--json"],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.strip())
    assert record["title"] == "ارتفاع أسعار الخضار في أسواق حماة مع بداية الربيع"
    assert record["published"] == "2021-03-14T09:05:00+02:00"


def test_an_article_the_newsroom_unpublished_stays_unpublished_on_reimport(site, tmp_path):
    source = tmp_path / "w.jsonl"
    line = {"title": "خبر سحب من الموقع", "body": "متن أول.", "url": "https://old.example/w"}
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    run_import(source)
    ArticlePage.objects.get().unpublish()
    line["body"] = "متن معدل في المصدر."
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    assert "updated 1" in run_import(source).summary
    article = ArticlePage.objects.get()
    assert not article.live
    assert "متن معدل" in str(article.get_latest_revision_as_object().body)


def test_a_record_whose_section_changed_moves_with_its_number(site, tmp_path, client):
    source = tmp_path / "m.jsonl"
    line = {"title": "خبر ينتقل بين الأقسام", "body": "متن.", "section": "syria", "url": "https://old.example/m"}
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    run_import(source)
    before = ArticlePage.objects.get()
    line["section"] = "economy"
    source.write_text(json.dumps(line, ensure_ascii=False), encoding="utf-8")
    assert "updated 1" in run_import(source).summary
    after = ArticlePage.objects.get()
    assert (after.pk, after.public_id) == (before.pk, before.public_id)
    assert after.get_parent().specific == site.sections["economy"]
    assert client.get("/m")["Location"] == f"/a/{after.public_id}/"
