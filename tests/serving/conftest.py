import pytest

from khabar.serving.generation import reset_clock
from tests.serving.wsgi_client import CachedSite


@pytest.fixture(autouse=True)
def _fresh_generation_clock():
    """Each test starts with a process view of the generation that it has not seen cached."""
    reset_clock()
    yield
    reset_clock()


@pytest.fixture
def cached_site():
    return CachedSite()


def publish_edit(article, **changes):
    """What an editor does in the admin: save a new revision of the story and publish it."""
    from khabar.news.models import ArticlePage

    page = ArticlePage.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page
