"""`make demo` gives a newcomer three accounts and stories whose history shows the newsroom at work."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import PageLogEntry, WorkflowState

from khabar.news.models import ArticlePage
from khabar.newsroom import demo
from khabar.newsroom.models import ArticleNote, BreakingNews


@pytest.fixture
def loaded(db, tmp_path, capsys):
    """The demo loaded twice, as two `make demo` runs do (loading takes seconds: one test uses it all)."""
    with override_settings(VAR_DIR=tmp_path):
        call_command("load_demo")
        first_output = capsys.readouterr().out
        call_command("load_demo")  # idempotent: a second run adds nothing and keeps the passwords
        second_output = capsys.readouterr().out
    return {"credentials": tmp_path / "demo-credentials.txt", "first": first_output, "second": second_output}


def test_demo_accounts_histories_pictures_and_breaking_story(loaded, client):
    check_three_accounts_that_can_log_in(loaded, client)
    check_the_workflow_in_histories()
    check_pictures_and_a_breaking_story()


def check_three_accounts_that_can_log_in(loaded, client):
    lines = dict(line.split(" ", 1) for line in loaded["credentials"].read_text().splitlines())
    assert set(lines) == {"admin", "writer", "editor"}
    for username in lines:
        assert username in loaded["first"] and lines[username] in loaded["first"]
        assert lines[username] not in loaded["second"]  # printed once, then only pointed to
    for username, password in lines.items():
        client.logout()
        response = client.post("/admin/login/", {"username": username, "password": password.strip()})
        assert response.status_code == 302, username
        assert client.get("/admin/").status_code == 200, username


def check_the_workflow_in_histories():
    waiting = ArticlePage.objects.get(title=demo.DRAFT_TITLE)
    assert not waiting.live and waiting.workflow_in_progress
    approved = ArticlePage.objects.get(title=demo.APPROVED_TITLE)
    actions = set(PageLogEntry.objects.filter(page=approved).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.workflow.start", "wagtail.workflow.approve", "wagtail.publish"} <= actions
    users = set(PageLogEntry.objects.filter(page=approved).values_list("user__username", flat=True))
    assert {"writer", "editor"} <= users
    scheduled = ArticlePage.objects.get(title=demo.SCHEDULED_TITLE)
    assert not scheduled.live and scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()
    corrected = ArticleNote.objects.filter(kind=ArticleNote.CORRECTION).get().article
    assert PageLogEntry.objects.filter(page=corrected, action="khabar.note.add", user__username="editor").exists()
    assert WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1


def check_pictures_and_a_breaking_story():
    with_pictures = ArticlePage.objects.visible().filter(lead_image__isnull=False)
    assert with_pictures.count() == 6
    for story in with_pictures:
        image = story.lead_image
        assert image.alt_text.startswith("صورة تعبيرية") and image.credit and image.caption
    assert BreakingNews.objects.active().count() == 1
