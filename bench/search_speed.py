"""Search speed: index build time and query latency of Khabar's search on 100,000 generated articles,
on SQLite and on PostgreSQL.

    .venv/bin/python bench/search_speed.py [--size 100000] [--repeat 5] [--databases sqlite,postgres]

Each database is set up from scratch in its own process (a temporary SQLite file; the PostgreSQL database
khabar_bench_search_speed): the generated corpus (``searchlib/corpus.py``) is written in bulk, then the
search index is built the way ``khabar reindex`` builds it, which is the figure reported as index build.
Queries are the evaluation set's (``searchlib/cases.py``), each run once to warm the caches and then
``--repeat`` times through ``khabar.search.engine`` (parsing, ranking SQL and loading the articles through
``visible()``); p50/p95 are over all timed runs. The whole results page (snippets, highlighting, template)
is timed once per query as well.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from searchlib import cases as case_data  # noqa: E402
from searchlib import corpus, harness  # noqa: E402


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def worker(args):
    reuse = bool(args.reuse)
    if args.database == "postgres":
        url = harness.pg_url(args.reuse or "khabar_bench_search_speed")
        if not reuse:
            harness.recreate_pg_database(url)
    else:
        path = args.reuse or f"{tempfile.mkdtemp(prefix='khabar-speed-')}/speed.sqlite3"
        url = f"sqlite:///{path}"
    harness.setup(url, "khabar")
    cases = case_data.load()
    generate_seconds = load_seconds = build_seconds = 0.0
    if not reuse:
        started = time.perf_counter()
        articles = corpus.generate(args.size, cases, seed=args.seed)
        generate_seconds = time.perf_counter() - started
        started = time.perf_counter()
        harness.load(articles)
        load_seconds = time.perf_counter() - started
        del articles
        build_seconds = harness.build_index(progress=args.progress)

    from django.db import connection
    from django.test import Client

    from khabar.search import engine
    from khabar.search.query import parse

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyze_seconds = time.perf_counter() - started

    queries = [case.query for case in cases]
    for query in queries:  # warm-up
        engine.search(parse(query))
    timings, totals = [], []
    for _ in range(args.repeat):
        for query in queries:
            started = time.perf_counter()
            results = engine.search(parse(query))
            timings.append(time.perf_counter() - started)
            totals.append(results.total)
    newest = []
    for query in queries:
        started = time.perf_counter()
        engine.search(parse(query), order=engine.NEWEST)
        newest.append(time.perf_counter() - started)
    client = Client()
    pages = []
    for query in queries:
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        pages.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"/search/?q={query} answered {response.status_code}")
    print(json.dumps({
        "generate": generate_seconds, "load": load_seconds, "build": build_seconds, "analyze": analyze_seconds,
        "timings": timings, "newest": newest, "pages": pages, "median_total": statistics.median(totals),
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="articles (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (default 5)")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--pg-url", help="a PostgreSQL URL whose server may host the bench database")
    parser.add_argument("--progress", action="store_true", help="show the index build's progress bar")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", help=argparse.SUPPRESS)  # an already built database: time queries only
    args = parser.parse_args()
    if args.pg_url:
        os.environ["KHABAR_BENCH_PG_URL"] = args.pg_url
    if args.worker:
        return worker(args)

    print(f"Search speed: {args.size} generated articles, {len(case_data.load())} queries × {args.repeat} runs")
    rows = []
    for database in args.databases.split(","):
        if database == "postgres" and not harness.pg_available(harness.pg_url("postgres")):
            print("PostgreSQL does not answer: skipped.")
            continue
        command = [sys.executable, __file__, "--worker", "--database", database, "--size", str(args.size),
                   "--repeat", str(args.repeat), "--seed", str(args.seed)]
        if args.progress:
            command.append("--progress")
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=None if args.progress else subprocess.PIPE,
                              text=True, env=os.environ.copy())
        if done.returncode != 0:
            print(f"[{database}] failed:\n{(done.stderr or '')[-3000:]}")
            continue
        result = json.loads(done.stdout.strip().splitlines()[-1])
        ms = [t * 1000 for t in result["timings"]]
        newest = [t * 1000 for t in result["newest"]]
        pages = [t * 1000 for t in result["pages"]]
        rows.append((database, result, ms, newest, pages))
        print(f"  {database}: generated {result['generate']:.0f} s, written {result['load']:.0f} s, "
              f"index built {result['build']:.0f} s, ANALYZE {result['analyze']:.1f} s", flush=True)

    print()
    print("| Database | Articles | Index build | Query p50 | Query p95 | Query max | Newest-first p95 | Page p50 | Page p95 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for database, result, ms, newest, pages in rows:
        print(f"| {database} | {args.size} | {result['build']:.0f} s | {percentile(ms, .5):.1f} ms | "
              f"{percentile(ms, .95):.1f} ms | {max(ms):.1f} ms | {percentile(newest, .95):.1f} ms | "
              f"{percentile(pages, .5):.1f} ms | {percentile(pages, .95):.1f} ms |")


if __name__ == "__main__":
    main()
