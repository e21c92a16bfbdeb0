"""What the search index stores for a text, and what a query word may match.

Both sides go through the same steps, which is the whole point: ``normalize`` → ``tokenize`` → the forms of
each word (``stem.stems``), plus the two spellings of compound names (أبو جبل / أبوجبل, عبد الله / عبدالله,
نور الدين / نورالدين). A query word matches a text word when their sets of forms meet.

The index text of a field is its primary forms in order, then every other form once. Keeping the primary
forms in order lets the databases match quoted phrases on them; the other forms only make more words meet.
"""

from dataclasses import dataclass

from .normalize import normalize
from .stem import prefix_forms, stems
from .tokenize import tokenize

# Compound-name heads written apart or joined to the next word (أبو جبل / أبوجبل), and tails joined to the
# previous one (نور الدين / نورالدين). Normalised spelling.
COMPOUND_HEADS = ("ابو", "ابي", "ابا", "عبد")
COMPOUND_TAILS = ("الدين", "الله")

# Function words a query can do without: they are in nearly every article, so they would only slow the
# query down and blur its ranking. They stay in the index, so a quoted phrase may still contain them.
STOP_WORDS = frozenset(normalize(word) for word in ["في", "من", "إلى", "الى", "على", "علي", "عن", "مع", "منذ", "حتى", "حتي", "خلال", "بين", "عند", "لدى", "لدي", "نحو", "ضد", "دون", "عبر", "حول", "أمام", "امام", "وراء", "تحت", "فوق", "قبل", "بعد", "أن", "إن", "ان", "أنه", "انه", "أنها", "انها", "لأن", "لان", "كي", "لكي", "و", "أو", "او", "ثم", "بل", "لكن", "ولكن", "لا", "لم", "لن", "ما", "ماذا", "لماذا", "متى", "كيف", "أين", "هل", "قد", "لقد", "وقد", "كما", "مثل", "كل", "بعض", "غير", "أي", "اي", "إذا", "اذا", "إذ", "اذ", "هذا", "هذه", "هذان", "هاتان", "هؤلاء", "ذلك", "تلك", "أولئك", "الذي", "التي", "الذين", "اللذان", "اللتان", "اللواتي", "هو", "هي", "هم", "هن", "هما", "نحن", "أنا", "أنت", "أنتم", "كان", "كانت", "يكون", "تكون", "وهو", "وهي", "وفي", "ومن", "وعلى", "فيه", "فيها", "منه", "منها", "عليه", "عليها", "إليه", "اليه", "به", "بها", "له", "لها", "عنه", "عنها", "أيضا", "ايضا", "حيث", "عندما", "بينما", "فقط", "جدا"])


@dataclass(frozen=True)
class WordForms:
    primary: str
    forms: frozenset


def word_forms(tokens: list[str]) -> list[WordForms]:
    """The forms of each token of a tokenised text, compounds included."""
    result = []
    for i, token in enumerate(tokens):
        analysed = stems(token)
        forms = set(analysed.forms)
        forms.update(_compound_forms(tokens, i))
        result.append(WordForms(analysed.primary, frozenset(forms)))
    return result


def _compound_forms(tokens, i):
    token = tokens[i]
    if token in COMPOUND_HEADS and i + 1 < len(tokens):
        yield stems(token + tokens[i + 1]).primary
    if i > 0 and tokens[i - 1] in COMPOUND_HEADS:
        yield stems(tokens[i - 1] + token).primary
    if token in COMPOUND_TAILS and i > 0:
        yield stems(tokens[i - 1] + token).primary
    if i + 1 < len(tokens) and tokens[i + 1] in COMPOUND_TAILS:
        yield stems(token + tokens[i + 1]).primary
    for head in COMPOUND_HEADS:
        if token.startswith(head) and len(token) - len(head) >= 3:
            yield head
            yield from stems(token[len(head):]).forms
    for tail in COMPOUND_TAILS:
        if token.endswith(tail) and len(token) - len(tail) >= 2:
            yield from stems(token[: -len(tail)]).forms
            yield stems(tail).primary


def index_text(text: str) -> str:
    """``text`` as the search index stores it: primary forms in order, then the other forms."""
    analysed = word_forms(tokenize(text))
    primaries = [word.primary for word in analysed]
    seen = set(primaries)
    extras = []
    for word in analysed:
        for form in sorted(word.forms):
            if form not in seen:
                seen.add(form)
                extras.append(form)
    return " ".join(primaries + extras)


def query_words(text: str) -> list[tuple[str, WordForms]]:
    """Each word of a free-text query with its forms, function words left out (unless they are all it has)."""
    tokens = tokenize(text)
    analysed = list(zip(tokens, word_forms(tokens), strict=True))
    kept = [(token, word) for token, word in analysed if token not in STOP_WORDS]
    return kept or analysed


def autocomplete_text(text: str) -> str:
    """``text`` for matching words being typed: each word without its proclitics, endings kept."""
    forms = []
    for token in tokenize(text):
        forms.extend(prefix_forms(token))
    return " ".join(dict.fromkeys(forms))
