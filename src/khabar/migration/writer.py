"""Parsed articles written into the site as an editor would make them: Wagtail pages, revisions, publication.

One article, one transaction: the page, its authors, sources, tags, view count, the 301 from its old address
and the import record commit together or not at all. Sections and authors the source names are created when
missing. Importing the same record again updates the article in place (found by its original URL, else by
the hash of its title and body); a record that has not changed since the last run is left alone.
"""

import hashlib
from dataclasses import dataclass
from urllib.parse import urlparse

from django.db import transaction
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from khabar.news.demo import ensure_home
from khabar.news.models import ArticlePage, ArticleViewCount, Author, HomePage, SectionPage, Source
from khabar.search.deferral import one_index_write_per_object

from .body import text_blocks
from .models import ImportedArticle

DEFAULT_SECTION = ("archive", "أرشيف")
SLUG_MAX = 80
REDIRECT_PATH_MAX = Redirect._meta.get_field("old_path").max_length
TITLE_MAX = Page._meta.get_field("title").max_length
URL_MAX = ArticlePage._meta.get_field("original_url").max_length

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def unique_slug(parent, text, fallback="article", exclude_pk=None):
    """A slug for a new child of ``parent`` that none of its children has (Wagtail requires it)."""
    base = slugify(text or "", allow_unicode=True)[:SLUG_MAX].strip("-") or fallback
    siblings = Page.objects.child_of(parent).filter(slug__startswith=base)
    if exclude_pk:
        siblings = siblings.exclude(pk=exclude_pk)
    taken = set(siblings.values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def redirect_path(url):
    """The old address's path as Wagtail's redirects store it, or None when a redirect could never fire
    (no path, the site's root, too long to store)."""
    if not url or not urlparse(url).scheme:
        return None
    path = Redirect.normalise_path(url)
    if path in ("", "/") or path.startswith("/?") or len(path) > REDIRECT_PATH_MAX:
        return None
    return path


@dataclass
class Plan:
    action: str  # CREATED, UPDATED or UNCHANGED
    section: str  # the section's title, "(new)" when it would be created
    existing: ArticlePage | None


class ArticleWriter:
    def __init__(self, *, section_slug=None, publish=True, user=None):
        self.publish = publish
        self.user = user
        self.home = HomePage.objects.first()
        self.section_override = None
        if section_slug:
            self.section_override = self.find_section(section_slug, "")
            if self.section_override is None:
                raise LookupError(section_slug)
        self._sections = {}
        self._authors = {}
        self._sources = {}

    # --- sections, authors, sources --------------------------------------------------------------------
    def find_section(self, slug, title):
        if self.home is None:
            return None
        sections = SectionPage.objects.child_of(self.home)
        for lookup in ({"slug": slug}, {"slug": title}, {"title": title},
                       {"slug": slugify(title or "", allow_unicode=True)}):
            value = next(iter(lookup.values()))
            if value and (found := sections.filter(**lookup).first()):
                return found
        return None

    def section_key(self, record):
        if self.section_override:
            return None
        if record.section_slug or record.section_title:
            return record.section_slug, record.section_title
        return DEFAULT_SECTION

    def section_for(self, record):
        if self.section_override:
            return self.section_override
        key = self.section_key(record)
        if key not in self._sections:
            slug, title = key
            section = self.find_section(slug, title)
            if section is None:
                if self.home is None:
                    self.home = ensure_home()
                section = SectionPage(title=(title or slug)[:TITLE_MAX],
                                      slug=unique_slug(self.home, slug or title, fallback="section"))
                self.home.add_child(instance=section)
                section.save_revision(user=self.user).publish(user=self.user)
            self._sections[key] = section
        return self._sections[key]

    def author(self, name):
        if name not in self._authors:
            author = Author.objects.filter(name=name).first()
            if author is None:
                base = slugify(name, allow_unicode=True)[:100].strip("-") or "author"
                slug, number = base, 2
                while Author.objects.filter(slug=slug).exists():
                    slug, number = f"{base}-{number}", number + 1
                author = Author.objects.create(name=name[:120], slug=slug)
            self._authors[name] = author
        return self._authors[name]

    def source(self, name, url):
        if name not in self._sources:
            self._sources[name] = Source.objects.get_or_create(name=name[:160], defaults={"url": url[:200]})[0]
        return self._sources[name]

    def forget(self):
        """After a rolled-back article, cached rows created in its transaction no longer exist."""
        self._sections.clear()
        self._authors.clear()
        self._sources.clear()
        if self.home is not None and not HomePage.objects.filter(pk=self.home.pk).exists():
            self.home = None

    # --- finding what was imported before --------------------------------------------------------------
    def existing(self, record):
        if record.original_url:
            return ArticlePage.objects.filter(original_url=record.original_url).order_by("pk").first()
        row = ImportedArticle.objects.filter(content_hash=record.content_hash).select_related("article").first()
        return row.article if row else None

    def fingerprint(self, record, section_key):
        """Everything that decides what the stored article looks like: the record and this run's options."""
        options = f"{record.fingerprint}|{section_key}|{self.publish}"
        return hashlib.sha256(options.encode("utf-8")).hexdigest()

    def plan(self, record):
        """What writing ``record`` would do, reading the database only (for --dry-run)."""
        existing = self.existing(record)
        if self.section_override:
            section_name = self.section_override.title
        else:
            slug, title = self.section_key(record)
            found = self.find_section(slug, title)
            section_name = found.title if found else f"{title or slug} (new)"
        if existing is None:
            return Plan(CREATED, section_name, None)
        stored = ImportedArticle.objects.filter(article=existing).values_list("fingerprint", flat=True).first()
        if stored == self.fingerprint(record, self.section_key(record)):
            return Plan(UNCHANGED, section_name, existing)
        return Plan(UPDATED, section_name, existing)

    # --- writing ---------------------------------------------------------------------------------------
    def write(self, record):
        """Create or update the article for ``record`` in one transaction; returns (action, article)."""
        if len(record.original_url) > URL_MAX:
            raise ValueError(f"the original URL is longer than {URL_MAX} characters")
        try:
            # Each of the page's three saves (created, revised, published) would rebuild its reference index
            # entries and its search entry; both are built once, from the final article, in the same
            # transaction.
            with transaction.atomic(), disable_reference_index_auto_update(), one_index_write_per_object():
                action, article = self._write(record)
                if action != UNCHANGED:
                    ReferenceIndex.create_or_update_for_object(ArticlePage.objects.get(pk=article.pk))
                    for redirect in Redirect.objects.filter(redirect_page=article):
                        ReferenceIndex.create_or_update_for_object(redirect)
                return action, article
        except Exception:
            self.forget()
            raise

    def _write(self, record):
        existing = self.existing(record)
        fingerprint = self.fingerprint(record, self.section_key(record))
        if existing is not None:
            stored = ImportedArticle.objects.filter(article=existing).values_list("fingerprint", flat=True).first()
            if stored == fingerprint:
                return UNCHANGED, existing
        section = self.section_for(record)
        # An article the newsroom has taken down (published once, not live now) stays down on a re-import.
        withdrawn = existing is not None and not existing.live and existing.first_published_at is not None
        publish = self.publish and not record.draft and not withdrawn
        if existing is None:
            article = ArticlePage(title=record.title[:TITLE_MAX], slug=unique_slug(section, record.title),
                                  live=False, owner=self.user)
            self._fill(article, record)
            section.add_child(instance=article)
            action = CREATED
        else:
            article = existing.get_latest_revision_as_object()
            if article.get_parent().pk != section.pk:
                self._move(existing, section)
                article = existing.get_latest_revision_as_object()
            article.title = record.title[:TITLE_MAX]
            self._fill(article, record)
            action = UPDATED
        article.authors.set([self.author(name) for name in record.authors])
        article.sources.set([self.source(record.source, record.source_url)] if record.source else [])
        article.tags.set(record.tags)
        revision = article.save_revision(user=self.user)
        if publish:
            revision.publish(user=self.user)
        self._views(article, record.views, created=action == CREATED)
        self._redirect(article, record)
        ImportedArticle.objects.update_or_create(article=article, defaults={
            "content_hash": record.content_hash, "fingerprint": fingerprint, "source_format": record.fmt,
            "source_ref": str(record.ref)[:1000], "image_url": record.image_url[:1000],
        })
        return action, article

    def _fill(self, article, record):
        article.body = record.blocks or text_blocks(record.paragraphs)
        article.summary = record.summary
        article.published_at = record.published
        article.updated_at = record.updated if record.updated and record.updated > record.published else None
        article.original_url = record.original_url

    def _move(self, page, section):
        if Page.objects.child_of(section).filter(slug=page.slug).exists():
            page.slug = unique_slug(section, page.slug, exclude_pk=page.pk)
            page.save(update_fields=["slug"], clean=False)
        page.move(section, pos="last-child", user=self.user)
        page.refresh_from_db()

    def _views(self, article, views, created):
        """An imported count is where the counter starts; a re-import never lowers a count the site has
        grown since."""
        if views is None:
            if created:
                ArticleViewCount.objects.get_or_create(article=article)
            return
        row, made = ArticleViewCount.objects.get_or_create(article=article, defaults={"views": views})
        if not made and row.views < views:
            ArticleViewCount.objects.filter(pk=row.pk).update(views=views)

    def _redirect(self, article, record):
        path = redirect_path(record.original_url)
        if path is None:
            if record.original_url:
                record.warnings.append(f"no redirect from {record.original_url[:80]}: its path cannot carry one")
            return
        Redirect.objects.update_or_create(
            old_path=path, site=None,
            defaults={"redirect_page": article, "redirect_link": "", "is_permanent": True},
        )
