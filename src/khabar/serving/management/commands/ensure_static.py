import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand

MANIFEST = "staticfiles.json"


def collection_is_current(manifest):
    """True when every source static file is in the manifest and none is newer than it."""
    if not manifest.exists():
        return False
    try:
        collected = set(json.loads(manifest.read_text())["paths"])
    except (ValueError, KeyError):
        return False
    collected_at = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if path.replace("\\", "/") not in collected:
                return False
            try:
                if Path(storage.path(path)).stat().st_mtime > collected_at:
                    return False
            except (NotImplementedError, OSError):  # a storage without local files (Django's API says so this way)
                continue
    return True


class Command(BaseCommand):
    help = (
        "Collect the static files (hashed names, gzip and brotli copies) when they have never been collected "
        "or a source file is newer than the collection. `khabar serve` runs this before starting; a full "
        "collection takes a few seconds, a check a fraction of one."
    )

    def handle(self, *args, **options):
        manifest = Path(settings.STATIC_ROOT) / MANIFEST
        backend = settings.STORAGES["staticfiles"]["BACKEND"]
        uses_manifest = "Manifest" in backend
        if not uses_manifest:
            self.stdout.write("Development storage: static files are served from the apps, nothing to collect.")
            return
        if collection_is_current(manifest):
            self.stdout.write("Static files are up to date.")
            return
        self.stdout.write("Collecting and compressing static files (hashed names, gzip and brotli)…")
        self.stdout.flush()
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Static files collected in {settings.STATIC_ROOT}."))
