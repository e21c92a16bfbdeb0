"""Real app servers for the serving tests: `khabar serve` in subprocesses, talked to over HTTP.

Used where the claim is about processes (several granian workers, several app servers sharing PostgreSQL
and Redis), which Django's test client, living in the test's own process, cannot show.
"""

import http.cookiejar
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from lxml import html

REPO = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(var_dir, **overrides):
    """The environment of a server process: the test settings, a var dir of its own, nothing inherited
    from this run's KHABAR_* variables unless given."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KHABAR_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.serving.server_settings", PYTHONPATH=str(REPO),
        KHABAR_VAR_DIR=str(var_dir), KHABAR_SECRET_KEY=secrets.token_urlsafe(50), KHABAR_HTTPS="0",
        KHABAR_ALLOWED_HOSTS="127.0.0.1,localhost", KHABAR_LOG_LEVEL="WARNING",
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def site_tool(env, *args):
    result = subprocess.run([sys.executable, "-m", "tests.serving.site_tool", *args], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"site_tool {args[0]} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1]


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self):
        return self.body.decode()

    @property
    def cache(self):
        return self.headers.get("x-khabar-cache", "")


class LiveServer:
    """`khabar serve` on a free port; stopped with SIGTERM, as systemd stops it."""

    def __init__(self, env, workers=1, jobs=False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [sys.executable, "-m", "khabar", "serve", "--port", str(self.port), "--workers", str(workers),
                "--threads", "2", "--no-static"]
        if not jobs:
            args.append("--no-jobs")
        self.log = open(Path(env["KHABAR_VAR_DIR"]) / f"server-{self.port}.log", "w+")  # noqa: SIM115
        self.process = subprocess.Popen(args, env=env, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_ready()

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read()

    def wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"khabar serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                if self.get("/healthz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"khabar serve did not answer within {timeout} s:\n{self.output()}")

    def request(self, path, method="GET", data=None, headers=None):
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())

    def get(self, path, **headers):
        return self.request(path, headers={k.replace("_", "-"): v for k, v in headers.items()})

    def stop(self, timeout=20):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode


class Editor:
    """An editor in the Wagtail admin of one server, over HTTP: logs in, edits and publishes, unpublishes."""

    def __init__(self, server, username, password):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        form = self._form("/admin/login/", "form")
        form.update(username=username, password=password)
        answer = self._post("/admin/login/", form)
        if "/admin/login/" in answer.geturl():
            raise RuntimeError("the editor could not log in")

    def _open(self, path, data=None):
        return self.opener.open(urllib.request.Request(self.server.url + path, data=data), timeout=60)

    def _form(self, path, selector):
        doc = html.fromstring(self._open(path).read().decode())
        form = doc.cssselect(selector)[0]
        data = {}
        for field in form.cssselect("input, textarea"):
            name = field.get("name")
            if not name or (field.get("type") in ("checkbox", "radio") and field.get("checked") is None):
                continue
            if field.get("type") == "submit":
                continue
            data[name] = (field.get("value") if field.tag == "input" else field.text) or ""
        for select in form.cssselect("select"):
            chosen = [option.get("value") for option in select.cssselect("option[selected]")]
            if chosen:
                data[select.get("name")] = chosen
        return data

    def _post(self, path, data):
        return self._open(path, urllib.parse.urlencode(data, doseq=True).encode())

    def publish_edit(self, page_pk, title, paragraph):
        """Change the title and body in the edit form and press «نشر» (publish)."""
        form = self._form(f"/admin/pages/{page_pk}/edit/", "form#page-edit-form")
        block = {"key": "k0001", "type": "unstyled", "depth": 0, "text": paragraph, "inlineStyleRanges": [],
                 "entityRanges": []}
        form.update({
            "title": title, "body-count": "1", "body-0-type": "paragraph", "body-0-deleted": "",
            "body-0-order": "0", "body-0-id": "", "body-0-value": json.dumps({"blocks": [block], "entityMap": {}}),
            "comments-TOTAL_FORMS": "0", "comments-INITIAL_FORMS": "0", "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000", "action-publish": "action-publish",
        })
        answer = self._post(f"/admin/pages/{page_pk}/edit/", form)
        if answer.geturl().rstrip("/").endswith("/edit"):
            raise RuntimeError("the edit form was refused")

    def unpublish(self, page_pk):
        form = self._form(f"/admin/pages/{page_pk}/unpublish/", "main form")
        self._post(f"/admin/pages/{page_pk}/unpublish/", form)


def wait_until(predicate, timeout):
    """Seconds until ``predicate()`` held, or None if it never did within ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    return None
