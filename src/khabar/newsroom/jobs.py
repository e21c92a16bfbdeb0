"""Periodic jobs that `khabar serve` runs beside the web workers (settings.KHABAR_PERIODIC_JOBS).

On several app servers, run ``khabar publish-scheduled`` from one machine's cron or systemd timer instead
(README, "Newsroom"): this module's jobs are then not needed, but harmless if they also run.
"""

import logging
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from khabar.news.signals import content_changed

from . import breaking
from .models import BreakingNews, LoginFailure

logger = logging.getLogger(__name__)


def publish_scheduled():
    """Publish stories whose go-live time has come and unpublish expired ones (Wagtail's own command), then
    tell the page cache about breaking flags that ran out."""
    call_command("publish_scheduled", verbosity=0)
    announce_breaking_expiries()


def announce_breaking_expiries(now=None):
    """Breaking flags that expired since the last run: mark them and invalidate the pages showing the bar.

    The bar's script already hides an expired item at its time; this makes the server-rendered bar in
    cached pages catch up too.
    """
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(
            BreakingNews.objects.filter(expires_at__lte=now, expiry_announced=False).values_list("pk", flat=True)
        )
        if not expired:
            return 0
        BreakingNews.objects.filter(pk__in=expired).update(expiry_announced=True)
        transaction.on_commit(
            lambda: content_changed.send(sender=BreakingNews, article=None, reason="breaking")
        )
    breaking.forget()
    logger.info("Breaking-news flags expired: %s", expired)
    return len(expired)


def forget_old_login_failures(now=None):
    """Failed-login counts older than a day no longer matter to the throttle."""
    now = now or timezone.now()
    deleted, _ = LoginFailure.objects.filter(last_failure_at__lt=now - timedelta(days=1)).delete()
    return deleted
