"""``khabar flush-views`` and the periodic job on the default ``db`` backend: nothing waits to be moved, and
the de-duplication marks past their 30 minutes are forgotten (the rule still holds: a forgotten visitor would
count again anyway)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from khabar.views_counter.jobs import flush_views
from khabar.views_counter.models import SeenMark

from .conftest import new_visitor_id

pytestmark = pytest.mark.django_db


def test_the_flush_job_is_configured_for_the_server_to_run():
    jobs = dict(settings.KHABAR_PERIODIC_JOBS)
    assert jobs["khabar.views_counter.jobs.flush_views"] == 600  # db: every ten minutes is plenty


def test_flush_views_forgets_expired_marks_only(reader, article, capsys):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        reader(cookie=new_visitor_id()).view(article)
    with time_machine.travel(start + timedelta(minutes=20), tick=False):
        recent = reader(cookie=new_visitor_id())
        recent.view(article)
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        call_command("flush_views")  # `khabar flush-views` runs it in a subprocess in test_live_server
        assert "db: 0 views moved to the database, 0 still waiting" in capsys.readouterr().out
        assert SeenMark.objects.count() == 1
        assert recent.view(article).json()["counted"] is False  # the recent mark still holds
        assert flush_views() == 0
