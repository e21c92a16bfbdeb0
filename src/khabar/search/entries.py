"""Keeping ``ArticleEntry`` (index entry → page, section, date) in step with Wagtail's index entries."""

from django.db import connection
from modelsearch.conf import get_app_config
from modelsearch.utils import get_content_type_pk
from wagtail.models import Page

from khabar.news.models import ArticlePage

from .models import ArticleEntry


def _is_article(model):
    return issubclass(model, ArticlePage)


def sync(model, objs):
    """Rewrite the rows of these objects once their index entries are written."""
    if not _is_article(model) or not objs:
        return
    index_entry = get_app_config().get_model("IndexEntry")
    by_object = dict(
        index_entry._default_manager.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(obj.pk) for obj in objs]
        ).values_list("object_id", "id")
    )
    step = Page.steplen
    sections = dict(Page.objects.filter(path__in={obj.path[:-step] for obj in objs}).values_list("path", "id"))
    ArticleEntry.objects.filter(page_id__in=[obj.pk for obj in objs]).delete()
    ArticleEntry.objects.bulk_create(
        [
            ArticleEntry(
                entry_id=by_object[str(obj.pk)],
                page_id=obj.pk,
                section_id=sections.get(obj.path[:-step]),
                published_at=obj.published_at,
            )
            for obj in objs
            if str(obj.pk) in by_object
        ],
        batch_size=1000,
    )
    if connection.vendor == "postgresql":
        side, entries = ArticleEntry._meta.db_table, index_entry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {side} AS s SET vector = e.title || e.body FROM {entries} AS e "  # noqa: S608
                "WHERE e.id = s.entry_id AND s.entry_id = ANY(%s)",
                [list(by_object.values())],
            )


def forget(obj):
    if _is_article(type(obj)):
        ArticleEntry.objects.filter(page_id=obj.pk).delete()


def forget_all():
    ArticleEntry.objects.all().delete()


def drop_orphans():
    """Rows whose index entry is gone (a rebuild deletes the entries of deleted objects in bulk)."""
    entries = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ArticleEntry._meta.db_table} WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {entries} WHERE {entries}.id = {ArticleEntry._meta.db_table}.entry_id)"
        )
