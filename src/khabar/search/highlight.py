"""Snippets with the reader's words marked, whatever form the article wrote them in.

The reader typed مسجد; the article says بالمساجد, with harakat, or stretched with tatweel. Each word of the
original text is analysed the way the index analysed it and marked when its forms meet the query's, so the
``<mark>`` wraps exactly what the writer wrote. Everything else is escaped: the result is safe HTML.
"""

from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from khabar.arabic.analysis import word_forms
from khabar.arabic.tokenize import raw_words

SNIPPET_LENGTH = 240
LEAD_IN = 60  # characters of context kept before the first marked word
SCAN_LENGTH = 3000


def _matches(text, query_forms):
    """(start, end, forms met) for every word of ``text`` that meets the query."""
    words = list(raw_words(text))
    tokens = [token for _start, _end, word_tokens in words for token in word_tokens]
    analysed = iter(word_forms(tokens))
    found = []
    for start, end, word_tokens in words:
        met = set()
        for _token in word_tokens:
            met |= next(analysed).forms & query_forms
        if met:
            found.append((start, end, frozenset(met)))
    return found


def _render(text, matches, start=0, end=None):
    end = len(text) if end is None else end
    parts, cursor = [], start
    for match_start, match_end, _met in matches:
        if match_start < start or match_end > end:
            continue
        parts.append(escape(text[cursor:match_start]))
        parts.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        cursor = match_end
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def highlight(text, query_forms):
    """All of ``text``, escaped, with the query's words marked (for headlines)."""
    text = text or ""
    return mark_safe(_render(text, _matches(text, query_forms)))  # noqa: S308 - every part is escaped


def snippet(texts, query_forms, length=SNIPPET_LENGTH, scan=SCAN_LENGTH):
    """The passage of ``texts`` (summary, paragraphs…) that holds most of the query's words, marked.

    Only the first ``scan`` characters are read: a news story says what it is about early, and a results
    page of twenty long stories must not analyse every word of each."""
    best = None
    for text in texts:
        text = " ".join((text or "").split())
        if not text or scan <= 0:
            continue
        scan -= len(text)
        matches = _matches(text, query_forms)
        for i, (first_start, _end, _met) in enumerate(matches):
            window_start = _word_start(text, max(0, first_start - LEAD_IN))
            window_end = min(len(text), window_start + length)
            inside = [m for m in matches[i:] if m[1] <= window_end]
            score = len(frozenset().union(*(met for _s, _e, met in inside)))
            if best is None or score > best[0]:
                best = (score, text, window_start, window_end, matches)
        if best is None:
            best = (0, text, 0, min(len(text), length), matches)
    if best is None:
        return mark_safe("")  # noqa: S308 - empty
    _score, text, start, end, matches = best
    end = _word_end(text, end)
    html = _render(text, matches, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + html + suffix)  # noqa: S308 - _render escapes every part


def _word_start(text, index):
    """Move ``index`` forward to the start of a word, so a snippet never opens mid-word."""
    if index == 0:
        return 0
    space = text.find(" ", index)
    return space + 1 if space != -1 else index


def _word_end(text, index):
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return space if space > 0 else index


def body_texts(article):
    """The article's summary, then the text of its body blocks, for snippets."""
    texts = [article.summary]
    for block in article.body:
        value = block.value
        if block.block_type == "paragraph":
            texts.append(unescape(strip_tags(value.source.replace("<", " <"))))
        elif block.block_type == "heading":
            texts.append(str(value))
        elif block.block_type == "quote":
            texts.append(value.get("text", ""))
    return texts
