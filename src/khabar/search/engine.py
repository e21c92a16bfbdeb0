"""The reader search: which visible articles match a query, in which order, on SQLite or PostgreSQL.

It reads the same index tables Wagtail's search writes (through ``khabar.search.backends``, so every word in
them is already analysed) and ranks with rules Wagtail's ``.search()`` cannot express:

* **Most words, not all.** A document matches a query word when it has any of that word's forms. Articles
  matching more of the query's words rank first; below them come articles matching all but one, and so on
  down to ``min_match`` words (one of one or two, all but one of three or four, about two thirds of more).
  A word the analysis could not join to the article's form (an unusual broken plural, a typo) then costs a
  place in the ranking instead of losing the article. Quoted phrases are always required.
* **Then relevance, then time.** Within one level, bm25 (SQLite FTS5, headline weighted 4× the rest) or
  ts_rank (PostgreSQL, weights A headline, B kicker and summary, C tags/authors/sources, D body) plus the
  inverse document frequency of the words matched (ts_rank has none of its own) orders the articles;
  scores within 5 % of each other count as equal and the more recent article goes first.
* **Bounded work.** Each level ranks at most ``RANK_WINDOW`` of its most recently indexed matches, and
  counts stop at ``COUNT_LIMIT``: a query for a word in half the archive costs what a rare one does. The
  matches come from ``ArticleEntry`` (index entry → page, section, date), never from the wide index or
  article rows, and on PostgreSQL from its own GIN index, with the plan pinned (see ``PostgresDialect``).

Every query is restricted to what ``ArticlePage.objects.visible()`` allows (live, not expired), and the
articles shown are loaded through ``visible()`` once more, so nothing unpublished can leak even if this SQL
and that method ever disagree.
"""

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from itertools import combinations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone
from modelsearch.conf import get_app_config
from wagtail.models import Page

from khabar.news.models import ArticlePage

from .models import ArticleEntry

RANK_WINDOW = getattr(settings, "KHABAR_SEARCH_RANK_WINDOW", 200)
COUNT_LIMIT = getattr(settings, "KHABAR_SEARCH_COUNT_LIMIT", 500)
SCORE_BANDS = 20  # scores within 1/20 of the level's best count as equal; recency decides between them

RELEVANCE = "relevance"
NEWEST = "newest"


def min_match(word_count):
    """How many of the query's words an article must have: all of 1, one of 2, n-1 of 3-4, ~2/3 beyond."""
    if word_count <= 2:
        return 1
    return max(1, word_count - 1 - word_count // 5)


@dataclass
class Filters:
    section: Page | None = None
    date_from: object = None  # datetime.date
    date_to: object = None  # datetime.date, inclusive

    @property
    def narrowing(self):
        return self.section is not None or bool(self.date_from or self.date_to)


@dataclass
class Results:
    total: int
    total_is_exact: bool
    articles: list = field(default_factory=list)
    has_more: bool = False
    matched_words: dict = field(default_factory=dict)  # article pk -> how many query words it has


class _Dialect:
    """SQL for one database vendor; the ranking logic above it is shared.

    The SQL strings are assembled from table names and fixed fragments only; every value (the analysed
    match expression included) travels as a parameter.

    Every query joins the matching index entries to ``ArticleEntry`` (page, section, date: narrow rows) and
    to the page row, whose ``live`` and ``expire_at`` are what ``ArticlePage.objects.visible()`` tests.
    """

    def __init__(self):
        self.entries = get_app_config().get_model("IndexEntry")._meta.db_table
        self.side = ArticleEntry._meta.db_table
        self.pages = Page._meta.db_table

    def _filters(self, filters):
        clauses = ["p.live", "(p.expire_at IS NULL OR p.expire_at > %s)"]
        params = [connection.ops.adapt_datetimefield_value(timezone.now())]
        if filters.section is not None:
            clauses.append("s.section_id = %s")
            params.append(filters.section.pk)
        if filters.date_from:
            clauses.append("s.published_at >= %s")
            params.append(_day_start(filters.date_from))
        if filters.date_to:
            clauses.append("s.published_at < %s")
            params.append(_day_start(filters.date_to + timedelta(days=1)))
        return " AND ".join(clauses), params

    def _run(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def term_weights(self, terms):
        return None


class SQLiteDialect(_Dialect):
    def __init__(self):
        super().__init__()
        self.fts = f"{self.entries}_fts"  # FTS5 wants the table's own name in MATCH and bm25(), not an alias
        self.source = (
            f"{self.fts} JOIN {self.side} AS s ON s.entry_id = {self.fts}.rowid "
            f"JOIN {self.pages} AS p ON p.id = s.page_id"
        )

    @staticmethod
    def term(term):
        alternatives = [f'"{form}"' for form in term.forms] + ['"' + " ".join(p) + '"' for p in term.phrases]
        return "(" + " OR ".join(alternatives) + ")"

    @staticmethod
    def phrase(words):
        return '"' + " ".join(words) + '"'

    @staticmethod
    def all_of(parts):
        return "(" + " AND ".join(parts) + ")"

    @staticmethod
    def any_of(parts):
        return "(" + " OR ".join(parts) + ")"

    def finish(self, expression):
        return "{title body} : " + expression

    def _where(self, expression, filters):
        clauses, params = self._filters(filters)
        return f"{self.fts} MATCH %s AND {clauses}", [expression, *params]

    def count(self, expression, filters, limit=COUNT_LIMIT):
        where, params = self._where(expression, filters)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.source} WHERE {where} LIMIT %s)"  # noqa: S608
        return self._run(sql, [*params, limit])[0][0]

    def ranked_window(self, expression, filters, window, weights=None):
        """The ``window`` most recently indexed matches, with bm25 (headline 4×, body 1×; its IDF already
        weighs rare words above common ones)."""
        where, params = self._where(expression, filters)
        sql = (
            f"SELECT s.page_id, -bm25({self.fts}, 0.0, 1.0, 4.0), s.published_at FROM {self.source} "  # noqa: S608
            f"WHERE {where} ORDER BY {self.fts}.rowid DESC LIMIT %s"
        )
        return self._run(sql, [*params, window])

    COMMON = 5_000  # matches above which walking the newest articles beats sorting every match

    def estimate(self, expression):
        """How many index entries match, counted by FTS5 alone (no joins: a few milliseconds)."""
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.fts} WHERE {self.fts} MATCH %s LIMIT %s)"  # noqa: S608
        return self._run(sql, [expression, self.COMMON])[0][0]

    def newest(self, expression, filters, offset, limit):
        """Newest first. For a common word, walk the articles newest first and test each against the
        full-text index (CROSS JOIN fixes that order), which stops after a page; otherwise collect the
        matches and sort them."""
        where, params = self._where(expression, filters)
        source = self.source
        if self.estimate(expression) >= self.COMMON:
            source = (
                f"{self.side} AS s CROSS JOIN {self.fts} ON {self.fts}.rowid = s.entry_id "
                f"CROSS JOIN {self.pages} AS p ON p.id = s.page_id"
            )
        sql = (
            f"SELECT s.page_id FROM {source} WHERE {where} "  # noqa: S608
            "ORDER BY s.published_at DESC, s.page_id DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._run(sql, [*params, limit, offset])]


class PostgresDialect(_Dialect):
    WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"  # D body, C tags/authors/sources, B kicker/summary, A headline

    @staticmethod
    def term(term):
        alternatives = [f"'{form}'" for form in term.forms]
        alternatives += ["(" + " <-> ".join(f"'{word}'" for word in p) + ")" for p in term.phrases]
        return "(" + " | ".join(alternatives) + ")"

    @staticmethod
    def phrase(words):
        return "(" + " <-> ".join(f"'{word}'" for word in words) + ")"

    @staticmethod
    def all_of(parts):
        return "(" + " & ".join(parts) + ")"

    @staticmethod
    def any_of(parts):
        return "(" + " | ".join(parts) + ")"

    def finish(self, expression):
        return expression

    def _run(self, sql, params, avoid="enable_seqscan"):
        # PostgreSQL prices a scan that tests every vector without the cost of unpacking them, and guesses
        # thousands of matches for words that rarely meet, so left alone it may read 100,000 rows (seconds)
        # rather than the GIN index (milliseconds), or merge-join the whole page table to two matches.
        # Each query says which scan it must not use; joins go through the page's primary key. For this
        # transaction only.
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in (avoid, "enable_mergejoin", "enable_hashjoin"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _matches(self, expression, filters):
        """The matching articles as a materialised CTE over ``ArticleEntry.vector`` and its GIN index."""
        clauses, params = self._filters(filters)
        sql = (
            f"WITH m AS MATERIALIZED (SELECT entry_id, page_id, section_id, published_at FROM {self.side} "  # noqa: S608
            "WHERE vector @@ to_tsquery('simple', %s)) "
        )
        source = f"m AS s JOIN {self.pages} AS p ON p.id = s.page_id"
        return sql, source, clauses, [expression], params

    def count(self, expression, filters, limit=COUNT_LIMIT):
        if not filters.narrowing and self.estimate(expression) >= max(self.COMMON, 8 * limit):
            # Thousands of entries match: at least ``limit`` of them are visible articles, and proving it
            # row by row would cost more than the search. (With a section or date filter, count.)
            return limit
        cte, source, where, cte_params, params = self._matches(expression, filters)
        sql = f"{cte}SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {where} LIMIT %s) AS x"  # noqa: S608
        return self._run(sql, [*cte_params, *params, limit])[0][0]

    # Above this many estimated matches, walking the newest entries and testing each vector finds a window
    # sooner than collecting every match through GIN (whose rows must all be read, then sorted).
    COMMON = 4_000

    def estimate(self, expression):
        """The planner's estimate of how many entries match: tsvector statistics make it close."""
        sql = f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {self.side} WHERE vector @@ to_tsquery('simple', %s)"  # noqa: S608
        plan = self._run(sql, [expression])[0][0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Plan"]["Plan Rows"]

    def term_weights(self, terms):
        """ts_rank knows no word rarity; weigh each query word by its inverse document frequency (from the
        planner's statistics), so that among articles with as many words, those with the rarer ones lead."""
        total = self._run(f"SELECT reltuples FROM pg_class WHERE relname = '{self.side}'", [])[0][0]  # noqa: S608
        total = max(float(total or 0), 1.0)
        weights = []
        for term in terms:
            expression = self.term(term)
            weights.append((expression, math.log(1 + total / (1 + self.estimate(expression)))))
        return weights

    def _rank(self, vector, expression, weights):
        sql = f"ts_rank('{self.WEIGHTS}', {vector}, to_tsquery('simple', %s))"
        params = [expression]
        for term_expression, weight in weights or ():
            sql += f" + ({vector} @@ to_tsquery('simple', %s))::int * %s"
            params += [term_expression, weight]
        return sql, params

    def ranked_window(self, expression, filters, window, weights=None):
        """The ``window`` most recently indexed matches, ranked by the rarity of the words they have, then
        ts_rank (weights A headline … D body)."""
        if self.estimate(expression) >= self.COMMON:
            rank, rank_params = self._rank("s.vector", expression, weights)
            clauses, params = self._filters(filters)
            sql = (
                f"SELECT s.page_id, {rank}, s.published_at FROM {self.side} AS s "  # noqa: S608
                f"JOIN {self.pages} AS p ON p.id = s.page_id WHERE s.vector @@ to_tsquery('simple', %s) "
                f"AND {clauses} ORDER BY s.entry_id DESC LIMIT %s"
            )
            return self._run(sql, [*rank_params, expression, *params, window], avoid="enable_bitmapscan")
        rank, rank_params = self._rank("r.vector", expression, weights)
        cte, source, where, cte_params, params = self._matches(expression, filters)
        sql = (
            f"{cte}SELECT w.page_id, {rank}, w.published_at FROM (SELECT s.entry_id, s.page_id, "  # noqa: S608
            f"s.published_at FROM {source} WHERE {where} ORDER BY s.entry_id DESC LIMIT %s) AS w "
            f"JOIN {self.side} AS r ON r.entry_id = w.entry_id"
        )
        return self._run(sql, [*cte_params, *rank_params, *params, window])

    def newest(self, expression, filters, offset, limit):
        """Newest first. For a common word, walk ``published_at``'s index and test each vector (a page
        comes within a few dozen rows); otherwise collect the matches through GIN and sort them."""
        if self.estimate(expression) >= self.COMMON:
            clauses, params = self._filters(filters)
            sql = (
                f"SELECT s.page_id FROM {self.side} AS s JOIN {self.pages} AS p ON p.id = s.page_id "  # noqa: S608
                f"WHERE s.vector @@ to_tsquery('simple', %s) AND {clauses} "
                "ORDER BY s.published_at DESC, s.page_id DESC LIMIT %s OFFSET %s"
            )
            rows = self._run(sql, [expression, *params, limit, offset], avoid="enable_bitmapscan")
            return [row[0] for row in rows]
        cte, source, where, cte_params, params = self._matches(expression, filters)
        sql = (
            f"{cte}SELECT s.page_id FROM {source} WHERE {where} "  # noqa: S608
            "ORDER BY s.published_at DESC, s.page_id DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._run(sql, [*cte_params, *params, limit, offset])]


def dialect():
    if connection.vendor == "postgresql":
        return PostgresDialect()
    if connection.vendor == "sqlite":
        return SQLiteDialect()
    raise ImproperlyConfigured(
        f"Khabar's search runs on SQLite or PostgreSQL; KHABAR_DATABASE_URL points to {connection.vendor}."
    )


def _day_start(day):
    value = timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())
    return connection.ops.adapt_datetimefield_value(value)


def at_least(sql, terms, phrases, count):
    """The query expression for "every phrase and at least ``count`` of the words"."""
    required = [sql.phrase(words) for words in phrases]
    parts = [sql.term(term) for term in terms]
    if terms and count > 0:
        if count >= len(parts):
            required.extend(parts)
        else:
            required.append(sql.any_of([sql.all_of(list(group)) for group in combinations(parts, count)]))
    return sql.finish(sql.all_of(required))


def _ordered(rows):
    """One level's window, best first: score band, then the newer article, then the larger id."""
    if not rows:
        return []
    best = max(score for _id, score, _published in rows) or 1.0
    return sorted(
        rows,
        key=lambda row: (int(row[1] / best * SCORE_BANDS), _timestamp(row[2]), row[0]),
        reverse=True,
    )


def _timestamp(value):
    if value is None:
        return 0.0
    if isinstance(value, str):  # SQLite returns the stored text
        value = datetime.fromisoformat(value)
    return value.timestamp() if value.tzinfo else value.replace(tzinfo=UTC).timestamp()


def search(parsed, filters=None, order=RELEVANCE, offset=0, limit=20, require_all=False):
    """One page of results for a ``query.ParsedQuery`` (``require_all``: every word, as Wagtail does)."""
    filters = filters or Filters()
    if parsed.is_empty:
        return Results(total=0, total_is_exact=True)
    sql = dialect()
    terms, phrases = parsed.terms, parsed.phrases
    lowest = len(terms) if require_all else min_match(len(terms))
    levels = list(range(len(terms), lowest - 1, -1)) if terms else [0]
    if order == NEWEST:
        return _newest(sql, terms, phrases, levels, filters, offset, limit)
    return _by_relevance(sql, terms, phrases, levels, filters, offset, limit)


def _by_relevance(sql, terms, phrases, levels, filters, offset, limit):
    wanted = offset + limit + 1
    found, matched = [], {}
    window_full = False
    weights = sql.term_weights(terms) if len(terms) > 1 else None
    for level in levels:
        rows = sql.ranked_window(at_least(sql, terms, phrases, level), filters, RANK_WINDOW, weights)
        window_full = window_full or len(rows) >= RANK_WINDOW
        for page_id, _score, _published in _ordered([row for row in rows if row[0] not in matched]):
            matched[page_id] = level
            found.append(page_id)
        if len(found) >= wanted:
            break
    if window_full:
        # At least a window's worth of articles match: more than we rank, so "more than N".
        total, exact = len(found), False
    elif level == levels[-1]:
        total, exact = len(found), True  # every level was read whole
    else:
        total = max(len(found), sql.count(at_least(sql, terms, phrases, levels[-1]), filters))
        exact = total < COUNT_LIMIT
    page_ids = found[offset: offset + limit]
    return Results(
        total=total,
        total_is_exact=exact,
        articles=_load(page_ids),
        has_more=len(found) > offset + limit,
        matched_words={pk: matched[pk] for pk in page_ids},
    )


def _newest(sql, terms, phrases, levels, filters, offset, limit):
    """Newest first among the articles that have the most of the query's words any article has."""
    for level in levels:
        expression = at_least(sql, terms, phrases, level)
        total = sql.count(expression, filters)
        if total:
            page_ids = sql.newest(expression, filters, offset, limit + 1)
            return Results(
                total=total,
                total_is_exact=total < COUNT_LIMIT,
                articles=_load(page_ids[:limit]),
                has_more=len(page_ids) > limit,
                matched_words=dict.fromkeys(page_ids[:limit], level),
            )
    return Results(total=0, total_is_exact=True)


def _load(page_ids):
    """The articles, in the given order, through ``visible()`` (the last word on what readers may see)."""
    articles = ArticlePage.objects.visible().filter(pk__in=page_ids).select_related("lead_image")
    by_pk = {article.pk: article for article in articles}
    return [by_pk[pk] for pk in page_ids if pk in by_pk]
