"""Setting up a throw-away Khabar database for a search benchmark, loading a corpus, building the index.

Each benchmark process serves one database and one search system (the search index tables differ between
SQLite and PostgreSQL, so one process cannot hold both). SQLite gets a temporary file; PostgreSQL a
dedicated database (``khabar_bench_search…``) dropped and created afresh on the server named by
``--pg-url`` / ``KHABAR_BENCH_PG_URL``.
"""

import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/khabar_bench_search"


def pg_url(name):
    base = urlparse(os.environ.get("KHABAR_BENCH_PG_URL", DEFAULT_PG))
    return urlunparse(base._replace(path="/" + name))


def recreate_pg_database(url):
    """Drop and create the database in ``url`` (connecting to the server's ``postgres`` database)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected database name {name!r}")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')


def pg_available(url):
    try:
        import psycopg

        parsed = urlparse(url)
        with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), connect_timeout=3):
            return True
    except Exception:
        return False


def setup(database_url, system):
    """Point Django at ``database_url`` with search ``system`` and migrate a fresh schema."""
    var_dir = tempfile.mkdtemp(prefix="khabar-bench-")
    os.environ.update({
        "KHABAR_DATABASE_URL": database_url,
        "KHABAR_BENCH_SEARCH": system,
        "KHABAR_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "KHABAR_VAR_DIR": var_dir,
        "KHABAR_HTTPS": "0",
        "KHABAR_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "DJANGO_SETTINGS_MODULE": "searchlib.bench_settings",
    })
    os.environ.pop("KHABAR_REDIS_URL", None)
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def load(articles, progress=None):
    """Write ``articles`` as live ArticlePages, in bulk (Wagtail's page API would take hours at 100,000)."""
    import json
    import uuid

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Locale, Page

    from khabar.news.demo import ensure_home, ensure_sections
    from khabar.news.models import ArticlePage

    home = ensure_home()
    sections = ensure_sections(home)
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    next_step = {slug: section.numchild + 1 for slug, section in sections.items()}
    body_field = ArticlePage._meta.get_field("body")
    local_fields = [field for field in ArticlePage._meta.local_concrete_fields]
    batch = 2000
    with transaction.atomic():
        for start in range(0, len(articles), batch):
            chunk = articles[start:start + batch]
            pages = []
            for offset, article in enumerate(chunk):
                number = start + offset
                section = sections[article.section]
                slug = f"a{number}"
                pages.append(Page(
                    title=article.title, draft_title=article.title, slug=slug,
                    content_type=content_type, live=True, has_unpublished_changes=False,
                    url_path=f"{section.url_path}{slug}/",
                    path=Page._get_path(section.path, section.depth + 1, next_step[article.section]),
                    depth=section.depth + 1, numchild=0, locale=locale, translation_key=uuid.uuid4(),
                    first_published_at=article.published, last_published_at=article.published,
                ))
                next_step[article.section] += 1
            Page.objects.bulk_create(pages)
            rows = []
            for page, article, offset in zip(pages, chunk, range(len(chunk)), strict=True):
                row = ArticlePage(
                    page_ptr_id=page.pk, kicker=article.kicker, summary=article.summary,
                    published_at=article.published, public_id=100_000_000 + start + offset,
                    original_url=f"bench:{start + offset}",
                )
                row.body = json.dumps(
                    [{"type": "paragraph", "value": f"<p>{text}</p>", "id": str(uuid.uuid4())}
                     for text in article.paragraphs]
                )
                row.body = body_field.to_python(row.body)
                rows.append(row)
            ArticlePage._base_manager._insert(rows, fields=local_fields)
            if progress:
                progress.update(len(chunk))
        for slug, section in sections.items():
            Page.objects.filter(pk=section.pk).update(numchild=next_step[slug] - 1)


def build_index(progress=False):
    """Index every article; returns seconds taken."""
    from khabar.news.models import ArticlePage
    from khabar.search.indexing import rebuild

    started = time.perf_counter()
    rebuild(models=[ArticlePage], progress=progress)
    return time.perf_counter() - started


def article_numbers():
    """Page id -> position of the article in the generated corpus."""
    from khabar.news.models import ArticlePage

    return {
        pk: int(url.split(":")[1])
        for pk, url in ArticlePage.objects.values_list("pk", "original_url")
        if url.startswith("bench:")
    }
