"""Saved article pages: metadata the page declares, the body trafilatura finds, and pages that are no
article refused."""

from datetime import datetime
from zoneinfo import ZoneInfo

from khabar.migration.formats import html
from khabar.migration.records import ParsedArticle, RecordError

from .conftest import FIXTURES, parsed

DAMASCUS = ZoneInfo("Asia/Damascus")


def one(path, dates):
    [item] = parsed(html, f"html/{path}", dates)
    return item


def test_json_ld_page(no_date):
    article = one("article_jsonld.html", no_date)
    assert isinstance(article, ParsedArticle)
    assert article.title == "افتتاح سوق الخضار الجديد في حماة"
    assert article.published == datetime.fromisoformat("2021-03-14T08:15:00+02:00")
    assert article.authors == ["نادر السعدي"]
    assert article.image_url == "https://old.alwadi.example/uploads/market.jpg"
    assert article.original_url == "https://old.alwadi.example/news/2021/03/14/vegetable-market"
    assert article.section_title == "محليات"
    assert article.tags == ["حماة", "أسواق", "زراعة"]
    assert len(article.paragraphs) == 4
    assert article.title not in article.paragraphs  # the <h1> inside the article is not body
    stored = " ".join(str(v) for _, v in article.blocks)
    assert "<strong>مئة وعشرين محلاً</strong>" in stored
    for chrome in ("الأكثر قراءة", "جميع الحقوق", "tracker", "onclick", "alert"):
        assert chrome not in stored


def test_open_graph_page_without_json_ld(no_date):
    article = one("article_opengraph.html", no_date)
    assert article.title == "الفريق الأول يفوز على ضيفه بثلاثة أهداف"
    assert article.published == datetime(2022, 9, 2, 19, 45, tzinfo=DAMASCUS)  # no offset: the site's zone
    assert article.authors == ["سلمى الحسن"]
    assert article.tags == ["كرة القدم", "الدوري المحلي"]
    assert article.section_title == "رياضة"
    assert article.image_url == "http://old.alwadi.example/uploads/match.jpg"
    assert [b[0] for b in article.blocks] == ["paragraph", "heading", "paragraph", "quote", "paragraph"]


def test_old_table_layout_page_in_windows_1256(no_date):
    article = one("old_table_cp1256.html", no_date)
    assert article.title == "تكريم المتفوقين في امتحانات الشهادة الثانوية"
    assert article.published == datetime(2008, 6, 5, 10, 30, tzinfo=DAMASCUS)  # from "نشر بتاريخ 05/06/2008"
    assert len(article.paragraphs) == 3
    assert article.paragraphs[0].startswith("كرّمت مديرية التربية")
    body = " ".join(article.paragraphs)
    for chrome in ("الرئيسية", "خبر قديم", "نشر بتاريخ", "جميع الحقوق"):
        assert chrome not in body
    assert article.original_url == ""  # the page does not say where it lived: the content hash is the key


def test_pages_that_are_not_articles_are_refused(no_date):
    for page in ("no_article_listing.html", "not_found.html"):
        error = one(page, no_date)
        assert isinstance(error, RecordError), page
        assert error.reason.startswith("no article")


def test_empty_file_is_refused(tmp_path, no_date):
    empty = tmp_path / "empty.html"
    empty.write_text("")
    [error] = html.parse(empty, no_date)
    assert isinstance(error, RecordError)


def test_a_story_page_mislabelled_og_type_website_is_still_imported(tmp_path, no_date):
    page = (FIXTURES / "html/article_opengraph.html").read_text(encoding="utf-8")
    mislabelled = tmp_path / "story.html"
    mislabelled.write_text(page.replace('content="article"', 'content="website"')
                           .replace('<meta property="article:published_time" content="2022-09-02T19:45:00">', ""),
                           encoding="utf-8")
    [article] = html.parse(mislabelled, no_date)
    assert isinstance(article, ParsedArticle)
    assert article.title == "الفريق الأول يفوز على ضيفه بثلاثة أهداف"
