"""What every format's parser hands to the writer: one parsed article, or the reason a record was refused.

Parsers know nothing about the database and the writer knows nothing about file formats; these two types are
the whole contract between them, and what ``khabar import --dry-run --json`` prints, so a parser change can be
checked against real pages without a database.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Ref:
    """Where a record came from, precise enough for an operator to open the file at the right place."""

    path: str
    line: int | None = None
    record: int | None = None

    def __str__(self):
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.record is not None:
            return f"{self.path} (record {self.record})"
        return self.path


@dataclass
class ParsedArticle:
    title: str
    # The body as plain-text paragraphs, in order (sub-headings and quotes included): what --json prints,
    # what the content hash is taken over, and the body itself when ``blocks`` is empty.
    paragraphs: list[str]
    ref: Ref
    fmt: str
    # StreamField blocks [(type, value)] built from sanitised HTML, when the source had markup.
    blocks: list = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    original_url: str = ""
    views: int | None = None
    # The section as the source names it: a slug, a title or both; None means "the --section fallback".
    section_slug: str = ""
    section_title: str = ""
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    source: str = ""
    source_url: str = ""
    image_url: str = ""
    summary: str = ""
    # The source itself says the story was not published (a WordPress draft, ``"draft": true`` in JSON Lines).
    draft: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self):
        """The idempotency key of a record without an original URL: the same title and body give the same
        key on every run, whatever file they were read from."""
        text = "\n".join([self.title.strip(), *(p.strip() for p in self.paragraphs)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def as_json(self):
        """The record as ``--dry-run --json`` prints it: plain JSON types, times in ISO 8601 with offset."""
        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "original_url": self.original_url or None,
            "views": self.views,
            "paragraphs": list(self.paragraphs),
            "section": self.section_slug or self.section_title or None,
            "tags": list(self.tags),
            "authors": list(self.authors),
            "source": self.source or None,
            "image_url": self.image_url or None,
            "summary": self.summary or None,
            "draft": self.draft,
            "format": self.fmt,
            "ref": str(self.ref),
            "content_hash": self.content_hash,
            "warnings": list(self.warnings),
        }

    @property
    def fingerprint(self):
        """A digest of everything the writer stores: an unchanged record is recognised and left alone on a
        re-run, so re-importing a whole site does not pile up identical revisions."""
        data = self.as_json()
        for volatile in ("ref", "warnings", "format"):
            data.pop(volatile)
        data["blocks"] = [list(block) for block in self.blocks]
        data["source_url"] = self.source_url
        data["section_title"] = self.section_title
        encoded = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RecordError:
    """A record that could not be read: reported with its place and reason, skipped, and the run goes on."""

    ref: Ref
    reason: str

    def __str__(self):
        return f"{self.ref}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """A record the source holds but that is not an article to import (a WordPress page, attachment, menu
    item or trashed post): counted as skipped, with why."""

    ref: Ref
    reason: str
