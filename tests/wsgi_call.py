"""Calling a WSGI application as granian does, from a test, inside the test's transaction.

Django's test client starts inside Django; the page cache and the beacon's fast path sit in front of it, so
tests of those call the production stack with an environ and a start_response. Like the test client, this
keeps Django from closing the test's database connection at the end of each request.
"""

from io import BytesIO

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def environ_for(method, path, query="", host="testserver", address="127.0.0.1", **extra):
    """A server's environ for one request (``path`` already decoded as PEP 3333 asks)."""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": host,
        "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": host, "REMOTE_ADDR": address,
        "wsgi.url_scheme": "http", "wsgi.input": BytesIO(b""), "wsgi.errors": BytesIO(), "wsgi.version": (1, 0),
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    environ.update(extra)
    return environ


def call(app, environ):
    """(status code, [(header, value)…], body bytes) of ``app`` answering ``environ``."""
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = int(status.split()[0]), list(response_headers)
        return lambda data: None

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = app(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return captured["status"], captured["headers"], body
