"""Refreshes the README's screenshots: the demo site's home page and an article, on a desktop and a phone.

Uses the same throw-away demo server as the browser tests (tests/browser/demo_server.py) and Debian's
Chromium through Playwright. Run with `make screenshots`; the PNG files land in docs/screenshots/.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.demo_server import CHROMIUM, DemoServer, chromium_available, launch_chromium  # noqa: E402

OUT_DIR = ROOT / "docs/screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 860}, "mobile": {"width": 390, "height": 844}}


def main():
    if not chromium_available():
        sys.exit(f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with DemoServer() as site, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        pages = {"home": "/", "article": site.pages["article"]}
        for device, viewport in VIEWPORTS.items():
            context = browser.new_context(
                viewport=viewport, color_scheme="light", locale="ar", base_url=site.url,
                device_scale_factor=1, is_mobile=device == "mobile", has_touch=device == "mobile",
            )
            page = context.new_page()
            for name, path in pages.items():
                page.goto(path, wait_until="networkidle")
                page.evaluate("document.fonts.ready.then(() => true)")
                target = OUT_DIR / f"{name}-{device}.png"
                page.screenshot(path=str(target))
                print(f"{target.relative_to(ROOT)}: {target.stat().st_size / 1024:.0f} KiB", flush=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
