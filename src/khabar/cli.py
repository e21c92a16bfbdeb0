"""The ``khabar`` command: everything an operator does, in one place.

``khabar demo`` sets up and serves a demo site, ``khabar serve`` serves an existing database as in production,
and any other word is one of Django's management commands (``khabar migrate``, ``khabar createsuperuser``…).
"""

import argparse
import os
import secrets
import sys
from pathlib import Path


def _var_dir():
    return Path(os.environ.get("KHABAR_VAR_DIR", Path.cwd() / "var")).resolve()


def _ensure_secret_key():
    """The demo keeps a random key under var/ so sessions survive restarts without anyone choosing one."""
    if os.environ.get("KHABAR_SECRET_KEY"):
        return
    key_file = _var_dir() / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    os.environ["KHABAR_SECRET_KEY"] = key_file.read_text().strip()


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings")
    import django

    django.setup()


def _call(*args, **kwargs):
    from django.core.management import call_command

    call_command(*args, **kwargs)


def demo(argv):
    parser = argparse.ArgumentParser(prog="khabar demo", description="Set up a demo site and serve it.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--no-serve", action="store_true", help="set up the demo, do not serve it")
    args = parser.parse_args(argv)
    os.environ.setdefault("KHABAR_HTTPS", "0")
    _ensure_secret_key()
    _var_dir().mkdir(parents=True, exist_ok=True)
    _setup_django()
    _call("migrate", interactive=False, verbosity=0)
    _call("collectstatic", interactive=False, verbosity=0)
    _call("load_demo")
    if not args.no_serve:
        serve(["--host", args.host, "--port", str(args.port)])


def serve(argv):
    args = serve_parser().parse_args(argv)
    from khabar.serving.server import run

    run(host=args.host, port=args.port, workers=args.workers, threads=args.threads, jobs=not args.no_jobs,
        prepare_static=not args.no_static)


def serve_parser():
    parser = argparse.ArgumentParser(prog="khabar serve", description="Serve the site as in production.")
    parser.add_argument("--host", default=os.environ.get("KHABAR_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--workers", type=int, default=None, help="default: one per CPU core")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default 4)")
    parser.add_argument("--no-jobs", action="store_true",
                        help="do not run the periodic jobs here (another server or a timer runs them)")
    parser.add_argument("--no-static", action="store_true",
                        help="do not check that static files are collected before starting")
    return parser


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv else "help"
    if command == "demo":
        return demo(argv[1:])
    if command == "serve":
        return serve(argv[1:])
    if not command.startswith("-"):
        # `khabar publish-scheduled` reads better on a command line and in a crontab; Django's commands are
        # modules, so their names use underscores (publish_scheduled).
        argv[0] = command.replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khabar.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["khabar", *argv])
    except ImproperlyConfigured as problem:
        # A missing secret key or a malformed KHABAR_* variable is the operator's to fix: say so in one
        # sentence rather than in a traceback through Django's settings loader.
        sys.exit(f"khabar: {problem}")


if __name__ == "__main__":
    main()
