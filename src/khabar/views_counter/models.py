"""What the view counter keeps besides the total in ``news.ArticleViewCount``.

- ``ViewBucket``: views of one article in one UTC hour, the raw material of the most-read rankings.
- ``SeenMark``: "this visitor was counted on this article at this time" (the ``db`` backend's de-duplication;
  the ``redis`` backend keeps these as expiring Redis keys instead).
- ``DailySalt``: the random salt that turns an address and user agent into an anonymous visitor id; a new one
  each day, and the old ones deleted, so yesterday's ids cannot be linked to anyone.
- ``FlushedBatch``: the ids of Redis batches already added to the database, so that a flush repeated after a
  crash never adds the same views twice.
"""

from django.db import models

from khabar.news.models import ArticlePage


class ViewBucket(models.Model):
    article = models.ForeignKey(
        ArticlePage, on_delete=models.CASCADE, related_name="view_buckets", verbose_name="الخبر"
    )
    hour = models.DateTimeField("الساعة", help_text="بداية الساعة بالتوقيت العالمي")
    views = models.PositiveBigIntegerField("المشاهدات", default=0)

    class Meta:
        verbose_name = "مشاهدات ساعة"
        verbose_name_plural = "مشاهدات الساعات"
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="views_bucket_article_hour")]
        indexes = [models.Index(fields=["hour", "article"], name="views_bucket_hour")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00: {self.views}"


class SeenMark(models.Model):
    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="+")
    # "c" + the visitor's random cookie id, or "h" + a salted hash of address and user agent: never an address.
    visitor = models.CharField(max_length=32)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "visitor"], name="views_seen_article_visitor")]

    def __str__(self):
        return f"{self.visitor} saw {self.article_id} at {self.seen_at:%H:%M}"


class DailySalt(models.Model):
    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    def __str__(self):
        return str(self.day)


class FlushedBatch(models.Model):
    batch = models.CharField(max_length=40, primary_key=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    views = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"{self.batch} ({self.views})"
