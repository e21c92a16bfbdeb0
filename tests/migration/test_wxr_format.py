"""WordPress exports: posts with their taxonomy, people, dates, views and links; broken and hostile files."""

from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from khabar.migration.formats import wxr
from khabar.migration.records import ParsedArticle, RecordError, Skipped

from .conftest import FIXTURES, parsed


def test_posts_with_categories_tags_authors_dates_views_and_permalinks(no_date):
    items = parsed(wxr, "wxr/export.xml", no_date)
    articles = [i for i in items if isinstance(i, ParsedArticle)]
    bread, bridge, draft = articles
    assert bread.title == "انخفاض سعر الخبز السياحي في أفران المدينة"
    assert bread.section_slug == "اقتصاد" and bread.section_title == "اقتصاد"  # percent-encoded nicename
    assert bread.tags == ["الخبز", "الأسعار"]
    assert bread.authors == ["رنا الخطيب"]  # the login's display name
    assert bread.published == datetime(2023, 1, 15, 7, 30, tzinfo=UTC)
    assert bread.updated == datetime(2023, 1, 15, 10, 0, tzinfo=UTC)
    assert bread.views == 4312  # tie_views
    assert bread.original_url.startswith("https://nahr.example/2023/01/15/")
    assert bread.image_url == "https://nahr.example/wp-content/uploads/2023/01/bread.jpg"  # _thumbnail_id
    assert bread.summary == "خفض سعر الخبز السياحي عشرة في المئة."
    assert len(bread.paragraphs) == 3  # blank-line paragraphs, as WordPress stores them
    assert bridge.views == 87  # post_views_count
    assert bridge.section_slug == "local-news" and bridge.section_title == "أخبار المدينة"
    assert bridge.blocks[1] == ("heading", "كلفة المشروع")
    assert draft.draft is True and draft.views is None


def test_pages_attachments_and_untitled_posts(no_date):
    items = parsed(wxr, "wxr/export.xml", no_date)
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert sorted(s.reason for s in skipped) == ["WordPress attachment, not a post", "WordPress page, not a post"]
    [error] = [i for i in items if isinstance(i, RecordError)]
    assert error.ref.line == 131 and "no title" in error.reason


def test_hostile_markup_in_a_post_is_sanitised(no_date):
    bread = parsed(wxr, "wxr/export.xml", no_date)[0]
    stored = " ".join(str(v) for _, v in bread.blocks)
    assert "document.cookie" not in stored and "<script" not in stored and "onmouseover" not in stored


def test_truncated_export_keeps_the_posts_before_the_cut_and_says_where(no_date):
    items = parsed(wxr, "wxr/truncated.xml", no_date)
    assert [type(i) for i in items] == [ParsedArticle, RecordError]
    assert items[0].title == "انخفاض سعر الخبز السياحي في أفران المدينة"
    error = items[1]
    assert error.ref.line and error.ref.line > 60
    assert "cut short" in error.reason


def test_entity_declarations_are_refused(no_date):
    [error] = parsed(wxr, "wxr/entities_attack.xml", no_date)
    assert isinstance(error, RecordError) and "entities" in error.reason


def test_even_when_read_the_parser_neither_expands_nor_fetches_entities(no_date):
    """Defence in depth: the refusal above aside, the stream parser itself resolves nothing."""
    export = wxr._Export(FIXTURES / "wxr/entities_attack.xml")
    export.read()
    hostname = Path("/etc/hostname")
    secret = hostname.read_text().strip() if hostname.exists() else ""
    for _line, fields, _categories, _meta in export.items:
        for value in fields.values():
            assert "lollol" not in value  # &lol3; would be a thousand of them
            assert not secret or secret not in value
    assert export.items[0][1]["title"] == "&secret;"  # left as the reference it is


def test_a_file_that_is_no_wordpress_export(tmp_path, no_date):
    other = tmp_path / "feed.xml"
    other.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    [error] = wxr.parse(other, no_date)
    assert isinstance(error, RecordError) and "no <item>" in error.reason
    assert etree  # lxml is what reads these files
