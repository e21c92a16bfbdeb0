"""The ``db`` backend: each counted view is one short transaction in the database itself.

The transaction claims the visitor's mark, adds one to the article's total and one to its hourly bucket, all
with single-statement upserts, so concurrent requests cannot lose an increment; on SQLite the settings' WAL
mode, busy timeout and IMMEDIATE transactions queue the writers instead of failing them.
"""

from django.db import OperationalError, transaction
from django.utils import timezone

from .. import ledger, ratelimit
from ..models import FlushedBatch, SeenMark, ViewBucket
from . import BUCKET_RETENTION, DEDUP_WINDOW, CounterUnavailable, Outcome


class DatabaseCounter:
    name = "db"

    def view(self, article_pk, visitor, now=None):
        """A beacon's view: the rate limits (in Django's cache), then ``record``."""
        wait = ratelimit.retry_after(visitor)
        if wait is not None:
            return Outcome(False, None, wait)
        return Outcome(*self.record(article_pk, visitor.keys, now))

    def record(self, article_pk, visitor_keys, now=None):
        """Count one view unless this visitor was counted on this article within the window.
        Returns (counted, total)."""
        now = now or timezone.now()
        try:
            with transaction.atomic():
                if not ledger.claim(article_pk, visitor_keys, now, DEDUP_WINDOW):
                    return False, ledger.stored_total(article_pk)
                totals = ledger.add_views({article_pk: 1}, {(article_pk, ledger.hour_of(now)): 1})
        except OperationalError as error:  # e.g. SQLite still locked after its 30-second busy timeout
            raise CounterUnavailable(str(error)) from error
        return True, totals[article_pk]

    def total(self, article_pk):
        return ledger.stored_total(article_pk)

    def pending(self):
        return 0

    def flush(self, progress=None):
        """Nothing waits to be moved in this backend: forget marks past the window. Returns views moved (0)."""
        purge(timezone.now())
        return 0


def purge(now):
    """Delete what no rule needs any more: expired marks, old hourly buckets, old flushed-batch ids."""
    SeenMark.objects.filter(seen_at__lte=now - DEDUP_WINDOW).delete()
    ViewBucket.objects.filter(hour__lt=ledger.hour_of(now - BUCKET_RETENTION)).delete()
    FlushedBatch.objects.filter(flushed_at__lt=now - BUCKET_RETENTION).delete()
