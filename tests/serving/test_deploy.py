"""Production settings pass Django's deployment checklist, and reader pages carry the security headers."""

import os
import secrets
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KHABAR_", "DJANGO_"))}
    env.update(KHABAR_SECRET_KEY=secrets.token_urlsafe(50), KHABAR_VAR_DIR=str(tmp_path),
               KHABAR_ALLOWED_HOSTS="news.example.org", DJANGO_SETTINGS_MODULE="khabar.settings")
    result = subprocess.run(
        [sys.executable, "-m", "khabar", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_missing_secret_key_is_reported_in_one_sentence_without_a_traceback(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KHABAR_", "DJANGO_"))}
    env.update(KHABAR_VAR_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "khabar", "migrate"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "KHABAR_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_reader_pages_carry_the_security_headers(client, article):
    response = client.get(f"/a/{article.public_id}/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]


def test_the_admin_keeps_its_own_policy(client, site):
    response = client.get("/admin/login/")
    assert "Content-Security-Policy" not in response
    assert response["X-Frame-Options"] == "DENY"


def test_static_files_are_collected_again_when_a_file_is_new_or_changed(tmp_path):
    """`khabar serve` must not start with a manifest that lacks a file a template asks for (a 500 on every
    page), so a source file missing from the manifest or newer than it means: collect again."""
    import json
    import os

    from django.contrib.staticfiles import finders

    from khabar.serving.management.commands.ensure_static import collection_is_current

    paths = sorted({path for finder in finders.get_finders() for path, _storage in finder.list([])})
    manifest = tmp_path / "staticfiles.json"
    assert not collection_is_current(manifest)
    manifest.write_text(json.dumps({"paths": dict.fromkeys(paths, "x"), "version": "1.1"}))
    assert collection_is_current(manifest)
    manifest.write_text(json.dumps({"paths": dict.fromkeys(paths[1:], "x"), "version": "1.1"}))
    assert not collection_is_current(manifest)  # a file added since the last collection
    manifest.write_text(json.dumps({"paths": dict.fromkeys(paths, "x"), "version": "1.1"}))
    os.utime(manifest, (0, 0))  # collected in 1970: every source file was edited since
    assert not collection_is_current(manifest)
