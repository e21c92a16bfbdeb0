from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("khabar.serving.urls")),
    path("", include("khabar.news.urls")),
    path("", include("khabar.search.urls")),
    path("", include("khabar.views_counter.urls")),
    path("", include("khabar.syndication.urls")),
    path("", include("khabar.newsroom.urls")),
]

if settings.KHABAR_SERVE_MEDIA:
    # A single machine serves its uploads; behind nginx, KHABAR_SERVE_MEDIA=0 and nginx serves /media/.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_file, {"document_root": settings.MEDIA_ROOT})
    )

# Wagtail's page tree last: it answers every path nothing above claimed.
urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "khabar.news.errors.not_found"
handler500 = "khabar.news.errors.server_error"
