"""The database side of the count: atomic additions to the totals and to the hourly buckets.

The ORM can express ``views = views + 1`` for a row that exists (an ``F()`` update) and "insert or
overwrite" (``bulk_create(update_conflicts=True)``), but not "insert, or add to the row already there" in one
statement. That upsert is what keeps concurrent increments exact without a read-modify-write race, so it is
written here in the SQL that SQLite (3.24+) and PostgreSQL share: ``INSERT … ON CONFLICT … DO UPDATE``.
"""

from datetime import UTC, datetime

from django.db import connection

from khabar.news.models import ArticlePage, ArticleViewCount

from .models import FlushedBatch, SeenMark, ViewBucket


def hour_of(moment):
    """The UTC hour a moment falls in, as the bucket's key."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def hour_from_stamp(stamp):
    return datetime.fromtimestamp(int(stamp) * 3600, tz=UTC)


def hour_stamp(moment):
    return int(hour_of(moment).timestamp()) // 3600


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _when(moment):
    """A datetime in the form the ORM stores it (SQLite keeps naive UTC text), so raw and ORM rows agree."""
    return connection.ops.adapt_datetimefield_value(moment)


def claim(article_pk, visitor_keys, now, window):
    """Mark the article seen by this visitor; True when the visitor had not been counted on it within
    ``window``. One statement per key, so two simultaneous requests of one visitor cannot both win.
    Must run inside the transaction that adds the view, so a failed addition also forgets the mark."""
    table = _table(SeenMark)
    # Table names come from model metadata, quoted; every value is a parameter (hence the noqa: S608).
    sql = f"INSERT INTO {table} (article_id, visitor, seen_at) VALUES (%s, %s, %s) ON CONFLICT (article_id, visitor) DO UPDATE SET seen_at = excluded.seen_at WHERE {table}.seen_at <= %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_pk, visitor_keys[0], _when(now), _when(now - window)])
        if cursor.rowcount != 1:
            return False
        for extra in visitor_keys[1:]:
            cursor.execute(sql, [article_pk, extra, _when(now), _when(now - window)])
    return True


def add_views(totals, buckets):
    """Add ``totals`` ({article pk: n}) to the articles' counts and ``buckets`` ({(article pk, hour): n}) to
    their hourly buckets. Returns the new totals. Call inside a transaction."""
    count_table = _table(ArticleViewCount)
    bucket_table = _table(ViewBucket)
    new_totals = {}
    with connection.cursor() as cursor:
        for article_pk, n in sorted(totals.items()):  # a fixed order, so two flushes never deadlock
            cursor.execute(
                f"INSERT INTO {count_table} (article_id, views) VALUES (%s, %s) ON CONFLICT (article_id) DO UPDATE SET views = {count_table}.views + excluded.views RETURNING views",  # noqa: S608
                [article_pk, n],
            )
            new_totals[article_pk] = cursor.fetchone()[0]
        for (article_pk, hour), n in sorted(buckets.items()):
            cursor.execute(
                f"INSERT INTO {bucket_table} (article_id, hour, views) VALUES (%s, %s, %s) ON CONFLICT (article_id, hour) DO UPDATE SET views = {bucket_table}.views + excluded.views",  # noqa: S608
                [article_pk, _when(hour), n],
            )
    return new_totals


def existing_articles(pks):
    """The subset of ``pks`` that are still articles (views of a deleted article have nowhere to go)."""
    return set(ArticlePage.objects.filter(pk__in=list(pks)).values_list("pk", flat=True))


def stored_total(article_pk):
    return ArticleViewCount.objects.filter(article_id=article_pk).values_list("views", flat=True).first() or 0


def stored_total_and_batch(article_pk, batch):
    """The stored total and whether Redis batch ``batch`` is already in it, in one query (one snapshot)."""
    if batch is None:
        return stored_total(article_pk), False
    sql = f"SELECT (SELECT views FROM {_table(ArticleViewCount)} WHERE article_id = %s), EXISTS (SELECT 1 FROM {_table(FlushedBatch)} WHERE batch = %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [article_pk, batch])
        views, applied = cursor.fetchone()
    return views or 0, bool(applied)
