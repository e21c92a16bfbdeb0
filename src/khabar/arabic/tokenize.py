"""Splitting text into search words, and finding those words again in the original text.

A word is a run of letters or a run of digits after ``normalize``: "2024م" is two words (2024 and م) and
"COVID-19" is "covid" and "19". Latin letters are lower-cased. Harakat, tatweel and invisible joiners sit
inside a word without splitting it (SQLite's ``unicode61`` tokenizer, by contrast, cuts اِشْتِبَاك into
fragments), which is why text is analysed here, in Python, before any database sees it.
"""

import re
from collections.abc import Iterator

from .normalize import IGNORED, normalize

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# A word as written: starts with a letter or digit and runs on through letters, digits and the characters
# normalisation deletes (so "اشتبـاكات" or "تجنّد" are one raw word).
_RAW_WORD = re.compile(r"[^\W_](?:[^\W_]|[" + re.escape(IGNORED) + r"])*")


def tokenize(text: str) -> list[str]:
    """The normalised, lower-cased words of ``text``, in order."""
    return [token.lower() for token in _TOKEN.findall(normalize(text))]


def raw_words(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each word of ``text`` as written: its start and end offsets and the search words it holds.

    Offsets point into the original string, so a highlighter can wrap exactly what the writer wrote,
    diacritics and tatweel included.
    """
    for match in _RAW_WORD.finditer(text):
        tokens = tokenize(match.group())
        if tokens:
            yield match.start(), match.end(), tokens
