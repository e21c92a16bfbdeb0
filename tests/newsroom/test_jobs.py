"""Scheduled publishing on one machine (the server's periodic job) and on several (the documented command)."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string

from khabar.cli import main as khabar
from khabar.news.models import ArticlePage
from tests.factories import make_article


def scheduled_story(section, minutes):
    story = make_article(section, title="خبر مجدول", publish=False, go_live_at=timezone.now() + timedelta(
        minutes=minutes))
    story.get_latest_revision().publish()
    assert not ArticlePage.objects.get(pk=story.pk).live
    return story


def test_the_server_publishes_due_stories_within_a_minute(site):
    jobs = {path: seconds for path, seconds in settings.KHABAR_PERIODIC_JOBS}
    seconds = jobs["khabar.newsroom.jobs.publish_scheduled"]
    assert seconds <= 60
    job = import_string("khabar.newsroom.jobs.publish_scheduled")
    story = scheduled_story(site.sections["syria"], minutes=5)

    # The job runs every `seconds`: the last run before the story is due, then the first one after.
    with time_machine.travel(story.go_live_at - timedelta(seconds=1), tick=False):
        job()
    assert not ArticlePage.objects.get(pk=story.pk).live
    with time_machine.travel(story.go_live_at + timedelta(seconds=seconds), tick=False):
        job()
    assert ArticlePage.objects.get(pk=story.pk).live


def run_khabar(argv, monkeypatch):
    """`khabar <argv>` as the shell runs it, minus the end of the process (Django's command line closes every
    database connection on the way out, which would end the test's transaction)."""
    ran = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", ran.append)
    khabar(argv)
    assert len(ran) == 1
    call_command(*ran[0][1:])
    return ran[0]


def test_khabar_publish_scheduled_for_cron(site, monkeypatch):
    story = scheduled_story(site.sections["syria"], minutes=5)
    with time_machine.travel(story.go_live_at + timedelta(seconds=1), tick=False):
        assert run_khabar(["publish-scheduled"], monkeypatch) == ["khabar", "publish_scheduled"]
    assert ArticlePage.objects.get(pk=story.pk).live


def test_khabar_setup_roles(site, capsys, monkeypatch):
    assert run_khabar(["setup-roles"], monkeypatch) == ["khabar", "setup_roles"]
    assert "رئيس التحرير" in capsys.readouterr().out
