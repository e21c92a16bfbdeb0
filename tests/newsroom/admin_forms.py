"""What the page editor's form posts, built with Wagtail's own test helpers (the body is a StreamField)."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def article_form(title, slug, *, summary="موجز الخبر.", paragraph="<p>نص الخبر.</p>", go_live_at="", **extra):
    data = nested_form_data({
        "title": title,
        "slug": slug,
        "kicker": "",
        "summary": summary,
        "body": streamfield([("paragraph", rich_text(paragraph))]),
        "tags": "",
        "published_at": "",
        "updated_at": "",
        "go_live_at": go_live_at,
        "expire_at": "",
        "seo_title": "",
        "search_description": "",
        "comments": inline_formset([]),
    })
    data.update(extra)
    return data


PUBLISH = {"action-publish": "action-publish"}
SUBMIT = {"action-submit": "1"}
