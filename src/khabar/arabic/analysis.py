"""What the search index stores for a text, and what a query word may match.

Both sides go through the same steps, which is the whole point: ``normalize`` → ``tokenize`` → the forms of
each word (``stem.stems``), plus the two spellings of compound names (أبو جبل / أبوجبل, عبد الله / عبدالله,
نور الدين / نورالدين). A query word matches a text word when their sets of forms meet.

The index text of a field is its primary forms in order, then every other form once. Keeping the primary
forms in order lets the databases match quoted phrases on them; the other forms only make more words meet.
"""

from dataclasses import dataclass
from functools import lru_cache

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


def word_forms(tokens: list[str], split_compounds=True) -> list[WordForms]:
    """The forms of each token of a tokenised text, compounds included.

    ``split_compounds=False`` leaves out the parts of a joined compound (عبد and رحمن for عبدالرحمن): a query
    asks for them as a phrase instead (``compound_split``), or عبدالرحمن would find every عبد.
    """
    result = []
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        alone = _alone(token) if split_compounds else _stems_forms(token)
        neighbours = (
            (i > 0 and tokens[i - 1] in COMPOUND_HEADS)
            or (i < last and tokens[i + 1] in COMPOUND_TAILS)
            or ((token in COMPOUND_HEADS or token in COMPOUND_TAILS) and last > 0)
        )
        if neighbours:
            alone = WordForms(alone.primary, alone.forms | frozenset(_joined_forms(tokens, i)))
        result.append(alone)
    return result


@lru_cache(maxsize=200_000)
def _alone(token):
    """A token's forms that do not depend on its neighbours (cached: texts repeat their words)."""
    analysed = stems(token)
    extra = set()
    for head in COMPOUND_HEADS:
        if token.startswith(head) and len(token) - len(head) >= 3:
            extra.add(head)
            extra.update(stems(token[len(head):]).forms)
    for tail in COMPOUND_TAILS:
        if token.endswith(tail) and len(token) - len(tail) >= 2:
            extra.update(stems(token[: -len(tail)]).forms)
            extra.add(stems(tail).primary)
    return WordForms(analysed.primary, analysed.forms | frozenset(extra))


@lru_cache(maxsize=200_000)
def _stems_forms(token):
    analysed = stems(token)
    return WordForms(analysed.primary, analysed.forms)


def compound_split(token: str):
    """A joined compound as the primary forms of its two words (عبدالرحمن → عبد رحمن), or None."""
    for head in COMPOUND_HEADS:
        if token.startswith(head) and len(token) - len(head) >= 3:
            return (head, stems(token[len(head):]).primary)
    for tail in COMPOUND_TAILS:
        if token.endswith(tail) and len(token) - len(tail) >= 2:
            return (stems(token[: -len(tail)]).primary, stems(tail).primary)
    return None


def _joined_forms(tokens, i):
    """أبو جبل → أبوجبل, نور الدين → نورالدين: the compound this token makes with a neighbour."""
    token = tokens[i]
    if token in COMPOUND_HEADS and i + 1 < len(tokens):
        yield stems(token + tokens[i + 1]).primary
    if i > 0 and tokens[i - 1] in COMPOUND_HEADS:
        yield stems(tokens[i - 1] + token).primary
    if token in COMPOUND_TAILS and i > 0:
        yield stems(tokens[i - 1] + token).primary
    if i + 1 < len(tokens) and tokens[i + 1] in COMPOUND_TAILS:
        yield stems(token + tokens[i + 1]).primary


def index_text(text: str) -> str:
    """``text`` as the search index stores it: primary forms in order, then the other forms."""
    analysed = word_forms(tokenize(text))
    primaries = [word.primary for word in analysed]
    seen = set(primaries)
    extras = []
    for word in analysed:
        if len(word.forms) > 1 or word.primary not in word.forms:
            for form in sorted(word.forms - seen):
                seen.add(form)
                extras.append(form)
    return " ".join(primaries + extras)


def query_words(text: str, split_compounds=True) -> list[tuple[str, WordForms]]:
    """Each word of a free-text query with its forms, function words left out (unless they are all it has)."""
    tokens = tokenize(text)
    analysed = list(zip(tokens, word_forms(tokens, split_compounds), strict=True))
    kept = [(token, word) for token, word in analysed if token not in STOP_WORDS]
    return kept or analysed


def autocomplete_text(text: str) -> str:
    """``text`` for matching words being typed: each word without its proclitics, endings kept."""
    forms = []
    for token in tokenize(text):
        forms.extend(prefix_forms(token))
    return " ".join(dict.fromkeys(forms))
