"""Dates as old Arabic sites write them."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from khabar.migration.dates import find_date, find_time, is_date_line, parse_datetime

DAMASCUS = ZoneInfo("Asia/Damascus")


@pytest.mark.parametrize(("written", "day"), [
    ("الأحد 14 آذار 2021", date(2021, 3, 14)),
    ("14 مارس 2021", date(2021, 3, 14)),
    ("٣ تشرين الثاني ٢٠١٩", date(2019, 11, 3)),
    ("3 تشرين الثاني/نوفمبر 2019", date(2019, 11, 3)),
    ("5 جوان 2018", date(2018, 6, 5)),
    ("05/06/2008 - الساعة 10:30", date(2008, 6, 5)),
    ("2020-05-12", date(2020, 5, 12)),
    ("2020/5/12", date(2020, 5, 12)),
])
def test_dates_in_every_spelling(written, day):
    assert find_date(written) == day


@pytest.mark.parametrize(("written", "clock"), [
    ("13:27", time(13, 27)),
    ("١٣:٢٧", time(13, 27)),
    ("1:27 م", time(13, 27)),
    ("12:05 ص", time(0, 5)),
    ("9:40 صباحاً", time(9, 40)),
    ("1:27 من بعد", time(1, 27)),  # "من" is a word, not the PM marker
])
def test_times(written, clock):
    assert find_time(written) == clock


def test_datelines_are_told_from_sentences():
    assert is_date_line("الأحد 14 آذار 2021")
    assert is_date_line("نشر بتاريخ 05/06/2008 - الساعة 10:30")
    assert not is_date_line("قال الوزير يوم 14 آذار 2021 إن الأسعار سترتفع")


def test_iso_without_offset_is_the_sites_time_and_garbage_is_refused():
    assert parse_datetime("2024-10-02 09:15") == datetime(2024, 10, 2, 9, 15, tzinfo=DAMASCUS)
    assert parse_datetime("2024-11-11T07:00:00Z").utcoffset().total_seconds() == 0
    assert parse_datetime("Sun, 15 Jan 2023 07:30:00 +0000") == datetime(2023, 1, 15, 10, 30, tzinfo=DAMASCUS)
    with pytest.raises(ValueError):
        parse_datetime("أمس بعد الظهر")
