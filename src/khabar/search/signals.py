"""Keep the search index in step with what readers can see.

Wagtail indexes a page when its row is saved, but an article's tags, authors and sources are written just
after that save (modelcluster commits them once the page row exists), so the entry written then misses
them. Khabar indexes the article again once publishing is complete, when it moves to another section, when
an importer or the newsroom says an article changed (``news.signals.content_changed``), and when an author,
source or tag is renamed.
"""

from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from taggit.models import Tag
from wagtail.signals import page_published, page_unpublished, post_page_move

from khabar.news.models import ArticlePage, Author, Source
from khabar.news.signals import content_changed

RENAME_BATCH = 500


def reindex_articles(articles):
    """Write fresh index entries for these articles in every auto-updating backend."""
    articles = list(articles)
    if not articles:
        return
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(articles), RENAME_BATCH):
            backend.add_bulk(ArticlePage, articles[start:start + RENAME_BATCH])


def _article_changed(instance, **kwargs):
    if isinstance(instance, ArticlePage):
        reindex_articles(ArticlePage.objects.filter(pk=instance.pk).prefetch_related("tags", "authors", "sources"))


def _content_changed(article=None, **kwargs):
    if article is not None:
        _article_changed(article)


def _related_renamed(queryset_for):
    def handler(instance, created=False, raw=False, **kwargs):
        if created or raw:
            return
        reindex_articles(queryset_for(instance).prefetch_related("tags", "authors", "sources"))

    return handler


_author_renamed = _related_renamed(lambda author: ArticlePage.objects.filter(authors=author))
_source_renamed = _related_renamed(lambda source: ArticlePage.objects.filter(sources=source))
_tag_renamed = _related_renamed(lambda tag: ArticlePage.objects.filter(tagged_items__tag=tag))


def connect():
    page_published.connect(_article_changed, dispatch_uid="khabar_search_published")
    page_unpublished.connect(_article_changed, dispatch_uid="khabar_search_unpublished")
    post_page_move.connect(_article_changed, dispatch_uid="khabar_search_moved")  # its section changed
    content_changed.connect(_content_changed, dispatch_uid="khabar_search_content_changed")
    post_save.connect(_author_renamed, sender=Author, dispatch_uid="khabar_search_author")
    post_save.connect(_source_renamed, sender=Source, dispatch_uid="khabar_search_source")
    post_save.connect(_tag_renamed, sender=Tag, dispatch_uid="khabar_search_tag")
