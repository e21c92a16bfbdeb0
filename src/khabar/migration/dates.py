"""Publication times as legacy sources write them, read into aware datetimes in the site's time zone.

Old Arabic sites write dates every way there is: ISO, day-first with slashes, month names of the Levant
(أيار), Egypt (مايو) or the Maghreb (ماي، جوان), Eastern Arabic digits, "1:27 م". A source that gives no offset
is taken to be in the newsroom's own zone (``settings.TIME_ZONE``), as the old site's editors were.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from khabar.arabic.numbers import localize_digits

_MONTH_NAMES = {
    1: ["كانون الثاني", "كانون ثاني", "يناير", "جانفي"],
    2: ["شباط", "فبراير", "فيفري"],
    3: ["اذار", "مارس"],
    4: ["نيسان", "ابريل", "افريل"],
    5: ["ايار", "مايو", "ماي"],
    6: ["حزيران", "يونيو", "يونيه", "جوان"],
    7: ["تموز", "يوليو", "يوليه", "يوليوز", "جويليه", "جويلية"],
    8: ["اب", "اغسطس", "غشت", "اوت"],
    9: ["ايلول", "سبتمبر", "شتنبر"],
    10: ["تشرين الاول", "تشرين اول", "اكتوبر"],
    11: ["تشرين الثاني", "تشرين ثاني", "نوفمبر", "نونبر"],
    12: ["كانون الاول", "كانون اول", "ديسمبر", "دجنبر"],
}
_MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names}
# Longest first, so "تشرين الثاني" wins over a shorter name that happens to start it.
_MONTH_PATTERN = "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True))
MONTH_NAME = re.compile(rf"(?<!\w)({_MONTH_PATTERN})(?!\w)")

_DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(\d{{1,2}})\s+(?:من\s+)?({_MONTH_PATTERN})(?:\s*[/(]\s*(?:{_MONTH_PATTERN})\s*\)?)?\s*[،,]?\s*(\d{{4}})(?!\d)"
)
_YEAR_FIRST = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.]((?:19|20)\d\d)(?!\d)")
# In a URL or a file name: /2020/05/12/, 2020-05-12, 20200512.
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_/]?(0[1-9]|1[0-2])[-_/]?(0[1-9]|[12]\d|3[01])(?!\d)")
_TIME = re.compile(
    r"(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?(?![\d:])(?:\s*(صباحاً|صباحا|مساءً|مساء|ص|م|am|pm)(?!\w))?",
    re.IGNORECASE,
)
# Words that go with a dateline ("الأحد 14 آذار 2021 - الساعة 10:30"), in the spelling ``normalise`` gives.
_DATE_WORDS = re.compile(
    r"(?<!\w)(السبت|الاحد|الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعة|الساعة|تاريخ النشر|تاريخ|نشر في|نشر بتاريخ|"
    r"اخر تحديث|تحديث|بتوقيت \S+|صباحاً|صباحا|مساءً|مساء|ص|م|am|pm)(?!\w)", re.IGNORECASE)
_DATE_PUNCTUATION = re.compile(r"[\d:/.\-–—،,|()\s]+")
DATE_LINE_MAX = 80


def normalise(text):
    """Latin digits, one spelling of alef, no tatweel: the form the patterns above are written in."""
    text = localize_digits(text, "latn")
    return re.sub("[أإآ]", "ا", text).replace("ـ", "").replace("\u200f", "").replace("\u200e", "")


def site_zone():
    return ZoneInfo(settings.TIME_ZONE)


def _valid(year, month, day):
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(text):
    """The first calendar date written in ``text``, or None."""
    text = normalise(text)
    match = _DAY_MONTH_YEAR.search(text)
    if match and (found := _valid(match[3], _MONTHS[match[2]], match[1])):
        return found
    for pattern, order in ((_YEAR_FIRST, (1, 2, 3)), (_DAY_FIRST, (3, 2, 1))):
        for match in pattern.finditer(text):
            if found := _valid(*(match[i] for i in order)):
                return found
    return None


def is_date_line(text):
    """True for a short line that holds a date and/or a time and nothing else (a dateline)."""
    if len(text) > DATE_LINE_MAX or not (find_time(text) or find_date(text)):
        return False
    rest = MONTH_NAME.sub(" ", _DATE_WORDS.sub(" ", normalise(text)))
    return not _DATE_PUNCTUATION.sub("", rest)


def find_compact_date(text):
    """A date as URLs and file names carry it (/2020/05/12/, 2020-05-12, 20200512), or None."""
    match = _COMPACT.search(normalise(text))
    return _valid(match[1], match[2], match[3]) if match else None


def find_time(text):
    """The first clock time in ``text`` ("13:27", "١:٢٧ م"), or None."""
    match = _TIME.search(normalise(text))
    if not match:
        return None
    hour, minute, marker = int(match[1]), int(match[2]), (match[3] or "").lower()
    if marker.startswith(("م", "pm")) and hour < 12:
        hour += 12
    elif marker.startswith(("ص", "am")) and hour == 12:
        hour = 0
    return time(hour, minute)


def at(day, clock=None):
    """``day`` at ``clock`` (midnight if None) in the site's time zone."""
    return datetime.combine(day, clock or time(0, 0), tzinfo=site_zone())


def parse_datetime(value):
    """An ISO 8601, RFC 2822 or day-first date (with or without a time) as an aware datetime.

    Raises ValueError when nothing in ``value`` is a date: a record with an unreadable date is refused, not
    silently dated today.
    """
    text = normalise(str(value)).strip()
    if not text:
        raise ValueError("empty date")
    candidate = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError:
        parsed = None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        day = find_date(text)
        if day is None:
            raise ValueError(f"not a date: {str(value)[:60]!r}")
        return at(day, find_time(text))
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=site_zone())
    return parsed


@dataclass(frozen=True)
class DateDefaults:
    """What to date a record with when its source gives no date: ``--date`` if the operator gave one, else
    the import day, which the parser reports as a warning."""

    given: date | None
    today: date

    def fallback(self, warnings, what="the record has no date"):
        if self.given:
            return self.given
        warnings.append(f"{what}: dated with the import day {self.today.isoformat()} (use --date)")
        return self.today


def parse_day(value):
    """``--date`` as the operator types it (YYYY-MM-DD, Eastern digits allowed)."""
    return date.fromisoformat(normalise(value).strip())
