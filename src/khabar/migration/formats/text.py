"""Plain-text page dumps: what a crawler keeps of an old article page once the markup is gone.

The shape, read from the structure rather than from any one site's words::

    المزيد                          ← a "more" link, then other stories' headlines (any number, or none)
    <other headline>…
                                     ← blank, or non-breaking-space lines
    <HEADLINE>
    13:27                            ← the meta block: a time (maybe with a date), the page's URL,
    http://old.site/a/123              a view count followed by "مشاهدة" (or no count at all)
    286
    مشاهدة
    <HEADLINE>                       ← the headline again, as the article's own heading
    حجم الخط:                        ← the font-size control
    <paragraph>…                     ← the body, one paragraph a line

The headline is the line that stands alone just before the meta block or, more surely, the one repeated after
it; the body is what follows the font-size control (or the repeated headline). A page that shows neither
a lone headline before its meta block nor a heading after it has no headline, and is refused.
"""

import re
from pathlib import Path

from ..body import clean_text, text_blocks
from ..dates import at, find_compact_date, find_date, find_time, is_date_line, normalise
from ..records import ParsedArticle, RecordError, Ref

EXTENSIONS = (".txt", ".text")

FONT_SIZE_MARKER = re.compile(r"^حجم\s+الخط\s*:?$")
MORE_LINK = re.compile(r"^(المزيد|اقرأ المزيد|أخبار ذات صلة|اقرأ أيضا|اقرأ أيضاً)\s*:?$")
VIEWS_LABEL = re.compile(r"^(مشاهدة|مشاهدات|مشاهده|قراءة|قراءات|views?)$", re.IGNORECASE)
VIEWS_INLINE = re.compile(r"^(\d[\d,٬.]*)\s*(مشاهدة|مشاهدات|مشاهده|قراءة|قراءات|views?)$", re.IGNORECASE)
NUMBER = re.compile(r"^\d[\d,٬.]*$")
URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def decode(data):
    """UTF-8 (with or without BOM), else Windows-1256, the code page most old Arabic sites were saved in."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace"), "not UTF-8: read as Windows-1256"


def _kind(line):
    """What a (stripped) line is in the meta block, or None if it is text."""
    line = normalise(line)
    if not line:
        return "blank"
    if URL.match(line):
        return "url"
    if VIEWS_LABEL.match(line):
        return "views_label"
    if VIEWS_INLINE.match(line):
        return "views_inline"
    if NUMBER.match(line):
        return "number"
    if is_date_line(line):
        return "when"
    return None


def _meta_block(lines):
    """(start, end) of the first run of meta lines holding a URL or a time, or None."""
    index = 0
    while index < len(lines):
        if _kind(lines[index]) in (None, "blank"):
            index += 1
            continue
        end = index
        while end < len(lines) and _kind(lines[end]) is not None:
            end += 1
        kinds = {_kind(line) for line in lines[index:end]}
        if kinds & {"url", "when"}:
            return index, end
        index = end
    return None


def _to_int(text):
    digits = re.sub(r"[,٬.]", "", text)
    return int(digits) if digits.isdigit() else None


def _groups(lines):
    """Runs of non-blank lines, as lists of (index, line)."""
    groups, current = [], []
    for index, line in enumerate(lines):
        if line:
            current.append((index, line))
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def parse_text(text, path, dates, file_name=""):
    """Parse one page dump; returns a ParsedArticle or a RecordError."""
    raw = text.splitlines()
    lines = [clean_text(line) for line in raw]
    ref = Ref(path)
    block = _meta_block(lines)
    marker = next((i for i, line in enumerate(lines) if FONT_SIZE_MARKER.match(line)), None)
    if block is None and marker is None:
        return RecordError(ref, "no headline: none of the marks of a page dump (time, URL, view count, «حجم الخط:»)")

    meta_start, meta_end = block if block else (marker, marker)
    if marker is not None and marker < meta_start:
        meta_start = meta_end = marker

    # The headline before the meta block: a lone line, not the "more" list.
    before = _groups(lines[:meta_start])
    lead = None
    if before and len(before[-1]) == 1 and not MORE_LINK.match(before[-1][0][1]):
        lead = before[-1][0][1]
    # The headline after it: the first line, when the font-size control follows it or it repeats the lead.
    after = [(i, line) for i, line in enumerate(lines[meta_end:], start=meta_end) if line]
    heading = None
    body_start = meta_end
    if after and not FONT_SIZE_MARKER.match(after[0][1]):
        first_index, first = after[0]
        follows_marker = len(after) > 1 and FONT_SIZE_MARKER.match(after[1][1])
        if follows_marker or first in (lead, before[-1][-1][1] if before else None):
            heading = first
            body_start = first_index + 1
    if marker is not None and marker >= meta_end:
        body_start = max(body_start, marker + 1)
    title = heading or lead
    if not title:
        return RecordError(ref, "no headline: no lone line before the time/URL block and no heading after it")

    skip = {title}
    paragraphs = [
        line for line in lines[body_start:]
        if line and line not in skip and not FONT_SIZE_MARKER.match(line) and not VIEWS_LABEL.match(line)
    ]
    if not paragraphs:
        return RecordError(Ref(path, line=body_start + 1), f"«{title[:40]}»: no body paragraphs after the headline")

    article = ParsedArticle(title=title, paragraphs=paragraphs, ref=ref, fmt="text",
                            blocks=text_blocks(paragraphs))
    _read_meta(article, lines[meta_start:meta_end], dates, file_name)
    return article


def _read_meta(article, meta, dates, file_name):
    clock = day = None
    for index, line in enumerate(meta):
        kind = _kind(line)
        line = normalise(line)
        if kind == "url" and not article.original_url:
            article.original_url = line
        elif kind == "when":
            clock = clock or find_time(line)
            day = day or find_date(line)
        elif kind == "views_inline" and article.views is None:
            article.views = _to_int(VIEWS_INLINE.match(line)[1])
        elif kind == "number" and article.views is None:
            following = next((m for m in meta[index + 1:] if m), "")
            if VIEWS_LABEL.match(normalise(following)):
                article.views = _to_int(line)
    if dates.given:
        day = dates.given  # the operator knows better than a guess
    day = day or find_compact_date(article.original_url) or find_compact_date(file_name)
    if day is None:
        day = dates.fallback(article.warnings, "the page shows no date")
    if clock is None:
        article.warnings.append("the page shows no time: dated at midnight")
    article.published = at(day, clock)


def parse(path, dates):
    """Yield the one article of a page dump at ``path`` (or the reason it cannot be read)."""
    path = Path(path)
    try:
        text, warning = decode(path.read_bytes())
    except OSError as error:
        yield RecordError(Ref(str(path)), f"cannot read the file: {error.strerror}")
        return
    result = parse_text(text, str(path), dates, file_name=path.name)
    if warning and isinstance(result, ParsedArticle):
        result.warnings.append(warning)
    yield result


def estimate(path):
    return 1


def sniff(head):
    """Any text can be a page dump; the detector asks the other formats first."""
    return False
