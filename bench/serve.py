"""`make bench`: Khabar in production mode under load, beside nginx serving the same bytes as a static file.

For the home, section, article and search pages and the view beacon, on SQLite and on PostgreSQL + Redis,
with the page cache on and off, at 32 and 256 connections, it prints requests/s, p50 and p99 latency, and
each figure as a ratio to nginx serving the article's bytes from a file in the same run (the physical limit
of this machine). It also measures the article through the documented nginx reverse proxy
(deploy/nginx/khabar-proxy.conf), the memory of each worker, and the article's transfer size.

    .venv/bin/python bench/serve.py                      # everything (about 10 minutes)
    .venv/bin/python bench/serve.py --backends sqlite --cache on --connections 32 --duration 5

The database of 10,000 articles is generated once (`khabar generate-articles`) under var/bench/ and in the
PostgreSQL database khabar_bench, and reused by later runs. wrk and nginx come from Debian (apt-get install
-y wrk nginx); without them the bench says so and stops, or measures without nginx (--no-nginx).
"""

import argparse
import contextlib
import json
import os
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
SEARCH_WORD = "حلب"

BEACON_LUA = r"""
-- One POST per request, each from a reader never seen before (a fresh khabar_vid cookie), so every view
-- is one the counter must count.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  nonce = args[1]
  n = 0
  wrk.method = "POST"
  wrk.headers["User-Agent"] = "BROWSER_UA"
  wrk.headers["Content-Length"] = "0"
end
function request()
  n = n + 1
  wrk.headers["Cookie"] = string.format("khabar_vid=%s%02d%014d", nonce, tid, n)
  return wrk.format()
end
""".replace("BROWSER_UA", BROWSER)


def log(message):
    print(message, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, headers=None, method="GET", data=None):
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def wait_for(url, process=None, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            if fetch(url)[0] < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


# --- tools ------------------------------------------------------------------------------------------------
def ensure_tools(want_nginx, install):
    missing = [tool for tool in ["wrk", *(["nginx"] if want_nginx else [])] if not shutil.which(tool)]
    if missing and install and os.geteuid() == 0 and shutil.which("apt-get"):
        log(f"Installing {' '.join(missing)} from Debian (apt-get install -y {' '.join(missing)})…")
        result = subprocess.run(["apt-get", "install", "-y", *missing], capture_output=True, text=True)
        if result.returncode != 0:
            log(result.stdout[-2000:] + result.stderr[-2000:])
        missing = [tool for tool in missing if not shutil.which(tool)]
    if "wrk" in missing:
        log("SKIPPED: wrk is not installed (apt-get install -y wrk); nothing can be measured without it.")
        sys.exit(0)
    if "nginx" in missing:
        log("nginx is not installed (apt-get install -y nginx): measuring without the static-file limit.")
        return False
    return want_nginx


# --- load -------------------------------------------------------------------------------------------------
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


@dataclass
class Load:
    rps: float
    p50: float
    p99: float
    requests: int
    errors: int
    error_detail: str = ""
    cpu: float = 0.0  # CPU seconds the server's processes and wrk spent on these requests

    @property
    def capacity(self):
        """Requests a second these processes would answer with every core to themselves: requests over the
        CPU time they took, times the cores. Unlike wall-clock throughput, it does not move when other
        programs on a shared machine take the CPU for a while."""
        return CORES * self.requests / self.cpu if self.cpu else 0.0


CORES = len(os.sched_getaffinity(0))
_TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu(pids):
    """CPU seconds used so far by the processes ``pids`` and all their descendants (reaped ones included)."""
    total, seen, stack = 0.0, set(), list(pids)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15]) / _TICKS  # utime stime cutime cstime
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                stack.extend(int(child) for child in children.read_text().split())
        except (OSError, ValueError):
            continue
    return total


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(url, connections, duration, script=None, script_args=(), headers=(), servers=()):
    """One wrk run; ``servers`` are the root pids of the processes answering, whose CPU time is counted."""
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "30s"]
    for header in headers:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    command.append(url)
    if script_args:
        command += ["--", *script_args]
    server_cpu, wrk_cpu = tree_cpu(servers), children_cpu()
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    cpu = tree_cpu(servers) - server_cpu + children_cpu() - wrk_cpu if servers else 0.0
    output = result.stdout
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        requests = int(re.search(r"(\d+) requests in", output).group(1))
        p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)) if requests else 0.0
        p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)) if requests else 0.0
    except AttributeError:
        # wrk exits without figures when nothing at all came back in time: a result, not a crash.
        reason = (result.stderr.strip() or f"wrk exited with {result.returncode}").splitlines()[-1]
        return Load(0.0, 0.0, 0.0, 0, 1, f"no answer within the run ({reason})")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    detail = ", ".join(filter(None, [non2xx and f"{non2xx.group(1)} non-2xx", sockets and sockets.group(0)]))
    return Load(rps, p50, p99, requests, errors, detail, cpu)


# --- the servers ------------------------------------------------------------------------------------------
@dataclass
class Backend:
    name: str
    env: dict = field(default_factory=dict)
    flush_redis: object = None  # empties the bench's own Redis database before each server starts
    reset: object = None  # drops the bench's own database, to be migrated and generated again


def khabar_env(var_dir, backend, page_cache=True):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("KHABAR_", "DJANGO_"))}
    secret_file = var_dir / "secret_key"
    if not secret_file.exists():
        secret_file.write_text(secrets.token_urlsafe(50))
    env.update(
        DJANGO_SETTINGS_MODULE="khabar.settings", KHABAR_VAR_DIR=str(var_dir),
        KHABAR_SECRET_KEY=secret_file.read_text().strip(), KHABAR_HTTPS="0",
        KHABAR_ALLOWED_HOSTS="127.0.0.1,localhost", KHABAR_LOG_LEVEL="ERROR",
        KHABAR_PAGE_CACHE="1" if page_cache else "0",
        # The beacon's per-address limit would stop a load test from one address after 600 requests.
        KHABAR_VIEWS_RATE_PER_ADDRESS="1000000000", KHABAR_VIEWS_RATE_PER_VISITOR="1000000000",
    )
    env.update(backend.env)
    return env


def khabar(env, *args, check=True):
    return subprocess.run([PYTHON, "-m", "khabar", *args], env=env, cwd=REPO, check=check, text=True,
                          stdout=subprocess.PIPE, stderr=None)


SITE_FACTS = """
import json
from django.db.models import Max
from khabar.news.models import ArticlePage, SectionPage
articles = ArticlePage.objects.visible()
section = SectionPage.objects.live().order_by("path").first()
ids = list(articles.newest_first().values_list("public_id", flat=True)[:200])
print(json.dumps({"articles": articles.count(), "section": section.url if section else None,
                  "article": ids[len(ids) // 2] if ids else None, "beacon": ids[-1] if ids else None}))
"""


def site_facts(env):
    output = khabar(env, "shell", "-c", SITE_FACTS).stdout
    return json.loads(output.strip().splitlines()[-1])


def prepare_data(backend, var_dir, articles):
    env = khabar_env(var_dir, backend)
    log(f"[{backend.name}] migrating…")
    if khabar(env, "migrate", "--no-input", "-v0", check=False).returncode != 0:
        # The code's migrations were rewritten since this database was made: it is the bench's own, start over.
        log(f"[{backend.name}] the bench database no longer matches the migrations; rebuilding it")
        backend.reset()
        (var_dir / f"indexed-{backend.name}").unlink(missing_ok=True)
        khabar(env, "migrate", "--no-input", "-v0")
    facts = site_facts(env)
    if facts["articles"] < articles:
        missing = articles - facts["articles"]
        log(f"[{backend.name}] generating {missing} articles…")
        started = time.monotonic()
        khabar(env, "generate-articles", str(missing))
        log(f"[{backend.name}] {missing} articles generated in {time.monotonic() - started:.0f} s")
        facts = site_facts(env)
    # The search index is rebuilt when the articles or the migrations (the index's own tables) changed.
    state = khabar(env, "showmigrations", "--plan").stdout + str(facts["articles"])
    marker = var_dir / f"indexed-{backend.name}"
    if khabar(env, "help", "reindex", check=False).returncode == 0 and (
            not marker.exists() or marker.read_text() != state):
        log(f"[{backend.name}] building the search index…")
        khabar(env, "reindex")
        marker.write_text(state)
    return facts


class Server:
    """`khabar serve` as an operator runs it, on a free port."""

    def __init__(self, env, workers):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [PYTHON, "-m", "khabar", "serve", "--port", str(self.port), "--workers", str(workers)],
            env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=None, start_new_session=True,
        )
        wait_for(self.url + "/healthz", self.process)

    def worker_memory(self):
        """[(pid, RSS MB, PSS MB, anonymous RSS MB)] of the granian worker processes. RSS also counts the
        pages of the SQLite file a worker has mapped (shared, dropped at no cost); the anonymous part is the
        worker's own heap."""
        def children(pid):
            path = Path(f"/proc/{pid}/task/{pid}/children")
            return [int(p) for p in path.read_text().split()] if path.exists() else []

        def kilobytes(path, label):
            for line in Path(path).read_text().splitlines():
                if line.startswith(label):
                    return int(line.split()[1])
            return 0

        workers = []
        for child in children(self.process.pid):
            if "granian" in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace"):
                for worker in children(child):
                    rss = kilobytes(f"/proc/{worker}/status", "VmRSS:") / 1024
                    pss = kilobytes(f"/proc/{worker}/smaps_rollup", "Pss:") / 1024
                    anonymous = kilobytes(f"/proc/{worker}/status", "RssAnon:") / 1024
                    workers.append((worker, rss, pss, anonymous))
        return workers

    def drain(self, timeout=300):
        """Wait until the server answers /healthz promptly again: requests wrk gave up on are still being
        processed after it stops, and would otherwise be counted against the next measurement."""
        deadline, prompt = time.monotonic() + timeout, 0
        while time.monotonic() < deadline and prompt < 4:  # four in a row: each worker has had its say
            started = time.monotonic()
            with contextlib.suppress(OSError):
                fetch(self.url + "/healthz")
            prompt = prompt + 1 if time.monotonic() - started < 0.2 else 0
            if not prompt:
                time.sleep(0.5)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


NGINX_CONF = """
worker_processes {workers};
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{user}
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    keepalive_timeout 65;
    types {{ text/html html; }}
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {repo}/deploy/nginx/khabar-maps.conf;
    proxy_cache_path {tmp}/cache levels=1:2 keys_zone=khabar_pages:10m max_size=200m inactive=10m use_temp_path=off;
    upstream khabar {{ server 127.0.0.1:{khabar_port}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{static_port};
        root {tmp}/www;
    }}
    server {{
        listen 127.0.0.1:{proxy_port};
        include {repo}/deploy/nginx/khabar-proxy.conf;
    }}
}}
"""


class Nginx:
    def __init__(self, article_bytes, khabar_port, workers):
        self.tmp = Path(tempfile.mkdtemp(prefix="khabar-bench-nginx-"))
        (self.tmp / "www").mkdir()
        (self.tmp / "www" / "article.html").write_bytes(article_bytes)
        self.static_port, self.proxy_port = free_port(), free_port()
        user = "user root;" if os.geteuid() == 0 else ""
        (self.tmp / "nginx.conf").write_text(NGINX_CONF.format(
            workers=workers, tmp=self.tmp, repo=REPO, khabar_port=khabar_port, static_port=self.static_port,
            proxy_port=self.proxy_port, user=user))
        self.process = subprocess.Popen(
            ["nginx", "-c", str(self.tmp / "nginx.conf"), "-p", str(self.tmp), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.static_url = f"http://127.0.0.1:{self.static_port}/article.html"
        self.proxy_base = f"http://127.0.0.1:{self.proxy_port}"
        wait_for(self.static_url, self.process, timeout=20)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


# --- the run ----------------------------------------------------------------------------------------------
@dataclass
class Row:
    backend: str
    cache: str
    page: str
    connections: int
    load: Load
    note: str = ""
    static: Load = None  # nginx serving the article file just before this row, at the same connections


class Bench:
    def __init__(self, args):
        self.args = args
        self.rows = []
        self.static = {}  # connections -> [Load, …] for nginx serving the article file
        self.memory = {}
        self.transfer = None
        self.beacon_exact = {}
        self.article_bytes = None

    def measure(self, url, connections, server, warm=True, pids=None, **kwargs):
        """wrk on ``url``; afterwards, wait until ``server`` has finished what wrk abandoned, so that one
        figure's backlog never slows the next."""
        if warm and self.args.warmup:
            wrk(url, connections, self.args.warmup, **kwargs)
            server.drain()
        elif not warm:
            with contextlib.suppress(OSError):
                fetch(url)  # one request loads the code and the database pages, without a queue to drain
        load = wrk(url, connections, self.args.duration, servers=pids or [server.process.pid], **kwargs)
        server.drain()
        return load

    def row(self, backend, cache, page, url, connections, server, nginx=None):
        """One figure. With nginx, the static file is measured just before, at the same connections: the
        machine is shared, and a ratio means something only between two figures taken together."""
        static = None
        if nginx is not None:
            static = wrk(nginx.static_url, connections, max(2, self.args.duration // 2), servers=[nginx.process.pid])
            self.static.setdefault(connections, []).append(static)
        pids = [server.process.pid] + ([nginx.process.pid] if cache == "proxy" else [])
        load = self.measure(url, connections, server, warm=cache != "off", pids=pids)
        self.add(Row(backend, cache, page, connections, load, static=static))

    def measure_static(self, nginx):
        for connections in self.args.connections:
            load = wrk(nginx.static_url, connections, self.args.duration, servers=[nginx.process.pid])
            self.static.setdefault(connections, []).append(load)
            log(f"  nginx static article, {connections} connections: {load.rps:,.0f} req/s, p99 {load.p99:.2f} ms, "
                f"{load.capacity:,.0f} req/s by CPU time")

    def static_rps(self, connections):
        loads = self.static.get(connections)
        return sum(load.rps for load in loads) / len(loads) if loads else None

    def static_capacity(self, connections):
        loads = [load for load in self.static.get(connections, []) if load.capacity]
        return sum(load.capacity for load in loads) / len(loads) if loads else None

    def cpu_ratio(self, row):
        base = self.static_capacity(row.connections)
        return row.load.capacity / base if base and row.load.capacity else None

    def base(self, row):
        return row.static.rps if row.static and row.static.rps else self.static_rps(row.connections)

    def add(self, row):
        self.rows.append(row)
        base = self.base(row)
        ratio = f", {row.load.rps / base:.3f} of nginx static ({base:,.0f})" if base else ""
        cpu_ratio = self.cpu_ratio(row)
        if cpu_ratio is not None:
            ratio += f"; by CPU time {row.load.capacity:,.0f} req/s, {cpu_ratio:.3f} of nginx"
        errors = f", ERRORS: {row.load.error_detail}" if row.load.errors else ""
        log(f"  {row.backend} cache {row.cache} {row.page} @{row.connections}: {row.load.rps:,.0f} req/s, "
            f"p50 {row.load.p50:.2f} ms, p99 {row.load.p99:.2f} ms{ratio}{errors}{row.note}")

    def pages(self, facts):
        query = urllib.parse.quote(SEARCH_WORD)
        urls = {"home": "/", "section": facts["section"], "article": f"/a/{facts['article']}/",
                "search": f"/search/?q={query}"}
        return {name: url for name, url in urls.items() if name in self.args.pages}

    def beacon(self, server, backend, facts, script):
        url = f"{server.url}/api/views/{facts['beacon']}/"
        def settled_count():
            """The count once it stops moving: abandoned requests of a previous run may still be landing."""
            last = None
            while True:
                current = json.loads(fetch(url)[2])["views"]
                if current == last:
                    return current
                last = current
                time.sleep(1.5)

        for connections in self.args.connections:
            before = settled_count()
            load = wrk(url, connections, self.args.duration, script=script, script_args=[secrets.token_hex(3)],
                       servers=[server.process.pid])
            server.drain()  # requests wrk abandoned at the end may still be finishing
            after = settled_count()
            counted = after - before
            answered = load.requests - load.errors
            exact = counted == answered or (0 <= counted - answered <= connections)
            self.beacon_exact[(backend.name, connections)] = (counted, answered, exact)
            note = f", {counted:,} views counted for {answered:,} answered ({'exact' if exact else 'MISMATCH'})"
            self.add(Row(backend.name, "-", "beacon", connections,
                         Load(counted / self.args.duration, load.p50, load.p99, load.requests, load.errors,
                              load.error_detail, load.cpu), note))

    def transfer_size(self, server, facts):
        """What a phone downloads for the article page: HTML, CSS and JS with brotli, no images or fonts."""
        headers = {"Accept-Encoding": "br, gzip"}
        status, _, body = fetch(f"{server.url}/a/{facts['article']}/", headers)
        _, _, plain = fetch(f"{server.url}/a/{facts['article']}/")
        page = plain.decode()
        assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page)
        assets += re.findall(r'<script[^>]+src="([^"]+)"', page)
        fonts = re.findall(r'<link[^>]+href="([^"]+\.woff2)"', page)
        sizes = {"html": len(body)}
        static_headers = {}
        for asset in assets:
            status, asset_headers, asset_body = fetch(server.url + asset, headers)
            sizes[asset] = len(asset_body)
            static_headers[asset] = (asset_headers.get("content-encoding", "identity"),
                                     asset_headers.get("cache-control", ""))
        font_bytes = sum(len(fetch(server.url + font)[2]) for font in fonts)
        self.transfer = (sizes, static_headers, font_bytes, len(plain))

    def run_backend(self, backend, var_dir, nginx_wanted):
        facts = prepare_data(backend, var_dir, self.args.articles)
        log(f"[{backend.name}] {facts['articles']:,} articles; measuring")
        script = var_dir / "beacon.lua"
        script.write_text(BEACON_LUA)
        article = f"/a/{facts['article']}/"
        for cache in self.args.cache:
            if backend.flush_redis:
                backend.flush_redis()
            server = Server(khabar_env(var_dir, backend, page_cache=cache == "on"), self.args.workers)
            nginx = None
            try:
                if nginx_wanted:
                    if self.article_bytes is None:
                        self.article_bytes = fetch(server.url + article)[2]
                        log(f"nginx serves the article's {len(self.article_bytes):,} bytes as a file")
                    nginx = Nginx(self.article_bytes, server.port, self.args.workers)
                    if not self.static:
                        self.measure_static(nginx)
                paired = nginx if cache == "on" else None
                for name, path in self.pages(facts).items():
                    for connections in self.args.connections:
                        self.row(backend.name, cache, name, server.url + path, connections, server, paired)
                self.memory[f"{backend.name}, cache {cache}"] = server.worker_memory()
                if cache == "on":
                    if nginx is not None:
                        for connections in self.args.connections:
                            self.row(backend.name, "proxy", "article", nginx.proxy_base + article, connections,
                                     server, nginx)
                    if self.transfer is None:
                        self.transfer_size(server, facts)
                if "beacon" in self.args.pages and cache == self.args.cache[0]:
                    self.beacon(server, backend, facts, str(script))
            finally:
                server.stop()
                if nginx is not None:
                    nginx.stop()

    def static_again(self):
        """nginx once more at the end: the machine is shared, so the limit is the mean of two measurements."""
        if self.article_bytes is None:
            return
        nginx = Nginx(self.article_bytes, free_port(), self.args.workers)
        try:
            self.measure_static(nginx)
        finally:
            nginx.stop()

    # --- report -------------------------------------------------------------------------------------------
    def report(self):
        log("\n== Results ==")
        log("ratio: to nginx serving the same article bytes as a static file, measured just before (wall clock);")
        log("by CPU: requests per CPU-second of the answering processes and wrk, times the cores, as a ratio to")
        log("nginx's figure measured the same way: what the two would do with the machine to themselves.")
        for connections in self.args.connections:
            loads = self.static.get(connections, [])
            if loads:
                figures = " / ".join(f"{load.rps:,.0f}" for load in loads)
                log(f"nginx static article @{connections}: {figures} req/s (mean {self.static_rps(connections):,.0f}); "
                    f"by CPU {self.static_capacity(connections) or 0:,.0f} req/s")
        log(f"{'backend':<16}{'cache':<7}{'page':<9}{'conns':>6}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'ratio':>8}{'by CPU':>10}{'ratio':>8}  errors")
        for row in self.rows:
            base = self.base(row)
            ratio = f"{row.load.rps / base:.3f}" if base else "-"
            cpu_ratio = self.cpu_ratio(row)
            cpu = f"{row.load.capacity:,.0f}" if row.load.capacity else "-"
            log(f"{row.backend:<16}{row.cache:<7}{row.page:<9}{row.connections:>6}{row.load.rps:>10,.0f}"
                f"{row.load.p50:>9.2f}{row.load.p99:>9.2f}{ratio:>8}{cpu:>10}"
                f"{(f'{cpu_ratio:.3f}' if cpu_ratio else '-'):>8}  {row.load.error_detail or 0}")
        for name, workers in self.memory.items():
            figures = ", ".join(f"{rss:.0f} MB RSS ({pss:.0f} PSS, {anonymous:.0f} anonymous)"
                                for _pid, rss, pss, anonymous in workers)
            log(f"memory per worker, {name}, after its page runs: {figures}")
        if self.transfer:
            sizes, static_headers, font_bytes, plain = self.transfer
            total = sum(sizes.values())
            log(f"article transfer (brotli): HTML {sizes['html']:,} B (from {plain:,} B) + CSS/JS "
                f"{total - sizes['html']:,} B = {total / 1024:.1f} KB; fonts (not counted) {font_bytes / 1024:.1f} KB")
            for asset, (encoding, cache_control) in static_headers.items():
                log(f"  {asset}: {encoding}, Cache-Control: {cache_control}")
        self.targets()

    def find(self, backend, cache, page, connections):
        for row in self.rows:
            if (row.backend, row.cache, row.page, row.connections) == (backend, cache, page, connections):
                return row
        return None

    def targets(self):
        log("\n== Targets ==")
        verdicts = []

        def verdict(label, passed, detail):
            if passed is None:
                log(f"  n/a   {label}: {detail}")
                return
            verdicts.append(passed)
            log(f"  {'PASS' if passed else 'FAIL'}  {label}: {detail}")

        base32 = self.static_rps(32)
        for backend in dict.fromkeys(row.backend for row in self.rows):
            row = self.find(backend, "on", "article", 32)
            if row and base32:
                wall, cpu = row.load.rps / self.base(row), self.cpu_ratio(row) or 0
                verdict(f"cached article, khabar serve alone, {backend}", cpu >= 0.15 and row.load.p99 < 20,
                        f"{cpu:.3f} of nginx static by CPU, {wall:.3f} by wall clock (≥ 0.15), "
                        f"p99 {row.load.p99:.2f} ms (< 20) at 32 connections")
            proxy = self.find(backend, "proxy", "article", 32)
            if proxy and base32:
                wall, cpu = proxy.load.rps / self.base(proxy), self.cpu_ratio(proxy) or 0
                verdict(f"cached article through nginx, {backend}", cpu >= 0.6,
                        f"{cpu:.3f} of nginx static by CPU, {wall:.3f} by wall clock (≥ 0.6)")
        row = self.find("sqlite", "off", "article", 32)
        if row:
            verdict("uncached article on SQLite", row.load.capacity >= 400,
                    f"{row.load.capacity:,.0f} req/s by CPU, {row.load.rps:,.0f} by wall clock (≥ 400)")
        for (backend, connections), (counted, answered, exact) in self.beacon_exact.items():
            row = self.find(backend, "-", "beacon", connections)
            if backend == "postgres+redis":
                verdict(f"view beacon on Redis @{connections}", exact and row.load.capacity >= 3000,
                        f"{row.load.capacity:,.0f} views/s by CPU, {row.load.rps:,.0f} by wall clock (≥ 3,000), "
                        f"{'exact' if exact else 'not exact'}")
            else:
                verdict(f"view beacon on SQLite @{connections}", exact and row.load.errors == 0,
                        f"{row.load.errors} errors, {counted:,} counted for {answered:,} answered")
        for name, workers in self.memory.items():
            if workers:
                largest = max(rss for _pid, rss, _pss, _anonymous in workers)
                anonymous = max(anonymous for *_rest, anonymous in workers)
                verdict(f"memory per worker, {name}", largest < 150,
                        f"largest {largest:.0f} MB RSS (< 150), of which {anonymous:.0f} MB its own heap")
        if self.transfer:
            sizes = self.transfer[0]
            total = sum(sizes.values()) / 1024
            verdict("article transfer, HTML + CSS + JS compressed", total < 50, f"{total:.1f} KB (< 50)")
        log(f"\n{sum(verdicts)} of {len(verdicts)} targets met.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=8, help="seconds per measurement (default 8)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each measurement")
    parser.add_argument("--connections", default="32,256")
    parser.add_argument("--backends", default="sqlite,postgres", help="sqlite, postgres (with Redis)")
    parser.add_argument("--cache", default="on,off", help="page cache on, off or both")
    parser.add_argument("--pages", default="home,section,article,search,beacon")
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument("--no-nginx", action="store_true", help="skip the nginx static and proxy figures")
    parser.add_argument("--no-install", action="store_true", help="never apt-get install wrk or nginx")
    parser.add_argument("--pg-url", default=os.environ.get("KHABAR_BENCH_PG_URL",
                                                          "postgres://postgres@127.0.0.1:5432/khabar_bench"))
    parser.add_argument("--redis-url", default=os.environ.get("KHABAR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"))
    parser.add_argument("--var-dir", default=str(REPO / "var" / "bench"))
    args = parser.parse_args(argv)
    args.connections = [int(c) for c in args.connections.split(",") if c]
    args.backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    args.cache = [c.strip() for c in args.cache.split(",") if c.strip()]
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    args.workers = args.workers or len(os.sched_getaffinity(0))
    nginx_wanted = ensure_tools(not args.no_nginx, install=not args.no_install)
    var_dir = Path(args.var_dir)
    var_dir.mkdir(parents=True, exist_ok=True)
    log(f"Khabar serving bench: {args.workers} workers, {args.duration} s per figure, wrk -t2, "
        f"{os.cpu_count()} cores shared with wrk and nginx; load average now {os.getloadavg()[0]:.1f}")
    bench = Bench(args)
    for name in args.backends:
        if name == "sqlite":
            database = var_dir / "khabar.sqlite3"
            backend = Backend("sqlite", {"KHABAR_DATABASE_URL": f"sqlite:///{database}"},
                              reset=lambda database=database: [Path(f"{database}{suffix}").unlink(missing_ok=True)
                                                               for suffix in ("", "-wal", "-shm")])
        elif name == "postgres":
            backend = postgres_backend(args)
            if backend is None:
                continue
        else:
            parser.error(f"unknown backend {name!r}")
        bench.run_backend(backend, var_dir, nginx_wanted)
    if nginx_wanted:
        bench.static_again()
    bench.report()


def postgres_backend(args):
    try:
        import psycopg
        import redis
    except ImportError as error:
        log(f"SKIPPED postgres+redis: {error}")
        return None
    url = urllib.parse.urlparse(args.pg_url)
    admin, name = url._replace(path="/postgres").geturl(), url.path.lstrip("/")

    def reset():
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')

    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as db:
            if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                db.execute(f'CREATE DATABASE "{name}"')
        client = redis.Redis.from_url(args.redis_url, socket_connect_timeout=5)
        client.ping()
    except Exception as error:  # noqa: BLE001 - any failure to reach the services means: skip, and say why
        log(f"SKIPPED postgres+redis: the services do not answer ({error})")
        return None
    return Backend("postgres+redis", {"KHABAR_DATABASE_URL": args.pg_url, "KHABAR_REDIS_URL": args.redis_url,
                                      "KHABAR_VIEWS_BACKEND": "redis"}, flush_redis=client.flushdb, reset=reset)


if __name__ == "__main__":
    main()
