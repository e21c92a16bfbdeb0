from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from khabar.arabic.numbers import localize_digits, views_phrase
from khabar.news import dates

DAMASCUS = ZoneInfo("Asia/Damascus")


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "لا مشاهدات"),
        (1, "مشاهدة واحدة"),
        (2, "مشاهدتان"),
        (3, "3 مشاهدات"),
        (10, "10 مشاهدات"),
        (11, "11 مشاهدة"),
        (99, "99 مشاهدة"),
        (100, "100 مشاهدة"),
        (101, "101 مشاهدة"),
        (103, "103 مشاهدات"),
        (286, "286 مشاهدة"),
        (1_000_000, "1,000,000 مشاهدة"),
    ],
)
def test_view_count_agrees_with_its_number(count, expected):
    assert views_phrase(count) == expected


def test_view_count_in_eastern_digits():
    assert views_phrase(286, "arab") == "٢٨٦ مشاهدة"
    assert views_phrase(1_000_000, "arab") == "١٬٠٠٠٬٠٠٠ مشاهدة"


def test_digits_both_ways():
    assert localize_digits("13:27", "arab") == "١٣:٢٧"
    assert localize_digits("١٣:٢٧", "latn") == "13:27"


def test_today_shows_the_time_only(settings):
    now = datetime(2026, 11, 25, 18, 0, tzinfo=DAMASCUS)
    assert dates.article_time(datetime(2026, 11, 25, 13, 27, tzinfo=DAMASCUS), now=now) == "13:27"


def test_other_days_show_the_date_in_the_syrian_locale(settings):
    now = datetime(2026, 11, 26, 9, 0, tzinfo=DAMASCUS)
    when = datetime(2026, 11, 25, 13, 27, tzinfo=DAMASCUS)
    assert dates.article_time(when, now=now) == "25 تشرين الثاني 2026، 13:27"
    assert dates.article_time(when, now=now, locale="ar_EG") == "25 نوفمبر 2026، 13:27"
    assert dates.article_time(when, now=now, digits="arab") == "٢٥ تشرين الثاني ٢٠٢٦، ١٣:٢٧"


def test_today_is_judged_in_the_site_time_zone(settings):
    # 23:30 UTC on the 24th is already 02:30 on the 25th in Damascus.
    now = datetime(2026, 11, 25, 8, 0, tzinfo=DAMASCUS)
    late = datetime(2026, 11, 24, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert dates.article_time(late, now=now) == "02:30"
