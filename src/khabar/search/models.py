"""What the reader search needs to know about an indexed article, kept beside Wagtail's index entry.

Wagtail's index rows hold the analysed text; mapping a full-text match back to its page and date through
them means reading those large rows (and, on SQLite, the article row with its whole body) for every match.
This narrow table, keyed by the index entry's id (the FTS5 rowid), answers "which page, which section,
published when" for thousands of matches a millisecond, and on PostgreSQL holds the vector it is matched on. It is rewritten whenever the article's index entry
is (``backends.py``), and visibility is still decided by the page row itself (live, expiry) and, last of
all, by ``ArticlePage.objects.visible()`` when the results are loaded.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class ArticleEntry(models.Model):
    entry_id = models.BigIntegerField("مدخل الفهرس", primary_key=True)  # wagtailsearch IndexEntry.id
    page_id = models.IntegerField("الخبر", db_index=True)
    section_id = models.IntegerField("القسم", null=True)
    published_at = models.DateTimeField("وقت النشر", null=True)
    # PostgreSQL only: the entry's headline and body vectors, copied from Wagtail's index row. Matching on
    # this narrow table (GIN index, vectors stored out of line) reads a few megabytes where Wagtail's wide
    # rows would make the database read hundreds for a common word. NULL on SQLite, where FTS5 matches.
    vector = SearchVectorField(null=True)

    class Meta:
        verbose_name = "مدخل بحث لخبر"
        verbose_name_plural = "مداخل البحث للأخبار"
        indexes = [models.Index(fields=["published_at"], name="khabar_search_entry_published")]

    def __str__(self):
        return f"{self.entry_id} → {self.page_id}"
