import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from khabar.news.demo import load_demo


class Command(BaseCommand):
    help = "Load Khabar's Arabic demo content and create an administrator account (idempotent)."

    def handle(self, *args, **options):
        admin = self.ensure_admin()
        count = load_demo(user=admin)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({count} new articles)."))
        # The newsroom's demo accounts (writer, editor), pictures and story histories (khabar.newsroom.demo).
        from khabar.newsroom.demo import load_newsroom_demo

        load_newsroom_demo(admin=admin, write=self.stdout.write)

    def ensure_admin(self):
        User = get_user_model()
        admin = User.objects.filter(username="admin").first()
        credentials = settings.VAR_DIR / "demo-credentials.txt"
        if admin is None:
            password = secrets.token_urlsafe(12)
            admin = User.objects.create_superuser("admin", "admin@example.org", password)
            credentials.parent.mkdir(parents=True, exist_ok=True)
            credentials.write_text(f"admin {password}\n", encoding="utf-8")
            credentials.chmod(0o600)
            self.stdout.write(self.style.WARNING(f"Administrator account: admin / {password}  (also in {credentials})"))
        else:
            self.stdout.write(f"Administrator account: admin (password in {credentials})")
        return admin
