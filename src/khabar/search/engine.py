"""The reader search: which visible articles match a query, in which order, on SQLite or PostgreSQL.

It reads the same index tables Wagtail's search writes (through ``khabar.search.backends``, so every word in
them is already analysed) and ranks with rules Wagtail's ``.search()`` cannot express:

* **Most words, not all.** A document matches a query word when it has any of that word's forms. Articles
  matching more of the query's words rank first; below them come articles matching all but one, and so on
  down to ``min_match`` words (all of one or two, all but one of three or four, about two thirds of more).
  A word the analysis could not join to the article's form (an unusual broken plural, a typo) then costs a
  place in the ranking instead of losing the article. Quoted phrases are always required.
* **Then relevance, then time.** Within one level, bm25 (SQLite FTS5, headline weighted 4× the rest) or
  ts_rank (PostgreSQL, weights A headline, B kicker and summary, C tags/authors/sources, D body) orders the
  articles; scores within 5 % of each other count as equal and the more recent article goes first.
* **Bounded work.** Each level ranks at most ``RANK_WINDOW`` of its most recently indexed matches, and
  counts stop at ``COUNT_LIMIT``: a query for a word in half the archive costs the same as a rare one.

Every query is restricted to what ``ArticlePage.objects.visible()`` allows (live, not expired), and the
articles shown are loaded through ``visible()`` once more, so nothing unpublished can leak even if this SQL
and that method ever disagree.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from itertools import combinations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from modelsearch.conf import get_app_config
from wagtail.models import Page

from khabar.news.models import ArticlePage

RANK_WINDOW = getattr(settings, "KHABAR_SEARCH_RANK_WINDOW", 2000)
COUNT_LIMIT = getattr(settings, "KHABAR_SEARCH_COUNT_LIMIT", 10_000)
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


@dataclass
class Results:
    total: int
    total_is_exact: bool
    articles: list = field(default_factory=list)
    has_more: bool = False
    matched_words: dict = field(default_factory=dict)  # article pk -> how many query words it has


class _Dialect:
    """SQL for one database vendor; the ranking logic above it is shared."""

    def __init__(self):
        index_entry = get_app_config().get_model("IndexEntry")
        self.entries = index_entry._meta.db_table
        self.pages = Page._meta.db_table
        self.articles = ArticlePage._meta.db_table
        self.content_type_id = ContentType.objects.get_for_model(ArticlePage).pk

    def _where(self, expression, filters):
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        clauses = [
            self.match_clause,
            "e.content_type_id = %s",
            "p.live",
            "(p.expire_at IS NULL OR p.expire_at > %s)",
        ]
        params = [expression, self.content_type_id, now]
        if filters.section is not None:
            clauses += ["p.path LIKE %s", "p.depth = %s"]
            params += [filters.section.path + "%", filters.section.depth + 1]
        if filters.date_from:
            clauses.append("a.published_at >= %s")
            params.append(_day_start(filters.date_from))
        if filters.date_to:
            clauses.append("a.published_at < %s")
            params.append(_day_start(filters.date_to + timedelta(days=1)))
        return " AND ".join(clauses), params

    def count(self, expression, filters, limit=COUNT_LIMIT):
        where, params = self._where(expression, filters)
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {self.from_clause} WHERE {where} LIMIT %s) AS matches"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return cursor.fetchone()[0]

    def newest(self, expression, filters, offset, limit):
        where, params = self._where(expression, filters)
        sql = (
            f"SELECT p.id FROM {self.from_clause} WHERE {where} "  # noqa: S608
            "ORDER BY a.published_at DESC, p.id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return [row[0] for row in cursor.fetchall()]

    def _run(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class SQLiteDialect(_Dialect):
    def __init__(self):
        super().__init__()
        self.fts = f"{self.entries}_fts"
        self.from_clause = (
            f"{self.fts} JOIN {self.entries} AS e ON e.id = {self.fts}.rowid "
            f"JOIN {self.pages} AS p ON p.id = CAST(e.object_id AS INTEGER) "
            f"JOIN {self.articles} AS a ON a.page_ptr_id = p.id"
        )
        self.match_clause = f"{self.fts} MATCH %s"  # FTS5 wants the table's own name here, not an alias

    @staticmethod
    def term(forms):
        return "(" + " OR ".join(f'"{form}"' for form in forms) + ")"

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

    def ranked_window(self, expression, filters, window):
        where, params = self._where(expression, filters)
        sql = (
            f"SELECT p.id, -bm25({self.fts}, 0.0, 1.0, 4.0), a.published_at FROM {self.from_clause} "  # noqa: S608
            f"WHERE {where} ORDER BY {self.fts}.rowid DESC LIMIT %s"
        )
        return self._run(sql, [*params, window])


class PostgresDialect(_Dialect):
    WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"

    def __init__(self):
        super().__init__()
        self.from_clause = (
            f"{self.entries} AS e JOIN {self.pages} AS p ON p.id = CAST(e.object_id AS INTEGER) "
            f"JOIN {self.articles} AS a ON a.page_ptr_id = p.id"
        )
        self.match_clause = "(e.title || e.body) @@ to_tsquery('simple', %s)"

    @staticmethod
    def term(forms):
        return "(" + " | ".join(f"'{form}'" for form in forms) + ")"

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

    def ranked_window(self, expression, filters, window):
        where, params = self._where(expression, filters)
        sql = (
            f"SELECT w.page_id, ts_rank('{self.WEIGHTS}', r.title || r.body, to_tsquery('simple', %s)), "  # noqa: S608
            f"w.published_at FROM (SELECT e.id AS entry_id, p.id AS page_id, a.published_at "
            f"FROM {self.from_clause} WHERE {where} ORDER BY e.id DESC LIMIT %s) AS w "
            f"JOIN {self.entries} AS r ON r.id = w.entry_id"
        )
        return self._run(sql, [expression, *params, window])


def dialect():
    if connection.vendor == "postgresql":
        return PostgresDialect()
    if connection.vendor == "sqlite":
        return SQLiteDialect()
    raise NotImplementedError(f"Khabar's search supports SQLite and PostgreSQL, not {connection.vendor}.")


def _day_start(day):
    value = timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())
    return connection.ops.adapt_datetimefield_value(value)


def at_least(sql, terms, phrases, count):
    """The query expression for "every phrase and at least ``count`` of the words"."""
    required = [sql.phrase(words) for words in phrases]
    parts = [sql.term(term.forms) for term in terms]
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
    for level in levels:
        rows = sql.ranked_window(at_least(sql, terms, phrases, level), filters, RANK_WINDOW)
        for page_id, _score, _published in _ordered([row for row in rows if row[0] not in matched]):
            matched[page_id] = level
            found.append(page_id)
        if len(found) >= wanted:
            break
    total = sql.count(at_least(sql, terms, phrases, levels[-1]), filters)
    total = max(total, len(found))
    page_ids = found[offset: offset + limit]
    return Results(
        total=total,
        total_is_exact=total < COUNT_LIMIT,
        articles=_load(page_ids),
        has_more=len(found) > offset + limit or (total > offset + limit and len(found) >= wanted),
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
