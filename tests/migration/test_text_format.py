"""The plain-text page dump parser, on dumps of the seed's shape written for these tests: the structure
(headline, meta block, font-size control, body) decides, not the words of any one page."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from khabar.migration.dates import DateDefaults
from khabar.migration.formats import text
from khabar.migration.records import ParsedArticle, RecordError

from .conftest import FIXTURES, IMPORT_DAY, parsed

DAMASCUS = ZoneInfo("Asia/Damascus")
NBSP = "\u00a0"


def one(path, dates):
    [item] = parsed(text, f"text/{path}", dates)
    return item


def test_dump_with_a_dateline_gives_every_field(no_date):
    article = one("market_prices.txt", no_date)
    assert isinstance(article, ParsedArticle)
    assert article.title == "ارتفاع أسعار الخضار في أسواق حماة مع بداية الربيع"
    assert article.original_url == "http://old.alwadi.example/a/2001"
    assert article.views == 1240
    # The page's own dateline ("الأحد 14 آذار 2021") gives the day; Damascus was on winter time (+02:00).
    assert article.published == datetime(2021, 3, 14, 9, 5, tzinfo=DAMASCUS)
    assert article.published.utcoffset().total_seconds() == 2 * 3600
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("شهدت أسواق الخضار")
    assert article.paragraphs[-1].startswith("وتوقعت غرفة الزراعة")
    assert article.warnings == []


def test_what_surrounds_the_story_is_left_out(no_date):
    article = one("market_prices.txt", no_date)
    body = "\n".join(article.paragraphs)
    for chrome in ("المزيد", "مهرجان للكتاب المستعمل", "انقطاع المياه", "فريق الشباب", "مشاهدة", "حجم الخط",
                   "1240", "09:05", "http://"):
        assert chrome not in body
    assert article.title not in article.paragraphs
    assert all(p.strip() and p.strip(NBSP + " ") == p for p in article.paragraphs)


def test_windows_line_ends_and_eastern_digits(no_date):
    raw = (FIXTURES / "text/eastern_digits_crlf.txt").read_bytes()
    assert b"\r\n" in raw  # the fixture really has Windows line ends (guards against a git conversion)
    article = one("eastern_digits_crlf.txt", DateDefaults(given=date(2022, 7, 1), today=IMPORT_DAY))
    assert article.title == "وصول أول قافلة من الحافلات الجديدة إلى مرآب النقل الداخلي"
    assert article.views == 350  # "٣٥٠"
    assert article.published == datetime(2022, 7, 1, 16, 40, tzinfo=DAMASCUS)  # "١٦:٤٠"
    assert len(article.paragraphs) == 3
    assert not any("\r" in p for p in article.paragraphs)
    # Digits inside the story are the writer's and stay as written.
    assert "٢٥ حافلة" in article.paragraphs[0]


def test_no_view_count_many_other_headlines_date_in_the_url_and_evening_time(no_date):
    article = one("no_views_many_headlines.txt", no_date)
    assert article.title == "بلدية البلدة تطلق حملة لتشجير مداخل الطرق الرئيسية"
    assert article.views is None
    assert article.published == datetime(2019, 11, 3, 20, 45, tzinfo=DAMASCUS)  # "8:45 م", /2019/11/03/
    assert len(article.paragraphs) == 3
    assert not any("عنوان خبر آخر" in p for p in article.paragraphs)


def test_without_any_date_the_import_day_is_used_with_a_warning(no_date):
    article = one("eastern_digits_crlf.txt", no_date)
    assert article.published == datetime.combine(IMPORT_DAY, time(16, 40), tzinfo=DAMASCUS)
    assert any("import day" in w for w in article.warnings)


def test_date_option_wins_over_the_pages_own_clues():
    article = one("market_prices.txt", DateDefaults(given=date(2021, 4, 1), today=IMPORT_DAY))
    assert article.published == datetime(2021, 4, 1, 9, 5, tzinfo=DAMASCUS)


def test_a_dump_without_headline_is_refused_with_the_reason(no_date):
    error = one("no_headline.txt", no_date)
    assert isinstance(error, RecordError)
    assert "no headline" in error.reason
    assert str(error).startswith(str(FIXTURES / "text/no_headline.txt"))


def test_shapes_built_from_parts(no_date):
    """Other counts of other headlines, an inline view count, a missing font-size control."""
    for others in (0, 1, 7):
        lines = ["المزيد", *[f"عنوان جانبي {n}" for n in range(others)], "", "عنوان الخبر الرئيسي هنا", "",
                 "10:02", "https://x.example/story/9", "٧٥ مشاهدة", "", "عنوان الخبر الرئيسي هنا", "",
                 "الفقرة الأولى.", NBSP, "الفقرة الثانية."]
        article = text.parse_text("\n".join(lines), "built.txt", no_date)
        assert article.title == "عنوان الخبر الرئيسي هنا", others
        assert article.views == 75
        assert article.paragraphs == ["الفقرة الأولى.", "الفقرة الثانية."]


def test_plain_prose_without_the_dump_markers_is_not_guessed_at(no_date):
    error = text.parse_text("سطر أول\n\nسطر ثان\n\nسطر ثالث", "prose.txt", no_date)
    assert isinstance(error, RecordError) and "no headline" in error.reason


def test_windows_1256_dump_is_read(no_date):
    source = (FIXTURES / "text/market_prices.txt").read_text(encoding="utf-8")
    decoded, warning = text.decode(source.encode("cp1256"))
    article = text.parse_text(decoded, "cp.txt", no_date)
    assert "Windows-1256" in warning
    assert article.title == "ارتفاع أسعار الخضار في أسواق حماة مع بداية الربيع"
