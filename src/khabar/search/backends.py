"""Wagtail's database search backends, taught Arabic: ``WAGTAILSEARCH_BACKENDS["default"]`` points here.

Wagtail 8 keeps its search in the ``modelsearch`` package. On SQLite it writes into an FTS5 table whose
``unicode61`` tokenizer cuts words at every haraka and folds no Arabic letter; on PostgreSQL it calls
``to_tsvector``, whose ``arabic`` configuration stems inconsistently (وزير → زير but الوزير → وزير). Both
subclasses here analyse in Python instead (``khabar.arabic.analysis``) and hand the databases words that
need no further processing: the SQLite FTS5 table and PostgreSQL's ``simple`` configuration then only split
on spaces. Queries go through the same analysis, so the index and the query always agree.

Everything Wagtail searches goes through these backends, so the admin's page and snippet search are
Arabic-aware too. The reader search page ranks with its own SQL (``khabar.search.engine``) over the same
index tables.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Value
from django.utils.encoding import force_str
from modelsearch.conf import get_app_config
from modelsearch.query import And, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from khabar.arabic.analysis import query_words, word_forms
from khabar.arabic.stem import prefix_forms
from khabar.arabic.tokenize import tokenize

from . import deferral
from . import entries as article_entries
from .documents import build_document

# The text-search configuration for PostgreSQL: the words arrive analysed, so it must only split on spaces.
PG_CONFIG = "simple"
# A word no analysed text contains (normalisation removes every tatweel), for a query part that has no
# words at all, such as a phrase of punctuation.
NO_MATCH = "\u0640"


def analysed_terms(query_string, last_is_prefix=False):
    """The OR-groups of forms for each word of ``query_string``: a document must meet each group."""
    terms = [sorted(word.forms) for _token, word in query_words(query_string)]
    if last_is_prefix and terms:
        last_token = tokenize(query_string)[-1]
        terms[-1] = prefix_forms(last_token)
    return terms


def phrase_words(query_string):
    """A quoted phrase as its primary forms, in order."""
    return [word.primary for word in word_forms(tokenize(query_string))]


def has_words(query):
    if isinstance(query, PlainText):
        return bool(tokenize(query.query_string))
    if isinstance(query, Phrase):
        return bool(tokenize(query.query_string))
    if isinstance(query, (And, Or)):
        return any(has_words(sub) for sub in query.subqueries)
    if isinstance(query, Not):
        return has_words(query.subquery)
    return True


def _fts_quote(form, prefix=False):
    return f'"{form}"*' if prefix else f'"{form}"'


def fts_term(forms, prefix=False):
    return "(" + " OR ".join(_fts_quote(form, prefix) for form in forms) + ")"


def tsquery_term(forms, prefix=False):
    suffix = ":*" if prefix else ""
    return "(" + " | ".join(f"'{form}'{suffix}" for form in forms) + ")"

class ArticleEntriesMixin:
    """Both indexes keep the reader search's per-article rows (``entries.py``) in step with their own, and
    both wait for the end of a ``deferral`` block (an import) to write what changed in it once."""

    def add_items(self, model, objs):
        if deferral.defer(model, objs):
            return
        self.write_items(model, objs)

    def delete_item(self, item):
        super().delete_item(item)
        article_entries.forget(item)

    def reset(self):
        super().reset()
        article_entries.forget_all()


# --- SQLite -----------------------------------------------------------------------------------------------
if connection.vendor == "sqlite":
    from modelsearch.backends.database.sqlite.query import LexemeCombinable, SearchQueryExpression
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteAutocompleteQueryCompiler,
        SQLiteIndex,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
    )

    class RawMatch(LexemeCombinable, Value):
        """An FTS5 query built by Khabar from analysed words only (so it carries no user syntax)."""

        def as_sql(self, compiler, connection):
            return "%s", [self.value]

    class ArabicSQLiteIndex(ArticleEntriesMixin, SQLiteIndex):
        def write_items(self, model, objs):
            if not model.get_search_fields():
                return
            documents = {force_str(obj.pk): build_document(obj) for obj in objs}
            if not documents:
                return
            index_entry = get_app_config().get_model("IndexEntry")
            entries = self.entries.filter(content_type_id=get_content_type_pk(model))
            existing = set(entries.filter(object_id__in=list(documents)).values_list("object_id", flat=True))
            for object_id in existing:
                doc = documents[object_id]
                entries.filter(object_id=object_id).update(
                    title=doc.title, autocomplete=doc.autocomplete, body=doc.body_text, title_norm=1.0
                )
            index_entry._default_manager.bulk_create(
                [
                    index_entry(
                        content_type_id=get_content_type_pk(model),
                        object_id=object_id,
                        title=doc.title,
                        autocomplete=doc.autocomplete,
                        body=doc.body_text,
                    )
                    for object_id, doc in documents.items()
                    if object_id not in existing
                ],
                batch_size=500,
            )
            article_entries.sync(model, objs)
            self._refresh_title_norms()

    class ArabicSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            if isinstance(query, PlainText):
                terms = analysed_terms(query.query_string, last_is_prefix=self.LAST_TERM_IS_PREFIX)
                if not terms:
                    return SearchQueryExpression(RawMatch(_fts_quote(NO_MATCH)))
                last = len(terms) - 1
                parts = [fts_term(forms, self.LAST_TERM_IS_PREFIX and i == last) for i, forms in enumerate(terms)]
                joiner = " AND " if query.operator.upper() == "AND" else " OR "
                return SearchQueryExpression(RawMatch(joiner.join(parts)))
            if isinstance(query, Phrase):
                words = phrase_words(query.query_string)
                return SearchQueryExpression(RawMatch(_fts_quote(" ".join(words) or NO_MATCH)))
            return super().build_search_query_content(query, config)

        def search(self, config, start, stop, score_field=None):
            if not isinstance(self.query, MatchAll) and not has_words(self.query):
                return self.queryset.none()
            return super().search(config, start, stop, score_field=score_field)

    class ArabicSQLiteAutocompleteQueryCompiler(SQLiteAutocompleteQueryCompiler, ArabicSQLiteSearchQueryCompiler):
        """The admin's autocomplete, with the same Arabic analysis as its search."""

    class ArabicSQLiteSearchBackend(SQLiteSearchBackend):
        index_class = ArabicSQLiteIndex
        query_compiler_class = ArabicSQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = ArabicSQLiteAutocompleteQueryCompiler


# --- PostgreSQL -------------------------------------------------------------------------------------------
if connection.vendor == "postgresql":
    from django.contrib.postgres.search import SearchQuery
    from modelsearch.backends.database.postgres.postgres import (
        PostgresAutocompleteQueryCompiler,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    def _vector_sql(weight):
        return f"setweight(to_tsvector('{PG_CONFIG}', %s), '{weight}')"

    class ArabicPostgresIndex(ArticleEntriesMixin, PostgresIndex):
        def write_items(self, model, objs):
            if not model.get_search_fields():
                return
            documents = {force_str(obj.pk): build_document(obj) for obj in objs}
            if not documents:
                return
            index_entry = get_app_config().get_model("IndexEntry")
            content_type_pk = get_content_type_pk(model)
            rows, params = [], []
            for object_id, doc in documents.items():
                weights = sorted(weight for weight, text in doc.body.items() if text)
                body_sql = " || ".join(_vector_sql(weight) for weight in weights) or "''::tsvector"
                rows.append(f"(%s, %s, {_vector_sql('A')}, to_tsvector('{PG_CONFIG}', %s), {body_sql}, 1.0, %s, '')")
                params += [content_type_pk, object_id, doc.title, doc.autocomplete]
                params += [doc.body[weight] for weight in weights]
                params.append(doc.title)
            table = index_entry._meta.db_table
            with self.write_connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, "  # noqa: S608
                    f"title_text, body_text) VALUES {', '.join(rows)} "
                    "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                    "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
                    "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text",
                    params,
                )
            article_entries.sync(model, objs)
            self._refresh_title_norms()

    class ArabicPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            if isinstance(query, PlainText):
                terms = analysed_terms(query.query_string, last_is_prefix=self.LAST_TERM_IS_PREFIX)
                if not terms:
                    return SearchQuery("", search_type="raw", config=PG_CONFIG)
                last = len(terms) - 1
                parts = [
                    tsquery_term(forms, self.LAST_TERM_IS_PREFIX and i == last) for i, forms in enumerate(terms)
                ]
                raw = (" & " if query.operator.lower() == "and" else " | ").join(parts)
                return SearchQuery(f"!({raw})" if invert else raw, search_type="raw", config=PG_CONFIG)
            if isinstance(query, Phrase):
                phrase = SearchQuery(" ".join(phrase_words(query.query_string)), search_type="phrase",
                                     config=PG_CONFIG)
                return ~phrase if invert else phrase
            return super().build_tsquery_content(query, config=PG_CONFIG, invert=invert)

        def search(self, config, start, stop, score_field=None, backend=None):
            if not isinstance(self.query, MatchAll) and not has_words(self.query):
                return self.queryset.none()
            return super().search(PG_CONFIG, start, stop, score_field=score_field, backend=backend)

    class ArabicPostgresAutocompleteQueryCompiler(PostgresAutocompleteQueryCompiler,
                                                  ArabicPostgresSearchQueryCompiler):
        """The admin's autocomplete, with the same Arabic analysis as its search."""

    class ArabicPostgresSearchBackend(PostgresSearchBackend):
        index_class = ArabicPostgresIndex
        query_compiler_class = ArabicPostgresSearchQueryCompiler
        autocomplete_query_compiler_class = ArabicPostgresAutocompleteQueryCompiler

        def __init__(self, params):
            super().__init__(params)
            self.config = PG_CONFIG
            self.autocomplete_config = PG_CONFIG


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    """The Arabic backend for the default database's vendor."""
    if connection.vendor == "postgresql":
        return ArabicPostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        return ArabicSQLiteSearchBackend(params)
    raise ImproperlyConfigured(
        f"Khabar's search runs on SQLite or PostgreSQL; KHABAR_DATABASE_URL points to {connection.vendor}."
    )

