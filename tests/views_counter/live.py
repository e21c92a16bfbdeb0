"""A real Khabar server for the concurrency tests and the benchmark: Granian with several worker processes
running the production entry point (``khabar.serving.wsgi``: the beacon's fast path and the page cache in
front of Django), or ``khabar serve`` itself, on a file SQLite database or a PostgreSQL database, with the
views backend under test.

Why not pytest-django's ``live_server``: it serves from threads of the test process, and on SQLite it shares
the test's single in-memory connection between them, so requests never contend for the database as they do in
production. Here the server runs as ``khabar serve`` does (separate processes, each with its own connections, a
WAL-mode file database with its busy timeout), so "no lost increment, no 'database is locked'" is tested where
it can actually fail.
"""

import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Builds the schema and one article with an imported count of 286 (the seed page's number).
_SEED = """
import django
django.setup()
from django.core.management import call_command
migrate = {migrate!r}
if migrate:
    call_command("migrate", interactive=False, verbosity=0)
from tests.factories import make_article, make_site
site = make_site()
article = make_article(site.sections["syria"], title="اشتباكات في دير الزور بين مجموعتين مسلحتين", views=286)
print(article.public_id, article.pk)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(database_url, backend="db", redis_url=None, redis_prefix=None, var_dir=None, debug=False,
             page_cache=False):
    """A production-like environment: no debug, the settings module itself, nothing inherited from the test's
    own KHABAR_* variables except what is passed in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KHABAR_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "khabar.settings",
        "PYTHONPATH": str(REPO),
        "KHABAR_DATABASE_URL": database_url,
        "KHABAR_SECRET_KEY": "live-views-tests-" + "k" * 40,
        "KHABAR_HTTPS": "0",
        "KHABAR_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "KHABAR_BEHIND_PROXY": "1",  # each simulated visitor arrives with its own X-Forwarded-For address
        "KHABAR_VIEWS_BACKEND": backend,
        "KHABAR_PAGE_CACHE": "1" if page_cache else "0",
        "KHABAR_LOG_LEVEL": "ERROR",
    })
    if debug:
        env["KHABAR_DEBUG"] = "1"
    if var_dir:
        env["KHABAR_VAR_DIR"] = str(var_dir)
    if redis_url:
        env["KHABAR_REDIS_URL"] = redis_url
        prefix = redis_prefix or f"khabar-live:{secrets.token_hex(6)}"
        env["KHABAR_VIEWS_REDIS_PREFIX"] = prefix
        env["KHABAR_CACHE_PREFIX"] = prefix + ":cache"
    return env


def run_python(env, code, cwd=None, timeout=600):
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd or REPO, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"child process failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def run_khabar(env, *args, timeout=600):
    result = subprocess.run([sys.executable, "-m", "khabar", *args], env=env, cwd=REPO, capture_output=True,
                            text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"khabar {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def seed(env, migrate):
    """Creates the site and the 286-view article; returns (public id, primary key)."""
    public_id, pk = run_python(env, _SEED.format(migrate=migrate)).split()[-2:]
    return int(public_id), int(pk)


class SqliteTemplate:
    """A migrated, seeded SQLite file made once; each server gets a fresh copy (migrating takes ~10 s)."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.path = self.directory / "template.sqlite3"
        env = base_env(f"sqlite:///{self.path}", var_dir=self.directory)
        self.public_id, self.pk = seed(env, migrate=True)
        with sqlite3.connect(self.path) as conn:  # fold the WAL into the file so a plain copy is complete
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy(self, name):
        target = self.directory / f"{name}.sqlite3"
        shutil.copyfile(self.path, target)
        return target


def sqlite_views(path, article_pk):
    with sqlite3.connect(path, timeout=30) as conn:
        row = conn.execute("SELECT views FROM news_articleviewcount WHERE article_id = ?", [article_pk]).fetchone()
    return row[0] if row else 0


class LiveServer:
    """``python -m granian … khabar.serving.wsgi:application`` with ``workers`` processes of ``threads``
    threads, as ``khabar serve`` runs it; or, with ``serve=True``, ``khabar serve`` itself (its supervisor,
    and its periodic jobs unless ``jobs=False``)."""

    def __init__(self, env, workers=2, threads=4, cwd=None, serve=False, jobs=True,
                 app="khabar.serving.wsgi:application"):
        self.env = env
        self.workers = workers
        self.threads = threads  # `khabar serve` runs 4 threads per worker (KHABAR_THREADS)
        self.cwd = cwd or REPO
        self.serve = serve
        self.jobs = jobs
        self.app = app
        self.port = None
        self.process = None
        self.log = None

    def command(self):
        if self.serve:
            return [sys.executable, "-m", "khabar", "serve", "--port", str(self.port), "--workers", str(self.workers),
                    "--threads", str(self.threads), "--no-static", *([] if self.jobs else ["--no-jobs"])]
        return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(self.port),
                "--workers", str(self.workers), "--blocking-threads", str(self.threads), "--no-ws", "--backlog", "2048",
                self.app]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = free_port()
        # A file, not a pipe: a pipe nobody reads fills up and would stall the server mid-test.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop())
        self.process = subprocess.Popen(
            self.command(), env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.stop()}")
            try:
                with urllib.request.urlopen(self.url + "/api/most-read/", timeout=5) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the server did not answer on {self.url} within 60s")

    def output(self):
        """What the server wrote to stderr so far (tracebacks of failed requests)."""
        if not self.log:
            return ""
        self.log.seek(0)
        text = self.log.read().decode(errors="replace")
        self.log.seek(0, os.SEEK_END)
        return text

    def stop(self):
        """Stops the server's own process group (Granian and its workers, or ``khabar serve`` and its
        children), nothing else."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None
        errors = self.output()
        if self.log:
            self.log.close()
            self.log = None
        return errors

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# --- The load: many browsers sending the beacon at once ---------------------------------------------------
BROWSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"


def visitor(n):
    """The n-th simulated reader: its own cookie id and its own address."""
    return {"cookie": f"live{n:018d}", "address": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"}


def post_view(connection, public_id, cookie=None, address="10.255.255.1", user_agent=BROWSER_UA):
    headers = {"User-Agent": user_agent, "X-Forwarded-For": address, "Content-Length": "0"}
    if cookie:
        headers["Cookie"] = f"khabar_vid={cookie}"
    connection.request("POST", f"/api/views/{public_id}/", headers=headers)
    response = connection.getresponse()
    body = response.read()
    return response.status, json.loads(body) if response.status < 500 else body.decode(errors="replace")


def get_view(connection, public_id, **_visitor):
    """The read-only twin of ``post_view`` (a baseline: the same stack without the counting)."""
    connection.request("GET", f"/api/views/{public_id}/", headers={"User-Agent": BROWSER_UA})
    response = connection.getresponse()
    body = response.read()
    return response.status, json.loads(body) if response.status < 500 else body.decode(errors="replace")


def get_count(url, public_id):
    with urllib.request.urlopen(f"{url}/api/views/{public_id}/", timeout=30) as response:
        return json.loads(response.read())["views"]


@dataclass
class Volley:
    results: list  # (status, body) per visitor, in order
    seconds: float  # from the release of all clients to the last answer
    latencies: list  # seconds per request

    def failures(self):
        return [r for r in self.results if r[0] != 200]


def fire(url, public_id, visitors, concurrency, send=post_view):
    """Sends one beacon per visitor from ``concurrency`` client threads, each on its own keep-alive
    connection, all released together."""
    host, port = url.removeprefix("http://").split(":")
    work = list(visitors)
    results = [None] * len(work)
    latencies = [0.0] * len(work)
    next_index = iter(range(len(work)))
    lock = threading.Lock()
    start = threading.Barrier(concurrency + 1)

    def client():
        connection = http.client.HTTPConnection(host, int(port), timeout=120)
        start.wait()
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            sent = time.perf_counter()
            try:
                results[i] = send(connection, public_id, **work[i])
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=120)
                results[i] = (0, repr(error))
            latencies[i] = time.perf_counter() - sent
        connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return Volley(results, time.perf_counter() - began, latencies)
