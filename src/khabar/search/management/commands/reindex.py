"""``khabar reindex``: rebuild the Arabic search index with a progress bar."""

import time

from django.core.management.base import BaseCommand
from modelsearch.index import get_indexed_models

from khabar.search.indexing import BATCH_SIZE, rebuild


class Command(BaseCommand):
    help = "يعيد بناء فهرس البحث لكل المحتوى (الأخبار والكتّاب والمصادر والصور…) مع شريط تقدم."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="objects per batch")
        parser.add_argument("--articles-only", action="store_true", help="only news.ArticlePage")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (logs, cron)")

    def handle(self, *args, batch_size, articles_only, no_progress, **options):
        models = None
        if articles_only:
            from khabar.news.models import ArticlePage

            models = [ArticlePage]
        started = time.perf_counter()
        count = rebuild(models=models or get_indexed_models(), batch_size=max(1, batch_size),
                        progress=not no_progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"أعيدت فهرسة {count} عنصراً في {elapsed:.1f} ثانية."))
