"""Fixtures shared by every test: a small real site (home, sections, authors, articles) and service checks.

Tests marked ``postgres`` or ``redis`` need the real servers, named by KHABAR_DATABASE_URL / KHABAR_REDIS_URL.
`make test` runs them in a second pass with both set (under CI=true that pass always runs). A test whose
variable is unset is skipped with the reason (the first pass); one whose server does not answer is skipped too,
except under CI=true, where that is a failure.
"""

import os
import socket
from urllib.parse import urlparse

import pytest
from django.core.cache import cache

from tests.factories import make_article, make_site


def _answers(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def _require(service, env_name, prefix, default_port):
    url = os.environ.get(env_name, "")
    if not url.startswith(prefix):
        pytest.skip(f"needs {service}: set {env_name} ({prefix}…); `make test` does in its second pass")
    if _answers(url, default_port):
        return
    reason = f"{service} at {url} does not answer"
    if os.environ.get("CI") == "true":
        pytest.fail(f"under CI the {service} tests must run, but: {reason}")
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres"):
        _require("PostgreSQL", "KHABAR_DATABASE_URL", "postgres", 5432)
    if item.get_closest_marker("redis"):
        _require("Redis", "KHABAR_REDIS_URL", "redis", 6379)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with empty caches and a process view of the page-cache generation it has not seen."""
    from khabar.serving.generation import reset_clock
    from khabar.serving.memo import memo

    cache.clear()
    memo.clear()
    reset_clock()
    yield
    cache.clear()
    memo.clear()
    reset_clock()


@pytest.fixture
def site(db):
    return make_site()


@pytest.fixture
def article(site):
    return make_article(site.sections["syria"], title="اشتباكات في دير الزور بين مجموعتين مسلحتين", views=286)
