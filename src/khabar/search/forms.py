"""The search page's filters, read leniently: a value that makes no sense is dropped with a note, never an
error page (links get mangled, readers edit URLs, bots send anything)."""

from datetime import date

from django import forms

from khabar.arabic.normalize import normalize
from khabar.news.models import SectionPage

from .engine import NEWEST, RELEVANCE

MAX_PAGE = 100  # 100 pages of 20: deeper than any reader goes, and a bound on the work one request can ask

ORDER_CHOICES = [(RELEVANCE, "الأكثر صلة"), (NEWEST, "الأحدث")]


class LenientDateField(forms.CharField):
    """A YYYY-MM-DD date in either digit script; anything else is None."""

    def to_python(self, value):
        text = normalize(super().to_python(value) or "").strip()
        try:
            return date.fromisoformat(text) if text and text.isascii() and len(text) == 10 else None
        except ValueError:
            return None


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=False)
    section = forms.CharField(required=False)
    date_from = LenientDateField(required=False, label="من")
    date_to = LenientDateField(required=False, label="إلى")
    order = forms.CharField(required=False)
    page = forms.CharField(required=False)

    def __init__(self, data, sections):
        super().__init__(data)
        self.sections = {section.slug: section for section in sections}
        self.notes = []

    def clean_section(self):
        slug = self.cleaned_data.get("section") or ""
        if slug and slug not in self.sections:
            self.notes.append("تجاهلنا قسماً غير معروف.")
            return None
        return self.sections.get(slug)

    def clean_order(self):
        order = self.cleaned_data.get("order") or RELEVANCE
        return order if order in (RELEVANCE, NEWEST) else RELEVANCE

    def clean_page(self):
        raw = normalize(self.cleaned_data.get("page") or "1").strip()
        number = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 1
        return min(max(number, 1), MAX_PAGE)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            data["date_from"], data["date_to"] = end, start
        for name in ("date_from", "date_to"):
            if self.data.get(name) and not data.get(name):
                self.notes.append("تجاهلنا تاريخاً غير صالح؛ اكتبه هكذا: 2024-05-31.")
                break
        return data


def search_form(params):
    sections = SectionPage.objects.live().order_by("path")
    form = SearchForm(params, sections)
    form.is_valid()  # every field is lenient: this only fills cleaned_data and notes
    return form
