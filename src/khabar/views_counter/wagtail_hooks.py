from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy

from .admin_views import MostReadReportView


@hooks.register("register_admin_urls")
def register_most_read_report_urls():
    return [
        path("reports/most-read/", MostReadReportView.as_view(), name="views_counter_most_read"),
        path(
            "reports/most-read/results/",
            MostReadReportView.as_view(results_only=True),
            name="views_counter_most_read_results",
        ),
    ]


class MostReadMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_most_read_report_menu_item():
    return MostReadMenuItem("الأكثر قراءة", reverse("views_counter_most_read"), name="most-read", icon_name="view",
                            order=1300)
