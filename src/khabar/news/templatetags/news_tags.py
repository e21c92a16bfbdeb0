"""Template filters that render times, counts and digits the way the site's locale says."""

from django import template
from django.conf import settings

from khabar.arabic.numbers import localize_digits, views_phrase

from .. import dates

register = template.Library()


@register.filter
def article_time(value):
    return dates.article_time(value)


@register.filter
def full_date(value):
    return dates.full_date(value)


@register.filter
def views_label(count):
    return views_phrase(int(count or 0), settings.KHABAR_DIGITS)


@register.filter
def digits(value):
    return localize_digits(value, settings.KHABAR_DIGITS)
