"""WordPress exports (WXR, "Tools → Export"): posts with their categories, tags, authors, dates, view counts
and permalinks.

The file is read as a stream with lxml, safely: no DTD is loaded, no entity is expanded and nothing is fetched
from the network, and a file that declares entities at all (WordPress never writes one) is refused, since that
is the shape of the "billion laughs" and external-entity attacks. A file cut short (an interrupted download)
gives every post before the cut, and the cut itself is reported with its line.

Only ``post`` items are articles. Pages, attachments, menu items and revisions are skipped (attachments give
posts their featured image URL); drafts, pending and private posts come in as drafts; trashed ones are skipped.
"""

import re
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from ..body import clean_text, html_to_blocks
from ..dates import parse_datetime
from ..records import ParsedArticle, RecordError, Ref, Skipped

EXTENSIONS = (".xml", ".wxr")

# View counters of the common plugins and themes, most specific first: WP-PostViews ("views"), the
# popular theme snippet ("post_views_count"), TieLabs themes (Jannah, Sahifa: "tie_views"), WPBeginner's
# snippet, Penci and JNews themes, Post Views Counter's legacy meta.
VIEW_META_KEYS = ("views", "post_views_count", "tie_views", "wpb_post_views_count", "penci_post_views_count",
                  "jnews_views_counter", "post_views", "_post_views", "pvc_views", "_count-views_all")
DRAFT_STATUSES = {"draft", "pending", "private", "future"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
UNCATEGORISED = {"uncategorized", "غير-مصنف", "غير مصنف", "بدون تصنيف"}
ZERO_DATE = "0000-00-00 00:00:00"
PROLOG_BYTES = 65536


def sniff(head):
    return "<rss" in head and "wordpress.org/export" in head


def estimate(path):
    """How many <item>s the file holds, counted without parsing it (for the progress bar)."""
    count, tail = 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            count += (tail + chunk).count(b"<item>") + (tail + chunk).count(b"<item ")
            tail = chunk[-5:]
    return max(count, 1)


def _kind(namespace):
    namespace = namespace or ""
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content"
    if "/excerpt" in namespace:
        return "excerpt"
    if "wordpress.org/export" in namespace:
        return "wp"
    if "purl.org/dc" in namespace:
        return "dc"
    return ""


def _key(element):
    if not isinstance(element.tag, str):
        return ""
    name = etree.QName(element)
    kind = _kind(name.namespace)
    return f"{kind}:{name.localname}" if kind else name.localname


def _text(element):
    """Text of an element; entity references (which are never expanded) contribute nothing."""
    return "".join(element.itertext()) if element is not None else ""


def _item_fields(item):
    fields, categories, meta = {}, [], {}
    for child in item:
        key = _key(child)
        if key == "category":
            categories.append((child.get("domain", ""), child.get("nicename", ""), clean_text(_text(child))))
        elif key == "wp:postmeta":
            values = {_key(part): _text(part) for part in child}
            meta.setdefault(values.get("wp:meta_key", ""), values.get("wp:meta_value", ""))
        elif key:
            fields.setdefault(key, _text(child))
    return fields, categories, meta


def _published(fields):
    gmt = fields.get("wp:post_date_gmt", "").strip()
    if gmt and gmt != ZERO_DATE:
        return parse_datetime(gmt.replace(" ", "T") + "+00:00")
    local = fields.get("wp:post_date", "").strip()
    if local and local != ZERO_DATE:
        return parse_datetime(local)
    return parse_datetime(fields.get("pubDate", ""))


def _views(meta, warnings):
    for key in VIEW_META_KEYS:
        value = clean_text(meta.get(key, ""))
        if value:
            if value.isdigit():
                return int(value)
            warnings.append(f"views meta {key}={value[:20]!r} is not a number")
    return None


def _refuse_entities(path):
    """WordPress never declares entities; a file that does is an attack or not an export."""
    with open(path, "rb") as handle:
        prolog = handle.read(PROLOG_BYTES)
    root = re.search(rb"<rss[\s>]", prolog)
    head = prolog[: root.start()] if root else prolog
    return b"<!ENTITY" in head.upper() or b"<!DOCTYPE" in head.upper()


class _Export:
    """Everything read from one file: the posts in order, attachment URLs and authors' display names."""

    def __init__(self, path):
        self.path = path
        self.items = []
        self.attachments = {}
        self.authors = {}
        self.failure = None

    def read(self):
        events = etree.iterparse(
            str(self.path), events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
            huge_tree=False, remove_comments=True, recover=False,
        )
        try:
            for _event, element in events:
                key = _key(element)
                if key == "item":
                    self.add_item(element)
                    element.clear(keep_tail=False)
                elif key == "wp:author":
                    values = {_key(part): clean_text(_text(part)) for part in element}
                    login = values.get("wp:author_login", "")
                    if login:
                        self.authors[login] = values.get("wp:author_display_name") or login
        except etree.XMLSyntaxError as error:
            line = error.position[0] if error.position else None
            message = re.sub(r", line \d+, column \d+$", "", (error.msg or "").splitlines()[0] if error.msg else "")
            self.failure = RecordError(
                Ref(str(self.path), line=line),
                f"the XML is cut short or broken ({message}); {len(self.items)} item(s) before it were read",
            )

    def add_item(self, element):
        fields, categories, meta = _item_fields(element)
        if fields.get("wp:post_type") == "attachment":
            self.attachments[fields.get("wp:post_id", "")] = fields.get("wp:attachment_url", "").strip()
        self.items.append((element.sourceline, fields, categories, meta))


def _article(path, line, fields, categories, meta, authors, attachments):
    ref = Ref(path, line=line)
    post_type = fields.get("wp:post_type", "post") or "post"
    status = fields.get("wp:status", "publish") or "publish"
    if post_type != "post":
        return Skipped(ref, f"WordPress {post_type}, not a post")
    if status in SKIPPED_STATUSES:
        return Skipped(ref, f"post with status {status!r}")
    title = clean_text(fields.get("title", ""))
    if not title:
        return RecordError(ref, f"post {fields.get('wp:post_id', '?')} has no title")
    blocks, paragraphs, warnings, _dates = html_to_blocks(fields.get("content:encoded", ""), title=title)
    if not paragraphs:
        return RecordError(ref, f"«{title[:40]}»: the post has no body text")
    try:
        published = _published(fields)
    except ValueError as error:
        return RecordError(ref, f"«{title[:40]}»: no readable publication date ({error})")
    article = ParsedArticle(title=title, paragraphs=paragraphs, blocks=blocks, ref=ref, fmt="wxr",
                            published=published, warnings=warnings)
    modified = fields.get("wp:post_modified_gmt", "").strip()
    if modified and modified != ZERO_DATE:
        article.updated = parse_datetime(modified.replace(" ", "T") + "+00:00")
    article.original_url = fields.get("link", "").strip()
    article.draft = status in DRAFT_STATUSES
    if status == "future":
        article.warnings.append("scheduled in WordPress: imported as a draft")
    for domain, nicename, name in categories:
        slug = unquote(nicename).strip().lower()
        if domain == "category" and not article.section_title and slug not in UNCATEGORISED:
            article.section_slug, article.section_title = slug, name
        elif domain == "post_tag" and name and name not in article.tags:
            article.tags.append(name)
    creator = clean_text(fields.get("dc:creator", ""))
    if creator:
        article.authors = [authors.get(creator, creator)]
    article.views = _views(meta, article.warnings)
    article.summary = clean_text(re.sub(r"<[^>]+>", " ", fields.get("excerpt:encoded", "")))
    article.image_url = attachments.get(clean_text(meta.get("_thumbnail_id", "")), "")
    return article


def parse(path, dates):
    path = Path(path)
    try:
        refused = _refuse_entities(path)
    except OSError as error:
        yield RecordError(Ref(str(path)), f"cannot read the file: {error.strerror}")
        return
    if refused:
        yield RecordError(Ref(str(path), line=1), "refused: the file declares a DTD or XML entities, which "
                                                  "WordPress exports never do (entity expansion attack?)")
        return
    export = _Export(path)
    export.read()
    if not export.items and export.failure is None:
        yield RecordError(Ref(str(path)), "not a WordPress export: no <item> in the file")
    for line, fields, categories, meta in export.items:
        yield _article(str(path), line, fields, categories, meta, export.authors, export.attachments)
    if export.failure:
        yield export.failure
