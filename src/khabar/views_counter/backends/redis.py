"""The ``redis`` backend: views are de-duplicated and counted in Redis, and moved to the database in batches.

A beacon's view is one Lua script, one round trip (atomic in Redis): count the request against the visitor's
and the address's one-minute limits and stop there if either is exceeded; set the visitor's mark with a
30-minute expiry unless it exists, and if it was set, add one to the article's pending total and to its
pending hourly bucket, in the hash ``<prefix>:pending``; answer what the count is made of.

The count a reader sees is the database's total plus what waits in Redis. So that a beacon need not ask the
database, Redis keeps a copy of the database's totals, ``<prefix>:stored`` (one field per article, excluding
the batch being flushed), filled from the database the first time an article is asked about and kept for
``STORED_TTL`` seconds. Only a flush changes the database's totals, and it keeps the copy right: the release
(step 4 below) adds the batch to the copy in the same script that deletes it. A copy is filled only if no
flush claimed or released a batch since the beacon read Redis (the ``<prefix>:epoch`` counter), so it never
takes a database total from the wrong side of a flush.

A flush moves the pending hash to the database so that a crash at any point neither loses nor doubles a view:

1. claim: rename ``pending`` to ``flushing`` and stamp it with a new batch id, in one script; a ``flushing``
   hash left by a crashed flush is taken up again as it is, with its id;
2. read the ``flushing`` hash;
3. write, in one database transaction, the additions and the batch id (``FlushedBatch``); a batch id
   already there means an earlier flush wrote this batch and crashed before step 4, so nothing is added;
4. release: delete ``flushing`` if it still carries this batch id, adding its totals to Redis's copy of the
   database's totals, in one script.

A crash before 3 commits leaves the batch in Redis for the next flush; a crash after it leaves an id that
makes the next flush skip the addition. Views recorded meanwhile go to a fresh ``pending`` hash.
"""

import time
import uuid

import redis
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from .. import ledger, ratelimit
from ..models import FlushedBatch
from . import DEDUP_WINDOW, CounterUnavailable, Outcome
from .db import purge

BATCH_FIELD = "__batch__"
POOL_SIZE = 32  # connections per worker process
POOL_WAIT_SECONDS = 10
# How long Redis keeps its copy of an article's database total. Only flushes change that total, and they
# keep the copy right; the expiry only bounds how long a total changed some other way (an import) is missed.
STORED_TTL = 60

# The state every answer is computed from, read in the same script as the change (one instant):
# {stored copy, pending, flushing, flushing batch id, epoch}.
_STATE = """
local function state(stored, pending, flushing, epoch, field)
  return {redis.call('HGET', stored, field) or false, redis.call('HGET', pending, field) or false,
          redis.call('HGET', flushing, field) or false, redis.call('HGET', flushing, '__batch__') or false,
          redis.call('GET', epoch) or false}
end
"""

_VIEW = _STATE + """
-- KEYS: pending, flushing, stored, epoch, the n limit counters, mark[, second mark]
-- ARGV: n, each limit, limit counter ttl, mark ttl, total field, bucket field
local n = tonumber(ARGV[1])
for i = 1, n do
  local hits = redis.call('INCR', KEYS[4 + i])
  if hits == 1 then redis.call('EXPIRE', KEYS[4 + i], ARGV[n + 2]) end
  if hits > tonumber(ARGV[1 + i]) then return {-1} end
end
local ttl, total, bucket = ARGV[n + 3], ARGV[n + 4], ARGV[n + 5]
local counted = 0
if redis.call('SET', KEYS[5 + n], '1', 'NX', 'EX', ttl) then
  counted = 1
  if KEYS[6 + n] then redis.call('SET', KEYS[6 + n], '1', 'EX', ttl) end
  redis.call('HINCRBY', KEYS[1], bucket, 1)
  redis.call('HINCRBY', KEYS[1], total, 1)
end
return {counted, state(KEYS[3], KEYS[1], KEYS[2], KEYS[4], total)}
"""

_PEEK = _STATE + """
-- KEYS: pending, flushing, stored, epoch   ARGV: total field
return state(KEYS[3], KEYS[1], KEYS[2], KEYS[4], ARGV[1])
"""

_FILL = """
-- KEYS: stored, flushing, epoch   ARGV: total field, database total without the flushing batch,
-- the batch id and the epoch the beacon saw ('' for none), ttl
if (redis.call('GET', KEYS[3]) or '') ~= ARGV[4] then return 0 end
if (redis.call('HGET', KEYS[2], '__batch__') or '') ~= ARGV[3] then return 0 end
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[5]) end
return 1
"""

_CLAIM = """
-- KEYS: pending, flushing, epoch   ARGV: a new batch id
local current = redis.call('HGET', KEYS[2], '__batch__')
if current then return current end
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('HSET', KEYS[2], '__batch__', ARGV[1])
redis.call('INCR', KEYS[3])
return ARGV[1]
"""

_RELEASE = """
-- KEYS: flushing, stored, epoch   ARGV: the batch id. Deletes the batch only if it is still ours, adding its
-- totals to the copies of the database's totals that exist (the database has them now).
if redis.call('HGET', KEYS[1], '__batch__') ~= ARGV[1] then return 0 end
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field = fields[i]
  if string.sub(field, 1, 2) == 'a:' and redis.call('HEXISTS', KEYS[2], field) == 1 then
    redis.call('HINCRBY', KEYS[2], field, fields[i + 1])
  end
end
redis.call('INCR', KEYS[3])
return redis.call('DEL', KEYS[1])
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
        self.stored_key = f"{prefix}:stored"
        self.epoch_key = f"{prefix}:epoch"
        self._view = self.client.register_script(_VIEW)
        self._peek = self.client.register_script(_PEEK)
        self._fill = self.client.register_script(_FILL)
        self._claim = self.client.register_script(_CLAIM)
        self._release = self.client.register_script(_RELEASE)
        self._unlock = self.client.register_script(_UNLOCK)

    # --- counting ------------------------------------------------------------------------------------------
    def view(self, article_pk, visitor, now=None):
        """A beacon's view, rate limits included, in one round trip. Returns an ``Outcome``."""
        clock = time.time()
        limits = ratelimit.limits(visitor, clock)
        counted, views = self._count(article_pk, visitor.keys, now, limits)
        if counted is None:
            return Outcome(False, None, ratelimit.wait_seconds(clock))
        return Outcome(counted, views)

    def record(self, article_pk, visitor_keys, now=None):
        """Count one view unless one of ``visitor_keys`` was counted on this article within the window (no
        rate limit). Returns (counted, total)."""
        return self._count(article_pk, visitor_keys, now, ())

    def _count(self, article_pk, visitor_keys, now, limits):
        """(counted, total), or (None, None) when a limit refused the request."""
        marks = [f"{self.prefix}:seen:{article_pk}:{key}" for key in visitor_keys]
        field = f"a:{article_pk}"
        bucket = f"h:{article_pk}:{ledger.hour_stamp(now or timezone.now())}"
        result = self._run(self._view, [*(f"{self.prefix}:{key}" for key, _ in limits), *marks], [
            len(limits), *(limit for _, limit in limits), ratelimit.KEY_TTL,
            int(DEDUP_WINDOW.total_seconds()), field, bucket,
        ])
        if result[0] == -1:
            return None, None
        return bool(result[0]), self._combine(article_pk, result[1])

    def total(self, article_pk):
        return self._combine(article_pk, self._run(self._peek, [], [f"a:{article_pk}"]))

    def _run(self, script, extra_keys, args):
        try:
            return script(keys=[self.pending_key, self.flushing_key, self.stored_key, self.epoch_key, *extra_keys],
                          args=args)
        except redis.RedisError as error:
            raise CounterUnavailable(str(error)) from error

    def _combine(self, article_pk, state):
        """The count at the instant the script ran: the database's total (Redis's copy of it) plus what
        waits in Redis, pending and being flushed."""
        stored, pending, flushing, batch, epoch = state
        waiting = int(pending or 0) + int(flushing or 0)
        if stored is not None:
            return int(stored) + waiting
        return self._stored_without_batch(article_pk, flushing, batch, epoch) + waiting

    def _stored_without_batch(self, article_pk, flushing, batch, epoch):
        """The database's total without the batch being flushed, for an article Redis has no copy of: read
        from the database (the total and whether the batch is in it, in one query, so they agree), then
        kept in Redis if no flush moved on meanwhile."""
        batch = batch.decode() if batch else ""
        try:
            stored, applied = ledger.stored_total_and_batch(article_pk, batch or None)
        except DatabaseError as error:
            raise CounterUnavailable(str(error)) from error
        if applied:
            stored -= int(flushing or 0)
        try:
            self._fill(keys=[self.stored_key, self.flushing_key, self.epoch_key],
                       args=[f"a:{article_pk}", stored, batch, epoch.decode() if epoch else "", STORED_TTL])
        except redis.RedisError as error:
            raise CounterUnavailable(str(error)) from error
        return stored

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
        batch = self._claim(keys=[self.pending_key, self.flushing_key, self.epoch_key], args=[uuid.uuid4().hex])
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
        self._release(keys=[self.flushing_key, self.stored_key, self.epoch_key], args=[batch])


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
