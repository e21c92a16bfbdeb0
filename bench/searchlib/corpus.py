"""A generated Arabic news corpus for the search benchmarks, with the concepts each article mentions.

Articles are written from ``vocabulary.py`` the way agency copy is: words carry the article and clitics
(والمستشفى، بحلب، للجنة), nouns come singular or plural, and writers are inconsistent (اسرائيل/إسرائيل,
مستشفى/مستشفي, قرية/قريه, مسؤول/مسئول, ٢٠٢٤/2024, the odd haraka or tatweel). Each article records the concepts
it mentions, so relevance is decided by meaning, never by the text an analyser sees.

The generator is seeded: the same size and seed give the same corpus on every machine.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from string import Formatter

from . import vocabulary

SECTIONS = ["syria", "arab-world", "economy", "opinion", "sports", "culture"]
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HARAKAT = ["\u064e", "\u064f", "\u0650", "\u0652", "\u0651"]
START = datetime(2019, 1, 1, tzinfo=UTC)
SPAN_DAYS = 7 * 365


@dataclass(frozen=True)
class Noun:
    key: str
    singular: str
    plural: str

    @property
    def plurals(self):
        if self.plural.endswith("ون"):
            return [self.plural, self.plural[:-2] + "ين"]
        return [self.plural]


@dataclass
class Article:
    title: str
    kicker: str
    summary: str
    paragraphs: list
    concepts: frozenset
    section: str
    published: datetime
    case: str = ""  # the evaluation case this article was planted for
    tags: list = field(default_factory=list)


def _lines(text):
    return [line.strip() for line in text.strip().splitlines() if line.strip()]


NOUNS = {}
for _line in _lines(vocabulary.NOUNS):
    _singular, _plural = _line.split()
    NOUNS["n:" + _singular] = Noun("n:" + _singular, _singular, _plural)
PLACES = {"p:" + place: place for place in _lines(vocabulary.PLACES)}


def _names(text):
    """Names, one or two words each ("عبد الرحمن", "أبو جبل" are one name)."""
    words = text.split()
    names, i = [], 0
    while i < len(words):
        if words[i] in ("عبد", "أبو") and i + 1 < len(words):
            names.append(words[i] + " " + words[i + 1])
            i += 2
        else:
            names.append(words[i])
            i += 1
    return names


FIRST = _names(vocabulary.FIRST_NAMES)
FAMILY = _names(vocabulary.FAMILY_NAMES)
FILLER = _lines(vocabulary.FILLER)


def _zipf(n, s=1.0):
    return list(accumulate(1 / (rank + 1) ** s for rank in range(n)))


# --- surface forms ----------------------------------------------------------------------------------------
def with_article(word, proclitic):
    """ال with a proclitic: ل + ال + لجنة is written للجنة, ل + ال + حكومة is للحكومة."""
    if proclitic in ("ل", "ول", "فل"):
        return proclitic + ("" if word.startswith("ل") else "ل") + word
    return proclitic + "ال" + word


def spelling_variant(word, rng):
    """One of the slips writers make: a dropped hamza on alef, ي for final ى, ه for ة, ئ for ؤ."""
    choices = []
    if any(ch in word for ch in "أإآ"):
        choices.append(lambda w: w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا"))
    if word.endswith("ى"):
        choices.append(lambda w: w[:-1] + "ي")
    if word.endswith("ة"):
        choices.append(lambda w: w[:-1] + "ه")
    if "ؤ" in word:
        choices.append(lambda w: w.replace("ؤ", "ئ"))
    return rng.choice(choices)(word) if choices else word


def decorate(word, rng, variant=0.12, harakat=0.02, tatweel=0.0):
    if rng.random() < variant:
        word = spelling_variant(word, rng)
    if rng.random() < harakat and len(word) > 2:
        i = rng.randrange(1, len(word))
        word = word[:i] + rng.choice(HARAKAT) + word[i:]
    if rng.random() < tatweel and len(word) > 3:
        i = rng.randrange(1, len(word) - 1)
        word = word[:i] + "ـ" + word[i:]
    return word


def noun_form(noun, rng):
    word = rng.choice(noun.plurals) if rng.random() < 0.4 else noun.singular
    if rng.random() < 0.6:
        proclitic = rng.choices(["", "و", "ب", "ل", "ف", "ك", "وب"], [60, 15, 10, 8, 3, 2, 2])[0]
        return with_article(word, proclitic)
    proclitic = rng.choices(["", "و", "ب", "ل"], [80, 10, 6, 4])[0]
    return proclitic + word


def place_form(place, rng):
    proclitic = rng.choices(["", "و", "ب", "ل", "ف"], [55, 15, 20, 7, 3])[0]
    if place.startswith("ال") and proclitic in ("ل",):
        return "لل" + place[2:]
    if place.startswith("ال") and proclitic:
        return proclitic + place
    return proclitic + place


def person_form(first, family, rng):
    if rng.random() < 0.25 and " " in first:
        first = first.replace(" ", "")
    if rng.random() < 0.25 and " " in family:
        family = family.replace(" ", "")
    return f"{first} {family}"


def number_form(value, rng):
    text = str(value)
    return text.translate(EASTERN) if rng.random() < 0.3 else text


# --- articles ---------------------------------------------------------------------------------------------
class Generator:
    def __init__(self, seed=20261125):
        self.rng = random.Random(seed)
        self.noun_keys = list(NOUNS)
        self.place_keys = list(PLACES)
        self.noun_weights = _zipf(len(self.noun_keys), 0.8)
        self.place_weights = _zipf(len(self.place_keys), 0.9)

    def _pick(self, keys, weights, count, avoid=()):
        chosen = []
        while len(chosen) < count:
            key = self.rng.choices(keys, cum_weights=weights)[0]
            if key not in chosen and key not in avoid:
                chosen.append(key)
        return chosen

    def background(self, avoid_sets=()):
        """A random article; it never holds every concept of any set in ``avoid_sets``."""
        while True:
            article = self._random_article()
            if not any(concepts <= article.concepts for concepts in avoid_sets):
                return article

    def _random_article(self, planted=None):
        rng = self.rng
        planted = planted or {}
        avoid = set(planted)
        nouns = self._pick(self.noun_keys, self.noun_weights, rng.randint(3, 5), avoid)
        places = self._pick(self.place_keys, self.place_weights, rng.randint(1, 2), avoid)
        person = None
        if rng.random() < 0.5:
            person = (rng.choice(FIRST), rng.choice(FAMILY))
        number = rng.choice([rng.randint(2015, 2025), rng.randint(3, 900)]) if rng.random() < 0.5 else None

        mentioned = set()
        planted_nouns = [key for key in planted if key.startswith("n:")]
        planted_places = [key for key in planted if key.startswith("p:")]
        planted_person = next((key for key in planted if key.startswith("per:")), None)
        planted_number = next((key for key in planted if key.startswith("num:")), None)

        def n(i=0):
            keys = planted_nouns + nouns
            key = keys[i % len(keys)]
            mentioned.add(key)
            if key in planted:
                return rng.choice(planted[key])
            return decorate(noun_form(NOUNS[key], rng), rng)

        def p():
            key = rng.choice(planted_places or places)
            mentioned.add(key)
            if key in planted:
                return rng.choice(planted[key])
            return decorate(place_form(PLACES[key], rng), rng)

        def per():
            if planted_person:
                mentioned.add(planted_person)
                return rng.choice(planted[planted_person])
            if person:
                mentioned.add("per:" + " ".join(person))
                return decorate(person_form(*person, rng), rng, variant=0.1)
            return "المتحدث الرسمي"

        def num():
            if planted_number:
                mentioned.add(planted_number)
                return rng.choice(planted[planted_number])
            value = number if number is not None else rng.randint(2, 40)
            mentioned.add(f"num:{value}")
            return number_form(value, rng)

        def fill(template, i):
            # Only the slots the template has: a concept counts as mentioned only if it is written.
            slots = {"n1": lambda: n(i), "n2": lambda: n(i + 1), "p": p, "per": per, "num": num}
            used = list(dict.fromkeys(name for _text, name, _spec, _conv in Formatter().parse(template) if name))
            return template.format(**{name: slots[name]() for name in used})

        title = fill(rng.choice(vocabulary.EVENT_TEMPLATES), 0)
        title = " ".join(decorate(word, rng, variant=0, tatweel=0.01) for word in title.split())
        summary = fill(rng.choice(vocabulary.SENTENCE_TEMPLATES), 1)
        paragraphs = []
        for paragraph in range(rng.randint(3, 5)):
            sentences = []
            for sentence in range(rng.randint(2, 4)):
                if rng.random() < 0.45:
                    sentences.append(fill(rng.choice(vocabulary.SENTENCE_TEMPLATES), paragraph + sentence))
                else:
                    sentences.append(rng.choice(FILLER))
            paragraphs.append(" ".join(sentences))
        published = START + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
        return Article(
            title=title,
            kicker=rng.choice(["عاجل", "تقرير", "متابعة", "خاص", ""]),
            summary=summary,
            paragraphs=paragraphs,
            concepts=frozenset(mentioned),
            section=rng.choice(SECTIONS),
            published=published,
        )

    def planted(self, case):
        """The article an evaluation case looks for: its concepts written only in the case's forms."""
        while True:
            article = self._random_article(planted=case.forms)
            if set(case.forms) <= article.concepts:
                article.case = case.query
                return article


def generate(size, cases, seed=20261125, progress=None):
    """``size`` articles: one planted per case, the rest background (hard cases' concepts kept apart)."""
    generator = Generator(seed)
    articles = [generator.planted(case) for case in cases]
    avoid = [frozenset(case.forms) for case in cases if case.hard]
    for _ in range(max(0, size - len(articles))):
        articles.append(generator.background(avoid))
        if progress:
            progress.update(1)
    generator.rng.shuffle(articles)
    return articles
