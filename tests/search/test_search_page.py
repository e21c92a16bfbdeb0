"""The reader's search page and its JSON twin: what a reader types finds what the newsroom wrote."""

from datetime import timedelta

from django.utils import timezone
from lxml import html

from tests.factories import make_article


def search_json(client, **params):
    response = client.get("/search/", {"format": "json", **params})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def titles(client, **params):
    return [result["title"] for result in search_json(client, **params)["results"]]


VARIANTS = [
    ("مسجد", "mosques"),  # broken plural in the headline, singular with harakat in the body
    ("قرية حماه", "mosques"),  # القرى, and حماة written with ه
    ("وزير دمشق", "minister"),  # الوزير / وزير, دمشق
    ("مستشفي", "minister"),  # ى typed as ي
    ("ميليشيا", "militias"),  # singular for الميليشيات
    ("اشتباكات", "militias"),  # written with tatweel in the body
    ("لاجئ", "refugees"),
    ("2024", "refugees"),  # written ٢٠٢٤
    ("ابو جبل", "abujabal"),  # written joined
    ("تراث", "mosques"),  # a tag
    ("سامر الحلبي", "mosques"),  # an author
    ("المدن", "refugees"),  # a source
]


def test_variant_forms_find_the_article(client, newsroom):
    # One fixture for all the forms: creating articles through Wagtail is what makes these tests slow.
    found = {query: titles(client, q=query)[:1] for query, _key in VARIANTS}
    assert found == {query: [newsroom[key].title] for query, key in VARIANTS}
    assert titles(client, q="اسرائيل") == []


def test_json_shape(client, newsroom):
    data = search_json(client, q="الميليشيات")
    assert data["query"] == "الميليشيات"
    assert data["total"] == 1
    (result,) = data["results"]
    article = newsroom["militias"]
    assert set(result) >= {"id", "title", "url", "published", "section", "snippet"}
    assert result["id"] == article.public_id
    assert result["url"].endswith(f"/a/{article.public_id}/")
    assert result["section"] == "سوريا"
    assert result["published"].startswith(str(timezone.localtime(article.published_at).year))
    assert "<mark>الميليشيات</mark>" in result["snippet"]


def test_snippet_marks_the_words_as_written(client, newsroom):
    page = html.fromstring(client.get("/search/", {"q": "مسجد"}).content)
    (result,) = page.cssselect(".search-result")
    assert [mark.text for mark in result.cssselect("h2 mark")] == ["المساجد"]
    marked = [mark.text for mark in result.cssselect(".search-snippet mark")]
    assert "مساجد" in marked or "المِسْجِدَ" in marked
    assert result.cssselect("time")[0].get("datetime")
    assert result.cssselect(".card-meta a")[0].text == "سوريا"
    assert page.cssselect("#site-search")[0].get("value") == "مسجد"  # the header box keeps the query


def test_highlight_escapes_the_text_around_marks(client, site):
    make_article(site.sections["syria"], title="<script>alert(1)</script> حلب")
    body = client.get("/search/", {"q": "حلب"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_only_visible_articles_are_found(client, site):
    syria = site.sections["syria"]
    now = timezone.now()
    make_article(syria, title="زلزال يضرب اللاذقية: خبر منشور")
    make_article(syria, title="زلزال يضرب اللاذقية: مسودة", publish=False)
    make_article(syria, title="زلزال يضرب اللاذقية: خبر محظور النشر", go_live_at=now + timedelta(days=1))
    make_article(syria, title="زلزال يضرب اللاذقية: خبر منتهي", expire_at=now - timedelta(minutes=1))
    withdrawn = make_article(syria, title="زلزال يضرب اللاذقية: خبر سحب")
    withdrawn.unpublish()
    data = search_json(client, q="زلزال اللاذقية")
    assert [result["title"] for result in data["results"]] == ["زلزال يضرب اللاذقية: خبر منشور"]
    assert data["total"] == 1


def test_filters_by_section_and_date(client, site):
    now = timezone.now()
    make_article(site.sections["syria"], title="حريق في سوق حلب", published_at=now - timedelta(days=40))
    make_article(site.sections["economy"], title="حريق يرفع أسعار القطن", published_at=now - timedelta(days=2))
    assert titles(client, q="حريق", section="economy") == ["حريق يرفع أسعار القطن"]
    recent_from = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert titles(client, q="حريق", date_from=recent_from) == ["حريق يرفع أسعار القطن"]
    old_to = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert titles(client, q="حريق", date_to=old_to) == ["حريق في سوق حلب"]
    # Eastern digits in a date, and a range given backwards, are understood.
    older = (timezone.localdate() - timedelta(days=50)).isoformat()
    eastern = older.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert titles(client, q="حريق", date_from=recent_from, date_to=eastern) == ["حريق في سوق حلب"]


def test_unknown_filter_values_are_ignored_with_a_note(client, newsroom):
    response = client.get("/search/", {"q": "مسجد", "section": "nowhere", "date_from": "2024-13-45",
                                       "order": "sideways", "page": "-3"})
    assert response.status_code == 200
    page = html.fromstring(response.content)
    assert len(page.cssselect(".search-result")) == 1
    notes = " ".join(note.text_content() for note in page.cssselect(".search-note"))
    assert "قسماً غير معروف" in notes
    assert "تاريخاً غير صالح" in notes


def test_order_by_time_and_recent_first_among_equals(client, site):
    now = timezone.now()
    section = site.sections["syria"]
    make_article(section, title="انقطاع الكهرباء في حمص", published_at=now - timedelta(days=3))
    make_article(section, title="انقطاع الكهرباء في حماة", published_at=now - timedelta(hours=1))
    make_article(section, title="الكهرباء تعود إلى حمص بعد انقطاع طويل", published_at=now - timedelta(days=9))
    # Same relevance for "انقطاع الكهرباء" in the first two: the newer comes first.
    assert titles(client, q="انقطاع الكهرباء")[:2] == ["انقطاع الكهرباء في حماة", "انقطاع الكهرباء في حمص"]
    newest = titles(client, q="الكهرباء", order="newest")
    assert newest == ["انقطاع الكهرباء في حماة", "انقطاع الكهرباء في حمص", "الكهرباء تعود إلى حمص بعد انقطاع طويل"]


def test_articles_with_more_of_the_words_rank_first(client, site):
    section = site.sections["syria"]
    make_article(section, title="افتتاح مدرسة في درعا")
    make_article(section, title="افتتاح سوق في درعا")
    make_article(section, title="مدارس درعا تستقبل الطلاب بعد افتتاحها")
    found = titles(client, q="افتتاح مدارس درعا")
    assert found[0] in {"افتتاح مدرسة في درعا", "مدارس درعا تستقبل الطلاب بعد افتتاحها"}
    assert found[-1] == "افتتاح سوق في درعا"  # two of three words: found, but last


def test_quoted_phrases_search_as_phrases(client, site):
    section = site.sections["syria"]
    make_article(section, title="وزير الخارجية يصل إلى عمّان")
    make_article(section, title="الخارجية تستدعي سفير الوزير السابق")
    assert titles(client, q='"وزير الخارجية"') == ["وزير الخارجية يصل إلى عمّان"]
    assert len(titles(client, q="وزير الخارجية")) == 2


def test_more_pagination(client, site, settings):
    settings.KHABAR_PAGE_SIZE = 2
    section = site.sections["syria"]
    for n in range(5):
        make_article(section, title=f"أمطار غزيرة في طرطوس {n}")
    first = html.fromstring(client.get("/search/", {"q": "أمطار", "order": "newest"}).content)
    assert len(first.cssselect(".search-result")) == 2
    more = first.cssselect("a.more-link")[0]
    assert more.text == "المزيد"
    seen = [a.text_content() for a in first.cssselect(".search-result h2 a")]
    while more is not None:
        page = html.fromstring(client.get(more.get("href")).content)
        seen += [a.text_content() for a in page.cssselect(".search-result h2 a")]
        links = page.cssselect("a.more-link")
        more = links[0] if links else None
    assert sorted(seen) == sorted(f"أمطار غزيرة في طرطوس {n}" for n in range(5))
    assert len(set(seen)) == 5


def test_empty_states(client, newsroom):
    page = html.fromstring(client.get("/search/").content)
    assert "اكتب في خانة البحث" in page.cssselect(".search-empty")[0].text_content()
    page = html.fromstring(client.get("/search/", {"q": "ـــ ،؟ ٌ"}).content)
    assert "كلمات يمكن البحث عنها" in page.cssselect(".search-empty")[0].text_content()
    page = html.fromstring(client.get("/search/", {"q": "قطارات كهربائية سريعة", "section": "sports"}).content)
    empty = page.cssselect(".search-empty")[0].text_content()
    assert "لا توجد نتائج" in empty and "ابحث في كل الأقسام" in empty
