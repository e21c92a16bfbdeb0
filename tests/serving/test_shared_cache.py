"""With Redis, app servers share their cached pages and the generation (each PageCacheApp here stands for
one app server: its own in-process store, the same Redis)."""

import pytest

from khabar.serving.generation import GenerationClock, SharedCacheStore
from tests.serving.wsgi_client import CachedSite

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def test_a_page_rendered_by_one_server_is_served_by_another_from_redis(article):
    path = f"/a/{article.public_id}/"
    server_a, server_b = CachedSite(), CachedSite()
    assert server_b.get(path).cache == "miss"
    answer = server_a.get(path)
    assert answer.cache == "hit" and article.title in answer.text


def test_a_bump_on_one_server_is_seen_by_the_others():
    here, there = GenerationClock(SharedCacheStore(), 0), GenerationClock(SharedCacheStore(), 0)
    before = there.current()
    assert here.current() == before
    here.bump()
    assert there.current() == before + 1


def test_a_lost_generation_comes_back_higher_than_ever(settings):
    from django.core.cache import cache

    clock = GenerationClock(SharedCacheStore(), 0)
    before = clock.bump()
    cache.delete("serving:page-generation")  # Redis restarted without persistence, or evicted the key
    assert clock.current() > before
