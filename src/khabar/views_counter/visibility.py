"""Which articles a beacon may count, remembered per process so that a beacon costs no database query.

Each entry maps a public id to the article's primary key and expiry, or to "not visible" (a draft, an
embargoed story, a deleted or unknown id). The entries belong to one page-cache generation
(``khabar.serving.generation``): any publish, unpublish, move or delete bumps it, and the next beacon on
every worker finds an empty cache, within the same ~1 s bound that retires cached pages. An expiry is checked
against the clock on every beacon, as ``ArticlePage.objects.visible()`` does, so a story stops counting the
moment it expires rather than when the job takes it down. Entries are also re-read after ``MAX_AGE``
seconds, in case a bump was lost.
"""

import threading
import time

from django.utils import timezone

from khabar.news.models import ArticlePage
from khabar.serving.generation import get_clock

MAX_AGE = 60.0
MAX_ENTRIES = 50_000
_UNKNOWN = object()


def well_formed(public_id):
    """Public ids are at most 12 ASCII digits: anything else cannot be an article."""
    return public_id.isascii() and public_id.isdigit() and len(public_id) <= 12


def _read(public_id):
    """(pk, expire_at) of the live article with this public id, or None."""
    found = ArticlePage.objects.live().filter(public_id=int(public_id)).order_by().values_list("pk", "expire_at")
    return next(iter(found[:1]), None)


class VisibleArticles:
    def __init__(self, clock=get_clock):
        self._clock = clock
        self._generation = _UNKNOWN
        self._entries = {}  # public id -> (read at, (pk, expire_at) or None)
        self._lock = threading.Lock()

    def pk(self, public_id):
        """The article's primary key if a reader may see it now, else None."""
        if not well_formed(public_id):
            return None
        entry = self._entry(public_id)
        if entry is None:
            return None
        pk, expire_at = entry
        if expire_at is not None and expire_at <= timezone.now():
            return None
        return pk

    def _entry(self, public_id):
        # The generation is read before the database: a change committed after this read bumps it after, and
        # the entry read here is dropped at the next beacon.
        generation = self._clock().current()
        if generation is None:  # the generation cannot be read: no way to know what changed, so ask each time
            return _read(public_id)
        now = time.monotonic()
        with self._lock:
            if generation != self._generation:
                self._entries = {}
                self._generation = generation
            cached = self._entries.get(public_id)
        if cached is not None and now - cached[0] < MAX_AGE:
            return cached[1]
        entry = _read(public_id)
        with self._lock:
            if generation == self._generation:
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries = {}
                self._entries[public_id] = (now, entry)
        return entry
