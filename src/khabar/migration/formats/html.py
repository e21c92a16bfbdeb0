"""Saved article pages (``.html``): the story's title, body, date, author and image read from the page.

What the page declares about itself wins over guessing: JSON-LD (``NewsArticle`` and kin) first, then Open
Graph and ``article:*`` meta tags, then ``<time>`` elements. The body is found by trafilatura (the field's
main-content extractor) in precision mode, and htmldate's date is the last resort before ``--date``. A page
that is not an article (a section listing, a 404 page) is refused rather than imported as a junk story.
"""

import contextlib
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.utils import decode_file

from ..body import clean_text, html_to_blocks
from ..dates import at, find_date, find_time, parse_datetime
from ..records import ParsedArticle, RecordError, Ref

EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml", ".asp", ".aspx", ".php")

ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report)$")
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:«»]{1,2}\s+")
# Without article markup, a page must carry at least this much story text to count as an article.
MIN_CHARS_UNMARKED = 300
MIN_CHARS_MARKED = 40
MAX_BYTES = 20 * 1024 * 1024


def sniff(head):
    return bool(re.search(r"<!doctype\s+html|<html[\s>]", head[:2048], re.IGNORECASE))


def estimate(path):
    return 1


# --- what the page says about itself -------------------------------------------------------------------------
def _json_ld_article(tree):
    """The first Article-like object of the page's JSON-LD, or {}."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                types = item.get("@type", "")
                types = types if isinstance(types, list) else [types]
                if any(isinstance(t, str) and ARTICLE_TYPES.search(t) for t in types):
                    return item
                stack.extend(item.get("@graph", []) if isinstance(item.get("@graph"), list) else [])
    return {}


def _meta(tree, *names):
    """Values of <meta property|name=...> tags, in document order."""
    values = []
    for name in names:
        for element in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            content = clean_text(element.get("content"))
            if content:
                values.append(content)
    return values


def _first(*values):
    return next((v for v in values if v), "")


def _names(value):
    """JSON-LD authors: a string, an object with a name, or a list of either."""
    if isinstance(value, str):
        return [clean_text(value)] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _url_of(value):
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return _url_of(value.get("url") or value.get("@id") or "")
    if isinstance(value, list) and value:
        return _url_of(value[0])
    return ""


def _absolute(url):
    url = (url or "").strip()
    return url if urlparse(url).scheme in {"http", "https"} and urlparse(url).netloc else ""


def _keywords(value):
    if isinstance(value, list):
        return [clean_text(str(v)) for v in value if clean_text(str(v))]
    if isinstance(value, str):
        return [k for k in (clean_text(k) for k in re.split(r"[,،]", value)) if k]
    return []


def _views(ld):
    """A view count from JSON-LD's interactionStatistic, when the page publishes one."""
    stats = ld.get("interactionStatistic")
    for stat in stats if isinstance(stats, list) else [stats]:
        if isinstance(stat, dict) and re.search(r"(Read|View|Watch)Action", str(stat.get("interactionType", ""))):
            try:
                return int(stat.get("userInteractionCount"))
            except (TypeError, ValueError):
                return None
    return None


def _title(tree, ld, doc, site_name):
    title = _first(clean_text(ld.get("headline") if isinstance(ld.get("headline"), str) else ""),
                   *_meta(tree, "og:title", "twitter:title"))
    page_title = clean_text(" ".join(tree.xpath("//title//text()")))
    if not title:
        in_title = [clean_text(h.text_content()) for h in tree.xpath("//h1")]
        title = next((h for h in in_title if h and h in page_title), "")
    if not title and page_title:
        parts = [p for p in TITLE_SEPARATORS.split(page_title) if p and p != site_name]
        title = max(parts, key=len) if parts else ""
    title = title or clean_text(doc.title if doc else "")
    if site_name:
        title = re.sub(rf"\s*[|\-–—]\s*{re.escape(site_name)}$", "", title)
    return title


def _published(tree, ld, doc, datelines, warnings, dates):
    declared = _first(str(ld.get("datePublished") or ""), *_meta(tree, "article:published_time", "datePublished",
                                                                   "pubdate", "publishdate"),
                      *(t.get("datetime", "") for t in tree.xpath('//*[@itemprop="datePublished"]')),
                      *(t.get("datetime", "") for t in tree.xpath("//article//time[@datetime]")))
    if declared:
        try:
            return parse_datetime(declared)
        except ValueError:
            warnings.append(f"unreadable publication date {declared[:40]!r}")
    for line in datelines:
        if find_date(line):
            return at(find_date(line), find_time(line))
    clock = next((find_time(line) for line in datelines if find_time(line)), None)
    if doc is not None and doc.date:
        return at(find_date(doc.date) or dates.fallback(warnings), clock)
    return at(dates.fallback(warnings, "the page shows no date"), clock)


# --- the parser --------------------------------------------------------------------------------------------
def parse_html(html, path, dates):
    ref = Ref(path)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return RecordError(ref, "no article: the file is empty or not HTML")
    ld = _json_ld_article(tree)
    # What says "this page is one story". An <article> element does not: listings wrap every teaser in one.
    # og:type=website does not refuse a page either (old sites set it everywhere); it only does not vouch.
    og_type = _first(*_meta(tree, "og:type")).lower()
    marked = bool(ld or og_type == "article" or _meta(tree, "article:published_time")
                  or tree.xpath('//*[@itemprop="articleBody"]'))

    doc = _extract(html, favor_precision=True)
    if (doc is None or not clean_text(doc.text)) and marked:
        doc = _extract(html, favor_recall=True)
    if doc is None:
        return RecordError(ref, "no article: no main text found in the page")

    site_name = _first(*_meta(tree, "og:site_name"))
    title = _title(tree, ld, doc, site_name)
    if not title:
        return RecordError(ref, "no headline: the page has no title, og:title, JSON-LD headline or <h1>")
    body_html = etree.tostring(convert_to_html(doc.body), encoding="unicode", method="html")
    blocks, paragraphs, warnings, datelines = html_to_blocks(body_html, title=title, page=True)
    chars = sum(len(p) for p in paragraphs)
    if chars < (MIN_CHARS_MARKED if marked else MIN_CHARS_UNMARKED):
        return RecordError(ref, f"no article: only {chars} characters of text and "
                                f"{'little' if marked else 'no'} article markup (a listing or error page?)")

    article = ParsedArticle(title=title, paragraphs=paragraphs, blocks=blocks, ref=ref, fmt="html",
                            warnings=warnings)
    article.published = _published(tree, ld, doc, datelines, article.warnings, dates)
    if ld.get("dateModified"):
        with contextlib.suppress(ValueError):  # a bad modification date costs nothing but itself
            article.updated = parse_datetime(str(ld["dateModified"]))
    canonical = [link.get("href", "") for link in tree.xpath('//link[@rel="canonical"]')]
    article.original_url = _first(*(_absolute(u) for u in (*canonical, *_meta(tree, "og:url"),
                                                           _url_of(ld.get("mainEntityOfPage")),
                                                           _url_of(ld.get("url")), doc.url)))
    article.authors = _names(ld.get("author")) or [
        name for name in (*_meta(tree, "author", "article:author"), *(doc.author or "").split(";"))
        if clean_text(name) and not _absolute(name)
    ][:1]
    article.authors = list(dict.fromkeys(clean_text(a) for a in article.authors if clean_text(a)))
    article.image_url = _first(*(_absolute(u) for u in (_url_of(ld.get("image")), *_meta(tree, "og:image"),
                                                        doc.image or "")))
    section = ld.get("articleSection")
    article.section_title = clean_text(_first(section[0] if isinstance(section, list) and section else
                                              section if isinstance(section, str) else "",
                                              *_meta(tree, "article:section")))
    article.tags = list(dict.fromkeys([*_keywords(ld.get("keywords")), *_meta(tree, "article:tag")]))
    article.summary = _first(clean_text(str(ld.get("description") or "")),
                             *_meta(tree, "og:description", "description"))
    article.views = _views(ld)
    return article


def _extract(html, **mode):
    return trafilatura.bare_extraction(
        html, with_metadata=True, include_formatting=True, include_links=True, include_comments=False,
        include_images=False, include_tables=True, output_format="python", **mode,
    )


def parse(path, dates):
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        yield RecordError(Ref(str(path)), f"cannot read the file: {error.strerror}")
        return
    if len(data) > MAX_BYTES:
        yield RecordError(Ref(str(path)), f"the page is larger than {MAX_BYTES // 2**20} MB")
        return
    yield parse_html(decode_file(data), str(path), dates)
