"""JSON Lines: every documented field, and each malformed line reported with its number and reason."""

from datetime import UTC, datetime

from khabar.migration.formats import jsonl
from khabar.migration.records import ParsedArticle, RecordError

from .conftest import IMPORT_DAY, parsed


def test_every_field(no_date):
    library, river, short, draft = parsed(jsonl, "jsonl/articles.jsonl", no_date)
    assert library.title == "المكتبة العامة تمدد ساعات الدوام في فترة الامتحانات"
    assert library.published == datetime.fromisoformat("2024-05-20T18:30:00+03:00")
    assert (library.section_slug, library.section_title) == ("culture", "ثقافة وفنون")
    assert library.tags == ["مكتبات", "جامعة"]
    assert library.authors == ["هالة يوسف"]
    assert (library.source, library.source_url) == ("إذاعة المدينة", "https://radio.example")
    assert library.original_url == "https://old.nahr.example/news/5501"
    assert library.views == 920
    assert library.image_url == "https://old.nahr.example/img/library.jpg"
    assert library.summary == "المكتبة تفتح حتى العاشرة ليلاً."
    assert len(library.paragraphs) == 2
    assert "<script" not in str(library.blocks) and "iframe" not in str(library.blocks)
    assert river.paragraphs[1] == "وشارك في الحملة عمال البلدية ومتطوعون من الكشافة."
    assert river.tags == ["نهر", "نظافة", "تطوع"]  # one string, Arabic and Latin commas
    assert river.authors == ["مازن الحلو"]
    assert river.views == 120  # "١٢٠"
    assert short.published == datetime(2024, 11, 11, 7, 0, tzinfo=UTC)
    assert short.original_url == "" and len(short.paragraphs) == 2
    assert draft.draft is True


def test_malformed_lines_are_reported_and_the_rest_read(no_date):
    items = parsed(jsonl, "jsonl/broken.jsonl", no_date)
    good = [i for i in items if isinstance(i, ParsedArticle)]
    bad = {i.ref.line: i.reason for i in items if isinstance(i, RecordError)}
    assert [a.title for a in good] == ["أول خبر سليم في ملف فيه أخطاء", "آخر خبر سليم في الملف"]
    assert sorted(bad) == [2, 3, 4, 5, 6]
    assert bad[2].startswith("invalid JSON")
    assert "title" in bad[3]
    assert "views" in bad[4]
    assert "JSON object" in bad[5]
    assert "published" in bad[6]


def test_a_line_without_a_date_takes_the_import_day_with_a_warning(tmp_path, no_date):
    path = tmp_path / "one.jsonl"
    path.write_text('{"title": "عنوان", "body": "متن"}\n', encoding="utf-8")
    [article] = jsonl.parse(path, no_date)
    assert article.published.date() == IMPORT_DAY
    assert any("import day" in w for w in article.warnings)
