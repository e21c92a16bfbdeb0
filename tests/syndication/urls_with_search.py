"""The site's URLs with a stand-in /search/ view, for the SearchAction test (whatever the search app does)."""

from django.http import HttpResponse
from django.urls import path

from khabar.urls import handler404, handler500  # noqa: F401
from khabar.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("search/", lambda request: HttpResponse("search"), name="search"), *site_urlpatterns]
