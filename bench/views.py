"""Beacon throughput for each views backend at 32 and 256 concurrent clients, with the exactness check.

For each backend it starts ``khabar serve`` itself (production mode: Granian, 2 worker processes × 4 threads,
the production entry point with the beacon's fast path and the page cache, the periodic jobs beside it, so
the redis backend's counts are flushed to the database during the run) on a fresh database holding one
article with an imported count of 286, then sends one beacon per simulated reader
(each with its own cookie and address, over keep-alive connections) and prints requests per second, latency
percentiles, and whether the count rose by exactly the number of readers, as readers see it (GET) and, for
the redis backend, in the database after ``khabar flush-views``.

    .venv/bin/python bench/views.py                     # every backend whose server answers
    .venv/bin/python bench/views.py --backends db-sqlite --requests 2000
    .venv/bin/python bench/views.py --backends redis --wrk 10   # and wrk for 10 s at each concurrency

The Python clients share the machine's CPUs with the server and cost about as much per request as the
beacon does; ``--wrk`` also drives the beacon from wrk (a C client, one distinct reader per request from a
Lua script), which leaves the server more of the machine. wrk stops mid-request, so the beacon may count up
to one request per connection that wrk never reads: its check is counted − answered between 0 and the
number of connections, with no failed request.

Backends: ``db-sqlite`` (the default install), ``db-postgres`` (PostgreSQL on 127.0.0.1:5432, a throw-away
database), ``redis`` (Redis on 127.0.0.1:6379, counting there; SQLite behind it). Figures on a shared
2-core machine are noisy: compare the backends within one run.
"""

import argparse
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.views_counter import live  # noqa: E402

PG_ADMIN_URL = os.environ.get("KHABAR_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("KHABAR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


def answers(host, port):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


class Site:
    """A database with the seeded article, for one backend; ``stored()`` reads the article's stored count."""

    def __init__(self, backend, workdir):
        self.backend = backend
        self.workdir = Path(workdir)
        self.pg_name = None
        if backend == "db-postgres":
            import psycopg

            self.pg_name = f"khabar_beacon_bench_{secrets.token_hex(4)}"
            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.pg_name}"')
            self.url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.pg_name
        else:
            self.path = self.workdir / f"{backend}.sqlite3"
            self.url = f"sqlite:///{self.path}"
        counting = "redis" if backend == "redis" else "db"
        self.env = live.base_env(self.url, backend=counting, redis_url=REDIS_URL if counting == "redis" else None,
                                 var_dir=self.workdir, page_cache=True)
        print(f"[{backend}] migrating and seeding a fresh database…", flush=True)
        self.public_id, self.pk = live.seed(self.env, migrate=True)

    def stored(self):
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.url) as conn:
                row = conn.execute("SELECT views FROM news_articleviewcount WHERE article_id = %s",
                                   [self.pk]).fetchone()
            return row[0] if row else 0
        return live.sqlite_views(self.path, self.pk)

    def drop(self):
        if self.env.get("KHABAR_REDIS_URL"):
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(self.env["KHABAR_VIEWS_REDIS_PREFIX"] + ":*"))
            if keys:
                client.delete(*keys)
        if self.pg_name:
            import psycopg

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


# One distinct reader per request (its own 22-character cookie id and address), for wrk's Lua.
WRK_SCRIPT = """
local count = 0
local next_thread = 0
function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end
function init(args)
  tag = args[1]
end
function request()
  count = count + 1
  local n = tid * 100000000 + count
  local headers = {["Cookie"] = string.format("khabar_vid=w%s%017d", tag, n),
                   ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256,
                                                       math.floor(n / 256) % 256, n % 256),
                   ["User-Agent"] = "__USER_AGENT__", ["Content-Length"] = "0"}
  return wrk.format("POST", nil, headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %.2f %.2f\\n", summary.requests, summary.duration,
           e.status, e.connect, e.read, e.write, e.timeout, latency:percentile(50) / 1000,
           latency:percentile(99) / 1000))
end
"""


def cpu_seconds(session=None, command=None):
    """CPU seconds used so far by the processes of a session (the server and its workers and job runner) or
    of a command name (the local redis-server), from /proc; None where there is no /proc."""
    total, tick, found = 0.0, os.sysconf("SC_CLK_TCK"), False
    for pid in filter(str.isdigit, os.listdir("/proc") if os.path.isdir("/proc") else []):
        try:
            comm = Path(f"/proc/{pid}/comm").read_text().strip()
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if (session is not None and int(fields[3]) == session) or comm == command:
            total += (int(fields[11]) + int(fields[12])) / tick
            found = True
    return total if found else None


class CpuMeter:
    """CPU per beacon of the server and of Redis: unlike requests per second, it does not move with whatever
    else the machine is running, and it says how many beacons the cores could answer if they had nothing else
    to do (``capacity``; the client's own CPU not counted)."""

    def __init__(self, server):
        self.session = server.process.pid  # LiveServer starts the server in a session of its own

    def __enter__(self):
        self.start = (cpu_seconds(session=self.session), cpu_seconds(command="redis-server"))
        return self

    def __exit__(self, *exc):
        self.end = (cpu_seconds(session=self.session), cpu_seconds(command="redis-server"))

    def per_request(self, requests):
        """(server µs, redis µs) per request; None for what could not be read."""
        return tuple(None if a is None or b is None else (b - a) / requests * 1e6
                     for a, b in zip(self.start, self.end, strict=True))


def settled_count(url, public_id, quiet=1.0, limit=60):
    """The count once it has stopped moving for ``quiet`` seconds."""
    count, deadline = live.get_count(url, public_id), time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(quiet)
        count, previous = live.get_count(url, public_id), count
        if count == previous:
            break
    return count


def wrk_volley(server, public_id, concurrency, seconds, tag, workdir):
    """wrk for ``seconds`` at ``concurrency`` connections; the row of the table, with its exactness check."""
    script = Path(workdir) / "beacon.lua"
    script.write_text(WRK_SCRIPT.replace("__USER_AGENT__", live.BROWSER_UA))
    before = live.get_count(server.url, public_id)
    with CpuMeter(server) as meter:
        out = subprocess.run(["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", "--latency", "-s", str(script),  # noqa: S607
                              f"{server.url}/api/views/{public_id}/", "--", tag],
                             capture_output=True, text=True, check=True).stdout
        after = settled_count(server.url, public_id)  # the requests wrk abandoned at its deadline finish first
    answered, micros, status, *socket_errors, p50, p99 = re.search(r"RESULT (.*)", out).group(1).split()
    answered, failed = int(answered) - int(status), int(status) + sum(int(n) for n in socket_errors)
    unread = after - before - answered
    return {"clients": concurrency, "requests": int(answered), "rps": int(answered) / (int(micros) / 1e6),
            "p50": float(p50), "p99": float(p99), "failed": failed, "delta": after - before,
            "cpu": meter.per_request(after - before),
            "exact": failed == 0 and 0 <= unread <= concurrency, "label_exact": f"counted - answered = {unread}"}


def run_backend(backend, workdir, concurrencies, requests, wrk_seconds=0):
    site = Site(backend, workdir)
    rows = []
    first_visitor = 0
    try:
        with live.LiveServer(site.env, serve=True) as server:
            warmup = live.fire(server.url, site.public_id, [live.visitor(n) for n in range(200)], 32)
            first_visitor = 200
            assert not warmup.failures(), warmup.failures()[:3]
            for concurrency in concurrencies:
                before = live.get_count(server.url, site.public_id)
                visitors = [live.visitor(first_visitor + n) for n in range(requests)]
                first_visitor += requests
                with CpuMeter(server) as meter:
                    volley = live.fire(server.url, site.public_id, visitors, concurrency)
                after = live.get_count(server.url, site.public_id)
                failures = volley.failures()
                cuts = statistics.quantiles(volley.latencies, n=100)
                rows.append({
                    "backend": backend, "clients": concurrency, "requests": requests,
                    "rps": requests / volley.seconds, "p50": cuts[49] * 1000, "p99": cuts[98] * 1000,
                    "failed": len(failures), "exact": after - before == requests and not failures,
                    "delta": after - before, "cpu": meter.per_request(requests),
                })
                if failures:
                    print(f"[{backend}] e.g. {failures[:2]}\n{server.output()[-2000:]}", flush=True)
            if wrk_seconds:
                for n, concurrency in enumerate(concurrencies):
                    row = wrk_volley(server, site.public_id, concurrency, wrk_seconds, f"{n:04d}", workdir)
                    first_visitor += row["delta"]
                    rows.append({"backend": backend, "client": "wrk", **row})
            with CpuMeter(server) as meter:
                baseline = live.fire(server.url, site.public_id, [{}] * requests, concurrencies[0],
                                     send=live.get_view)
            rows.append({
                "backend": backend, "clients": concurrencies[0], "requests": requests, "label": "GET (read only)",
                "rps": requests / baseline.seconds, "p50": statistics.quantiles(baseline.latencies, n=100)[49] * 1000,
                "p99": statistics.quantiles(baseline.latencies, n=100)[98] * 1000,
                "failed": len(baseline.failures()), "exact": True, "delta": 0, "cpu": meter.per_request(requests),
            })
            expected_total = 286 + first_visitor
            if backend == "redis":
                live.run_khabar(site.env, "flush-views")
            stored = site.stored()
            for row in rows:
                row["stored_ok"] = stored == expected_total
            print(f"[{backend}] stored count {stored}, expected {expected_total}", flush=True)
    finally:
        site.drop()
    return rows


def cpu_columns(row, uses_redis):
    """'server+redis' µs per request, and the requests/s the machine's cores would serve at that cost."""
    server, redis_cpu = row.get("cpu") or (None, None)
    if server is None:
        return f"{'-':>14} {'-':>7}"
    spent = server + ((redis_cpu or 0) if uses_redis else 0)
    label = f"{server:.0f}+{redis_cpu:.0f}" if uses_redis and redis_cpu is not None else f"{server:.0f}"
    return f"{label:>14} {(os.cpu_count() or 1) * 1e6 / spent:>7.0f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="db-sqlite,db-postgres,redis")
    parser.add_argument("--clients", default="32,256", help="comma-separated concurrencies")
    parser.add_argument("--requests", type=int, default=3000, help="beacons (distinct readers) per measurement")
    parser.add_argument("--wrk", type=int, default=0, metavar="SECONDS",
                        help="also drive the beacon from wrk for this long at each concurrency (needs wrk)")
    args = parser.parse_args()
    if args.wrk and not shutil.which("wrk"):
        parser.error("--wrk needs wrk (apt-get install wrk)")
    concurrencies = [int(c) for c in args.clients.split(",")]
    available = {"db-sqlite": True, "db-postgres": answers("127.0.0.1", 5432), "redis": answers("127.0.0.1", 6379)}
    rows = []
    with tempfile.TemporaryDirectory(prefix="khabar-bench-views-") as workdir:
        for backend in args.backends.split(","):
            if not available.get(backend):
                print(f"[{backend}] skipped: its server does not answer", flush=True)
                continue
            rows += run_backend(backend, workdir, concurrencies, args.requests, args.wrk)

    print()
    print(f"Beacon throughput (POST /api/views/<id>/, one distinct reader per request; server: khabar serve, "
          f"2 workers x 4 threads; {os.cpu_count()} CPUs)")
    print(f"{'backend':<12} {'client':<6} {'clients':>7} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'failed':>6} {'CPU µs/req':>14} {'by CPU':>7}  exact (count, stored)")
    for row in rows:
        exact = "yes" if row["exact"] else f"NO (+{row['delta']})"
        if row.get("label_exact"):
            exact += f" ({row['label_exact']})"
        check = row.get("label") or f"{exact}, {'yes' if row['stored_ok'] else 'NO'}"
        print(f"{row['backend']:<12} {row.get('client', 'python'):<6} {row['clients']:>7} {row['requests']:>8} "
              f"{row['rps']:>8.0f} {row['p50']:>8.1f} {row['p99']:>8.1f} {row['failed']:>6} "
              f"{cpu_columns(row, uses_redis=row['backend'] == 'redis')}  {check}")
    print("CPU µs/req: the server's processes (+ redis-server's, for the redis backend) per request; by CPU: the "
          "requests/s all the machine's cores would serve at that cost, the client's own CPU not counted")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (1 min)")
    if not all(row["exact"] and row.get("stored_ok", True) and not row["failed"] for row in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
