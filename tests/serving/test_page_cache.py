"""The page cache as readers and editors meet it: what is cached, how it is answered, and what never is."""

import pytest
from django.test import Client
from django.utils.http import http_date
from lxml import html

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def title_of(answer):
    return html.fromstring(answer.text).cssselect("h1")[0].text_content().strip()


def test_an_article_is_rendered_once_then_answered_from_the_cache(cached_site, article):
    first = cached_site.get(f"/a/{article.public_id}/")
    second = cached_site.get(f"/a/{article.public_id}/")
    assert (first.status, first.cache) == (200, "miss")
    assert (second.status, second.cache) == (200, "hit")
    assert second.raw == first.raw
    assert title_of(second) == article.title
    assert second.headers["cache-control"] == "public, max-age=0, s-maxage=3"
    assert second.headers["vary"] == "Accept-Encoding, Accept-Language"
    assert second.headers["etag"].startswith('W/"')
    assert second.headers["last-modified"].endswith("GMT")
    assert second.headers["content-length"] == str(len(second.raw))
    # Django's security headers are replayed with the cached page.
    assert second.headers["x-frame-options"] == "DENY"
    assert second.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in second.headers["content-security-policy"]


def test_home_section_tag_and_author_pages_are_cached(cached_site, site):
    story = make_article(site.sections["economy"], title="ارتفاع أسعار الذهب في أسواق حلب",
                         tags=["الذهب"], authors=["خالد منصور"])
    author_slug = story.authors.first().slug
    tag_slug = story.tags.first().slug
    for path in ["/", site.sections["economy"].url, f"/tag/{tag_slug}/", f"/author/{author_slug}/"]:
        assert cached_site.get(path).cache == "miss", path
        again = cached_site.get(path)
        assert (again.status, again.cache) == (200, "hit"), path
        assert story.title in again.text, path


def test_compressed_copies_are_served_by_accept_encoding(cached_site, article):
    path = f"/a/{article.public_id}/"
    plain = cached_site.get(path)
    brotli_answer = cached_site.get(path, Accept_Encoding="gzip, deflate, br")
    gzip_answer = cached_site.get(path, Accept_Encoding="gzip, br;q=0")
    assert "content-encoding" not in plain.headers
    assert brotli_answer.headers["content-encoding"] == "br"
    assert gzip_answer.headers["content-encoding"] == "gzip"
    assert brotli_answer.text == gzip_answer.text == plain.text
    assert len(brotli_answer.raw) < len(gzip_answer.raw) < len(plain.raw) / 2
    # One validator for the three encodings of the same page: a weak ETag.
    assert brotli_answer.headers["etag"] == gzip_answer.headers["etag"] == plain.headers["etag"]


def test_revalidation_answers_304_without_a_body(cached_site, article):
    path = f"/a/{article.public_id}/"
    page = cached_site.get(path)
    by_etag = cached_site.get(path, If_None_Match=page.headers["etag"])
    by_date = cached_site.get(path, If_Modified_Since=page.headers["last-modified"])
    stale_etag = cached_site.get(path, If_None_Match='W/"something-else"')
    older_date = cached_site.get(path, If_Modified_Since=http_date(0))
    assert (by_etag.status, by_etag.raw) == (304, b"")
    assert by_etag.headers["etag"] == page.headers["etag"]
    assert by_etag.headers["cache-control"] == page.headers["cache-control"]
    assert (by_date.status, by_date.raw) == (304, b"")
    assert stale_etag.status == 200 and older_date.status == 200


def test_head_is_answered_from_the_cache_without_a_body(cached_site, article):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    head = cached_site.request(path, method="HEAD")
    assert (head.status, head.cache, head.raw) == (200, "hit", b"")
    assert int(head.headers["content-length"]) > 1000


def test_share_tracking_parameters_share_one_copy_but_pages_do_not(cached_site, site):
    for n in range(25):
        make_article(site.sections["syria"], title=f"خبر من سوريا رقم {n}")
    cached_site.get("/")
    shared = cached_site.get("/?utm_source=facebook&fbclid=abc123")
    second_page = cached_site.get("/?page=2")
    assert shared.cache == "hit"
    assert second_page.cache == "miss"
    assert second_page.text != shared.text


def test_each_host_and_language_has_its_own_copy(cached_site, article):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    assert cached_site.get(path, host="localhost").cache == "miss"
    english = cached_site.get(path, Accept_Language="en-GB,en;q=0.9")
    assert english.cache == "miss" and english.headers["content-language"] == "en"
    assert cached_site.get(path, Accept_Language="en-US,en;q=0.8").cache == "hit"  # same language: shared
    assert cached_site.get(path, Accept_Language="ar-SY,ar;q=0.9").cache == "hit"  # the default copy


def test_a_logged_in_editor_is_never_served_nor_stores_a_cached_page(cached_site, article, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="correct horse battery")
    client = Client()
    client.force_login(editor)
    session = {"Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken=abc"}
    path = f"/a/{article.public_id}/"

    first = cached_site.request(path, headers=session)
    assert first.status == 200 and first.cache == ""
    assert first.headers["cache-control"] == "private, no-cache"  # and no proxy may keep it
    assert "Cookie" in first.headers["vary"]
    assert cached_site.get(path).cache == "miss"  # the editor's visit stored nothing
    assert cached_site.get(path).cache == "hit"
    assert cached_site.request(path, headers=session).cache == ""  # and is never answered from the cache


def test_a_reader_with_only_a_csrf_cookie_is_still_anonymous(cached_site, article):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    assert cached_site.get(path, Cookie="csrftoken=abcdef; theme=dark").cache == "hit"


def test_reader_pages_set_no_cookie(cached_site, article):
    answer = cached_site.get(f"/a/{article.public_id}/")
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz", "/a/999999999/", "/no-such-page/"])
def test_admin_errors_and_non_html_are_never_cached(cached_site, site, path):
    cached_site.get(path)
    answer = cached_site.get(path)
    assert answer.cache in ("", "bypass")
    assert "public" not in answer.headers.get("cache-control", "")


def test_posts_are_never_cached(cached_site, article):
    answer = cached_site.request(f"/api/views/{article.public_id}/", method="POST")
    again = cached_site.request(f"/api/views/{article.public_id}/", method="POST")
    assert answer.cache == again.cache == ""


def test_a_response_that_sets_a_cookie_or_varies_on_it_is_not_stored():
    from khabar.serving.pagecache import uncacheable_reason

    html_type = ("Content-Type", "text/html; charset=utf-8")
    assert uncacheable_reason("200 OK", [html_type]) is None
    assert uncacheable_reason("200 OK", [html_type, ("Set-Cookie", "a=b")]) == "set-cookie"
    assert uncacheable_reason("200 OK", [html_type, ("Vary", "Accept-Language, Cookie")]) == "vary"
    assert uncacheable_reason("200 OK", [html_type, ("Cache-Control", "private")]) == "cache-control"
    assert uncacheable_reason("200 OK", [("Content-Type", "application/json")]) == "content-type"
    assert uncacheable_reason("404 Not Found", [html_type]) == "status"


def test_the_cache_can_be_turned_off(settings, article):
    from tests.serving.wsgi_client import CachedSite

    settings.KHABAR_PAGE_CACHE = False
    site_without_cache = CachedSite()
    path = f"/a/{article.public_id}/"
    site_without_cache.get(path)
    answer = site_without_cache.get(path)
    assert answer.status == 200 and answer.cache == "" and "etag" not in answer.headers


def test_the_local_store_keeps_within_its_byte_budget():
    from khabar.serving.pagecache import Entry, LocalPages

    store = LocalPages(max_bytes=60_000)
    for n in range(10):
        body = (f"<p>صفحة {n}</p>" * 1500).encode()
        store.put(n, Entry.build("200 OK", [], body, 1, 60, "public"))
    assert store.size <= 60_000
    assert store.get(9) is not None and store.get(0) is None  # the least recently used went first


@pytest.mark.parametrize("headers", [
    {"Cookie": 'django_language="en; x=\\\\"; =;;; ,,'},
    {"Accept-Language": "x" * 5000},
    {"Accept-Language": "*;q=abc, en;q=2"},
    {"Accept-Encoding": "br;q=oops, gzip;q=, *;q=0"},
    {"If-Modified-Since": "yesterday"},
    {"If-None-Match": ",,,*W/"},
])
def test_hostile_headers_get_a_page_never_a_500(cached_site, article, headers):
    path = f"/a/{article.public_id}/"
    cached_site.get(path)
    answer = cached_site.request(path, headers=headers)
    assert answer.status in (200, 304)
    if answer.status == 200:
        assert article.title in answer.text
