"""What Khabar remembers of each imported article, so that importing again updates instead of duplicating.

The article's own ``original_url`` is the key when the old site gave one; a record without a URL is known by
the hash of its title and body. The fingerprint of everything imported lets a re-run leave an unchanged
article alone (no new revision), and the image URL waits here until images are brought over.
"""

from django.db import models

from khabar.news.models import ArticlePage


class ImportedArticle(models.Model):
    article = models.OneToOneField(ArticlePage, on_delete=models.CASCADE, related_name="import_record",
                                   verbose_name="الخبر")
    content_hash = models.CharField("بصمة النص", max_length=64, db_index=True,
                                    help_text="SHA-256 للعنوان والمتن: مفتاح المواد التي ليس لها رابط قديم")
    fingerprint = models.CharField("بصمة المستورد", max_length=64,
                                   help_text="SHA-256 لكل ما استورد؛ إن لم يتغير لا يُعاد حفظ الخبر")
    source_format = models.CharField("الصيغة", max_length=10)
    source_ref = models.CharField("المصدر", max_length=1000, help_text="الملف والسطر أو رقم السجل")
    image_url = models.CharField("رابط الصورة الأصلي", max_length=1000, blank=True,
                                 help_text="لم تجلب الصورة بعد؛ يحفظ الرابط لجلبها لاحقاً")
    imported_at = models.DateTimeField("أول استيراد", auto_now_add=True)
    updated_at = models.DateTimeField("آخر استيراد", auto_now=True)

    class Meta:
        verbose_name = "خبر مستورد"
        verbose_name_plural = "الأخبار المستوردة"

    def __str__(self):
        return f"{self.article_id} ← {self.source_ref}"
