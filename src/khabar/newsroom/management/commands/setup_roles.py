from django.core.management.base import BaseCommand

from khabar.newsroom.roles import CHIEF, EDITOR, SECTION_EDITOR_PREFIX, WORKFLOW_NAME, WRITER, Roles


class Command(BaseCommand):
    help = (
        "Create (or re-create) the newsroom's roles: كاتب, محرر, one محرر قسم group per section and "
        "رئيس التحرير, with their permissions, and the review workflow. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        roles = Roles()
        roles.setup()
        sections = roles.sections()
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {WRITER}، {EDITOR}، {CHIEF}"))
        for _section_id, title in sections:
            self.stdout.write(f"  {SECTION_EDITOR_PREFIX}{title}")
        self.stdout.write(f"Workflow on every page: {WORKFLOW_NAME}")
