import pytest

from tests.serving.wsgi_client import CachedSite


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
