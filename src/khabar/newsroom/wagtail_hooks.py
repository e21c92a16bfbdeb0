"""The newsroom in Wagtail's admin: corrections and breaking news screens, their buttons on each story, and
their lines in the story's history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, UserColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from khabar.news.models import ArticlePage

from . import corrections, roles
from .models import ArticleNote, BreakingNews

BREAKING_LOG_ACTION = "khabar.breaking.flag"


class SectionScopedPolicy(ModelPermissionPolicy):
    """Model permissions, narrowed per object to the sections where the user may publish the story."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if action == "view":
            return True
        return instance.article.permissions_for_user(user).can_publish()


register_permission_policy(ArticleNote, SectionScopedPolicy(ArticleNote))
register_permission_policy(BreakingNews, SectionScopedPolicy(BreakingNews))


class PrefilledArticleMixin:
    """``?article=<page id>`` (from the buttons on a story) fills in the story."""

    def get_initial(self):
        initial = super().get_initial()
        raw = self.request.GET.get("article", "")
        if raw.isascii() and raw.isdigit() and len(raw) < 12:
            initial["article"] = int(raw)
        return initial


class InstancePermissionMixin:
    """Wagtail's generic edit and delete views check the model permission only; here the object's too."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission_for_instance(
            request.user, self.permission_required, self.get_object()
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedEditView(InstancePermissionMixin, generic.EditView):
    pass


class ScopedDeleteView(InstancePermissionMixin, generic.DeleteView):
    pass


class NoteCreateView(PrefilledArticleMixin, generic.CreateView):
    def save_instance(self):
        note = self.form.save(commit=False)
        note.created_by = self.request.user
        note.save()
        corrections.record_note(note)
        return note


class BreakingCreateView(PrefilledArticleMixin, generic.CreateView):
    def save_instance(self):
        flag = self.form.save(commit=False)
        flag.created_by = self.request.user
        flag.save()
        log(
            instance=flag.article,
            action=BREAKING_LOG_ACTION,
            user=self.request.user,
            data={"text": flag.text[:200], "expires_at": flag.expires_at.isoformat()},
        )
        return flag


class NoteViewSet(ModelViewSet):
    model = ArticleNote
    name = "newsroom_notes"
    icon = "edit"
    menu_label = "التصحيحات والتحديثات"
    add_view_class = NoteCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    list_display = [
        Column("article", label="الخبر"),
        Column("kind", label="النوع", accessor="get_kind_display"),
        "text",
        DateColumn("created_at", label="الوقت"),
        UserColumn("created_by", label="أضافه"),
    ]
    list_filter = ["kind"]
    search_fields = ["text"]
    copy_view_enabled = False


class BreakingViewSet(ModelViewSet):
    model = BreakingNews
    name = "newsroom_breaking"
    icon = "warning"
    menu_label = "الأخبار العاجلة"
    add_view_class = BreakingCreateView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    list_display = [
        Column("text", label="نص الشريط"),
        Column("article", label="الخبر"),
        DateColumn("starts_at", label="يبدأ"),
        DateColumn("expires_at", label="ينتهي"),
        BooleanColumn("is_active", label="ظاهر الآن"),
        UserColumn("created_by", label="وسمه"),
    ]
    copy_view_enabled = False


note_viewset = NoteViewSet()
breaking_viewset = BreakingViewSet()


class NewsroomViewSetGroup(ModelViewSetGroup):
    menu_label = "غرفة الأخبار"
    menu_icon = "doc-full"
    menu_order = 250
    items = [breaking_viewset, note_viewset]


@hooks.register("register_admin_viewset")
def register_newsroom_viewsets():
    return NewsroomViewSetGroup()


# --- Buttons on each live story ----------------------------------------------------------------------------


class LiveStoryButton(PageMenuItem):
    viewset = None

    def is_shown(self, user):
        page = self.page
        return (
            page.specific_class is ArticlePage
            and page.live
            and page.permissions_for_user(user).can_publish()
            and self.viewset.permission_policy.user_has_permission(user, "add")
        )

    @property
    def url(self):
        return reverse(self.viewset.get_url_name("add")) + "?" + urlencode({"article": self.page.pk})


class AddNoteButton(LiveStoryButton):
    label = "أضف تصحيحاً أو تحديثاً"
    icon_name = "edit"
    viewset = note_viewset


class FlagBreakingButton(LiveStoryButton):
    label = "اجعله خبراً عاجلاً"
    icon_name = "warning"
    viewset = breaking_viewset


@hooks.register("register_page_header_buttons")
def story_header_buttons(page, user, view_name, next_url=None):
    yield AddNoteButton(page=page, priority=62)
    yield FlagBreakingButton(page=page, priority=63)


@hooks.register("register_page_listing_more_buttons")
def story_listing_buttons(page, user, next_url=None):
    yield AddNoteButton(page=page, priority=42)
    yield FlagBreakingButton(page=page, priority=43)


# --- The story's history ------------------------------------------------------------------------------------


@hooks.register("register_log_actions")
def register_newsroom_log_actions(actions):
    @actions.register_action(corrections.LOG_ACTION)
    class NoteAdded(LogFormatter):
        label = "تصحيح أو تحديث"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"{data.get('kind_label', 'تصحيح')}: {data.get('text', '')}"

    @actions.register_action(BREAKING_LOG_ACTION)
    class BreakingFlagged(LogFormatter):
        label = "خبر عاجل"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"وُسم عاجلاً حتى {data.get('expires_at', '')}: {data.get('text', '')}"


# --- Deleting stories ------------------------------------------------------------------------------------------
# Wagtail lets anyone who may edit and publish a page delete it. In a newsroom a story that readers have seen
# is unpublished, not deleted: its address, its view count and its history stay. Only the editor in chief
# (and a superuser) deletes a story that has ever been published; editors and writers delete drafts only.

PUBLISHED_DELETE_REFUSED = "لا يحذف خبراً سبق نشره إلا رئيس التحرير؛ يمكنك إلغاء نشره بدلاً من ذلك."


def _may_delete_published(user):
    return user.is_superuser or user.groups.filter(name=roles.CHIEF).exists()


def _ever_published(pages):
    return any(page.first_published_at or page.live for page in pages)


@hooks.register("before_delete_page")
def refuse_deleting_a_published_story(request, page):
    if _may_delete_published(request.user):
        return None
    if not _ever_published(page.get_descendants(inclusive=True)):
        return None
    messages.error(request, PUBLISHED_DELETE_REFUSED)
    return redirect("wagtailadmin_explore", page.get_parent().pk)


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_published_stories(request, action_type, objects, action):
    if action_type != "delete" or not issubclass(action.model, Page):
        return None
    if _may_delete_published(request.user):
        return None
    pages = [page for obj in objects for page in obj.get_descendants(inclusive=True)]
    if not _ever_published(pages):
        return None
    messages.error(request, PUBLISHED_DELETE_REFUSED)
    return redirect("wagtailadmin_home")
