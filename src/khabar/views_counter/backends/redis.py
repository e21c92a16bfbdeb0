"""The ``redis`` backend: views are de-duplicated and counted in Redis, and moved to the database in batches.

A view is one Lua script (atomic in Redis): set the visitor's mark with a 30-minute expiry unless it exists,
and if it was set, add one to the article's pending total and to its pending hourly bucket, in the hash
``<prefix>:pending``.

A flush moves the pending hash to the database so that a crash at any point neither loses nor doubles a view:

1. claim: rename ``pending`` to ``flushing`` and stamp it with a new batch id, in one script; a ``flushing``
   hash left by a crashed flush is taken up again as it is, with its id;
2. read the ``flushing`` hash;
3. write, in one database transaction, the additions and the batch id (``FlushedBatch``); a batch id
   already there means an earlier flush wrote this batch and crashed before step 4, so nothing is added;
4. release: delete ``flushing`` if it still carries this batch id.

A crash before 3 commits leaves the batch in Redis for the next flush; a crash after it leaves an id that
makes the next flush skip the addition. Views recorded meanwhile go to a fresh ``pending`` hash.
"""

import uuid

import redis
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import ledger
from ..models import FlushedBatch
from . import DEDUP_WINDOW, CounterUnavailable
from .db import purge

BATCH_FIELD = "__batch__"
POOL_SIZE = 32  # connections per worker process
POOL_WAIT_SECONDS = 10

_RECORD = """
-- KEYS: pending, flushing, mark[, second mark]   ARGV: ttl, total field, bucket field
local counted = 0
if redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[1]) then
  counted = 1
  if KEYS[4] then redis.call('SET', KEYS[4], '1', 'EX', ARGV[1]) end
  redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
  redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
end
return {counted, redis.call('HGET', KEYS[1], ARGV[2]) or false, redis.call('HGET', KEYS[2], ARGV[2]) or false,
        redis.call('HGET', KEYS[2], '__batch__') or false}
"""

_PEEK = """
-- KEYS: pending, flushing   ARGV: total field
return {redis.call('HGET', KEYS[1], ARGV[1]) or false, redis.call('HGET', KEYS[2], ARGV[1]) or false,
        redis.call('HGET', KEYS[2], '__batch__') or false}
"""

_CLAIM = """
-- KEYS: pending, flushing   ARGV: a new batch id
local current = redis.call('HGET', KEYS[2], '__batch__')
if current then return current end
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], '__batch__', ARGV[1])
return ARGV[1]
"""

_RELEASE = """
-- KEYS: flushing or the lock   ARGV: the batch id or lock token; deletes the key only if it is still ours
if redis.call('HGET', KEYS[1], '__batch__') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisCounter:
    name = "redis"

    def __init__(self, url, prefix):
        # A blocking pool: a burst of requests (Granian runs hundreds of threads per worker) waits a moment
        # for one of a bounded set of connections instead of failing with "Too many connections".
        pool = redis.BlockingConnectionPool.from_url(url, max_connections=POOL_SIZE, timeout=POOL_WAIT_SECONDS,
                                                     health_check_interval=30)
        self.client = redis.Redis(connection_pool=pool)
        self.prefix = prefix
        self.pending_key = f"{prefix}:pending"
        self.flushing_key = f"{prefix}:flushing"
        self.lock_key = f"{prefix}:flush-lock"
        self._record = self.client.register_script(_RECORD)
        self._peek = self.client.register_script(_PEEK)
        self._claim = self.client.register_script(_CLAIM)
        self._release = self.client.register_script(_RELEASE)
        self._unlock = self.client.register_script(_UNLOCK)

    # --- counting ------------------------------------------------------------------------------------------
    def record(self, article_pk, visitor_keys, now=None):
        now = now or timezone.now()
        marks = [f"{self.prefix}:seen:{article_pk}:{key}" for key in visitor_keys]
        try:
            counted, pending, flushing, batch = self._record(
                keys=[self.pending_key, self.flushing_key, *marks],
                args=[int(DEDUP_WINDOW.total_seconds()), f"a:{article_pk}", f"h:{article_pk}:{ledger.hour_stamp(now)}"],
            )
        except redis.RedisError as error:
            raise CounterUnavailable(str(error)) from error
        return bool(counted), self._combine(article_pk, pending, flushing, batch)

    def total(self, article_pk):
        try:
            pending, flushing, batch = self._peek(keys=[self.pending_key, self.flushing_key],
                                                  args=[f"a:{article_pk}"])
        except redis.RedisError as error:
            raise CounterUnavailable(str(error)) from error
        return self._combine(article_pk, pending, flushing, batch)

    def _combine(self, article_pk, pending, flushing, batch):
        """The database's total plus what waits in Redis. The flushing batch counts only while the database
        does not have it yet; both facts are read in one query so they agree."""
        stored, applied = ledger.stored_total_and_batch(article_pk, batch.decode() if batch else None)
        total = stored + int(pending or 0)
        if flushing and not applied:
            total += int(flushing)
        return total

    def pending(self):
        """How many views wait in Redis for the database."""
        return sum(
            int(value)
            for key in (self.pending_key, self.flushing_key)
            for field, value in self.client.hgetall(key).items()
            if field.startswith(b"a:")
        )

    # --- flushing ------------------------------------------------------------------------------------------
    def flush(self, progress=None, max_batches=1000):
        """Move every pending view to the database. Returns how many views were added. Another server
        flushing at the same moment is harmless (batch ids), but the lock saves it the wasted work."""
        token = uuid.uuid4().hex
        if not self.client.set(self.lock_key, token, nx=True, ex=300):
            return 0
        moved = 0
        try:
            for _ in range(max_batches):
                batch = self.claim_batch()
                if batch is None:
                    break
                fields = self.read_batch()
                if fields.get(BATCH_FIELD) != batch:
                    continue  # released by a concurrent flush in between: claim again
                added = self.write_batch(batch, fields)
                self.release_batch(batch)
                moved += added
                if progress:
                    progress(added)
        finally:
            self._unlock(keys=[self.lock_key], args=[token])
        purge(timezone.now())
        return moved

    def claim_batch(self):
        batch = self._claim(keys=[self.pending_key, self.flushing_key], args=[uuid.uuid4().hex])
        return batch.decode() if batch else None

    def read_batch(self):
        return {field.decode(): value.decode() for field, value in self.client.hgetall(self.flushing_key).items()}

    def write_batch(self, batch, fields):
        """Add one batch to the database, once: returns the views added (0 when it was already written)."""
        totals, buckets = parse_batch(fields)
        alive = ledger.existing_articles(totals)
        totals = {pk: n for pk, n in totals.items() if pk in alive}
        buckets = {key: n for key, n in buckets.items() if key[0] in alive}
        try:
            with transaction.atomic():
                FlushedBatch.objects.create(batch=batch, views=sum(totals.values()))
                ledger.add_views(totals, buckets)
        except IntegrityError:
            if FlushedBatch.objects.filter(pk=batch).exists():
                return 0
            raise
        return sum(totals.values())

    def release_batch(self, batch):
        self._release(keys=[self.flushing_key], args=[batch])


def parse_batch(fields):
    """``{"a:<pk>": n, "h:<pk>:<hour stamp>": n}`` → totals {pk: n} and buckets {(pk, hour): n}."""
    totals, buckets = {}, {}
    for field, value in fields.items():
        kind, _, rest = field.partition(":")
        if kind == "a":
            totals[int(rest)] = int(value)
        elif kind == "h":
            pk, _, stamp = rest.partition(":")
            buckets[(int(pk), ledger.hour_from_stamp(stamp))] = int(value)
    return totals, buckets
