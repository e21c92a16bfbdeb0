"""Test settings: Khabar's real settings module, with what a test run needs set before it is read."""

import os
import tempfile

os.environ.setdefault("KHABAR_SECRET_KEY", "tests-only-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("KHABAR_HTTPS", "0")
os.environ.setdefault("KHABAR_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("KHABAR_VAR_DIR", tempfile.mkdtemp(prefix="khabar-tests-"))

from khabar.settings import *  # noqa: E402,F403

# Hashing passwords at full strength makes every login in a test slow and proves nothing.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
