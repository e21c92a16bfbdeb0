from django.urls import path, re_path

from . import views

app_name = "views_counter"

urlpatterns = [
    # Any text after /api/views/ reaches the view, so a malformed id gets the JSON 404 and not the HTML one.
    re_path(r"^api/views/(?P<public_id>[^/]+)/$", views.beacon, name="beacon"),
    path("api/most-read/", views.most_read, name="most_read"),
]
