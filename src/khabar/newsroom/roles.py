"""The newsroom's roles as Wagtail groups, and the review workflow every article goes through.

- كاتب (writer): writes in every section; may create pages and edit the ones he owns, and submit them for
  review; cannot publish, unpublish or delete anything live (Wagtail's "add" page permission does exactly this).
- محرر (editor): edits, publishes, schedules and unpublishes any article in every section; deletes drafts, but
  never a story that was once published (``wagtail_hooks``: it is unpublished instead, keeping its address).
- محرر قسم <القسم> (section editor): the same, in one section only: one group per section.
- رئيس التحرير (editor in chief, the administrator): every permission there is.

Everything here is idempotent and written against an app registry, so the same code runs inside the data
migration (historical models) and in ``khabar setup-roles`` (the live models), which re-creates the groups and
grants the permissions of sections added since.
"""

from django.apps import apps as global_apps

WRITER = "كاتب"
EDITOR = "محرر"
CHIEF = "رئيس التحرير"
SECTION_EDITOR_PREFIX = "محرر قسم "

WORKFLOW_NAME = "مراجعة التحرير"
TASK_NAME = "موافقة محرر القسم"

# Page permissions ("<action>_page") on each section.
WRITER_PAGE_ACTIONS = ["add"]
EDITOR_PAGE_ACTIONS = ["add", "change", "publish", "lock", "unlock"]
CHIEF_PAGE_ACTIONS = ["add", "bulk_delete", "change", "lock", "publish", "unlock"]

# Images and documents are permitted per collection (Wagtail's GroupCollectionPermission) on the root
# collection, as (app_label, codename): "add" lets one upload and edit one's own uploads.
WRITER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
EDITOR_COLLECTION_PERMISSIONS = [
    *WRITER_COLLECTION_PERMISSIONS,
    ("wagtailimages", "change_image"),
    ("wagtaildocs", "change_document"),
]
CHIEF_COLLECTION_PERMISSIONS = [
    *EDITOR_COLLECTION_PERMISSIONS,
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "delete_document"),
]

# Model permissions as (app_label, codename).
ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
WRITER_PERMISSIONS = [*ADMIN_ACCESS]
EDITOR_PERMISSIONS = [
    *WRITER_PERMISSIONS,
    ("news", "add_author"),
    ("news", "change_author"),
    ("news", "view_author"),
    ("news", "add_source"),
    ("news", "change_source"),
    ("news", "view_source"),
    ("newsroom", "add_articlenote"),
    ("newsroom", "view_articlenote"),
    ("newsroom", "add_breakingnews"),
    ("newsroom", "change_breakingnews"),
    ("newsroom", "delete_breakingnews"),
    ("newsroom", "view_breakingnews"),
]

# Wagtail's sample groups: they grant rights over the whole tree, which is not how this newsroom works. They
# are removed by the migration while nobody belongs to them.
WAGTAIL_SAMPLE_GROUPS = ["Editors", "Moderators"]


def section_editor_group_name(section_title):
    return f"{SECTION_EDITOR_PREFIX}{section_title}"[:150]


class Roles:
    """Sets up groups, permissions and the workflow through ``apps`` (the global registry or a migration's)."""

    def __init__(self, apps=global_apps):
        self.apps = apps
        self.Group = apps.get_model("auth", "Group")
        self.Permission = apps.get_model("auth", "Permission")
        self.ContentType = apps.get_model("contenttypes", "ContentType")
        self.Page = apps.get_model("wagtailcore", "Page")
        self.GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        self.SectionPage = apps.get_model("news", "SectionPage")

    # --- building blocks ----------------------------------------------------------------------------------
    def permissions(self, pairs):
        """The Permission rows for (app_label, codename) pairs, in one query; a missing one is an error."""
        from django.db.models import Q

        if not pairs:
            return []
        query = Q()
        for app_label, codename in pairs:
            query |= Q(content_type__app_label=app_label, codename=codename)
        found = list(self.Permission.objects.filter(query).select_related("content_type"))
        missing = set(pairs) - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise LookupError(f"permissions not found (run migrate first): {sorted(missing)}")
        return found

    def page_permission(self, action):
        return self.Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{action}_page")

    def group(self, name, permissions, refresh=True):
        """The group called ``name``; its model permissions are (re)granted when it is new or ``refresh``."""
        group, created = self.Group.objects.get_or_create(name=name)
        if created or refresh:
            group.permissions.add(*self.permissions(permissions))
        return group

    def grant_collections(self, group, pairs):
        Collection = self.apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = self.apps.get_model("wagtailcore", "GroupCollectionPermission")
        root = Collection.objects.filter(depth=1).order_by("path").first()
        if root is None:
            return
        for permission in self.permissions(pairs):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)

    def grant_pages(self, group, page_id, actions):
        for action in actions:
            self.GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission=self.page_permission(action)
            )

    # --- the roles ----------------------------------------------------------------------------------------
    def sections(self):
        return list(self.SectionPage.objects.order_by("path").values_list("pk", "title"))

    def setup(self):
        writer = self.group(WRITER, WRITER_PERMISSIONS)
        editor = self.group(EDITOR, EDITOR_PERMISSIONS)
        chief = self.group(CHIEF, [])
        chief.permissions.add(*self.Permission.objects.all())
        self.grant_collections(writer, WRITER_COLLECTION_PERMISSIONS)
        self.grant_collections(editor, EDITOR_COLLECTION_PERMISSIONS)
        self.grant_collections(chief, CHIEF_COLLECTION_PERMISSIONS)
        root = self.Page.objects.filter(depth=1).order_by("path").first()
        if root is not None:
            self.grant_pages(chief, root.pk, CHIEF_PAGE_ACTIONS)
        for section_id, title in self.sections():
            self.grant_section(section_id, title, writer=writer, editor=editor)
        self.setup_workflow(root)
        return {"writer": writer, "editor": editor, "chief": chief}

    def grant_section(self, section_id, title, writer=None, editor=None, refresh=True):
        """Writers and editors work in every section; each section also gets its own editors' group."""
        writer = writer or self.group(WRITER, WRITER_PERMISSIONS, refresh=refresh)
        editor = editor or self.group(EDITOR, EDITOR_PERMISSIONS, refresh=refresh)
        self.grant_pages(writer, section_id, WRITER_PAGE_ACTIONS)
        self.grant_pages(editor, section_id, EDITOR_PAGE_ACTIONS)
        section_editors, created = self.Group.objects.get_or_create(name=section_editor_group_name(title))
        if created or refresh:
            section_editors.permissions.add(*self.permissions(EDITOR_PERMISSIONS))
            self.grant_collections(section_editors, EDITOR_COLLECTION_PERMISSIONS)
        self.grant_pages(section_editors, section_id, EDITOR_PAGE_ACTIONS)
        return section_editors

    # --- the workflow -------------------------------------------------------------------------------------
    def setup_workflow(self, root):
        Workflow = self.apps.get_model("wagtailcore", "Workflow")
        WorkflowTask = self.apps.get_model("wagtailcore", "WorkflowTask")
        WorkflowPage = self.apps.get_model("wagtailcore", "WorkflowPage")
        SectionReviewTask = self.apps.get_model("newsroom", "SectionReviewTask")
        task_type, _ = self.ContentType.objects.get_or_create(app_label="newsroom", model="sectionreviewtask")
        task = SectionReviewTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = SectionReviewTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
        WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
        if root is not None:
            # The whole tree: every article (and section) goes through the review, whichever section it is in.
            WorkflowPage.objects.update_or_create(page_id=root.pk, defaults={"workflow": workflow})
        return workflow

    def remove_unused_sample_groups(self):
        Workflow = self.apps.get_model("wagtailcore", "Workflow")
        for name in WAGTAIL_SAMPLE_GROUPS:
            group = self.Group.objects.filter(name=name).first()
            if group is not None and not group.user_set.exists():
                group.delete()
        # Wagtail's sample "<groups> approval" workflow, now attached to no page.
        Workflow.objects.exclude(name=WORKFLOW_NAME).filter(workflow_pages__isnull=True).update(active=False)


def setup_roles(apps=global_apps):
    return Roles(apps).setup()


def grant_section(section):
    """Called when a section is created: its writers, editors and its own editors' group."""
    return Roles().grant_section(section.pk, section.title, refresh=False)
