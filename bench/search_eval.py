"""Search quality: recall@10 and MRR of Khabar's Arabic search against Wagtail's stock search, on SQLite
and PostgreSQL, over a generated corpus and the evaluation set in ``searchlib/cases.py``.

    .venv/bin/python bench/search_eval.py [--size 2000] [--pg-url postgres://postgres@127.0.0.1:5432/x]

Every system runs in its own process on its own database (a temporary SQLite file, or a dedicated
PostgreSQL database named khabar_bench_search_<system>), loads the same seeded corpus and answers the same
queries; this process scores them. The systems:

* Khabar (SQLite, PostgreSQL): Khabar's analysis and ranking (most words, then relevance);
* Khabar, all words: the same analysis with every word required, as Wagtail's ``.search()`` does;
* light10 only: the light10 stem of each word, no other forms, every word required (SQLite);
* Wagtail database search, no Arabic analysis (SQLite FTS5 ``unicode61``);
* PostgreSQL ``arabic``: Wagtail's PostgreSQL search with PostgreSQL's Snowball ``arabic`` configuration.

A query's relevant articles are those that mention all of its concepts (by the generator's record, not by
text), so no analyser is favoured. recall@10 counts the relevant articles in the first ten results, over
min(10, how many there are); MRR is 1 / the rank of the first relevant one.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from searchlib import cases as case_data  # noqa: E402
from searchlib import corpus, harness  # noqa: E402

SYSTEMS = [
    # (label, system, database, variant)
    ("Khabar, SQLite", "khabar", "sqlite", "khabar"),
    ("Khabar, PostgreSQL", "khabar", "postgres", "khabar"),
    ("Khabar analysis, all words (AND), SQLite", "khabar", "sqlite", "khabar-and"),
    ("light10 forms only, all words (AND), SQLite", "light10", "sqlite", "khabar-and"),
    ("Wagtail database search, no Arabic analysis, SQLite", "wagtail", "sqlite", "wagtail"),
    ("Wagtail database search, no Arabic analysis, PostgreSQL", "wagtail", "postgres", "wagtail"),
    ("Wagtail PostgreSQL search, config 'arabic'", "pg-arabic", "postgres", "wagtail"),
]


def light10_only():
    """Make the analysis keep light10's primary form of each word and nothing else (bench comparison)."""
    from khabar.arabic import analysis
    from khabar.arabic.stem import stems
    from khabar.search import query

    def primary_only(tokens, split_compounds=True):
        return [analysis.WordForms(stems(token).primary, frozenset([stems(token).primary])) for token in tokens]

    analysis.word_forms = primary_only
    query.compound_split = lambda token: None


def worker(args):
    """Build one system's database and index, answer every query, print the top ten as JSON."""
    name = f"khabar_bench_search_{args.system.replace('-', '_')}"
    if args.database == "postgres":
        url = harness.pg_url(name)
        harness.recreate_pg_database(url)
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='khabar-eval-')}/eval.sqlite3"
    harness.setup(url, args.system)
    if args.system == "light10":
        light10_only()
    cases = case_data.load()
    articles = corpus.generate(args.size, cases, seed=args.seed)
    harness.load(articles)
    build_seconds = harness.build_index()
    numbers = harness.article_numbers()

    from khabar.news.models import ArticlePage
    from khabar.search import engine
    from khabar.search.query import parse

    answers = {}
    for variant in args.variants.split(","):
        ranked = {}
        for case in cases:
            if variant == "wagtail":
                ids = [page.pk for page in ArticlePage.objects.live().search(case.query)[:10]]
            else:
                results = engine.search(parse(case.query), limit=10, require_all=variant == "khabar-and")
                ids = [article.pk for article in results.articles]
            ranked[case.query] = [numbers[pk] for pk in ids if pk in numbers]
        answers[variant] = ranked
    print(json.dumps({"build_seconds": build_seconds, "answers": answers}, ensure_ascii=False))


def score(cases, articles, ranked):
    """(recall@10, MRR) over ``cases``."""
    recalls, reciprocal = [], []
    for case in cases:
        relevant = {i for i, article in enumerate(articles) if case.concepts <= article.concepts}
        top = ranked.get(case.query, [])[:10]
        hits = [i for i in top if i in relevant]
        recalls.append(len(hits) / min(10, len(relevant)) if relevant else 0.0)
        first = next((rank for rank, i in enumerate(top, start=1) if i in relevant), None)
        reciprocal.append(1 / first if first else 0.0)
    return sum(recalls) / len(recalls), sum(reciprocal) / len(reciprocal)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000, help="articles in the corpus (default 2000)")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--pg-url", help="a PostgreSQL URL whose server may host the bench databases")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--system", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--variants", help=argparse.SUPPRESS)
    parser.add_argument("--show-misses", action="store_true", help="list the queries Khabar misses")
    args = parser.parse_args()
    if args.pg_url:
        os.environ["KHABAR_BENCH_PG_URL"] = args.pg_url
    if args.worker:
        return worker(args)

    cases = case_data.load()
    articles = corpus.generate(args.size, cases, seed=args.seed)
    hard = [case for case in cases if case.hard]
    easy = [case for case in cases if not case.hard]
    pg_up = harness.pg_available(harness.pg_url("postgres"))
    print(f"Search evaluation: {len(articles)} generated articles, {len(cases)} queries "
          f"({len(hard)} hard), seed {args.seed}")
    if not pg_up:
        print("PostgreSQL does not answer: its rows are skipped.")

    runs = {}
    for system, database in dict.fromkeys((system, database) for _l, system, database, _v in SYSTEMS):
        if database == "postgres" and not pg_up:
            continue
        variants = [v for _l, s, d, v in SYSTEMS if s == system and d == database]
        started = time.perf_counter()
        command = [sys.executable, __file__, "--worker", "--system", system, "--database", database,
                   "--variants", ",".join(variants), "--size", str(args.size), "--seed", str(args.seed)]
        done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
        if done.returncode != 0:
            print(f"[{system}/{database}] failed:\n{done.stderr[-3000:]}")
            continue
        runs[(system, database)] = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"  {system}/{database}: indexed in {runs[(system, database)]['build_seconds']:.1f} s "
              f"(run {time.perf_counter() - started:.0f} s)", flush=True)

    print()
    print(f"| System | R@10 all ({len(cases)}) | MRR all | R@10 hard ({len(hard)}) | MRR hard | R@10 other ({len(easy)}) |")
    print("|---|---|---|---|---|---|")
    for label, system, database, variant in SYSTEMS:
        run = runs.get((system, database))
        if not run:
            continue
        ranked = run["answers"][variant]
        r_all, m_all = score(cases, articles, ranked)
        r_hard, m_hard = score(hard, articles, ranked)
        r_easy, _m = score(easy, articles, ranked)
        print(f"| {label} | {r_all:.3f} | {m_all:.3f} | {r_hard:.3f} | {m_hard:.3f} | {r_easy:.3f} |")

    print()
    categories = list(dict.fromkeys(case.category for case in cases))
    print("recall@10 by category (Khabar SQLite / Khabar PostgreSQL / Wagtail SQLite / PG arabic):")
    for category in categories:
        subset = [case for case in cases if case.category == category]
        figures = []
        for key, variant in [(("khabar", "sqlite"), "khabar"), (("khabar", "postgres"), "khabar"),
                             (("wagtail", "sqlite"), "wagtail"), (("pg-arabic", "postgres"), "wagtail")]:
            run = runs.get(key)
            figures.append(f"{score(subset, articles, run['answers'][variant])[0]:.2f}" if run else "-")
        print(f"  {category:15} {len(subset):3}  " + " / ".join(figures))

    if args.show_misses and ("khabar", "sqlite") in runs:
        print("\nKhabar (SQLite) queries with recall@10 < 1:")
        ranked = runs[("khabar", "sqlite")]["answers"]["khabar"]
        for case in cases:
            recall, _mrr = score([case], articles, ranked)
            if recall < 1:
                print(f"  {recall:.2f}  [{case.category}] {case.query}")


if __name__ == "__main__":
    main()
