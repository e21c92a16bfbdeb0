"""``{% most_read_box %}``: the "الأكثر قراءة" box of the home page and the article aside."""

from django import template

from .. import ranking

register = template.Library()


@register.inclusion_tag("views_counter/most_read.html")
def most_read_box(limit=ranking.DEFAULT_LIMIT):
    """The 24-hour ranking open, the 7-day and all-time ones folded (``<details>`` needs no JavaScript)."""
    return {"rankings": [r for r in ranking.rankings(limit) if r["items"]]}
