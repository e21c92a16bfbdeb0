"""What a reader typed, made safe and analysed: free words, quoted phrases, nothing else.

The search box is not a query language. FTS5 and tsquery syntax (``"``, ``*``, ``NEAR``, ``AND``, ``OR``,
``NOT``, ``-``, ``:``, ``(``) and SQL fragments are just characters here: the text is tokenised into words of
letters and digits, and only those words, analysed, ever reach the database, always as data. Double quotes
(and « », “ ”) around two words or more ask for a phrase.

Limits, so that no query can make the database work without bound:

* ``MAX_QUERY_LENGTH`` characters are read (the header's search box stops there too); the rest is dropped.
* ``MAX_WORDS`` words count, after function words (في، من، على…) are left out; later ones are dropped.
* ``MAX_PHRASES`` quoted phrases of at most ``MAX_WORDS`` words each.
"""

import re
from dataclasses import dataclass, field

from khabar.arabic.analysis import compound_split, query_words, word_forms
from khabar.arabic.normalize import normalize
from khabar.arabic.tokenize import tokenize

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6
MAX_PHRASES = 2

_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Term:
    """One word of the query: a document matches it if it has any of these forms, or any of these phrases
    (a joined compound written apart: عبدالرحمن → "عبد رحمن")."""

    word: str
    forms: tuple
    phrases: tuple = ()


@dataclass
class ParsedQuery:
    text: str  # what the reader typed, cut to MAX_QUERY_LENGTH, for display
    terms: list = field(default_factory=list)  # Term
    phrases: list = field(default_factory=list)  # tuple of primary forms, in order
    truncated: bool = False

    @property
    def is_empty(self):
        return not self.terms and not self.phrases

    def highlight_forms(self):
        """Every form that should be highlighted in a snippet."""
        forms = set()
        for term in self.terms:
            forms.update(term.forms)
            for phrase in term.phrases:
                forms.update(phrase)
        for phrase in self.phrases:
            forms.update(phrase)
        return forms


def clean(raw) -> tuple[str, bool]:
    """The query text a reader sees again: control characters out, spaces collapsed, cut to the maximum."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(raw or ""))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        return text[:MAX_QUERY_LENGTH].rstrip(), True
    return text, False


def parse(raw) -> ParsedQuery:
    text, truncated = clean(raw)
    quoted = normalize(text)
    phrases, seen_phrases = [], set()
    for inner in _PHRASE.findall(quoted):
        words = tuple(word.primary for word in word_forms(tokenize(inner)))[:MAX_WORDS]
        if len(words) >= 2 and words not in seen_phrases and len(phrases) < MAX_PHRASES:
            seen_phrases.add(words)
            phrases.append(words)
    # Words outside quotes, and single quoted words, are free terms.
    free_text = _PHRASE.sub(lambda m: m.group(1) if len(tokenize(m.group(1))) < 2 else " ", quoted)
    terms, seen_forms = [], set()
    for token, word in query_words(free_text, split_compounds=False):
        if word.forms not in seen_forms:
            seen_forms.add(word.forms)
            split = compound_split(token)
            terms.append(Term(word=token, forms=tuple(sorted(word.forms)), phrases=(split,) if split else ()))
    if len(terms) > MAX_WORDS:
        terms, truncated = terms[:MAX_WORDS], True
    return ParsedQuery(text=text, terms=terms, phrases=phrases, truncated=truncated)
