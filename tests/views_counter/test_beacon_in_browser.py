"""The beacon script in a real browser (Debian's Chromium through Playwright) against a real server: the
reader sees the fresh count, phrased by the server; a reload by the same reader does not count again; with
JavaScript off the page shows the server-rendered count and records nothing."""

import os
from pathlib import Path

import pytest

from . import live

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path(os.environ.get("KHABAR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
# Headless Chromium says "HeadlessChrome", which the bot list rightly refuses to count: readers' browsers don't.
DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
PHONE_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.4 Mobile/15E148 Safari/604.1")


@pytest.fixture(scope="module")
def chromium():
    reason = None
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium not found at {CHROMIUM}"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = "the playwright package is not installed"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"under CI the browser tests must run, but: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    template = live.SqliteTemplate(tmp_path_factory.mktemp("views-browser"))
    path = template.copy("browser")
    # Debug mode serves static files straight from the apps, sparing a collectstatic run.
    env = live.base_env(f"sqlite:///{path}", debug=True, var_dir=path.parent)
    with live.LiveServer(env, workers=1) as running:
        running.public_id, running.stored = template.public_id, lambda: live.sqlite_views(path, template.pk)
        yield running


def shown_count(page, public_id, expected):
    count = page.locator(f'[data-views-for="{public_id}"]')
    page.wait_for_function(
        "([id, text]) => document.querySelector(`[data-views-for=\"${id}\"]`).textContent === text",
        arg=[str(public_id), expected], timeout=10_000,
    )
    return count.text_content()


def test_the_reader_sees_the_fresh_count_and_a_reload_does_not_count_again(chromium, server):
    context = chromium.new_context(user_agent=DESKTOP_UA, locale="ar", base_url=server.url)
    page = context.new_page()
    beacons = []
    page.on("request", lambda r: "/api/views/" in r.url and beacons.append(r.method))
    page.goto(f"/a/{server.public_id}/")
    assert shown_count(page, server.public_id, "287 مشاهدة") == "287 مشاهدة"
    page.reload()
    shown_count(page, server.public_id, "287 مشاهدة")
    assert beacons == ["POST", "POST"] and server.stored() == 287

    other = chromium.new_context(user_agent=PHONE_UA, locale="ar", base_url=server.url).new_page()
    other.goto(f"/a/{server.public_id}/")
    assert shown_count(other, server.public_id, "288 مشاهدة") == "288 مشاهدة"
    context.close()
    other.context.close()


def test_without_javascript_the_page_shows_the_rendered_count_and_records_nothing(chromium, server):
    before = server.stored()
    context = chromium.new_context(user_agent=DESKTOP_UA, java_script_enabled=False, base_url=server.url)
    page = context.new_page()
    page.goto(f"/a/{server.public_id}/")
    from khabar.arabic.numbers import views_phrase

    assert page.locator(f'[data-views-for="{server.public_id}"]').text_content() == views_phrase(before)
    assert server.stored() == before
    context.close()
