"""Beacons sent to the production WSGI stack (``khabar.serving.wsgi``: the fast path, the page cache, Django),
called as granian calls it, in the test's own process and transaction.

Django's test client starts inside Django and never meets the fast path; this client starts where the server
does. Like the test client, it keeps Django from closing the test's database connection between requests.
"""

import json
from dataclasses import dataclass
from io import BytesIO

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from khabar.serving.pagecache import PageCacheApp
from khabar.views_counter.fastpath import BeaconFastPath

from .conftest import BROWSER_UA


@dataclass
class Answer:
    status: int
    headers: list  # (name, value) as the server would send them
    body: bytes

    def header(self, name):
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def json(self):
        return json.loads(self.body)


class Site:
    """The production stack as it is built for the current settings (build it after changing them)."""

    def __init__(self):
        self.app = BeaconFastPath(PageCacheApp(WSGIHandler()))

    def request(self, method, path, address="198.51.100.7", user_agent=BROWSER_UA, cookie=None, **headers):
        environ = {
            "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "testserver",
            "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "testserver", "REMOTE_ADDR": address,
            "HTTP_USER_AGENT": user_agent, "wsgi.url_scheme": "http", "wsgi.input": BytesIO(b""),
            "wsgi.errors": BytesIO(), "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if cookie:
            environ["HTTP_COOKIE"] = f"khabar_vid={cookie}"
        environ.update(headers)
        captured = {}

        def start_response(status, response_headers, exc_info=None):
            captured["status"], captured["headers"] = int(status.split()[0]), list(response_headers)
            return lambda data: None

        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.app(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Answer(captured["status"], captured["headers"], body)

    def view(self, article, **kwargs):
        return self.request("POST", f"/api/views/{article.public_id}/", **kwargs)

    def count(self, article):
        return self.request("GET", f"/api/views/{article.public_id}/").json()["views"]
