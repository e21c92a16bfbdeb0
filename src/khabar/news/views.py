"""Reader views that are not pages of the Wagtail tree: the canonical article URL, tag and author pages."""

from django.shortcuts import get_object_or_404, render
from taggit.models import Tag
from wagtail import hooks

from .listings import paginate
from .models import ArticlePage, Author


def article(request, public_id):
    """Serve an article at its canonical ``/a/<number>/``, through Wagtail's serving hooks (view
    restrictions, frontend-cache headers), exactly as a page of the tree would be served."""
    page = get_object_or_404(ArticlePage.objects.visible().select_related("view_count_row"), public_id=public_id)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, (), {})
        if result is not None:
            return result
    return page.serve(request)


def tag(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    articles = ArticlePage.objects.visible().for_listing().filter(tagged_items__tag=tag).newest_first()
    page_obj = paginate(request, articles, key=("tag", tag.pk))
    return render(request, "news/tag_page.html", {"tag": tag, "page_obj": page_obj})


def author(request, slug):
    author = get_object_or_404(Author, slug=slug)
    articles = ArticlePage.objects.visible().for_listing().filter(authors=author).newest_first()
    page_obj = paginate(request, articles, key=("author", author.pk))
    return render(request, "news/author_page.html", {"author": author, "page_obj": page_obj})
