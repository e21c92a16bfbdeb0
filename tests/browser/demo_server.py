"""A real Khabar server with the demo content, for the browser tests, the screenshots and Lighthouse.

It does what a newcomer's ``khabar demo`` does (migrate, collectstatic with hashed and compressed files,
load the demo content) into a throw-away ``KHABAR_VAR_DIR``, then serves it with ``khabar serve`` (Granian,
the page cache in front of Django), in production mode (no debug), on a free loopback port. Nothing here imports Django in the calling
process: the site runs in child processes with their own environment, as it would in production.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM = Path(os.environ.get("KHABAR_CHROMIUM", "/usr/bin/chromium"))
# Flags that keep a headless Chromium from phoning home or waiting on a GPU in a container.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-default-apps",
]

# Picks, from the live site, what the browser checks visit: two articles, a section and a search word.
_MANIFEST_SCRIPT = """
import json
import django
django.setup()
from khabar.news.models import ArticlePage, SectionPage
articles = list(ArticlePage.objects.visible().order_by("-published_at")[:40])
with_views = [a for a in articles if a.views > 1] or articles
first = with_views[0]
second = next(a for a in articles if a.pk != first.pk)
section = SectionPage.objects.live().public().order_by("path").first()
print(json.dumps({
    "article": first.url, "article_title": first.title,
    "other_article": second.url, "other_title": second.title,
    "section": section.url, "search_word": first.title.split()[0],
}))
"""


def chromium_available():
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    """Sets up and serves the demo site; use as a context manager, or call start() and stop()."""

    def __init__(self, var_dir=None, workers=1, log=None):
        self._own_dir = var_dir is None
        self.var_dir = Path(var_dir or tempfile.mkdtemp(prefix="khabar-browser-"))
        self.workers = workers
        self.port = None
        self.process = None
        self.pages = {}
        self._log = log or (lambda message: print(message, file=sys.stderr, flush=True))

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self):
        env = {
            key: value for key, value in os.environ.items()
            if not key.startswith("KHABAR_") and key != "DJANGO_SETTINGS_MODULE"
        }
        env.update({
            "DJANGO_SETTINGS_MODULE": "khabar.settings",
            "KHABAR_VAR_DIR": str(self.var_dir),
            "KHABAR_SECRET_KEY": "browser-checks-only-" + "k" * 40,
            "KHABAR_HTTPS": "0",
            "KHABAR_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "KHABAR_LOG_LEVEL": "ERROR",
        })
        return env

    def _run(self, *args):
        result = subprocess.run(
            [sys.executable, *args], env=self.env(), cwd=self.var_dir, capture_output=True, text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def setup(self):
        started = time.monotonic()
        self._log(f"setting up the demo site in {self.var_dir} (migrate, collectstatic, load_demo)…")
        self._run("-m", "khabar.cli", "demo", "--no-serve")
        self.pages = json.loads(self._run("-c", _MANIFEST_SCRIPT).strip().splitlines()[-1])
        self._log(f"demo site ready in {time.monotonic() - started:.0f}s")

    def start(self):
        if not self.pages:
            try:
                self.setup()
            except BaseException:
                self.stop()  # leave no half-made site behind in /tmp
                raise
        self.port = free_port()
        # The server's own log goes to a file (a pipe nobody reads would fill up and stall it).
        self._log_file = (self.var_dir / "server.log").open("ab")
        # Exactly what an operator runs (Granian, the page cache in front of Django), less the periodic jobs.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "khabar", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(self.workers), "--no-jobs", "--no-static"],
            env=self.env(), cwd=self.var_dir, stdout=self._log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        problem = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.server_log()}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=5) as response:  # noqa: S310 (loopback)
                    if response.status == 200:
                        return self
            except urllib.error.HTTPError as error:
                problem = f"the home page answered {error.code}"
                time.sleep(0.3)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        log = self.server_log()
        self.stop()
        raise RuntimeError(f"the server did not serve {self.url}/ within 60s ({problem}):\n{log}")

    def stop(self):
        if self.process and self.process.poll() is None:
            # Granian runs its workers as children in the session we started: end that group only.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        if getattr(self, "_log_file", None):
            self._log_file.close()
        self.process = None
        if self._own_dir:
            shutil.rmtree(self.var_dir, ignore_errors=True)

    def server_log(self, tail=4000):
        path = self.var_dir / "server.log"
        return path.read_text(errors="replace")[-tail:] if path.exists() else ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
