"""One sanitiser for every piece of article HTML that leaves or enters Khabar.

Feeds, the JSON API and the importers of legacy sites all hand HTML to someone who trusts it: a feed reader
that renders ``content:encoded``, an app that shows ``body_html``, an editor's rich-text field. They all go
through :func:`sanitize_html`, so the rules of what a news body may contain live in one place.

The allow-list is what a news story needs (paragraphs, sub-headings, links, emphasis, lists, quotes, figures)
and nothing that can run code, restyle a page or track a reader: no scripts, styles, iframes, forms, event
handlers, ``style``/``class`` attributes or ``javascript:``/``data:`` URLs.
"""

import re

import nh3

ALLOWED_TAGS = frozenset({
    "p", "h2", "h3", "h4", "a", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "figure",
    "figcaption", "img", "br",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped together with everything inside them: their content is code or markup, never text for a reader.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "svg", "math"})
# A link out of the site must not give the target page a handle on ours (window.opener).
LINK_REL = "noopener"
MAX_IMAGE_DIMENSION = 10_000
# C0 controls other than tab/newline/carriage return, and lone surrogates: XML 1.0 forbids the first (a feed
# or sitemap holding one is unreadable) and UTF-8 cannot encode the second. Legacy databases are full of both.
_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def remove_control_characters(text):
    """``text`` without the characters no XML document or UTF-8 answer may carry."""
    return _UNSAFE_CHARACTERS.sub("", text) if text else ""


def _keep_attribute(tag, attribute, value):
    """Image sizes must be plain pixel counts; anything else ("100%", "1e9", "expression(...)") is dropped."""
    if tag == "img" and attribute in {"width", "height"} and not (
        value.isascii() and value.isdigit() and 0 < int(value) <= MAX_IMAGE_DIMENSION
    ):
        return None
    return value


def sanitize_html(html, base_url=None):
    """Return ``html`` reduced to the tags and attributes a news body may carry, safe to render anywhere.

    With ``base_url`` (``"https://example.org/"``), relative links and image sources are made absolute, as
    HTML read outside the site (a feed reader, an app using the API) needs them.

    Unknown tags are unwrapped (their text stays), dangerous ones are removed with their content, comments are
    stripped, every ``<a>`` gets ``rel="noopener"``, URLs other than http(s), mailto or relative ones are
    removed, and so are control characters (see :func:`remove_control_characters`). ``None`` and the empty
    string give the empty string.
    """
    if not html:
        return ""
    return nh3.clean(
        remove_control_characters(str(html)),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if base_url else None,
    )
