"""Fixtures for the view counter: beacon requests as a browser sends them, and the Redis backend on a private
key prefix (so parallel test runs sharing one Redis database never see each other's counts)."""

import uuid

import pytest
from django.test import Client

from khabar.views_counter import visitors

BROWSER_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def new_visitor_id():
    return uuid.uuid4().bytes.hex()[:22]


@pytest.fixture
def hidden_articles(site):
    """A draft, an embargoed and an expired story: the beacon must treat each as if it did not exist."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import make_article

    section = site.sections["syria"]
    return [
        make_article(section, title="مسودة", publish=False),
        make_article(section, title="خبر محظور النشر حتى الغد", publish=False,
                     go_live_at=timezone.now() + timedelta(days=1)),
        make_article(section, title="خبر انتهت صلاحيته", expire_at=timezone.now() - timedelta(minutes=1)),
    ]


@pytest.fixture(autouse=True)
def _forget_salts():
    """The salt is cached per process; each test's database starts without one."""
    visitors._salts.clear()
    yield
    visitors._salts.clear()


class Reader:
    """One browser: its cookies persist between requests, as a real browser's do."""

    def __init__(self, user_agent=BROWSER_UA, address="198.51.100.7", cookie=None):
        self.client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
        if cookie:
            self.client.cookies[visitors.COOKIE_NAME] = cookie

    def view(self, article, **extra):
        return self.client.post(f"/api/views/{article.public_id}/", **extra)

    def count(self, article):
        return self.client.get(f"/api/views/{article.public_id}/").json()["views"]


@pytest.fixture
def reader():
    return Reader


@pytest.fixture
def redis_backend(settings):
    """Switches the views backend to Redis (KHABAR_REDIS_URL) under a prefix of its own, removed afterwards."""
    from khabar.views_counter.backends import get_counter

    settings.KHABAR_VIEWS_BACKEND = "redis"
    settings.KHABAR_VIEWS_REDIS_PREFIX = f"khabar-test:{uuid.uuid4().hex}"
    counter = get_counter()
    yield counter
    keys = list(counter.client.scan_iter(f"{settings.KHABAR_VIEWS_REDIS_PREFIX}:*"))
    if keys:
        counter.client.delete(*keys)
