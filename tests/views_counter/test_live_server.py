"""500 readers at once against a real server (Granian, two worker processes, real HTTP): the count rises by
exactly 500, one reader twenty times adds one, a crawler adds nothing, on every backend.

- ``db`` on SQLite: a WAL-mode file database, as ``khabar serve`` runs it (see live.py for why not the
  in-process ``live_server``); every request must succeed: no "database is locked".
- ``db`` on PostgreSQL and ``redis``: in `make test`'s second pass, against the real servers. The redis run
  also moves the counts to the database with ``khabar flush-views`` and checks the stored total.
"""

import http.client
import os
import sqlite3
from urllib.parse import urlparse

import pytest
from django.db import connection

from . import live

CONCURRENT_VISITORS = 500
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.fixture(scope="module")
def sqlite_template(tmp_path_factory):
    return live.SqliteTemplate(tmp_path_factory.mktemp("views-live"))


@pytest.fixture
def sqlite_site(sqlite_template, request):
    """A fresh copy of the seeded SQLite file: (database URL, public id, pk, stored-count reader)."""
    path = sqlite_template.copy(request.node.name[:40])
    return f"sqlite:///{path}", sqlite_template.public_id, sqlite_template.pk, lambda: live.sqlite_views(path, sqlite_template.pk)


@pytest.fixture
def postgres_site(transactional_db, django_db_serialized_rollback):
    """The test run's own PostgreSQL database, seeded and committed, so the server's processes see it. (The
    serialized rollback puts back the rows migrations made, such as Wagtail's root page, which an earlier
    transactional test's flush removed.)"""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (KHABAR_DATABASE_URL=postgres://…)")
    from khabar.news.models import ArticleViewCount
    from tests.factories import make_article, make_site

    site = make_site()
    article = make_article(site.sections["syria"], title="اشتباكات في دير الزور", views=286)
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    connection.close()  # the server's processes will hold their own connections
    return url, article.public_id, article.pk, lambda: ArticleViewCount.objects.get(article_id=article.pk).views


def exercise(server, public_id):
    """The three checks of the issue, against a running server. Returns the counts it saw."""
    visitors = [live.visitor(n) for n in range(CONCURRENT_VISITORS)]
    before = live.get_count(server.url, public_id)
    volley = live.fire(server.url, public_id, visitors, concurrency=CONCURRENT_VISITORS)
    results = volley.results
    failures = volley.failures()
    assert not failures, f"{len(failures)} of {CONCURRENT_VISITORS} beacons failed:\n{server.output()[-4000:]}"
    assert all(body["counted"] for _status, body in results)
    # Every answer is a count the article really had at some instant: all distinct, ending at before + 500.
    assert sorted(body["views"] for _s, body in results) == list(range(before + 1, before + CONCURRENT_VISITORS + 1))
    after_crowd = live.get_count(server.url, public_id)
    assert after_crowd == before + CONCURRENT_VISITORS

    conn = http.client.HTTPConnection(urlparse(server.url).hostname, urlparse(server.url).port, timeout=60)
    same = [live.post_view(conn, public_id, cookie="samereader00000000000x", address="10.200.0.1")
            for _ in range(20)]
    assert [body["counted"] for _s, body in same] == [True] + [False] * 19
    crawler = [live.post_view(conn, public_id, address=f"10.201.0.{n}", user_agent=GOOGLEBOT) for n in range(5)]
    assert all(status == 200 and body["counted"] is False for status, body in crawler)
    conn.close()
    final = live.get_count(server.url, public_id)
    assert final == before + CONCURRENT_VISITORS + 1
    return before, final


@pytest.mark.slow
def test_500_concurrent_readers_on_sqlite_db_backend(sqlite_site):
    url, public_id, _pk, stored = sqlite_site
    env = live.base_env(url, backend="db")
    with live.LiveServer(env) as server:
        before, final = exercise(server, public_id)
        errors = server.stop()
    assert (before, final) == (286, 787)
    assert stored() == 787
    # The operator's command, spelled as in a crontab: nothing waits on this backend, and nothing changes.
    assert "db: 0 views moved to the database, 0 still waiting" in live.run_khabar(env, "flush-views")
    assert stored() == 787
    assert "database is locked" not in errors
    with sqlite3.connect(urlparse(url).path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.slow
@pytest.mark.postgres
def test_500_concurrent_readers_on_postgresql_db_backend(postgres_site):
    url, public_id, _pk, stored = postgres_site
    with live.LiveServer(live.base_env(url, backend="db")) as server:
        before, final = exercise(server, public_id)
    assert (before, final) == (286, 787)
    assert stored() == 787


def exercise_redis(site):
    url, public_id, _pk, stored = site
    redis_url = os.environ["KHABAR_REDIS_URL"]
    env = live.base_env(url, backend="redis", redis_url=redis_url)
    try:
        with live.LiveServer(env) as server:
            before, final = exercise(server, public_id)
            assert stored() == 286  # the counts wait in Redis…
            out = live.run_khabar(env, "flush-views")  # …until the flush moves them, as the server's job does
            assert "501 views moved" in out
            assert stored() == 787
            assert live.get_count(server.url, public_id) == 787  # not doubled by the move
    finally:
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(env["KHABAR_VIEWS_REDIS_PREFIX"] + ":*"))
        if keys:
            client.delete(*keys)
    assert (before, final) == (286, 787)


@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.postgres
def test_500_concurrent_readers_on_redis_backend_with_postgresql_then_flush(postgres_site):
    exercise_redis(postgres_site)


@pytest.mark.slow
@pytest.mark.redis
def test_500_concurrent_readers_on_redis_backend_with_sqlite_then_flush(sqlite_site):
    if os.environ.get("KHABAR_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the redis backend is tested with PostgreSQL in this pass")
    exercise_redis(sqlite_site)
