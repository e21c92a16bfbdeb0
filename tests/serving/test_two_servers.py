"""Two app servers on different ports sharing one PostgreSQL and one Redis, as in docs/deploy.md: a change
published through one is served by the other within 5 seconds, and views recorded through both add up
exactly. Runs in `make test`'s second pass (KHABAR_DATABASE_URL=postgres://…, KHABAR_REDIS_URL=redis://…)."""

import json
import os
import secrets
import threading
from urllib.parse import urlparse

import psycopg
import pytest

from tests.serving.live import Editor, LiveServer, server_env, site_tool, wait_until
from tests.serving.site_tool import EDITOR

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture
def shared_database():
    """A database of the servers' own on the test run's PostgreSQL, dropped afterwards."""
    url = urlparse(os.environ["KHABAR_DATABASE_URL"])
    name = f"{url.path.lstrip('/') or 'khabar'}_two_servers_{os.getpid()}"
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def two_servers(shared_database, tmp_path):
    common = dict(
        KHABAR_DATABASE_URL=shared_database, KHABAR_REDIS_URL=os.environ["KHABAR_REDIS_URL"],
        KHABAR_CACHE_PREFIX=f"two-servers-{secrets.token_hex(4)}", KHABAR_VIEWS_BACKEND="redis",
        KHABAR_VIEWS_RATE_PER_ADDRESS=100_000,
    )
    env_a = server_env(tmp_path / "a", **common)
    env_b = {**server_env(tmp_path / "b", **common), "KHABAR_SECRET_KEY": env_a["KHABAR_SECRET_KEY"]}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    content = json.loads(site_tool(env_a, "setup"))
    servers = []
    try:
        servers.append(LiveServer(env_a))
        servers.append(LiveServer(env_b))
        yield servers[0], servers[1], content, env_a
    finally:
        for server in servers:
            server.stop()


def test_a_change_published_through_one_server_is_served_by_the_other_within_5_seconds(two_servers):
    server_a, server_b, content, _ = two_servers
    path = f"/a/{content['public_id']}/"
    # Behind a load balancer both servers see the site's one host name; pages are cached per host.
    site = {"Host": "localhost"}
    assert server_b.get(path, **site).cache == "miss"
    assert server_b.get(path, **site).cache == "hit"
    from_a = server_a.get(path, **site)
    assert from_a.cache == "hit", f"rendered by B, stored in Redis, but A: {from_a.headers}\n{server_a.output()}"
    assert content["title"] in server_b.get("/").text

    editor = Editor(server_a, *EDITOR)
    editor.publish_edit(content["pk"], "عنوان نُشر عبر الخادم الأول", "فقرة جديدة نشرها محرر عبر الخادم الأول.")
    elapsed = wait_until(lambda: "عنوان نُشر عبر الخادم الأول" in server_b.get(path).text, timeout=5)
    assert elapsed is not None, "server B still served the old article 5 seconds after the publish on A"
    assert "فقرة جديدة نشرها محرر عبر الخادم الأول." in server_b.get(path).text
    # Each of B's workers re-reads the generation on its own clock (at most once a second), so the worker
    # that answers "/" may learn about the change a moment after the one that answered the article.
    assert wait_until(lambda: "عنوان نُشر عبر الخادم الأول" in server_b.get("/").text, timeout=5) is not None

    editor.unpublish(content["pk"])
    assert wait_until(lambda: server_b.get(path).status == 404, timeout=5) is not None
    assert wait_until(lambda: "عنوان نُشر عبر الخادم الأول" not in server_b.get("/").text, timeout=5) is not None


def test_views_recorded_through_both_servers_add_up_exactly(two_servers):
    server_a, server_b, content, env = two_servers
    path = f"/api/views/{content['public_id']}/"
    errors = []

    def record(server, count):
        for _ in range(count):
            visitor = secrets.token_urlsafe(16)  # a distinct reader each time
            answer = server.request(path, method="POST", data=b"",
                                    headers={"Cookie": f"khabar_vid={visitor}", "User-Agent": BROWSER})
            if answer.status != 200 or not json.loads(answer.body)["counted"]:
                errors.append((answer.status, answer.text))

    threads = [threading.Thread(target=record, args=(server, 40)) for server in (server_a, server_b) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert json.loads(server_a.get(path).body)["views"] == 160
    assert json.loads(server_b.get(path).body)["views"] == 160
    # And once the counts are moved to PostgreSQL (what the periodic job does), nothing is lost or doubled.
    site_tool(env, "views", str(content["pk"]))
    assert json.loads(server_b.get(path).body)["views"] == 160
