"""Khabar's settings for a benchmark process: the real ones, with the search backend chosen by the bench.

``KHABAR_BENCH_SEARCH`` picks the system under test: ``khabar`` (Khabar's Arabic backend), ``wagtail``
(Wagtail's own database search, no Arabic analysis) or ``pg-arabic`` (Wagtail's PostgreSQL search with
PostgreSQL's ``arabic`` configuration).
"""

import os

from khabar.settings import *  # noqa: F403

_SYSTEM = os.environ.get("KHABAR_BENCH_SEARCH", "khabar")
if _SYSTEM == "wagtail":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
elif _SYSTEM == "pg-arabic":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "arabic"}}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
# No collectstatic in a benchmark: plain static URLs instead of the hashed manifest.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
