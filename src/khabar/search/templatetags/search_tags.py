"""The result count in words that agree with the number ("نتيجة واحدة", "نتيجتان", "3 نتائج", "11 نتيجة")."""

from django import template
from django.conf import settings

from khabar.arabic.numbers import count_phrase

register = template.Library()

RESULT_FORMS = {
    "zero": "لا نتائج",
    "one": "نتيجة واحدة",
    "two": "نتيجتان",
    "few": "{n} نتائج",
    "many": "{n} نتيجة",
    "other": "{n} نتيجة",
}


@register.filter
def results_label(count):
    return count_phrase(int(count or 0), RESULT_FORMS, settings.KHABAR_DIGITS)
