"""Fixtures for the browser tests: a real Khabar server with the demo content, and Debian's Chromium.

The tests need /usr/bin/chromium (Debian's packages chromium and chromium-driver: Playwright's own browser
download cannot work here) and the Python playwright package. Without them they are skipped with the reason;
under CI=true, where .ci/run installs Chromium, a missing browser is a failure instead.

The server and the browser are package-scoped: set up once for every test in tests/browser, and gone before
the rest of the suite runs (Playwright's sync API keeps an event loop in this thread while it is open).
"""

import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import quote, urlparse

import pytest

from tests.browser.demo_server import CHROMIUM, DemoServer, chromium_available, launch_chromium

DESKTOP = {"width": 1280, "height": 800}
PHONES = {"360x740": {"width": 360, "height": 740}, "390x844": {"width": 390, "height": 844}}


def _missing():
    if not chromium_available():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="package")
def demo_site():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"under CI the browser tests must run, but: {reason}")
        pytest.skip(reason)
    server = DemoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="package")
def browser(demo_site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """A page in a fresh browser context, with everything that went wrong while it loaded."""

    page: object
    context: object
    console_errors: list = field(default_factory=list)
    outside_requests: list = field(default_factory=list)
    failed_responses: list = field(default_factory=list)

    def goto(self, path):
        response = self.page.goto(path, wait_until="load")
        self.page.evaluate("document.fonts.ready.then(() => true)")
        return response


@pytest.fixture
def visit(browser, demo_site):
    """visit(path, viewport=DESKTOP, scheme="light") opens a page; any request that would leave the
    machine (a font CDN, an analytics script) is blocked and recorded."""
    contexts = []
    origin = urlparse(demo_site.url).netloc

    def _visit(path=None, viewport=None, scheme="light", context=None):
        if context is None:
            context = browser.new_context(
                viewport=viewport or DESKTOP, color_scheme=scheme, locale="ar", base_url=demo_site.url,
            )
            contexts.append(context)
        seen = Visit(page=context.new_page(), context=context)

        def route(route):
            url = urlparse(route.request.url)
            if url.scheme in {"http", "https"} and url.netloc != origin:
                seen.outside_requests.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        seen.page.route("**/*", route)
        seen.page.on("console", lambda message: message.type == "error" and seen.console_errors.append(
            f"{message.text} ({message.location.get('url', '')})"))
        seen.page.on("pageerror", lambda error: seen.console_errors.append(f"uncaught: {error}"))
        seen.page.on("response", lambda response: response.status >= 400 and seen.failed_responses.append(
            f"{response.status} {response.url}"))
        if path:
            seen.goto(path)
        return seen

    yield _visit
    for context in contexts:
        context.close()


READER_PAGES = ["home", "section", "article", "search"]


@pytest.fixture
def reader_page(demo_site):
    """reader_page(name) is the path of one of the pages every reader sees: home, a section, an article or a
    search for a word of that article's headline."""

    def _path(name):
        path = {
            "home": "/",
            "section": demo_site.pages["section"],
            "article": demo_site.pages["article"],
            "search": "/search/?q=" + quote(demo_site.pages["search_word"]),
        }[name]
        if name == "search":
            try:
                urllib.request.urlopen(demo_site.url + path, timeout=30).close()  # noqa: S310 (loopback)
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    pytest.skip("the search page /search/ does not exist yet (issue 4)")
        return path

    return _path
