"""A light Arabic stemmer for search: strip clitics and inflectional endings, never guess a root.

The rules start from *light10* (Leah S. Larkey, Lisa Ballesteros and Margaret E. Connell, "Light Stemming
for Arabic Information Retrieval", in *Arabic Computational Morphology*, Springer 2007; the variant Apache
Lucene ships as ``org.apache.lucene.analysis.ar.ArabicStemmer``), restated from that description:

* strip one prefix, the first that matches among ال وال بال كال فال لل و; a lone و needs a word of four or
  more letters, the others must leave at least two letters;
* then walk the suffixes ها ان ات ون ين يه ية ه ة ي in that order, stripping each one that matches while at
  least two letters stay (Khabar walks again until nothing changes, so فيضانات and فيضان meet).

light10 measured 0.96 recall@10 against 0.84 for Snowball on Khabar's notes, but it has known gaps: وزير
loses its و (→ زير) while الوزير keeps it (→ وزير); بدمشق and لبوتين keep their one-letter preposition;
للجنة (ل + اللجنة) loses the ل of لجنة; ميليشيا and ميليشيات end differently; حكومتها keeps the ت of its
taa marbuta; and no affix rule joins a broken plural to its singular.

Khabar therefore gives each word a *set* of forms rather than one stem: the light10 stem first (the
"primary" form, used for phrases), then the stems of the other plausible readings of its first letters
(with and without a leading و ف ب ك ل, stacked clitics such as وب، فل، وبال), the taa marbuta restored
before a pronoun, the final alef of -iya names dropped, and the singular of a known broken plural
(``plurals.py``). Text and queries both go through here, so a query word matches a text word when their sets
meet. Short words (two letters or fewer), digits and Latin words are kept intact.
"""

from dataclasses import dataclass
from functools import lru_cache

from .plurals import singulars

# light10's prefixes, extended with the stacked forms (conjunction + preposition + article), longest first.
_ARTICLE_PREFIXES = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
_CONJ_PREP = ("وب", "وك", "ول", "فب", "فك", "فل")
_ONE_LETTER = ("و", "ف", "ب", "ك", "ل")
# light10's suffixes after normalisation (ة is written ه, so ية is يه and ة is ه).
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
_PRONOUNS = ("هما", "هم", "ها", "ه")
# الله with its clitics is one word everywhere: light10 would cut it to له ("to him").
_ALLAH = "الله"
_ALLAH_FORMS = frozenset({"الله", "والله", "بالله", "فالله", "تالله", "لله", "ولله", "فلله"})


@dataclass(frozen=True)
class Stems:
    primary: str
    forms: frozenset  # every form, primary included


def strip_suffixes(word: str) -> str:
    """light10's suffix walk, repeated until nothing changes.

    One walk leaves فيضانات as فيضان (ات goes after ان was checked) but فيضان as فيض; walking again makes
    the stem of a stem the stem itself, so the singular and its plural meet.
    """
    while True:
        before = word
        for suffix in _SUFFIXES:
            if len(word) >= len(suffix) + 2 and word.endswith(suffix):
                word = word[: -len(suffix)]
        if word == before:
            return word


def _prefix_readings(word: str) -> list[str]:
    """The word without its proclitics, read every plausible way; light10's reading first."""
    readings = []
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            readings.append(word[len(prefix):])
            if prefix.endswith("لل"):
                # لل is ل + ال (للحكومة) or ل before a word that begins with ل (للجنة = ل + لجنة).
                readings.append(word[len(prefix) - 1:])
            break
    if word[0] not in _ONE_LETTER or (readings and len(readings[0]) > 3):
        # A long remainder after وال/بال/لل is surely the article; a short one may not be (والده = والد + ه).
        return readings or [word]
    # و ف ب ك ل may be a clitic or the word's own first letter (وزير، والده، لبنان، بيروت): read it both ways,
    # light10's way first (it strips a lone و from a word of four letters or more, and keeps ف ب ك ل).
    if not readings:
        readings.append(word[1:] if word[0] == "و" and len(word) >= 4 else word)
    for prefix in _CONJ_PREP:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            readings.append(word[len(prefix):])
    if len(word) >= 4:
        readings.append(word[1:])
    readings.append(word)
    return readings


def _suffix_stems(reading: str) -> list[str]:
    stems = [strip_suffixes(reading)]
    if len(stems[0]) < 3:
        # عمان → عم, ايران → اير…: keep the word itself too, or بعمان (ب + عمان) could never meet it.
        stems.append(reading)
    for pronoun in _PRONOUNS:
        base = reading[: -len(pronoun)]
        if reading.endswith(pronoun) and len(base) >= 3 and base.endswith("ت"):
            # حكومتها = حكومة + ها: the taa marbuta is written ت before a pronoun.
            stems.append(strip_suffixes(base[:-1] + "ه"))
            break
    if reading.endswith("يا") and len(reading) >= 5:
        # ميليشيا / ميليشيات, سوريا / سوري: the final alef of -iya words.
        stems.append(strip_suffixes(reading[:-1]))
    return stems


@lru_cache(maxsize=200_000)
def stems(word: str) -> Stems:
    """All search forms of one normalised word (see the module docstring)."""
    if len(word) <= 2 or not _is_arabic(word):
        return Stems(word, frozenset((word,)))
    if word in _ALLAH_FORMS or word.endswith(_ALLAH):
        form = _ALLAH if word in _ALLAH_FORMS else word
        return Stems(form, frozenset((form,)))
    plural_to_singular = singulars()
    ordered = []
    for reading in _prefix_readings(word):
        ordered.extend(_suffix_stems(reading))
        for candidate in (reading, strip_suffixes(reading)):
            singular = plural_to_singular.get(candidate)
            if singular:
                ordered.append(strip_suffixes(singular))
    primary = ordered[0]
    # Other readings may not shrink a word to two letters: لبنان read as ل + بنان would become بن.
    forms = frozenset([primary, *(form for form in ordered[1:] if len(form) >= 3)])
    return Stems(primary, forms)


def prefix_forms(word: str) -> list[str]:
    """The word without its proclitics but with its endings, for matching the start of a word being typed."""
    if len(word) <= 2 or not _is_arabic(word):
        return [word]
    return list(dict.fromkeys(reading for reading in _prefix_readings(word) if reading))


def light_stem(word: str) -> str:
    """The primary form of one normalised word."""
    return stems(word).primary


def _is_arabic(word: str) -> bool:
    return "\u0620" <= word[0] <= "\u064a" or "\u066e" <= word[0] <= "\u06d3"
