"""Signal receivers that tie the newsroom to Django's logins, Wagtail's publishing and the page cache."""

import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import TaskState
from wagtail.signals import page_published, page_unpublished, task_submitted

from khabar.news.models import ArticlePage, SectionPage
from khabar.news.signals import content_changed

from . import breaking, corrections, roles, security
from .models import ArticleNote, BreakingNews
from .notifications import section_editors_submission_notifier

logger = logging.getLogger(__name__)


def login_failed(sender, credentials, request=None, **kwargs):
    security.record_failure(credentials.get("username"), request)


def logged_in(sender, request, user, **kwargs):
    security.record_success(user.get_username())


def article_published(sender, instance, **kwargs):
    # A draft saved before a correction carries the old "last updated" time: put the newer one back.
    corrections.restore_updated_at(instance)
    if _has_current_flags(instance):  # e.g. a flag set on a story scheduled to go live: it shows from now
        announce_breaking_change()


def _has_current_flags(article):
    return BreakingNews.objects.filter(article_id=article.pk, expiry_announced=False).exists()


def announce_breaking_change(**kwargs):
    breaking.forget()

    def after_commit():
        breaking.forget()  # again: a poll between the change and the commit may have cached the old answer
        content_changed.send(sender=BreakingNews, article=None, reason="breaking")

    transaction.on_commit(after_commit)


def article_unpublished(sender, instance, **kwargs):
    # The bar drops a flag whose story is no longer live: every page showing the bar is now out of date.
    if _has_current_flags(instance):
        announce_breaking_change()


def note_edited_or_deleted(sender, instance, created=False, raw=False, **kwargs):
    """An edited or deleted correction changes its story's page (a new one is announced by ``record_note``)."""
    if created or raw:
        return
    article_id = instance.article_id

    def after_commit():
        article = ArticlePage.objects.filter(pk=article_id).first()
        content_changed.send(sender=ArticleNote, article=article, reason="correction")

    transaction.on_commit(after_commit)


def section_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        try:
            roles.grant_section(instance)
        except LookupError:
            logger.warning("Roles not granted on the new section %r: run `khabar setup-roles`.", instance.title)


def connect():
    user_login_failed.connect(login_failed, dispatch_uid="khabar_newsroom_login_failed")
    user_logged_in.connect(logged_in, dispatch_uid="khabar_newsroom_logged_in")
    page_published.connect(article_published, sender=ArticlePage, dispatch_uid="khabar_newsroom_published")
    page_unpublished.connect(article_unpublished, sender=ArticlePage, dispatch_uid="khabar_newsroom_unpublished")
    post_save.connect(announce_breaking_change, sender=BreakingNews, dispatch_uid="khabar_breaking_saved")
    post_delete.connect(announce_breaking_change, sender=BreakingNews, dispatch_uid="khabar_breaking_deleted")
    post_save.connect(note_edited_or_deleted, sender=ArticleNote, dispatch_uid="khabar_note_saved")
    post_delete.connect(note_edited_or_deleted, sender=ArticleNote, dispatch_uid="khabar_note_deleted")
    post_save.connect(section_created, sender=SectionPage, dispatch_uid="khabar_newsroom_section_created")
    task_submitted.connect(
        section_editors_submission_notifier, sender=TaskState, dispatch_uid="khabar_section_review_submitted"
    )
