"""Whatever a legacy file holds, a parser answers with articles or located errors: it never raises."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.migration.formats import html, jsonl, text, wxr
from khabar.migration.records import ParsedArticle, RecordError, Ref, Skipped

ARABIC_LINES = st.lists(
    st.one_of(
        st.sampled_from(["المزيد", "حجم الخط:", "مشاهدة", "\u00a0", "", "13:27", "١٣:٢٧", "286", "٢٨٦",
                         "http://old.example/a/1", "عنوان خبر", "فقرة من المتن.", "12 أيار 2020", "1:27 م"]),
        st.text(max_size=40),
    ),
    max_size=40,
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
FIELDS = st.fixed_dictionaries({}, optional={
    key: JSON_VALUES for key in ("title", "body", "published", "section", "tags", "authors", "source", "url",
                                 "views", "image", "summary", "draft")
})
KINDS = (ParsedArticle, RecordError, Skipped)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=ARABIC_LINES, crlf=st.booleans())
def test_any_text_dump(no_date, lines, crlf):
    result = text.parse_text(("\r\n" if crlf else "\n").join(lines), "dump.txt", no_date)
    assert isinstance(result, ParsedArticle | RecordError)
    if isinstance(result, ParsedArticle):
        assert result.title and result.paragraphs and result.published.tzinfo is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=FIELDS)
def test_any_json_record(no_date, record):
    result = jsonl.parse_record(record, Ref("x.jsonl", line=1), no_date)
    assert isinstance(result, ParsedArticle | RecordError)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(["<", ">", "/", "=", '"', "p", "div", "html", "body", "script", "&", "#x0;",
                                        "article", "meta", "ld+json", "{", "}", "خبر", "<h1>", "<p>", "\n", " "]),
                      max_size=120))
def test_any_html(no_date, parts):
    markup = "".join(parts)
    assert isinstance(html.parse_html(markup, "page.html", no_date), ParsedArticle | RecordError)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_as_every_format(tmp_path, no_date, data):
    path = tmp_path / "file"
    path.write_bytes(data)
    for module in (text, html, wxr, jsonl):
        assert all(isinstance(item, KINDS) for item in module.parse(path, no_date))
