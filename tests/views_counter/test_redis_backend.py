"""The ``redis`` backend against a real Redis: counting there, and flushing to the database exactly once,
even when a flush is cut short at its worst moments."""

import pytest
from django.core.management import call_command

from khabar.news.models import ArticleViewCount
from khabar.views_counter.backends.redis import RedisCounter
from khabar.views_counter.models import FlushedBatch, ViewBucket
from tests.factories import make_article

from .conftest import new_visitor_id

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing on the way up may swallow it."""


def stored(article):
    return ArticleViewCount.objects.filter(article=article).values_list("views", flat=True).first() or 0


def view(reader, article, n):
    for _ in range(n):
        assert reader(cookie=new_visitor_id()).view(article).json()["counted"] is True


def test_views_wait_in_redis_are_shown_at_once_and_reach_the_database_on_flush(redis_backend, reader, article):
    visitor = reader(cookie=new_visitor_id())
    assert [visitor.view(article).json()["counted"] for _ in range(3)] == [True, False, False]
    view(reader, article, 4)
    assert stored(article) == 286  # nothing written to the database yet
    assert reader().count(article) == 291  # but readers see the exact count already
    assert redis_backend.pending() == 5

    call_command("flush_views", verbosity=0)
    assert stored(article) == 291
    assert sum(ViewBucket.objects.filter(article=article).values_list("views", flat=True)) == 5
    assert redis_backend.pending() == 0
    assert reader().count(article) == 291
    # The marks stay in Redis: the visitor seen before the flush is still not counted again after it.
    assert visitor.view(article).json()["counted"] is False


def test_a_flush_interrupted_between_its_read_and_its_write_loses_and_doubles_nothing(
        redis_backend, reader, article, monkeypatch):
    view(reader, article, 10)
    read = []

    def crash_after_reading(self, batch, fields):
        read.append(fields)
        raise Crash

    monkeypatch.setattr(RedisCounter, "write_batch", crash_after_reading)
    with pytest.raises(Crash):
        redis_backend.flush()
    monkeypatch.undo()
    assert read and read[0][f"a:{article.pk}"] == "10"  # the flush had read the batch when it died
    assert stored(article) == 286
    assert reader().count(article) == 296  # the interrupted batch still counts for readers

    view(reader, article, 3)  # views arriving while the batch is stranded go to a fresh pending hash
    assert reader().count(article) == 299
    assert redis_backend.flush() == 13
    assert stored(article) == 299 and reader().count(article) == 299
    assert redis_backend.pending() == 0


def test_a_flush_interrupted_after_its_write_does_not_add_the_batch_twice(
        redis_backend, reader, article, monkeypatch):
    view(reader, article, 7)

    def crash_before_release(self, batch):
        raise Crash

    monkeypatch.setattr(RedisCounter, "release_batch", crash_before_release)
    with pytest.raises(Crash):
        redis_backend.flush()
    monkeypatch.undo()
    assert stored(article) == 293  # written to the database...
    assert redis_backend.pending() == 7  # ...and still in Redis, as after a crash at that instant
    assert reader().count(article) == 293  # readers do not see it twice

    assert redis_backend.flush() == 0  # the next flush recognises the batch and only clears it
    assert stored(article) == 293 and redis_backend.pending() == 0
    assert FlushedBatch.objects.count() == 1


def test_the_same_batch_written_twice_is_added_once(redis_backend, reader, article):
    view(reader, article, 2)
    batch = redis_backend.claim_batch()
    fields = redis_backend.read_batch()
    assert redis_backend.write_batch(batch, fields) == 2
    assert redis_backend.write_batch(batch, fields) == 0  # a second app server flushing the same batch
    redis_backend.release_batch(batch)
    assert stored(article) == 288


def test_views_of_an_article_deleted_before_the_flush_do_not_block_the_others(
        redis_backend, reader, article, site):
    doomed = make_article(site.sections["economy"], title="خبر سيحذف")
    view(reader, doomed, 2)
    view(reader, article, 1)
    doomed.delete()
    assert redis_backend.flush() == 1
    assert stored(article) == 287 and redis_backend.pending() == 0


def test_crawlers_and_rate_limits_apply_on_redis_too(redis_backend, reader, article, settings):
    from .conftest import GOOGLEBOT_UA

    assert reader(user_agent=GOOGLEBOT_UA).view(article).json()["counted"] is False
    settings.KHABAR_VIEWS_RATE_PER_VISITOR = 2
    visitor = reader(cookie=new_visitor_id())
    assert [visitor.view(article).status_code for _ in range(3)] == [200, 200, 429]
    redis_backend.flush()
    assert stored(article) == 287
