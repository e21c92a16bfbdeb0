"""The lists reader pages are made of: pagination, the latest headlines, the home page's blocks, related stories.

Kept apart from the models so that every page builds its lists the same way, through ``visible()``. The lists
every page repeats are remembered per content change (``khabar.serving.memo``); a preview never is, since it
shows an editor's unsaved tags and section.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404

from khabar.serving.memo import memo

from .models import ArticlePage, ArticleTag, SectionPage


def paginate(request, queryset, per_page=None, key=None):
    """One page of ``queryset`` from ``?page=N``; anything but a page that exists is a 404, never a 500.

    With a ``key`` naming the list (("section", pk)…), its count and the page's stories are remembered until
    the content changes: counting every visible story is the costliest query of a listing page."""
    per_page = per_page or settings.KHABAR_PAGE_SIZE
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404("رقم الصفحة غير صالح")
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    if key is not None:
        paginator.count = memo.get(("count", *key), queryset.count)  # Paginator.count is a cached_property
    try:
        page = paginator.page(int(raw))
    except EmptyPage as exc:
        raise Http404("لا توجد صفحة بهذا الرقم") from exc
    if key is not None:
        page.object_list = memo.get(("page", *key, page.number), lambda: list(page.object_list))
    return page


def latest(limit=None, exclude=None):
    limit = limit or settings.KHABAR_LATEST_COUNT
    # One more than asked, so that leaving out the story being read still fills the list.
    newest = memo.get(("latest", limit + 1), lambda: list(
        ArticlePage.objects.visible().for_listing().newest_first()[: limit + 1]))
    return [article for article in newest if exclude is None or article.pk != exclude.pk][:limit]


def home_context(request, home):
    page_obj = paginate(request, ArticlePage.objects.visible().for_listing().newest_first(), key=("home", home.pk))
    context = {"page_obj": page_obj}
    if page_obj.number == 1:
        stories = list(page_obj.object_list)
        lead = pinned_lead(home) or (stories[0] if stories else None)
        context["lead"] = lead
        context["latest_items"] = [story for story in stories if lead is None or story.pk != lead.pk]
        context["section_blocks"] = memo.get(("section-blocks", home.pk), lambda: [
            (section, list(section.articles().for_listing().newest_first()[:4]))
            for section in SectionPage.objects.child_of(home).live().order_by("path")
        ])
    return context


def pinned_lead(home):
    """The story the editors pinned at the top of the home page, while readers may see it."""
    if not home.lead_story_id:
        return None
    return memo.get(("pinned-lead", home.lead_story_id), lambda: ArticlePage.objects.visible().for_listing().filter(
        pk=home.lead_story_id).first())


def related(article, section=None, limit=4):
    """Stories sharing a tag with this one, newest first, topped up from its section."""
    # .all(), not values_list(): in a preview the tags are the editor's unsaved ones (modelcluster's in-memory
    # queryset, which has no values_list("pk")), and a tag typed in the form has no pk yet.
    tag_ids = [tag.pk for tag in article.tags.all() if tag.pk]
    base = ArticlePage.objects.visible().for_listing().exclude(pk=article.pk).newest_first()
    # EXISTS rather than a join: the database walks the newest stories and stops at the fourth that shares a
    # tag, instead of sorting every story of a popular tag (twice as fast on 10,000 articles).
    shares_a_tag = Exists(ArticleTag.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids))
    found = list(base.filter(shares_a_tag)[:limit]) if tag_ids else []
    if len(found) < limit:
        seen = {a.pk for a in found}
        for candidate in base.child_of(section or article.get_parent())[: limit * 2]:
            if candidate.pk not in seen and len(found) < limit:
                found.append(candidate)
    return found


def article_context(request, article):
    def lists():
        section = article.get_parent().specific
        return {
            "section": section,
            "related_articles": related(article, section),
            "article_authors": list(article.authors.all()),
            "article_sources": list(article.sources.all()),
            "article_tags": list(article.tags.all()),
        }

    return {
        **(lists() if getattr(request, "is_preview", False) else memo.get(("article-lists", article.pk), lists)),
        "latest_articles": latest(exclude=article),
        "share_url": request.build_absolute_uri(article.canonical_path),
    }
