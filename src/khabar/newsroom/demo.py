"""The newsroom part of the demo: three accounts to try the workflow with, and a few stories with a history.

- ``writer`` (كاتب), ``editor`` (محرر) and ``admin`` (رئيس التحرير, a superuser made by load_demo) with
  random passwords, printed once and kept in var/demo-credentials.txt;
- a writer's draft waiting for review, a writer's story approved and published by the editor, a story
  scheduled for later, a correction and an update on live stories, pictures on a story of each section, and
  a breaking-news flag whenever none is showing.

Everything is idempotent: a second run only adds what is missing.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from khabar.news.models import ArticlePage, Author, SectionPage

from . import corrections
from .models import ArticleNote, BreakingNews
from .roles import CHIEF, EDITOR, WRITER, setup_roles

ACCOUNTS = [
    # username, label, group, first name, last name, author profile slug
    ("writer", "Writer", WRITER, "سامر", "الحلبي", "samer-halabi"),
    ("editor", "Editor", EDITOR, "ريم", "العلي", "reem-ali"),
]

DRAFT_TITLE = "مسودة: سوق الخضار في حمص يستعيد نشاطه بعد إعادة تأهيله"
APPROVED_TITLE = "افتتاح مكتبة عامة جديدة في اللاذقية بتبرعات الأهالي"
SCHEDULED_TITLE = "موعد: إعلان نتائج امتحانات الشهادة الثانوية"


def credentials_file():
    return settings.VAR_DIR / "demo-credentials.txt"


def ensure_accounts(admin=None, write=print):
    """The writer and editor accounts (and the administrator in رئيس التحرير); returns {username: user}."""
    setup_roles()
    User = get_user_model()
    users = {}
    path = credentials_file()
    for username, label, group_name, first_name, last_name, author_slug in ACCOUNTS:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username, f"{username}@example.org", password, first_name=first_name, last_name=last_name
            )
            user.groups.add(Group.objects.get(name=group_name))
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"{username} {password}\n")
            path.chmod(0o600)
            write(f"{label} account ({group_name}): {username} / {password}  (also in {path})")
        else:
            write(f"{label} account ({group_name}): {username} (password in {path})")
        Author.objects.filter(slug=author_slug, user__isnull=True).update(user=user)
        users[username] = user
    if admin is not None:
        admin.groups.add(Group.objects.get(name=CHIEF))
        users["admin"] = admin
    return users


def _new_story(section, title, summary, paragraphs, owner):
    story = ArticlePage(
        title=title,
        slug=f"demo-newsroom-{secrets.token_hex(4)}",
        summary=summary,
        body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
        owner=owner,
        live=False,
    )
    section.add_child(instance=story)
    story.save_revision(user=owner, log_action=True)
    return story


def ensure_histories(users, now=None):
    """A few stories whose admin history shows the newsroom at work."""
    now = now or timezone.now()
    writer, editor = users["writer"], users["editor"]
    sections = {section.slug: section for section in SectionPage.objects.all()}
    syria, culture = sections.get("syria"), sections.get("culture")
    if syria is None or culture is None:
        return
    if not ArticlePage.objects.filter(title=DRAFT_TITLE).exists():
        with transaction.atomic():
            draft = _new_story(
                syria, DRAFT_TITLE, "عادت المحال إلى العمل في السوق القديم بعد أشهر من أعمال الترميم.",
                ["افتتح سوق الخضار القديم في حمص أبوابه من جديد بعد أشهر من أعمال الترميم.",
                 "ويقول الباعة إن الحركة ما زالت أقل مما كانت عليه قبل الإغلاق."],
                writer,
            )
            draft.get_workflow().start(draft, writer)  # waits for a review by the section's editors
    if not ArticlePage.objects.filter(title=APPROVED_TITLE).exists():
        with transaction.atomic():
            story = _new_story(
                culture, APPROVED_TITLE, "جمع أهالي الحي أكثر من ثلاثة آلاف كتاب لافتتاح المكتبة.",
                ["افتتحت في اللاذقية مكتبة عامة جديدة جمع أهالي الحي كتبها بالتبرع.",
                 "وتفتح المكتبة أبوابها يومياً من التاسعة صباحاً حتى السادسة مساءً."],
                writer,
            )
            state = story.get_workflow().start(story, writer)
            task_state = state.current_task_state
            task_state.task.specific.on_action(task_state, editor, "approve", comment="جاهز للنشر")
    if not ArticlePage.objects.filter(title=SCHEDULED_TITLE).exists():
        with transaction.atomic():
            story = _new_story(
                syria, SCHEDULED_TITLE, "تعلن وزارة التربية النتائج على موقعها عند الثامنة مساءً.",
                ["تعلن وزارة التربية نتائج امتحانات الشهادة الثانوية عند الثامنة مساءً على موقعها الرسمي."],
                writer,
            )
            story.go_live_at = now + timedelta(hours=3)
            story.save_revision(user=editor, log_action=True).publish(user=editor)
    ensure_notes(editor, now)


def ensure_notes(editor, now):
    if ArticleNote.objects.exists():
        return
    live = list(ArticlePage.objects.visible().order_by("-published_at")[:6])
    if len(live) < 2:
        return
    corrections.add_note(
        live[1], kind=ArticleNote.CORRECTION, user=editor,
        text="صُحّح عدد المتضررين الوارد في الفقرة الثانية، وكان قد ذُكر خطأً.",
    )
    corrections.add_note(
        live[0], kind=ArticleNote.UPDATE, user=editor,
        text="أضيفت تصريحات المسؤول المحلي بعد نشر الخبر.",
    )


def ensure_pictures(admin=None):
    """A demo picture on the newest story of each section that has none."""
    from khabar.images.demo import PICTURES, demo_image

    for slug in PICTURES:
        section = SectionPage.objects.filter(slug=slug).first()
        if section is None:
            continue
        story = ArticlePage.objects.child_of(section).visible().order_by("-published_at").first()
        if story is None or story.lead_image_id:
            continue
        if ArticlePage.objects.child_of(section).filter(lead_image__isnull=False).exists():
            continue
        story.lead_image = demo_image(slug, user=admin)
        story.save_revision(user=admin, log_action=True).publish(user=admin)


def ensure_breaking(editor, now=None):
    """Flag the newest story as breaking for two hours, unless something is already flagged."""
    now = now or timezone.now()
    if BreakingNews.objects.active(now).exists():
        return None
    story = ArticlePage.objects.visible().order_by("-published_at").first()
    if story is None:
        return None
    return BreakingNews.objects.create(article=story, created_by=editor, starts_at=now,
                                       expires_at=now + timedelta(hours=2))


def load_newsroom_demo(admin=None, write=print):
    users = ensure_accounts(admin, write=write)
    ensure_pictures(admin)
    # The stories' review notifications would fill the console while loading; real ones are sent later.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        ensure_histories(users)
    ensure_breaking(users["editor"])
    return users
