"""Digits and number agreement for Arabic counts ("مشاهدة واحدة", "مشاهدتان", "3 مشاهدات", "11 مشاهدة").

Arabic counted nouns take one of six forms chosen by CLDR's plural rules; Babel supplies the rules so the
categories (zero, one, two, few, many, other) match every other CLDR-based tool.
"""

from babel import Locale
from babel.numbers import format_decimal

EASTERN_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_EASTERN = str.maketrans("0123456789,.", EASTERN_DIGITS + "٬٫")
_TO_WESTERN = str.maketrans(EASTERN_DIGITS + "۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)

_ARABIC = Locale.parse("ar")


def localize_digits(text: str, digits: str = "latn") -> str:
    """Write every digit of ``text`` in the site's digit system ("latn" 0-9 or "arab" ٠-٩)."""
    text = str(text)
    if digits == "arab":
        return text.translate(_TO_EASTERN)
    return text.translate(_TO_WESTERN)


def format_number(value: int, digits: str = "latn") -> str:
    """Group thousands (1,000,000 or ١٬٠٠٠٬٠٠٠)."""
    return localize_digits(format_decimal(value, locale="ar", numbering_system="latn"), digits)


def plural_category(count: int) -> str:
    return _ARABIC.plural_form(abs(count))


# The forms of a counted noun, by CLDR category. "one" and "two" carry no number: in Arabic the noun alone
# (with واحدة) says it.
VIEW_FORMS = {
    "zero": "لا مشاهدات",
    "one": "مشاهدة واحدة",
    "two": "مشاهدتان",
    "few": "{n} مشاهدات",
    "many": "{n} مشاهدة",
    "other": "{n} مشاهدة",
}


def count_phrase(count: int, forms: dict[str, str], digits: str = "latn") -> str:
    """The counted noun in the form that agrees with ``count``."""
    return forms[plural_category(count)].format(n=format_number(count, digits))


def views_phrase(count: int, digits: str = "latn") -> str:
    return count_phrase(count, VIEW_FORMS, digits)
