"""A WSGI client for the page cache, which sits in front of Django where the test client cannot reach.

It calls ``PageCacheApp`` exactly as granian does (an environ, a start_response), with Django's real
WSGIHandler behind it. Like Django's test client it leaves the database connection alone between requests,
so tests can run inside a transaction.
"""

import gzip
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes, urlsplit

import brotli
from django.core.handlers.wsgi import WSGIHandler

from khabar.serving.pagecache import PageCacheApp
from tests.wsgi_call import call, environ_for


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
        # As a server passes it: the raw bytes of the path, decoded as ISO-8859-1 (PEP 3333).
        environ = environ_for(method, unquote_to_bytes(parts.path).decode("iso-8859-1"), parts.query, host=host)
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        status, response_headers, body = call(self.app, environ)
        return Answer(status, {name.lower(): value for name, value in response_headers}, body)

    def get(self, path, **headers):
        return self.request(path, headers={name.replace("_", "-"): value for name, value in headers.items()})
