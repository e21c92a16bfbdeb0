"""Reader-facing times in the site's Arabic locale, through Babel's CLDR data.

Django's own ``ar`` catalogue names months the Egyptian way (نوفمبر); a Syrian site says تشرين الثاني, so the
locale is a setting (``KHABAR_LOCALE``) and the digits another (``KHABAR_DIGITS``).
"""

from babel.dates import format_datetime
from django.conf import settings
from django.utils import timezone

from khabar.arabic.numbers import localize_digits

TIME_PATTERN = "HH:mm"
DATE_TIME_PATTERN = "d MMMM y، HH:mm"
DATE_PATTERN = "d MMMM y"


def _format(value, pattern, locale=None, digits=None):
    local = timezone.localtime(value)
    text = format_datetime(local, pattern, locale=locale or settings.KHABAR_LOCALE, tzinfo=local.tzinfo)
    return localize_digits(text, digits or settings.KHABAR_DIGITS)


def article_time(value, now=None, locale=None, digits=None):
    """ "13:27" for a story of today (in the site's time zone), "25 تشرين الثاني 2026، 13:27" otherwise."""
    if value is None:
        return ""
    now = timezone.localtime(now or timezone.now())
    if timezone.localtime(value).date() == now.date():
        return _format(value, TIME_PATTERN, locale, digits)
    return _format(value, DATE_TIME_PATTERN, locale, digits)


def full_date(value, locale=None, digits=None):
    return _format(value, DATE_PATTERN, locale, digits) if value else ""
