"""A WSGI client for the page cache, which sits in front of Django where the test client cannot reach.

It calls ``PageCacheApp`` exactly as granian does (an environ, a start_response), with Django's real
WSGIHandler behind it. Like Django's test client it leaves the database connection alone between requests,
so tests can run inside a transaction.
"""

import gzip
from dataclasses import dataclass
from io import BytesIO
from urllib.parse import unquote_to_bytes, urlsplit

import brotli
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from khabar.serving.pagecache import PageCacheApp


@dataclass
class Answer:
    status: int
    headers: dict
    raw: bytes

    @property
    def cache(self):
        return self.headers.get("x-khabar-cache", "")

    @property
    def text(self):
        encoding = self.headers.get("content-encoding")
        body = self.raw
        if encoding == "br":
            body = brotli.decompress(body)
        elif encoding == "gzip":
            body = gzip.decompress(body)
        return body.decode()


class CachedSite:
    def __init__(self):
        self.app = PageCacheApp(WSGIHandler())

    def request(self, path, method="GET", headers=None, host="testserver"):
        parts = urlsplit(path)
        environ = {
            "REQUEST_METHOD": method,
            # As a server passes it: the raw bytes of the path, decoded as ISO-8859-1 (PEP 3333).
            "PATH_INFO": unquote_to_bytes(parts.path).decode("iso-8859-1"), "QUERY_STRING": parts.query,
            "SERVER_NAME": host, "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host,
            "REMOTE_ADDR": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": BytesIO(b""),
            "wsgi.errors": BytesIO(), "wsgi.version": (1, 0), "wsgi.multithread": True,
            "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        captured = {}

        def start_response(status, response_headers, exc_info=None):
            captured["status"] = int(status.split()[0])
            captured["headers"] = {name.lower(): value for name, value in response_headers}
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

    def get(self, path, **headers):
        return self.request(path, headers={name.replace("_", "-"): value for name, value in headers.items()})
