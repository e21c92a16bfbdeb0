"""The editors' view of the counts: a Wagtail report "الأكثر قراءة" listing every article with its total, its
last 7 days and its last 24 hours, sortable by each, and exportable to CSV/XLSX like Wagtail's own reports."""

from datetime import timedelta

from django.db.models import F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.admin.ui.tables import DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.pages import PagePermissionPolicy

from khabar.news.models import ArticlePage

from .ledger import hour_of
from .models import ViewBucket


def _window_sum(hours):
    since = hour_of(timezone.now()) - timedelta(hours=hours - 1)
    buckets = (
        ViewBucket.objects.filter(article=OuterRef("pk"), hour__gte=since)
        .values("article")
        .annotate(total=Sum("views"))
        .values("total")
    )
    return Coalesce(Subquery(buckets), Value(0))


class MostReadReportView(ReportView):
    page_title = "الأكثر قراءة"
    header_icon = "view"
    index_url_name = "views_counter_most_read"
    index_results_url_name = "views_counter_most_read_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    default_ordering = "-views_total"
    paginate_by = 50
    columns = [
        TitleColumn("title", label="العنوان", url_name="wagtailadmin_pages:edit"),
        NumberColumn("views_total", label="كل المشاهدات", sort_key="views_total"),
        NumberColumn("views_week", label="آخر 7 أيام", sort_key="views_week"),
        NumberColumn("views_day", label="آخر 24 ساعة", sort_key="views_day"),
        DateColumn("published_at", label="وقت النشر", sort_key="published_at"),
    ]
    list_export = ["title", "public_id", "views_total", "views_week", "views_day", "published_at"]
    export_headings = {
        "title": "العنوان",
        "public_id": "الرقم الدائم",
        "views_total": "كل المشاهدات",
        "views_week": "آخر 7 أيام",
        "views_day": "آخر 24 ساعة",
        "published_at": "وقت النشر",
    }

    def get_base_queryset(self):
        return ArticlePage.objects.defer_streamfields().annotate(
            views_total=Coalesce(F("view_count_row__views"), Value(0)),
            views_week=_window_sum(24 * 7),
            views_day=_window_sum(24),
        )

    def get_ordering(self):
        ordering = super().get_ordering()
        return [ordering, "-pk"] if ordering else ordering
