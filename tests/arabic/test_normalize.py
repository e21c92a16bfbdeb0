"""Normalisation: every spelling a reader or a writer may use comes out the same."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khabar.arabic.normalize import normalize
from khabar.arabic.tokenize import raw_words, tokenize


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("إِسْرَائِيل", "اسراءيل"),  # harakat, hamza on alef, hamza on ya
        ("اسرائيل", "اسراءيل"),
        ("الرحمٰن", "الرحمن"),  # superscript (dagger) alef
        ("ذَٰلِكَ", "ذلك"),
        ("ٱلْكِتَٰبُ", "الكتب"),  # alef wasla and the dagger alef of Quranic spelling
        ("يَعْلَمُونَۚ", "يعلمون"),  # Quranic pause mark
        ("اشتبـــاكات", "اشتباكات"),  # tatweel
        ("اشتبا\u200cكات", "اشتباكات"),  # zero-width non-joiner
        ("\u200fحلب\u200e", "حلب"),  # RLM / LRM
        ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),
        ("مستشفى", "مستشفي"),
        ("قرية", "قريه"),
        ("مسؤول", "مسءول"),
        ("مسئول", "مسءول"),
        ("٢٠٢٤", "2024"),  # Eastern Arabic digits
        ("۲۰۲۴", "2024"),  # Persian digits
        ("نعم، لا؛ لماذا؟ ٥٪", "نعم, لا; لماذا? 5%"),
        ("«عاجل»", '"عاجل"'),
        ("ﺃﺣﻤﺪ", "احمد"),  # presentation forms from a copy-pasted PDF
        ("و\u0654", "ء"),  # hamza typed as a combining mark after its seat
        ("Damascus 2024", "Damascus 2024"),
    ],
)
def test_spellings_meet(written, expected):
    assert normalize(written) == expected


def test_empty_and_none_like_input():
    assert normalize("") == ""
    assert normalize(None) == ""


@given(st.text())
def test_normalize_is_idempotent_never_longer_and_never_raises(text):
    once = normalize(text)
    assert len(once) <= len(text)
    assert normalize(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)))
def test_normalize_on_the_whole_arabic_block(text):
    once = normalize(text)
    assert len(once) <= len(text)
    assert normalize(once) == once


def test_tokenize_splits_letters_from_digits_and_lowercases():
    assert tokenize("في عام ٢٠٢٤م زار COVID-19") == ["في", "عام", "2024", "م", "زار", "covid", "19"]


def test_diacritics_and_tatweel_do_not_split_words():
    # SQLite's unicode61 tokenizer would cut these into fragments.
    assert tokenize("اِشْتِبَاكَاتٌ تجنّد اشتبـاكات") == ["اشتباكات", "تجند", "اشتباكات"]


def test_raw_words_point_at_the_original_text():
    text = "قال: اِشْتِبَاكَاتٌ في حلب"
    spans = [(text[start:end], tokens) for start, end, tokens in raw_words(text)]
    assert spans == [("قال", ["قال"]), ("اِشْتِبَاكَاتٌ", ["اشتباكات"]), ("في", ["في"]), ("حلب", ["حلب"])]


@given(st.text())
def test_tokens_are_plain_word_characters(text):
    # Nothing but letters and digits ever reaches FTS5 or to_tsquery, so no user syntax can.
    for token in tokenize(text):
        assert token
        assert all(ch.isalnum() for ch in token)
        assert '"' not in token and "'" not in token
