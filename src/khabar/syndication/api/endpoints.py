"""The API's operations: published articles (filtered, ordered, paginated), one article, sections, tags, authors.

Built on django-ninja rather than Wagtail's API v2: v2 has no OpenAPI description and answers with the page
tree's internals (``meta.type``, ``html_url``, parent ids, revision fields), which would make Wagtail's data
model our public contract. Here each answer is a small schema of our own, the OpenAPI document is generated
from the same code that answers, and every query starts from ``ArticlePage.objects.visible()``.
"""

import re
from datetime import UTC
from typing import Annotated, Literal

from django.core.paginator import Paginator
from django.db.models import Count, F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import AwareDatetime, BeforeValidator, StringConstraints
from taggit.models import Tag

from khabar.news.models import ArticlePage, Author, SectionPage

from .. import content
from . import schemas
from .throttle import ClientRateThrottle

PUBLIC_ID = Annotated[int, Path(ge=100_000_000, le=999_999_999, description="الرقم الدائم للخبر")]
# Slugs are Unicode (Arabic tags have Arabic slugs) but never contain control characters or slashes.
Slug = Annotated[str, StringConstraints(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f/?#]+$")]
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})")


def _rfc3339_only(value):
    """Times as RFC 3339 with their offset, as the description promises: pydantic alone would also take a
    number of seconds ("0.5") or a time without offset, which would then mean something different."""
    if not isinstance(value, str) or not _RFC3339.fullmatch(value):
        raise ValueError("يجب أن يكون الوقت بصيغة RFC 3339 مع فرق التوقيت، مثل 2026-11-25T13:27:00+03:00 أو …Z")
    return value


Timestamp = Annotated[AwareDatetime, BeforeValidator(_rfc3339_only)]
PageNumber = Annotated[int, Query(ge=1, le=100_000, description="رقم الصفحة، من 1")]
PageSize = Annotated[int, Query(ge=1, le=100, description="عدد العناصر في الصفحة، حتى 100")]
ERRORS = {400: schemas.ErrorOut, 404: schemas.ErrorOut, 429: schemas.ErrorOut}
STATUS_MESSAGES = {
    400: "طلب غير صالح",
    404: "غير موجود",
    429: "طلبات كثيرة في وقت قصير؛ أعد المحاولة بعد قليل",
}

class UnicodeJSONRenderer(JSONRenderer):
    """Arabic as UTF-8 rather than \\uXXXX escapes: a third of the bytes, and readable in a terminal."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Khabar API",
    version="1",
    description=(
        "واجهة برمجية للقراءة فقط لأخبار الموقع المنشورة. كل الروابط مطلقة، وكل الأوقات ISO 8601 بتوقيت الموقع، "
        "وكل HTML منقّى. عدد الطلبات محدود لكل عنوان (الإعداد KHABAR_API_RATE)؛ تجاوزه يعيد 429 مع Retry-After."
    ),
    openapi_url=None,
    docs_url=None,
    urls_namespace="syndication:api",
    throttle=[ClientRateThrottle()],
    renderer=UnicodeJSONRenderer(),
)


def _error(request, status, detail, errors=()):
    return api.create_response(request, {"detail": detail, "errors": list(errors)}, status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [
        {"location": ".".join(str(part) for part in error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return _error(request, 400, "معاملات غير صالحة", errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    detail = str(exc) if exc.args else STATUS_MESSAGES[404]
    return _error(request, 404, detail)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    detail = STATUS_MESSAGES[429] if exc.status_code == 429 else str(exc)
    return _error(request, exc.status_code, detail)


# --- shaping answers ---------------------------------------------------------------------------------------
def _section_ref(section, base):
    return {"slug": section.slug, "title": content.text(section.title),
            "url": content.absolute(base, section.get_url_parts()[2])}


def _tag_ref(tag, base):
    return {"slug": tag.slug, "name": content.text(tag.name),
            "url": content.absolute(base, reverse("news:tag", args=[tag.slug]))}


def _author_ref(author, base):
    return {"slug": author.slug, "name": content.text(author.name),
            "url": content.absolute(base, author.get_absolute_url())}


def _image(info):
    if info is None:
        return None
    return {"url": info.url, "width": info.width, "height": info.height, "alt": info.alt,
            "caption": info.caption, "credit": info.credit}


def _summary(article, base, sections):
    return {
        "id": article.public_id,
        "url": content.absolute(base, article.canonical_path),
        "title": content.text(article.title),
        "kicker": content.text(article.kicker),
        "summary": content.text(article.summary),
        "section": _section_ref(content.section_of(article, sections), base),
        "tags": [_tag_ref(tag, base) for tag in content.tags_of(article)],
        "authors": [_author_ref(author, base) for author in article.authors.all()],
        "published_at": timezone.localtime(content.published_time(article)),
        "updated_at": timezone.localtime(content.modified_time(article)),
        "views": article.views,
        "image": _image(content.image_info(article.lead_image, base)),
    }


def _detail(article, base):
    blocks = content.body_blocks(article, base)
    data = _summary(article, base, content.sections_by_path())
    data["body_html"] = content.blocks_to_html(blocks)
    data["body_blocks"] = [
        {**block, "image": _image(block["image"])} if block["type"] == "image" else block for block in blocks
    ]
    data["sources"] = [{"name": content.text(s.name), "url": s.url or None} for s in article.sources.all()]
    return data


def _page(request, queryset, page, page_size, shape):
    """One page of ``queryset`` with absolute next/previous links that keep the request's other parameters."""
    paginator = Paginator(queryset, page_size)
    if page > max(paginator.num_pages, 1):
        raise HttpError(404, "لا توجد صفحة بهذا الرقم")
    page_obj = paginator.page(page)

    def link(number):
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": link(page + 1) if page_obj.has_next() else None,
        "previous": link(page - 1) if page_obj.has_previous() else None,
        "results": [shape(item) for item in page_obj.object_list],
    }


def _published_between(articles, after, before):
    """Filter on publication time. A bound so far out that it cannot be converted to UTC (year 9999 at -23:59,
    year 1 at +23:59) is still a valid time: it excludes everything or nothing, it is not an error."""
    for value, lookup in ((after, "published_at__gte"), (before, "published_at__lt")):
        if value is None:
            continue
        try:
            articles = articles.filter(**{lookup: value.astimezone(UTC)})
        except OverflowError:
            beyond_the_end = value.year >= 9999
            if beyond_the_end == (lookup == "published_at__gte"):
                articles = articles.none()  # after the end of time, or before its start
    return articles


# --- operations --------------------------------------------------------------------------------------------
@api.get("/articles/", response={200: schemas.ArticleList, **ERRORS}, operation_id="listArticles",
         summary="الأخبار المنشورة", tags=["articles"])
def list_articles(
    request,
    section: Annotated[Slug | None, Query(description="معرّف القسم في الرابط، مثل syria")] = None,
    tag: Annotated[Slug | None, Query(description="معرّف الوسم")] = None,
    author: Annotated[Slug | None, Query(description="معرّف الكاتب")] = None,
    published_after: Annotated[Timestamp | None, Query(description="منشور في هذا الوقت أو بعده (RFC 3339)")] = None,
    published_before: Annotated[Timestamp | None, Query(description="منشور قبل هذا الوقت (RFC 3339)")] = None,
    order: Annotated[Literal["newest", "oldest", "most_viewed"], Query(description="الترتيب")] = "newest",
    page: PageNumber = 1,
    page_size: PageSize = 20,
):
    """Published articles, newest first unless ``order`` says otherwise. Unknown section, tag or author → 404."""
    articles = ArticlePage.objects.visible()
    if section is not None:
        found = SectionPage.objects.live().filter(slug=section).first()
        if found is None:
            raise HttpError(404, "لا يوجد قسم بهذا المعرّف")
        articles = articles.child_of(found)
    if tag is not None:
        found = Tag.objects.filter(slug=tag).first()
        if found is None:
            raise HttpError(404, "لا يوجد وسم بهذا المعرّف")
        articles = articles.filter(tagged_items__tag=found)
    if author is not None:
        found = Author.objects.filter(slug=author).first()
        if found is None:
            raise HttpError(404, "لا يوجد كاتب بهذا المعرّف")
        articles = articles.filter(authors=found)
    articles = _published_between(articles, published_after, published_before)
    if order == "oldest":
        articles = articles.order_by("published_at", "pk")
    elif order == "most_viewed":
        articles = articles.order_by(F("view_count_row__views").desc(nulls_last=True), "-published_at", "-pk")
    else:
        articles = articles.newest_first()
    base = content.base_url(request)
    sections = content.sections_by_path()
    return _page(request, content.for_channels(articles).defer_streamfields(), page, page_size,
                 lambda article: _summary(article, base, sections))


@api.get("/articles/{id}/", response={200: schemas.ArticleDetail, **ERRORS}, operation_id="getArticle",
         summary="خبر واحد بمتنه", tags=["articles"])
def get_article(request, id: PUBLIC_ID):  # noqa: A002 - the public name of the field
    """One published article by its public number, with the body as sanitised HTML and as typed blocks."""
    article = content.for_channels(ArticlePage.objects.visible()).filter(public_id=id).first()
    if article is None:
        raise HttpError(404, "لا يوجد خبر منشور بهذا الرقم")
    return _detail(article, content.base_url(request))


@api.get("/sections/", response={200: list[schemas.SectionOut], **ERRORS}, operation_id="listSections",
         summary="الأقسام", tags=["sections"])
def list_sections(request):
    """The site's sections in menu order, each with its count of published articles and its feed."""
    base = content.base_url(request)
    sections = list(SectionPage.objects.live().order_by("path"))
    return [
        {
            **_section_ref(section, base),
            "description": content.text(section.description),
            "article_count": ArticlePage.objects.visible().child_of(section).count(),
            "feed_url": content.absolute(base, reverse("syndication:section-feed", args=[section.slug])),
        }
        for section in sections
    ]


@api.get("/tags/", response={200: schemas.TagList, **ERRORS}, operation_id="listTags",
         summary="الوسوم", tags=["tags"])
def list_tags(request, page: PageNumber = 1, page_size: PageSize = 50):
    """Tags of published articles, most used first."""
    visible = ArticlePage.objects.visible().values("pk")
    tags = (
        Tag.objects.filter(news_articletag_items__content_object__in=visible)
        .annotate(article_count=Count("news_articletag_items"))
        .order_by("-article_count", "name", "pk")
    )
    base = content.base_url(request)
    return _page(request, tags, page, page_size,
                 lambda tag: {**_tag_ref(tag, base), "article_count": tag.article_count})


@api.get("/authors/", response={200: schemas.AuthorList, **ERRORS}, operation_id="listAuthors",
         summary="الكتّاب", tags=["authors"])
def list_authors(request, page: PageNumber = 1, page_size: PageSize = 50):
    """Writers with at least one published article, by name."""
    visible = ArticlePage.objects.visible().values("pk")
    authors = (
        Author.objects.filter(articles__in=visible)
        .annotate(article_count=Count("articles"))
        .order_by("name", "pk")
    )
    base = content.base_url(request)
    return _page(request, authors, page, page_size, lambda author: {
        **_author_ref(author, base), "role": content.text(author.role), "article_count": author.article_count})
