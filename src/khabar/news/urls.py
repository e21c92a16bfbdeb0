from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("a/<int:public_id>/", views.article, name="article"),
    path("tag/<str:slug>/", views.tag, name="tag"),
    path("author/<str:slug>/", views.author, name="author"),
]
