"""schema.org JSON-LD, Open Graph and Twitter card data of reader pages, for search engines and link previews.

An article says it is a ``NewsArticle`` (headline, times, authors, publisher with logo, picture, section,
keywords) inside a ``BreadcrumbList``; the home and section pages describe the ``WebSite`` (with the
``SearchAction`` that lets a search engine offer a search box) and the ``Organization``. The same facts go to
Open Graph and Twitter tags so a link shared on a social network shows the right title, picture and time.
"""

import json

from django.templatetags.static import static
from django.urls import Resolver404, resolve
from django.utils.safestring import mark_safe

from . import content

PUBLISHER_LOGO = "syndication/publisher-logo.png"
PUBLISHER_LOGO_SIZE = (240, 240)  # Google asks for at least 112×112
SEARCH_PATH = "/search/"
# What json_script escapes: the JSON sits inside <script>, where "</script>" or "<!--" must not appear.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """``data`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES))  # noqa: S308


def organization(base):
    width, height = PUBLISHER_LOGO_SIZE
    return {
        "@type": "NewsMediaOrganization",
        "@id": f"{base}#organization",
        "name": content.site_name(),
        "url": base,
        "logo": {"@type": "ImageObject", "url": content.absolute(base, static(PUBLISHER_LOGO)),
                 "width": width, "height": height},
    }


def search_exists():
    """Whether ``/search/`` is a view of its own (the search app) rather than a miss in the page tree."""
    try:
        match = resolve(SEARCH_PATH)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


def website(base):
    data = {
        "@type": "WebSite",
        "@id": f"{base}#website",
        "name": content.site_name(),
        "url": base,
        "inLanguage": content.LANGUAGE,
        "publisher": {"@id": f"{base}#organization"},
    }
    if search_exists():
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint",
                       "urlTemplate": content.absolute(base, SEARCH_PATH) + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        }
    return data


def breadcrumbs(items):
    """``BreadcrumbList`` of (name, absolute URL) pairs, from the home page down."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, start=1)
        ],
    }


def article_data(article, request, section=None, authors=None, tags=None):
    """Everything the article's head needs: JSON-LD graph, Open Graph and Twitter values. The section, authors
    and tags are looked up unless the caller already has them."""
    base = content.base_url(request)
    url = content.absolute(base, article.canonical_path)
    section = section or content.section_of(article)
    section_url = content.absolute(base, section.get_url_parts()[2])
    authors = list(article.authors.all()) if authors is None else authors
    tags = [content.text(tag.name) for tag in (content.tags_of(article) if tags is None else tags)]
    image = content.image_info(article.lead_image, base)
    title = content.text(article.title)
    description = content.description(article) or title
    published = content.local_iso(content.published_time(article))
    modified = content.local_iso(content.modified_time(article))

    news_article = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "headline": title[:110],
        "description": description,
        "datePublished": published,
        "dateModified": modified,
        "inLanguage": content.LANGUAGE,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "articleSection": content.text(section.title),
        "author": [
            {"@type": "Person", "name": content.text(a.name), "url": content.absolute(base, a.get_absolute_url())}
            for a in authors
        ] or [organization(base)],
        "publisher": organization(base),
    }
    if tags:
        news_article["keywords"] = tags
    if image:
        news_article["image"] = [{"@type": "ImageObject", "url": image.url, "width": image.width,
                                  "height": image.height, "caption": image.caption or image.alt}]
    graph = [news_article, breadcrumbs([("الرئيسية", base), (content.text(section.title), section_url),
                                        (title, url)])]
    return {
        "json_ld": json_ld({"@context": "https://schema.org", "@graph": graph}),
        "url": url,
        "title": title,
        "description": description,
        "published": published,
        "modified": modified,
        "section": content.text(section.title),
        "tags": tags,
        "author_urls": [content.absolute(base, a.get_absolute_url()) for a in authors],
        "image": image,
        "site_name": content.site_name(),
        "locale": content.OG_LOCALE,
    }


def site_data(request, page=None):
    """The home or a section page: ``WebSite`` and ``Organization``, and a breadcrumb on a section."""
    base = content.base_url(request)
    graph = [website(base), organization(base)]
    title = content.site_name()
    url = base
    description = f"{content.site_name()}: آخر الأخبار"
    path = page.get_url_parts()[2] if page is not None and page.get_url_parts() else "/"
    if path != "/":
        url = content.absolute(base, path)
        title = f"{content.text(page.title)} | {content.site_name()}"
        description = content.text(getattr(page, "description", "")) or title
        graph.append(breadcrumbs([("الرئيسية", base), (content.text(page.title), url)]))
    width, height = PUBLISHER_LOGO_SIZE
    return {
        "json_ld": json_ld({"@context": "https://schema.org", "@graph": graph}),
        "url": url,
        "title": title,
        "description": description,
        "site_name": content.site_name(),
        "locale": content.OG_LOCALE,
        "logo": {"url": content.absolute(base, static(PUBLISHER_LOGO)), "width": width, "height": height},
    }
