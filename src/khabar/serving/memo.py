"""What every reader page repeats, computed once per content change in each worker.

Every page shows the section list, the latest headlines and, on an article, a few related stories. Each of
those is a Wagtail page query (a scan of the page tree's paths on SQLite) and together they cost more than
the article itself. They change only when content changes, which is exactly when the page-cache generation
(``generation.py``) moves, so a worker keeps them in memory under the generation it last read and drops them
all when it moves: a publish shows in these lists within the same bound as in cached pages.

Nothing is remembered
- inside a database transaction: what it reads may be its own uncommitted writes (and every test runs in one);
- while the generation cannot be read (the caller gets fresh values, as the page cache serves fresh pages);
- just after a change when read replicas may lag (``KHABAR_REPLICA_LAG_SECONDS``);
- for longer than ``KHABAR_PAGE_CACHE_SECONDS``, so a story whose expiry time passes (which no signal
  announces) leaves the lists as it leaves cached pages.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.db import connection

from .generation import get_clock


class GenerationMemo:
    def __init__(self, max_entries=2000):
        self.max_entries = max_entries
        self._generation = None
        self._entries = OrderedDict()  # key -> (value, monotonic expiry)
        self._lock = threading.Lock()

    def get(self, key, compute, seconds=None):
        """``compute()``'s value for ``key``, remembered until the content changes (or for ``seconds``, when
        it also changes with time)."""
        generation = self._usable_generation()
        if generation is None:
            return compute()
        now = time.monotonic()
        with self._lock:
            if generation != self._generation:
                self._entries.clear()
                self._generation = generation
            found = self._entries.get(key)
            if found is not None and found[1] > now:
                self._entries.move_to_end(key)
                return found[0]
        value = compute()
        with self._lock:
            if self._generation == generation:
                self._entries[key] = (value, now + (seconds or settings.KHABAR_PAGE_CACHE_SECONDS))
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return value

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._generation = None

    @staticmethod
    def _usable_generation():
        if connection.in_atomic_block:
            return None
        clock = get_clock()
        generation = clock.current()
        settle = settings.KHABAR_REPLICA_LAG_SECONDS
        if generation is None or (settle and time.monotonic() - clock.changed_at < settle):
            return None
        return generation


memo = GenerationMemo()
