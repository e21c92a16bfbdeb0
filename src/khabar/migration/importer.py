"""One import run: files found, each parsed in its own format, each article written (or only described, in a
dry run), every problem reported with its place, a progress bar on long runs and a summary at the end.

Kept apart from the management command so the run can be driven from code (the benchmark does) and so the
command stays a thin layer of options and messages.
"""

import json
import logging
import time
from dataclasses import dataclass, field

from django.utils import timezone
from tqdm import tqdm

from khabar.news.signals import content_changed

from . import formats
from .dates import DateDefaults
from .records import ParsedArticle, RecordError, Skipped
from .writer import CREATED, UNCHANGED, UPDATED, ArticleWriter

logger = logging.getLogger(__name__)

# Fewer records than this finish before a progress bar would tell anyone anything.
PROGRESS_MIN_RECORDS = 50


@dataclass
class Summary:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # records that are not articles (WordPress pages, attachments…)
    failed: int = 0
    warnings: int = 0
    images_kept: int = 0
    seconds: float = 0.0
    dry_run: bool = False
    failures: list = field(default_factory=list)

    @property
    def written(self):
        return self.imported + self.updated

    def line(self):
        verb = "would import" if self.dry_run else "imported"
        rate = ""
        if self.seconds and self.written and not self.dry_run:
            rate = f", {self.written / self.seconds:.1f} articles/s"
        return (f"{verb} {self.imported}, {'would update' if self.dry_run else 'updated'} {self.updated}, "
                f"skipped {self.skipped + self.unchanged} ({self.unchanged} unchanged, {self.skipped} not articles), "
                f"failed {self.failed} — {self.seconds:.1f} s{rate}")


class _Stream:
    """tqdm writes carriage returns, Django's OutputWrapper would add a newline to each: pass them raw."""

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text):
        self.wrapper.write(text, ending="")

    def flush(self):
        self.wrapper.flush()


class Importer:
    def __init__(self, *, stdout, stderr, section=None, day=None, draft=False, dry_run=False,
                 as_json=False, progress=True, verbosity=1, today=None, user=None):
        self.stdout, self.stderr = stdout, stderr
        self.dry_run = dry_run
        self.as_json = as_json
        self.progress = progress and not as_json
        self.verbosity = verbosity
        self.dates = DateDefaults(given=day, today=today or timezone.localdate())
        self.summary = Summary(dry_run=dry_run)
        self.bar = None
        # --dry-run --json only parses: it needs no database, so a parser can be checked anywhere.
        self.writer = None
        if not (dry_run and as_json):
            self.writer = ArticleWriter(section_slug=section, publish=not draft, user=user)
        self.section_given = section

    # --- messages --------------------------------------------------------------------------------------
    def say(self, message, stream=None, level=1):
        if self.verbosity < level:
            return
        stream = stream or self.stdout
        if self.bar is not None:
            with self.bar.external_write_mode():
                stream.write(message)
        else:
            stream.write(message)

    def report_failure(self, error):
        self.summary.failed += 1
        self.summary.failures.append(str(error))
        self.say(f"failed: {error}", self.stderr, level=0)

    def report_warnings(self, record):
        for warning in record.warnings:
            self.summary.warnings += 1
            self.say(f"warning: {record.ref}: {warning}", self.stderr)

    # --- the run ---------------------------------------------------------------------------------------
    def run(self, paths):
        """Import every file of ``paths`` (a list of (path, format) from ``formats.collect``)."""
        started = time.monotonic()
        total = sum(formats.FORMATS[fmt].estimate(path) for path, fmt in paths)
        show = self.progress and total >= PROGRESS_MIN_RECORDS
        self.bar = tqdm(total=total, unit=" records", file=_Stream(self.stderr), disable=not show,
                        mininterval=0.5, dynamic_ncols=True, leave=True) if show else None
        try:
            for path, fmt in paths:
                for item in formats.FORMATS[fmt].parse(path, self.dates):
                    self.handle(item)
                    if self.bar is not None:
                        self.bar.update(1)
        finally:
            if self.bar is not None:
                self.bar.total = self.bar.n  # estimates count blank lines; end the bar at 100%
                self.bar.refresh()
                self.bar.close()
                self.bar = None
        self.summary.seconds = time.monotonic() - started
        if self.summary.written and not self.dry_run:
            content_changed.send(sender=Importer, article=None, reason="import")
        return self.summary

    def handle(self, item):
        if isinstance(item, RecordError):
            self.report_failure(item)
        elif isinstance(item, Skipped):
            self.summary.skipped += 1
            self.say(f"skipped: {item.ref}: {item.reason}", self.stdout, level=2)
        elif isinstance(item, ParsedArticle):
            if self.section_given:
                item.section_slug, item.section_title = self.section_given, ""
            if self.dry_run:
                self.describe(item)
            else:
                self.write(item)

    def count(self, action, record):
        if action == CREATED:
            self.summary.imported += 1
        elif action == UPDATED:
            self.summary.updated += 1
        elif action == UNCHANGED:
            self.summary.unchanged += 1
        if action != UNCHANGED and record.image_url:
            self.summary.images_kept += 1

    def describe(self, record):
        self.report_warnings(record)
        if self.as_json:
            self.summary.imported += 1
            self.stdout.write(json.dumps(record.as_json(), ensure_ascii=False))
            return
        plan = self.writer.plan(record)
        self.count(plan.action, record)
        verb = {CREATED: "would create", UPDATED: "would update", UNCHANGED: "unchanged"}[plan.action]
        old = f" ← {record.original_url}" if record.original_url else ""
        self.say(f"{verb}: «{record.title}» in {plan.section}{old}")

    def write(self, record):
        try:
            action, article = self.writer.write(record)
        except Exception as error:  # one bad article must not stop a migration of thousands
            logger.debug("import of %s failed", record.ref, exc_info=True)
            self.report_failure(RecordError(record.ref, f"«{record.title[:40]}»: {type(error).__name__}: {error}"))
            return
        self.count(action, record)
        self.report_warnings(record)
        if action != UNCHANGED:
            self.say(f"{action}: «{record.title}» → {article.canonical_path}", level=2)

