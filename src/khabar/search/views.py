"""``/search/?q=``: the reader search page, and the same results as JSON with ``&format=json``."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from khabar.news.models import SectionPage

from . import engine
from .forms import ORDER_CHOICES, search_form
from .highlight import body_texts, highlight, snippet
from .query import MAX_QUERY_LENGTH, MAX_WORDS, parse


def _sections_of(articles):
    """Each article's section in one query (the parent's path is the article's path minus one step)."""
    step = SectionPage.steplen
    sections = SectionPage.objects.filter(path__in={article.path[:-step] for article in articles})
    by_path = {section.path: section for section in sections}
    return {article.pk: by_path.get(article.path[:-step]) for article in articles}


def _result(article, section, forms):
    return {
        "article": article,
        "section": section,
        "title_html": highlight(article.title, forms),
        "snippet_html": snippet(body_texts(article), forms),
    }


def _more_url(params, page):
    query = {key: value for key, value in params.items() if value and key != "page"}
    query["page"] = page
    return f"{reverse('search:search')}?{urlencode(query)}"


@require_GET
def search(request):
    form = search_form(request.GET)
    data = form.cleaned_data
    parsed = parse(request.GET.get("q", ""))
    page = data.get("page") or 1
    page_size = settings.KHABAR_PAGE_SIZE
    filters = engine.Filters(
        section=data.get("section"), date_from=data.get("date_from"), date_to=data.get("date_to")
    )
    results = engine.search(
        parsed, filters=filters, order=data.get("order") or engine.RELEVANCE,
        offset=(page - 1) * page_size, limit=page_size,
    )
    forms = parsed.highlight_forms()
    sections = _sections_of(results.articles)
    items = [_result(article, sections.get(article.pk), forms) for article in results.articles]

    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": parsed.text,
                "total": results.total,
                "total_is_exact": results.total_is_exact,
                "page": page,
                "has_more": results.has_more,
                "results": [
                    {
                        "id": item["article"].public_id,
                        "title": item["article"].title,
                        "url": request.build_absolute_uri(item["article"].canonical_path),
                        "published": item["article"].display_time.isoformat() if item["article"].display_time else None,
                        "section": item["section"].title if item["section"] else None,
                        "snippet": str(item["snippet_html"]),
                    }
                    for item in items
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )

    params = {
        "q": parsed.text,
        "section": data["section"].slug if data.get("section") else "",
        "date_from": data["date_from"].isoformat() if data.get("date_from") else "",
        "date_to": data["date_to"].isoformat() if data.get("date_to") else "",
        "order": data.get("order") if data.get("order") != engine.RELEVANCE else "",
    }
    context = {
        "search_query": parsed.text,
        "parsed": parsed,
        "results": results,
        "items": items,
        "form": form,
        "params": params,
        "sections": list(form.sections.values()),
        "order_choices": ORDER_CHOICES,
        "page_number": page,
        "first_number": (page - 1) * page_size + 1,
        "more_url": _more_url(params, page + 1) if results.has_more else None,
        "has_filters": bool(params["section"] or params["date_from"] or params["date_to"]),
        "clear_filters_url": f"{reverse('search:search')}?{urlencode({'q': parsed.text})}",
        "max_query_length": MAX_QUERY_LENGTH,
        "max_words": MAX_WORDS,
        "had_input": bool(parsed.text),
    }
    response = render(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
