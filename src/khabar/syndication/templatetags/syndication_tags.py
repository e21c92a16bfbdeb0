"""Template tags that put syndication into reader pages' heads: structured data, social cards, feed links.

``news`` templates load these (templates may load a feature app's tags; ``news`` code never imports it).
"""

from django import template
from django.urls import reverse
from taggit.models import Tag

from khabar.news.models import SectionPage

from .. import content, structured_data

register = template.Library()


@register.inclusion_tag("syndication/article_meta.html", takes_context=True)
def article_meta(context, article):
    """JSON-LD ``NewsArticle`` + ``BreadcrumbList``, Open Graph and Twitter card of an article page.

    The article page's own context already holds its section, authors and tags; they are reused rather than
    queried a second time."""
    known = {}
    if context.get("page") is article:
        known = {"section": context.get("section"), "authors": context.get("article_authors"),
                 "tags": context.get("article_tags")}
    return structured_data.article_data(article, context["request"], **known)


@register.inclusion_tag("syndication/site_meta.html", takes_context=True)
def site_meta(context, page=None):
    """JSON-LD ``WebSite`` (with its ``SearchAction``) and ``Organization``, Open Graph of the home or a section."""
    return structured_data.site_data(context["request"], page)


@register.inclusion_tag("syndication/feed_links.html", takes_context=True)
def feed_links(context):
    """``<link rel="alternate">`` to the site's feeds, and to the section's or tag's feed on those pages."""
    name = content.site_name()
    links = [("rss", f"{name} (RSS)", reverse("syndication:feed")),
             ("atom", f"{name} (Atom)", reverse("syndication:feed-atom"))]
    page, tag = context.get("page"), context.get("tag")
    if isinstance(page, SectionPage):
        links.append(("rss", f"{name}: {page.title}", reverse("syndication:section-feed", args=[page.slug])))
    elif isinstance(tag, Tag):
        links.append(("rss", f"{name}: {tag.name}", reverse("syndication:tag-feed", args=[tag.slug])))
    return {"links": links}
