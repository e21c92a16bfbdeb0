"""JSON Lines: one article a line, the format to write when exporting from any other system.

Fields (only ``title`` and ``body`` are required; the README's "Importing a legacy site" lists them too):

==============  ==============================================================================================
title           the headline
body            the story, as HTML (sanitised on import) or plain text (paragraphs separated by blank lines,
                or one paragraph a line when there is no blank line)
published       ISO 8601 (``2021-03-14T08:15:00+02:00``; without an offset: the site's time zone); also
                ``date``
updated         ISO 8601, the last correction
section         a section's slug or title, or ``{"slug": ..., "title": ...}``; created when missing
tags            a list of strings, or one string separated by commas
authors         a list of names, or one name (also ``author``); created when missing
source          the outlet credited, a name or ``{"name": ..., "url": ...}``
url             the story's address on the old site (also ``original_url``): the re-import key and the 301
views           the old site's view count: a number or a string of digits (Eastern digits too)
image           the lead image's URL (also ``image_url``); kept, not fetched
summary         a sentence or two
draft           ``true`` to import without publishing
==============  ==============================================================================================
"""

import json
from pathlib import Path

from ..body import clean_text, html_to_blocks, looks_like_html, text_blocks, text_to_paragraphs
from ..dates import at, normalise, parse_datetime
from ..records import ParsedArticle, RecordError, Ref

EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines")
MAX_LINE_BYTES = 10 * 1024 * 1024


class BadField(ValueError):
    pass


def sniff(head):
    return head.lstrip("\ufeff \t\r\n").startswith("{")


def estimate(path):
    count, last = 0, b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return max(count + (last != b"\n"), 1)


def _string(data, *names):
    for name in names:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str | int | float):
            raise BadField(f"{name!r} must be a string, not {type(value).__name__}")
        return str(value)
    return ""


def _names(data, *keys, split_commas=False):
    for key in keys:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            items = value.replace("،", ",").split(",") if split_commas else [value]
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            items = value
        else:
            raise BadField(f"{key!r} must be a string or a list of strings")
        return list(dict.fromkeys(n for n in (clean_text(i) for i in items) if n))
    return []


def _views(data):
    value = data.get("views")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadField("'views' must be a number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and normalise(value).strip().replace(",", "").isdigit():
        number = int(normalise(value).strip().replace(",", ""))
    else:
        raise BadField(f"'views' must be a whole number, not {value!r}"[:80])
    if number < 0:
        raise BadField("'views' cannot be negative")
    return number


def _section(data):
    value = data.get("section")
    if value is None or value == "":
        return "", ""
    if isinstance(value, dict):
        return clean_text(str(value.get("slug") or "")), clean_text(str(value.get("title") or ""))
    if isinstance(value, str):
        return "", clean_text(value)
    raise BadField("'section' must be a string or an object with slug/title")


def _source(data):
    value = data.get("source")
    if value is None:
        return "", ""
    if isinstance(value, dict):
        return clean_text(str(value.get("name") or "")), str(value.get("url") or "").strip()
    if isinstance(value, str):
        return clean_text(value), ""
    raise BadField("'source' must be a string or an object with name/url")


def _date(data, *names):
    text = _string(data, *names)
    if not text:
        return None
    try:
        return parse_datetime(text)
    except ValueError as error:
        raise BadField(f"{names[0]!r}: {error}") from None


def parse_record(data, ref, dates):
    if not isinstance(data, dict):
        return RecordError(ref, f"a line must be a JSON object, not {type(data).__name__}")
    try:
        title = clean_text(_string(data, "title", "headline"))
        if not title:
            return RecordError(ref, "no 'title'")
        body = _string(data, "body", "content", "text")
        if looks_like_html(body):
            blocks, paragraphs, warnings, _ = html_to_blocks(body, title=title)
        else:
            paragraphs, warnings = text_to_paragraphs(body), []
            blocks = text_blocks(paragraphs)
        if not paragraphs:
            return RecordError(ref, f"«{title[:40]}»: no 'body' text")
        article = ParsedArticle(title=title, paragraphs=paragraphs, blocks=blocks, ref=ref, fmt="jsonl",
                                warnings=warnings)
        article.published = _date(data, "published", "date", "published_at")
        if article.published is None:
            article.published = at(dates.fallback(article.warnings))
        article.updated = _date(data, "updated", "modified")
        article.original_url = _string(data, "url", "original_url").strip()
        article.views = _views(data)
        article.section_slug, article.section_title = _section(data)
        article.tags = _names(data, "tags", split_commas=True)
        article.authors = _names(data, "authors", "author")
        article.source, article.source_url = _source(data)
        article.image_url = _string(data, "image", "image_url").strip()
        article.summary = clean_text(_string(data, "summary", "excerpt"))
        draft = data.get("draft", False)
        if not isinstance(draft, bool):
            raise BadField("'draft' must be true or false")
        article.draft = draft
    except BadField as error:
        return RecordError(ref, str(error))
    return article


def parse(path, dates):
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as error:
        yield RecordError(Ref(str(path)), f"cannot read the file: {error.strerror}")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            ref = Ref(str(path), line=number)
            if len(raw) > MAX_LINE_BYTES:
                yield RecordError(ref, f"line longer than {MAX_LINE_BYTES // 2**20} MB")
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").strip()
            except UnicodeDecodeError:
                yield RecordError(ref, "not UTF-8")
                continue
            if not line:
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                yield RecordError(ref, f"invalid JSON: {error.msg} (column {error.colno})")
                continue
            yield parse_record(data, ref, dates)
