"""The site's URLs without any /search/ view, for the test that no SearchAction is promised then."""

from django.urls import URLPattern, URLResolver

from khabar.urls import handler404, handler500  # noqa: F401
from khabar.urls import urlpatterns as site_urlpatterns


def _answers_search(entry):
    if isinstance(entry, URLResolver) and str(entry.pattern) == "":
        return any(str(p.pattern).startswith("search") for p in entry.url_patterns if isinstance(p, URLPattern))
    return str(entry.pattern).startswith("search")


urlpatterns = [entry for entry in site_urlpatterns if not _answers_search(entry)]
