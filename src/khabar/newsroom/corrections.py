"""Corrections and updates on live stories, and the story's "last updated" time that follows them.

A note is not part of the page's revisions, so nothing in Wagtail's publishing knows about it. The story's
``updated_at`` is therefore moved forward in two places: when the note is added, and after every later
publication (a draft saved before the correction would otherwise carry the old time back onto the page).
"""

from django.db import transaction
from django.db.models import Max, Q
from wagtail.log_actions import log

from khabar.news.models import ArticlePage
from khabar.news.signals import content_changed

from .models import ArticleNote

LOG_ACTION = "khabar.note.add"


def add_note(article, *, kind, text, user=None):
    """Add a correction or an update to a live story, as an editor would from the admin."""
    with transaction.atomic():
        note = ArticleNote.objects.create(article=article, kind=kind, text=text, created_by=user)
        record_note(note)
    return note


def record_note(note):
    """Everything that follows a new note: the story's time, its history in the admin, the page cache."""
    article = note.article
    bump_updated_at(article, note.created_at)
    log(
        instance=article,
        action=LOG_ACTION,
        user=note.created_by,
        data={"kind": note.kind, "kind_label": note.get_kind_display(), "text": note.text[:200]},
    )
    transaction.on_commit(
        lambda: content_changed.send(sender=ArticleNote, article=article, reason="correction")
    )


def bump_updated_at(article, when):
    """Move the story's "last updated" time forward to ``when``; never backward."""
    if when is None:
        return 0
    moved = (
        ArticlePage.objects.filter(pk=article.pk)
        .filter(Q(updated_at__isnull=True) | Q(updated_at__lt=when))
        .update(updated_at=when)
    )
    if moved:
        article.updated_at = when
    return moved


def restore_updated_at(article):
    """After a publication: the story is at least as recent as its newest note."""
    latest = ArticleNote.objects.filter(article_id=article.pk).aggregate(latest=Max("created_at"))["latest"]
    return bump_updated_at(article, latest)
