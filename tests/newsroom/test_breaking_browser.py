"""The breaking-news bar in a real browser, on pages served by the page cache of a real server.

A flag is written straight into the server's database, without the signals that would retire cached pages:
the worst case, as at an expiry nobody announced yet. The cached HTML stays out of date, and the bar's script
alone must show the flag within 10 seconds in a page already open and in one opened from the cache, then hide
it when it expires.
"""

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.demo_server import DemoServer, chromium_available, free_port, launch_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROMISE_SECONDS = 10

_FLAG_SCRIPT = """
import sys
from datetime import timedelta
import django
django.setup()
from django.utils import timezone
from khabar.news.models import ArticlePage
from khabar.newsroom.models import BreakingNews
story = ArticlePage.objects.visible().order_by("published_at").first()
now = timezone.now()
# bulk_create: no post_save, so no page-cache invalidation (the case the script exists for).
BreakingNews.objects.bulk_create([BreakingNews(article=story, headline=sys.argv[1], starts_at=now,
                                               expires_at=now + timedelta(seconds=float(sys.argv[2])))])
print(story.canonical_path)
"""


class CachedDemoServer(DemoServer):
    """The demo site served through the page cache, as `khabar serve` does (one worker, so that a page cached
    once is the page every later request gets)."""

    def start(self):
        if not self.pages:
            self.setup()
        self.port = free_port()
        self._log_file = (self.var_dir / "server.log").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port",
             str(self.port), "--workers", "1", "--no-ws", "khabar.serving.wsgi:application"],
            env=self.env(), cwd=self.var_dir, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server did not start:\n{self.server_log()}")

    def flag(self, headline, seconds):
        result = subprocess.run([sys.executable, "-c", _FLAG_SCRIPT, headline, str(seconds)], env=self.env(),
                                cwd=self.var_dir, capture_output=True, text=True, timeout=120, check=True)
        return result.stdout.strip().splitlines()[-1]

    def fetch(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310 (loopback)
            return response.headers.get("X-Khabar-Cache", ""), response.read().decode()


@pytest.fixture(scope="module")
def server():
    if not chromium_available():
        if os.environ.get("CI") == "true":
            pytest.fail("under CI the browser tests must run, but Chromium is missing")
        pytest.skip("Chromium not found (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    with CachedDemoServer() as running:
        yield running


@pytest.fixture(scope="module")
def chromium(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


def test_bar_reaches_cached_pages_within_ten_seconds_and_leaves_at_expiry(server, chromium):
    section = server.pages["section"]
    for path in ("/", section):
        # Warm the cache; a first render racing the server's start-up may be stored a moment late.
        state = ""
        for _attempt in range(6):
            state = server.fetch(path)[0]
            if state == "hit":
                break
            time.sleep(0.5)
        assert state == "hit", f"{path} should now come from the page cache"
    page = chromium.new_page()
    page.goto(server.url + section)
    headline = f"اختبار عاجل {time.time_ns()}"
    lifetime = 25

    link = server.flag(headline, lifetime)
    flagged_at = time.monotonic()

    cache_state, html = server.fetch("/")
    assert cache_state == "hit" and headline not in html  # the cached HTML does not know
    item = page.locator("#breaking-bar .breaking-list a", has_text=headline)
    item.wait_for(state="visible", timeout=PROMISE_SECONDS * 1000)
    assert time.monotonic() - flagged_at <= PROMISE_SECONDS
    assert item.get_attribute("href") == link

    fresh = chromium.new_page()
    fresh.goto(server.url + "/")
    fresh.locator("#breaking-bar .breaking-list a", has_text=headline).wait_for(state="visible", timeout=5000)

    remaining = lifetime - (time.monotonic() - flagged_at)
    item.wait_for(state="detached", timeout=(remaining + 3) * 1000)
    assert time.monotonic() - flagged_at <= lifetime + 2
    page.close()
    fresh.close()
