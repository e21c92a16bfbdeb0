from django.urls import path

from . import views

app_name = "newsroom"

urlpatterns = [
    path("api/breaking/", views.breaking_json, name="breaking"),
]
