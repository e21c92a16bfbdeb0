"""Arabic normalisation for search: one spelling for the many ways the same word reaches a keyboard.

Readers type إسرائيل, اسرائيل or إِسْرَائِيل; editors paste مستشفى or مستشفي, ٢٠٢٤ or 2024, a word stretched
with tatweel (اشتبـاكات) or split by an invisible joiner copied from a PDF. ``normalize`` maps all of them to
one form so the index and the query meet. It works character by character and never lengthens the text, so
the offsets of a normalised word stay close to the original (the highlighter relies on it).

What it does, in order:

* composes a combining hamza or madda written after its seat (و + ٔ → ؤ, ا + ٓ → ا);
* removes harakat, tanween, shadda, sukun, the superscript (dagger) alef, Quranic annotation marks, tatweel,
  zero-width and bidirectional control characters (ZWSP, ZWNJ, ZWJ, LRM, RLM, the Arabic letter mark, BOM…);
* unifies the alef forms أ إ آ ٱ to ا, alef maqsura ى to ي, taa marbuta ة to ه, and the hamza seats ؤ ئ to
  ء (مسؤول and مسئول are both current spellings), and Persian/Urdu letters (ک ی ە) to their Arabic twins;
* writes Eastern Arabic (٠-٩) and Persian (۰-۹) digits as 0-9;
* writes Arabic punctuation (، ؛ ؟ ٪ ٫ ٬ ۔ « ») as its ASCII counterpart and odd spaces as a plain space;
* maps Arabic presentation forms (ﺍ ﻟ ﻤ…, from copy-pasted PDFs) to their base letter when that is one
  character (the lam-alef ligatures, which would need two, are left alone).

Pure Python, no Django, safe on any string: it never raises and is idempotent.
"""

import re
import unicodedata

ALEF = "ا"
YEH = "ي"
HEH = "ه"
HAMZA = "ء"

# Marks a search should not see: harakat and tanween (U+064B-U+065F, which also holds the combining hamza
# and madda once they have been composed), the superscript alef, Quranic honorifics and annotation marks.
_MARKS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06EE) if c not in (0x06DD, 0x06DE, 0x06E9)]
    + [chr(c) for c in range(0x08D3, 0x0900)]
)
TATWEEL = "\u0640"
# Invisible characters that split or glue words without being seen: zero-width space/joiners, bidi marks
# and embeddings, the Arabic letter mark, soft hyphen, word joiner, BOM.
_INVISIBLE = [
    "\u00ad", "\u034f", "\u061c", "\u180e", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f",
    *[chr(c) for c in range(0x202A, 0x202F)], "\u2060", "\u2061", "\u2062", "\u2063", "\u2064",
    *[chr(c) for c in range(0x2066, 0x206A)], "\ufeff",
]

_LETTERS = {
    "أ": ALEF, "إ": ALEF, "آ": ALEF, "ٱ": ALEF, "\u0672": ALEF, "\u0673": ALEF, "\u0675": ALEF,
    "ى": YEH, "ی": YEH, "ې": YEH, "ے": YEH,
    "ة": HEH, "ە": HEH, "ۀ": HEH, "ۃ": HEH,
    "ؤ": HAMZA, "ئ": HAMZA,
    "ک": "ك", "ڪ": "ك",
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PUNCTUATION = {
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "۔": ".", "٭": "*",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "″": '"',
}
_SPACES = {chr(c): " " for c in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)}


def _build_table():
    table = {}
    for ch in [*_MARKS, TATWEEL, *_INVISIBLE]:
        table[ord(ch)] = None
    for mapping in (_LETTERS, _DIGITS, _PUNCTUATION, _SPACES):
        for source, target in mapping.items():
            table[ord(source)] = target
    # Presentation forms: fold each to its base letter when that is a single character, then through the
    # table above (ﺃ → أ → ا), so the result is already final and a second pass changes nothing.
    for code in [*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded != chr(code):
            final = table.get(ord(folded), folded)
            table[code] = final
    return table


_TABLE = _build_table()
# Characters ``normalize`` deletes: inside a raw word they join, never split (the tokenizer needs them).
IGNORED = "".join([*_MARKS, TATWEEL, *_INVISIBLE])
# A hamza or madda typed as a combining mark after its seat; the alef cases need no rule, since the mark is
# removed and every alef becomes ا anyway.
_COMBINING_HAMZA = re.compile("([وىي])\u0654")


def normalize(text: str) -> str:
    """The search form of ``text``: same words, one spelling. Never longer than ``text``, idempotent."""
    if not text:
        return ""
    text = _COMBINING_HAMZA.sub(HAMZA, str(text))
    return text.translate(_TABLE)

