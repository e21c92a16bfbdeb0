"""Beacons sent to the production WSGI stack (``khabar.serving.wsgi``: the fast path, the page cache, Django),
called as granian calls it, in the test's own process and transaction.

Django's test client starts inside Django and never meets the fast path; this client starts where the server
does. Like the test client, it keeps Django from closing the test's database connection between requests.
"""

import json
from dataclasses import dataclass

from django.core.handlers.wsgi import WSGIHandler

from khabar.serving.pagecache import PageCacheApp
from khabar.views_counter.fastpath import BeaconFastPath
from tests.wsgi_call import call, environ_for

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
        environ = environ_for(method, path, address=address, HTTP_USER_AGENT=user_agent)
        if cookie:
            environ["HTTP_COOKIE"] = f"khabar_vid={cookie}"
        environ.update(headers)
        return Answer(*call(self.app, environ))

    def view(self, article, **kwargs):
        return self.request("POST", f"/api/views/{article.public_id}/", **kwargs)

    def count(self, article):
        return self.request("GET", f"/api/views/{article.public_id}/").json()["views"]
