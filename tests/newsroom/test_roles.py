"""The newsroom's roles, driven through Wagtail's real admin views by real users of each role."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, WorkflowState

from khabar.news.models import ArticlePage
from khabar.newsroom.roles import CHIEF, EDITOR, WORKFLOW_NAME, WRITER, section_editor_group_name
from tests.factories import make_article
from tests.newsroom.admin_forms import PUBLISH, SUBMIT, article_form
from tests.newsroom.conftest import owned_live_story


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def reader_sees(client, page):
    return client.get(f"/a/{page.public_id}/").status_code == 200


# --- Writers ------------------------------------------------------------------------------------------------


def test_writer_post_to_publish_a_new_story_is_refused_and_nothing_goes_live(site, writer, as_user, client):
    response = as_user(writer).post(add_url(site.sections["economy"]), article_form("خبر كتبه الكاتب", "w1") | PUBLISH)

    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="w1")
    assert page.owner == writer
    assert not page.live
    assert page.live_revision is None
    assert not page.revisions.filter(approved_go_live_at__isnull=False).exists()
    client.logout()
    assert not reader_sees(client, page)


def test_writer_post_to_publish_his_own_draft_is_refused(site, writer, as_user):
    draft = make_article(site.sections["syria"], title="مسودة الكاتب", user=writer, publish=False)
    client = as_user(writer)

    response = client.post(edit_url(draft), article_form("مسودة الكاتب بعد التعديل", draft.slug) | PUBLISH)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert not draft.live
    assert draft.live_revision is None
    # What he could do was save his draft: the edit is there, as a revision of his.
    assert draft.get_latest_revision().user == writer
    assert draft.get_latest_revision_as_object().title == "مسودة الكاتب بعد التعديل"


def test_writer_cannot_edit_another_writers_live_story(site, writer, other_writer, as_user):
    story = owned_live_story(site.sections["syria"], "خبر الكاتبة الأخرى", other_writer)
    client = as_user(writer)

    assert client.get(edit_url(story)).status_code == 302  # Wagtail's "permission denied" bounce
    client.post(edit_url(story), article_form("عنوان مزوّر", story.slug) | PUBLISH)
    client.post(edit_url(story), article_form("عنوان مزوّر", story.slug))

    story.refresh_from_db()
    assert story.title == "خبر الكاتبة الأخرى"
    assert story.get_latest_revision().user == other_writer


def test_writer_cannot_unpublish_or_delete_his_own_live_story(site, writer, as_user):
    story = owned_live_story(site.sections["syria"], "خبر منشور للكاتب", writer)
    client = as_user(writer)

    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))

    story.refresh_from_db()
    assert story.live
    assert ArticlePage.objects.filter(pk=story.pk).exists()


def test_writer_can_delete_his_own_unpublished_draft(site, writer, as_user):
    draft = make_article(site.sections["syria"], title="مسودة للحذف", user=writer, publish=False)

    as_user(writer).post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))

    assert not ArticlePage.objects.filter(pk=draft.pk).exists()


def test_writers_submission_notifies_the_sections_editors_only(site, writer, editor, economy_editor,
                                                                sports_editor, as_user):
    client = as_user(writer)
    client.post(add_url(site.sections["economy"]), article_form("خبر عن الأسعار", "prices") | SUBMIT)

    page = ArticlePage.objects.get(slug="prices")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    assert not page.live
    recipients = {address for message in mail.outbox for address in message.to}
    assert "economy_editor@example.org" in recipients
    assert "editor@example.org" in recipients  # editors of every section are editors of this one
    assert "sports_editor@example.org" not in recipients
    assert "writer@example.org" not in recipients
    message = next(m for m in mail.outbox if "economy_editor@example.org" in m.to)
    assert "خبر عن الأسعار" in message.body


def test_the_sections_editor_approves_and_the_story_goes_live(site, writer, economy_editor, sports_editor,
                                                              as_user, client):
    as_user(writer).post(add_url(site.sections["economy"]), article_form("خبر للمراجعة", "review") | SUBMIT)
    page = ArticlePage.objects.get(slug="review")
    approve = article_form("خبر للمراجعة", "review") | {
        "action-workflow-action": "true", "workflow-action-name": "approve",
    }

    # The sports editor is not a reviewer of an economy story: his approval does nothing.
    client.force_login(sports_editor)
    client.post(edit_url(page), approve)
    page.refresh_from_db()
    assert not page.live

    client.force_login(economy_editor)
    client.post(edit_url(page), approve)
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert reader_sees(client, page)
    history = list(page.specific.__class__.objects.get(pk=page.pk).revisions.values_list("user__username", flat=True))
    assert "writer" in history


# --- Editors ------------------------------------------------------------------------------------------------


def test_section_editor_publishes_in_his_section_but_not_in_another(site, economy_editor, as_user, client):
    economy = make_article(site.sections["economy"], title="خبر اقتصادي", publish=False)
    sports = make_article(site.sections["sports"], title="خبر رياضي", publish=False)
    as_user(economy_editor)

    client.post(edit_url(economy), article_form("خبر اقتصادي", economy.slug) | PUBLISH)
    response = client.post(edit_url(sports), article_form("خبر رياضي", sports.slug) | PUBLISH)

    economy.refresh_from_db()
    sports.refresh_from_db()
    assert economy.live
    assert not sports.live
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    # Nor can he unpublish a live story of another section.
    live_sports = make_article(site.sections["sports"], title="خبر رياضي منشور")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[live_sports.pk]))
    live_sports.refresh_from_db()
    assert live_sports.live


def test_editor_edits_schedules_and_unpublishes_any_story(site, editor, other_writer, as_user, client):
    story = owned_live_story(site.sections["culture"], "خبر ثقافي", other_writer)
    draft = make_article(site.sections["sports"], title="مباراة الغد", publish=False)
    as_user(editor)

    client.post(edit_url(story), article_form("خبر ثقافي محدّث", story.slug) | PUBLISH)
    story.refresh_from_db()
    assert story.live and story.title == "خبر ثقافي محدّث"

    go_live = timezone.localtime(timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    client.post(edit_url(draft), article_form("مباراة الغد", draft.slug, go_live_at=go_live) | PUBLISH)
    draft.refresh_from_db()
    assert not draft.live
    assert draft.revisions.filter(approved_go_live_at__isnull=False).exists()

    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    story.refresh_from_db()
    assert not story.live


def test_an_editor_unpublishes_but_cannot_delete_a_published_story_alone_or_in_bulk(site, editor, as_user):
    story = make_article(site.sections["economy"], title="خبر منشور لا يحذفه المحرر")
    client = as_user(editor)

    refused = client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]), follow=True)
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={story.pk}"
    client.post(bulk)

    assert ArticlePage.objects.filter(pk=story.pk, live=True).exists()
    assert "لا يحذف خبراً سبق نشره إلا رئيس التحرير" in refused.content.decode()
    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))
    assert ArticlePage.objects.filter(pk=story.pk, live=False).exists(), "unpublished, kept: it was read once"


def test_an_editor_deletes_a_draft_that_was_never_published(site, editor, as_user):
    draft = make_article(site.sections["economy"], title="مسودة لم تنشر", publish=False)

    as_user(editor).post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))

    assert not ArticlePage.objects.filter(pk=draft.pk).exists()


def test_editor_in_chief_may_delete_a_live_story(site, chief, as_user):
    story = make_article(site.sections["opinion"], title="مقال للحذف")

    as_user(chief).post(reverse("wagtailadmin_pages:delete", args=[story.pk]))

    assert not ArticlePage.objects.filter(pk=story.pk).exists()


# --- The admin's door -----------------------------------------------------------------------------------------

PUBLIC_ADMIN_VIEWS = {
    # Reachable without an account by design: logging in and recovering a password.
    "wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done", "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    # The login page's own icons and translations of its scripts: static, nothing about the newsroom.
    "wagtailadmin_sprite", "wagtailadmin_javascript_catalog",
}


def admin_urls():
    """Every URL pattern under /admin/, with made-up values for its arguments."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                yield route, entry.name

    for route, name in walk(get_resolver().url_patterns, ""):
        if not route.startswith("admin/"):
            continue
        path = re.sub(r"\(\?P<[^>]+>[^)]*\)", "1", route).replace("^", "").replace("$", "").replace("\\", "")
        path = re.sub(r"<(?:int:)?[^>]*(?:pk|id)[^>]*>", "1", path)
        path = re.sub(r"<int:[^>]+>", "1", path)
        path = re.sub(r"<[^>]+>", "x", path)
        yield "/" + path, name


def test_every_admin_url_sends_an_anonymous_visitor_to_the_login_page(db, client):
    checked, open_doors = 0, []
    for path, name in admin_urls():
        if name in PUBLIC_ADMIN_VIEWS:
            continue
        response = client.get(path)
        if response.status_code != 302 or not response["Location"].startswith(reverse("wagtailadmin_login")):
            open_doors.append((path, name, response.status_code))
        checked += 1
    assert open_doors == []
    assert checked > 100  # the whole admin, not a sample


def test_setup_roles_recreates_the_roles_and_is_idempotent(site, capsys):
    from django.contrib.auth.models import Group

    Group.objects.filter(name=WRITER).delete()
    call_command("setup_roles")
    first = GroupPagePermission.objects.count()
    call_command("setup_roles")

    assert GroupPagePermission.objects.count() == first
    writer_group = Group.objects.get(name=WRITER)
    assert set(writer_group.page_permissions.values_list("permission__codename", flat=True)) == {"add_page"}
    assert writer_group.page_permissions.count() == len(site.sections)
    assert Group.objects.filter(name=section_editor_group_name("اقتصاد")).exists()
    assert Group.objects.filter(name=EDITOR).exists() and Group.objects.filter(name=CHIEF).exists()
    assert "كاتب" in capsys.readouterr().out


def test_a_new_section_gets_its_writers_editors_and_own_editors_group(site):
    from django.contrib.auth.models import Group

    from khabar.news.models import SectionPage

    section = site.home.add_child(instance=SectionPage(title="تكنولوجيا", slug="tech"))

    group = Group.objects.get(name=section_editor_group_name("تكنولوجيا"))
    assert set(group.page_permissions.filter(page=section).values_list("permission__codename", flat=True)) == {
        "add_page", "change_page", "publish_page", "lock_page", "unlock_page",
    }
    assert Group.objects.get(name=WRITER).page_permissions.filter(page=section).exists()


@pytest.mark.parametrize("role", [WRITER, EDITOR])
def test_writers_and_editors_may_upload_pictures(site, role, as_user):
    from tests.newsroom.conftest import make_user

    user = make_user(f"u-{abs(hash(role))}", role)
    response = as_user(user).get(reverse("wagtailimages:add"))
    assert response.status_code == 200


def test_a_submitted_story_waits_on_its_section_editors_dashboard_only(site, writer, economy_editor,
                                                                         sports_editor, as_user, client):
    as_user(writer).post(add_url(site.sections["economy"]), article_form("خبر ينتظر المراجعة", "waiting") | SUBMIT)

    client.force_login(economy_editor)
    assert "خبر ينتظر المراجعة" in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(sports_editor)
    assert "خبر ينتظر المراجعة" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_editor_in_chief_finds_the_lead_story_chooser_on_the_home_page(site, chief, as_user):
    response = as_user(chief).get(reverse("wagtailadmin_pages:edit", args=[site.home.pk]))
    assert response.status_code == 200
    assert "الخبر الرئيسي" in response.content.decode()
