"""The newsroom's own records: notes on live stories, breaking-news flags, the review task and login failures.

None of these are part of an article's revisions on purpose. A correction or a breaking flag is added to a
story that is already live, by an editor, at a moment of its own; it must not wait for (or be undone by) the
next publication of the page, and it must stay in the record even if the story is later rewritten.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, Task, TaskState
from wagtail.permission_policies.pages import PagePermissionPolicy

from khabar.news.models import ArticlePage

# --- Corrections and updates ------------------------------------------------------------------------------


class LiveStoryForm(WagtailAdminModelForm):
    """An admin form whose ``article`` must be a story readers see now, in a section where the user may publish."""

    not_live_message = "اختر خبراً منشوراً."

    def clean_article(self):
        article = self.cleaned_data.get("article")
        if article is None:
            return article
        article = article.specific
        if not ArticlePage.objects.visible().filter(pk=article.pk).exists():
            raise ValidationError(self.not_live_message)
        if self.for_user is not None and not article.permissions_for_user(self.for_user).can_publish():
            raise ValidationError("لا تملك صلاحية النشر في قسم هذا الخبر.")
        return article


class ArticleNoteForm(LiveStoryForm):
    not_live_message = "يضاف التصحيح أو التحديث إلى خبر منشور فقط."


class ArticleNote(models.Model):
    """A dated correction (تصحيح) or update (تحديث) shown to readers under a live story."""

    CORRECTION = "correction"
    UPDATE = "update"
    KIND_CHOICES = [(CORRECTION, "تصحيح"), (UPDATE, "تحديث")]

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="newsroom_notes", verbose_name="الخبر"
    )
    kind = models.CharField("النوع", max_length=20, choices=KIND_CHOICES, default=CORRECTION)
    text = models.TextField("النص", max_length=2000, help_text="ما الذي صُحّح أو أضيف، كما سيقرؤه القارئ.")
    created_at = models.DateTimeField("الوقت", default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="أضافه",
    )

    base_form_class = ArticleNoteForm
    panels = [FieldPanel("article"), FieldPanel("kind"), FieldPanel("text")]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "تصحيح أو تحديث"
        verbose_name_plural = "التصحيحات والتحديثات"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article.title}"


# --- Breaking news ----------------------------------------------------------------------------------------


class BreakingNewsQuerySet(models.QuerySet):
    def active(self, now=None):
        """Flags a reader sees now: started, not expired, on a story readers can see (never an embargoed one)."""
        now = now or timezone.now()
        visible = ArticlePage.objects.visible().values("pk")
        return (
            self.filter(starts_at__lte=now, expires_at__gt=now, article__in=visible)
            .select_related("article")
            .order_by("-starts_at", "-pk")
        )


class BreakingNewsForm(LiveStoryForm):
    MAX_DURATION = timedelta(days=3)
    not_live_message = "لا يوسم بالعاجل إلا خبر منشور."

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        now = timezone.now()
        if expires_at is not None and expires_at <= now:
            raise ValidationError("يجب أن يكون وقت انتهاء العاجل في المستقبل.")
        if expires_at is not None and expires_at > now + self.MAX_DURATION:
            raise ValidationError("لا يبقى الخبر عاجلاً أكثر من ثلاثة أيام.")
        return expires_at


def default_breaking_expiry():
    return timezone.now() + timedelta(hours=2)


class BreakingNews(models.Model):
    """An editor's "عاجل" flag on a live story: the bar on every reader page shows it until it expires."""

    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="breaking_flags", verbose_name="الخبر"
    )
    headline = models.CharField(
        "نص الشريط", max_length=140, blank=True, help_text="اختياري: جملة قصيرة للشريط بدلاً من عنوان الخبر"
    )
    starts_at = models.DateTimeField("يبدأ", default=timezone.now)
    expires_at = models.DateTimeField("ينتهي", default=default_breaking_expiry, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="وسمه",
    )
    # Set once the periodic job has told the page cache that this flag ran out (see jobs.announce_expiries).
    expiry_announced = models.BooleanField(default=False, editable=False)

    objects = BreakingNewsQuerySet.as_manager()

    base_form_class = BreakingNewsForm
    panels = [FieldPanel("article"), FieldPanel("headline"), FieldPanel("expires_at")]

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "خبر عاجل"
        verbose_name_plural = "الأخبار العاجلة"

    def __str__(self):
        return self.text

    @property
    def text(self):
        return self.headline or self.article.title

    @property
    def is_active(self):
        now = timezone.now()
        return self.starts_at <= now < self.expires_at and self.article.live


# --- Review workflow --------------------------------------------------------------------------------------


class SectionReviewTask(Task):
    """A review step approved by the editors of the story's own section.

    Wagtail's group approval task lets every member of its groups approve any page; a newsroom wants the
    economy editor to review economy stories only. Here the reviewers of a page are exactly the users who may
    publish it, so the page permissions given per section (see roles.py) decide who reviews what.
    """

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = "موافقة محرر القسم"
        verbose_name_plural = "موافقات محرري الأقسام"

    @staticmethod
    def _can_publish(obj, user):
        if not (user and user.is_authenticated and user.is_active):
            return False
        if isinstance(obj, Page):
            return obj.permissions_for_user(user).can_publish()
        return user.is_superuser

    def user_can_access_editor(self, obj, user):
        return self._can_publish(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_publish(obj, user)

    def user_can_lock(self, obj, user):
        return self._can_publish(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self._can_publish(obj, user):
            return [
                ("reject", "طلب تعديلات", True),
                ("approve", "موافقة", False),
                ("approve", "موافقة مع تعليق", True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        publishable = PagePermissionPolicy().instances_user_has_permission_for(user, "publish")
        page_type = ContentType.objects.get_for_model(Page)
        return states.filter(
            workflow_state__base_content_type=page_type,
            workflow_state__object_id__in=publishable.annotate(key=Cast("pk", models.CharField())).values("key"),
        )

    @classmethod
    def get_description(cls):
        return "يوافق على الخبر محررو قسمه: كل من يملك صلاحية النشر فيه"

    def reviewers_of(self, obj):
        """The active users who may approve ``obj`` at this step: the editors of its section."""
        if isinstance(obj, Page):
            return PagePermissionPolicy().users_with_permission_for_instance("publish", obj)
        return get_user_model().objects.filter(is_superuser=True, is_active=True)


# --- Login throttling -------------------------------------------------------------------------------------


class LoginFailureQuerySet(models.QuerySet):
    def recent(self, window):
        return self.filter(last_failure_at__gt=timezone.now() - window)


class LoginFailure(models.Model):
    """Consecutive failed logins for one account or one network address.

    Kept in the database rather than the cache so that every worker process and every app server counts the
    same failures, whatever cache a deployment has.
    """

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(db_index=True)

    objects = LoginFailureQuerySet.as_manager()

    class Meta:
        verbose_name = "محاولات دخول فاشلة"
        verbose_name_plural = "محاولات الدخول الفاشلة"
        constraints = [models.CheckConstraint(condition=Q(failures__gte=0), name="login_failures_not_negative")]

    def __str__(self):
        return f"{self.key}: {self.failures}"
