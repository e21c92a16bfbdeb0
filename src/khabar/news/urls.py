from django.urls import path, register_converter

from . import views


class UnicodeSlugConverter:
    """Slugs as Wagtail and taggit make them: letters of any script, digits, '-' and '_'. Anything else
    (a NUL byte, a slash, punctuation) is simply not a tag or author path, so it is a 404 before any query."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")

app_name = "news"

urlpatterns = [
    path("a/<int:public_id>/", views.article, name="article"),
    path("tag/<uslug:slug>/", views.tag, name="tag"),
    path("author/<uslug:slug>/", views.author, name="author"),
]
