"""The one row the page cache needs in the database: the site-wide generation number.

Without Redis, each granian worker keeps its own in-process page cache, and workers share nothing but the
database. Storing the generation there lets a publish in one worker (or in `khabar run-jobs`, or on another
app server using the same database) retire every worker's cached pages within a second.
"""

from django.db import models


class PageCacheGeneration(models.Model):
    """A counter bumped on every content change; it is part of every page-cache key."""

    value = models.BigIntegerField("الجيل", default=0)
    changed_at = models.DateTimeField("آخر تغيير", auto_now=True)

    class Meta:
        verbose_name = "جيل ذاكرة الصفحات"
        verbose_name_plural = "جيل ذاكرة الصفحات"

    def __str__(self):
        return str(self.value)
