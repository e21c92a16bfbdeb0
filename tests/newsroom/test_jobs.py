"""Scheduled publishing on one machine (the server's periodic job) and on several (the documented command)."""

from datetime import timedelta

import time_machine
from django.conf import settings
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


def test_khabar_publish_scheduled_for_cron(site):
    story = scheduled_story(site.sections["syria"], minutes=5)
    with time_machine.travel(story.go_live_at + timedelta(seconds=1), tick=False):
        khabar(["publish-scheduled"])
    assert ArticlePage.objects.get(pk=story.pk).live


def test_khabar_setup_roles(site, capsys):
    khabar(["setup-roles"])
    assert "رئيس التحرير" in capsys.readouterr().out
