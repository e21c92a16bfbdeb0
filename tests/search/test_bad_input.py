"""Hostile and broken input: always a normal page or a JSON answer, never a 500."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.search.query import MAX_QUERY_LENGTH, MAX_WORDS, parse

HOSTILE = [
    "",
    "   \t\n ",
    "ـــ ً ٌ ٍ َ ُ ِ ّ ْ",  # only tatweel and harakat
    "،؛؟!.,;:…«»",  # only punctuation
    '"',
    '""',
    '"حلب',
    "*",
    "حلب*",
    "NEAR(حلب دمشق, 2)",
    "حلب AND دمشق OR NOT حمص",
    "-حلب",
    "title:حلب",
    "{title body}: حلب",
    "(((",
    "حلب)",
    "^حلب",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "حلب' || pg_sleep(5) --",
    "حلب & !دمشق | <->",
    "Aleppo حلب Алеппо 阿勒颇",
    "😀🔥 حلب 👍🏽",
    "\x00حلب\x00",
    "\u202eحلب\u202c",
    "ح" * 5000,
    "حلب " * 2000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_normal_answer(client, newsroom, query):
    page = client.get("/search/", {"q": query})
    assert page.status_code == 200
    assert b"search-filters" in page.content
    data = client.get("/search/", {"q": query, "format": "json"})
    assert data.status_code == 200
    body = data.json()
    assert isinstance(body["total"], int) and isinstance(body["results"], list)
    assert len(body["query"]) <= MAX_QUERY_LENGTH


def test_long_queries_are_cut_to_the_documented_maximum(client, newsroom):
    data = client.get("/search/", {"q": "حلب " * 2000, "format": "json"}).json()
    assert len(data["query"]) <= MAX_QUERY_LENGTH
    parsed = parse("مسجد قرية حماة حمص دمشق حلب إدلب الرقة " * 10)
    assert parsed.truncated and len(parsed.terms) == MAX_WORDS


def test_invalid_utf8_in_the_query_string(client, newsroom):
    for raw in ["q=%ff%fe%fd", "q=%d8", "q=%D8%AD%D9%84%D8%A8%ff&format=json", "q=%00&section=%ff&page=%ff"]:
        response = client.get("/search/", QUERY_STRING=raw)
        assert response.status_code == 200


def test_fts_syntax_is_searched_as_words_not_run(client, newsroom):
    # "مسجد OR حلب" must not become an FTS OR: the words are "مسجد", "or", "حلب".
    data = client.get("/search/", {"q": "مسجد NOT", "format": "json"}).json()
    assert [result["title"] for result in data["results"]][:1] == [newsroom["mosques"].title]


def test_post_is_refused_politely(client, newsroom):
    assert client.post("/search/", {"q": "حلب"}).status_code == 405


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=300), section=st.text(max_size=20), page=st.text(max_size=6))
def test_any_text_gets_an_answer(newsroom, query, section, page):
    client = Client()
    response = client.get("/search/", {"q": query, "section": section, "page": page, "format": "json"})
    assert response.status_code == 200
    assert response.json()["total"] >= 0
