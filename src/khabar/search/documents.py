"""What an object puts in the search index: its ``search_fields`` read and run through the Arabic analysis.

Shared by the SQLite and PostgreSQL backends, so both databases store exactly the same words. The raw text
stays in the model's own columns for display and highlighting; only analysed words reach FTS5 or
``to_tsvector``, whose tokenizers know nothing of Arabic.
"""

from dataclasses import dataclass, field

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

from khabar.arabic.analysis import autocomplete_text, index_text

# PostgreSQL weights: the headline is A; a SearchField's boost picks B (kicker, summary), C (tags, authors,
# sources) or D (body). SQLite's FTS5 table has only the title and body columns, weighted by bm25.
WEIGHT_FOR_BOOST = ((2.0, "A"), (1.5, "B"), (1.2, "C"))


def weight_for(boost):
    for minimum, weight in WEIGHT_FOR_BOOST:
        if boost is not None and boost >= minimum:
            return weight
    return "D"


@dataclass
class Document:
    title: str = ""
    autocomplete: str = ""
    body: dict = field(default_factory=dict)  # weight letter -> analysed text

    @property
    def body_text(self):
        return " ".join(text for _weight, text in sorted(self.body.items()) if text)


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_as_text(item) for item in value.values())
    return force_str(value)


def _field_values(obj, fields, related_to=None):
    for search_field in fields:
        if isinstance(search_field, (SearchField, AutocompleteField)):
            yield search_field, related_to, _as_text(search_field.get_value(obj))
        elif isinstance(search_field, RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, Manager):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for sub_obj in related:
                yield from _field_values(sub_obj, search_field.fields, related_to=search_field)


def build_document(obj):
    """The analysed title, body (by weight) and autocomplete text of ``obj``."""
    titles, autocompletes, bodies = [], [], {}
    for search_field, related_to, text in _field_values(obj, obj.get_search_fields()):
        if not text.strip():
            continue
        if isinstance(search_field, AutocompleteField):
            autocompletes.append(autocomplete_text(text))
        elif search_field.field_name == "title" and related_to is None:
            titles.append(index_text(text))
        else:
            bodies.setdefault(weight_for(search_field.boost), []).append(index_text(text))
    return Document(
        title=" ".join(titles),
        autocomplete=" ".join(autocompletes),
        body={weight: " ".join(texts) for weight, texts in bodies.items()},
    )
