"""Lighthouse on the demo site: the home page and an article, as a phone sees them, four category scores each.

Starts the demo site as the browser tests do (a throw-away copy, served by Granian in production mode on a
free loopback port), runs Lighthouse 12.2.3 (the last release that runs on Node 20) in Debian's Chromium,
and prints performance, accessibility, best practices and SEO for each page, then every audit that kept a
category under 100, so a score below the target of 95 comes with its reasons. Each page is requested once
before Lighthouse sees it (its first visitor renders its image sizes and fills the page cache), and the time
of that cold request is printed too.

Lighthouse is installed once with npm into ~/.cache/khabar/lighthouse-12.2.3 (never into the repository).
Needs /usr/bin/chromium and npm; says so and stops when they are missing.
Run: `.venv/bin/python bench/lighthouse.py` (also part of `make bench`). KHABAR_LIGHTHOUSE_REPORTS=DIR keeps
the JSON reports.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.demo_server import CHROMIUM, CHROMIUM_ARGS, DemoServer, chromium_available  # noqa: E402

VERSION = "12.2.3"
INSTALL_DIR = Path(os.environ.get("KHABAR_LIGHTHOUSE_DIR", Path.home() / ".cache/khabar" / f"lighthouse-{VERSION}"))
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 95


def lighthouse_binary():
    binary = INSTALL_DIR / "node_modules/.bin/lighthouse"
    if not binary.exists():
        print(f"installing lighthouse@{VERSION} into {INSTALL_DIR} (once)…", flush=True)
        INSTALL_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [shutil.which("npm"), "install", "--prefix", str(INSTALL_DIR), "--save-exact", "--no-audit",
             "--no-fund", "--loglevel=error", f"lighthouse@{VERSION}"],
            check=True,
        )
    return binary


def run_lighthouse(binary, url, report):
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [str(binary), url, "--quiet", "--form-factor=mobile", f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={flags}", "--output=json", f"--output-path={report}"],
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=300,
    )
    if result.returncode != 0 or not Path(report).exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(Path(report).read_text())


def warm_up(url):
    """Requests the page twice; returns how long the first (cold) request took."""
    timings = []
    for _ in range(2):
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (loopback)
            response.read()
        timings.append(time.monotonic() - started)
    return timings[0]


def shortfalls(report):
    """The audits that cost points, by category: what to fix to reach 100."""
    lines = []
    for key in CATEGORIES:
        category = report["categories"][key]
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                lines.append(f"    {key}: {audit['id']} {audit['score']:.2f}{value}: {audit['title']}")
    return lines


def main():
    if not chromium_available():
        print(f"lighthouse: skipped, Chromium not found at {CHROMIUM} (apt-get install chromium)")
        return 0
    if shutil.which("npm") is None:
        print("lighthouse: skipped, npm not found (Lighthouse is installed from the npm registry)")
        return 0
    binary = lighthouse_binary()
    keep = os.environ.get("KHABAR_LIGHTHOUSE_REPORTS")
    reports = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="khabar-lighthouse-"))
    reports.mkdir(parents=True, exist_ok=True)
    rows, notes = [], []
    with DemoServer(workers=2) as site:
        pages = {"home": "/", "article": site.pages["article"]}
        for name, path in pages.items():
            url = site.url + path
            # The very first request of a page renders its image sizes (AVIF, WebP) and fills the page
            # cache: a cost paid once per page by its first visitor, not what readers get. Measure warm.
            cold = warm_up(url)
            print(f"lighthouse {VERSION}, mobile: {url} (first request took {cold:.1f}s) …", flush=True)
            report = run_lighthouse(binary, url, reports / f"{name}.json")
            scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
            rows.append((name, path, scores))
            notes.extend([f"  {name}:", *shortfalls(report)] if shortfalls(report) else [])
    print()
    print(f"{'page':<9} {'path':<16} " + " ".join(f"{key:>14}" for key in CATEGORIES))
    for name, path, scores in rows:
        print(f"{name:<9} {path:<16} " + " ".join(f"{scores[key]:>14}" for key in CATEGORIES))
    below = [(name, key, s[key]) for name, _, s in rows for key in CATEGORIES if s[key] < TARGET]
    print(f"target {TARGET} in every category: " + ("met" if not below else f"NOT met: {below}"))
    if notes:
        print("audits that cost points:")
        print("\n".join(notes))
    if keep:
        print(f"reports kept in {reports}")
    else:
        shutil.rmtree(reports, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
