"""What the breaking-news bar's polling costs the server: one answer of ``/api/breaking/`` against one render
of the home page, in one Django process (no page cache, no network), on a demo-sized site.

Every open reader tab asks ``/api/breaking/`` every 5 seconds, so N readers make N/5 requests a second (fewer
behind a CDN, which may keep the answer 3 seconds). The figure printed is how many such readers one core
could keep up to date if it did nothing else.

    .venv/bin/python bench/breaking_poll.py [--requests 2000]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="khabar-bench-breaking-")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "khabar.settings", "KHABAR_VAR_DIR": var_dir, "KHABAR_DEBUG": "0",
        "KHABAR_SECRET_KEY": "bench-only-" + "x" * 40, "KHABAR_HTTPS": "0", "KHABAR_LOG_LEVEL": "ERROR",
        "KHABAR_ALLOWED_HOSTS": "testserver",
    })
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    print(f"setting up a demo site in {var_dir}…", flush=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - silenced for the figures

    from khabar.newsroom.models import BreakingNews

    print(f"active breaking flags: {BreakingNews.objects.active().count()}")
    client = Client()

    def measure(path):
        assert client.get(path).status_code == 200
        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(path)
        return (time.perf_counter() - started) / args.requests

    poll = measure("/api/breaking/")
    home = measure("/")
    print(f"/api/breaking/  {poll * 1000:7.2f} ms per answer  ({1 / poll:8.0f} answers/s on one core)")
    print(f"/ (home page)   {home * 1000:7.2f} ms per render  ({1 / home:8.0f} renders/s on one core)")
    print(f"one poll costs {poll / home:.1%} of a home page render; one core keeps about "
          f"{int(5 / poll):,} open tabs current at one poll every 5 s")


if __name__ == "__main__":
    main()
