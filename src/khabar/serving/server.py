"""`khabar serve`: Khabar in production mode on one machine.

Granian (a Rust HTTP server) runs the WSGI application: on this kind of 2-core machine it serves a Django
view about twice as fast as gunicorn (12–14k against 5.7k requests/s for a view returning bytes), and it
needs no separate process manager for its workers. Beside it, a second supervised process runs the periodic
jobs (``khabar run-jobs --loop``): a job never holds up a web worker, and when granian restarts a worker no
job is lost or run twice. This process only supervises: it forwards SIGTERM/SIGINT to both, restarts the job
runner if it dies, and exits with granian's status.
"""

import os
import signal
import subprocess
import sys
import time

JOB_RUNNER_RESTART_DELAY = 5.0


def default_workers():
    """One worker per core this process may run on (cgroup and taskset limits included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def default_threads():
    """Threads per worker: a few, so one worker can wait on the database for one page while rendering
    another; more would only add database connections (each thread holds one) and fight over the GIL."""
    return int(os.environ.get("KHABAR_THREADS", 4))


def granian_command(host, port, workers, threads, app="khabar.serving.wsgi:application"):
    command = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads), "--no-ws",
        "--respawn-failed-workers", "--workers-kill-timeout", "30", "--log-level", "warning",
    ]
    # Opt-in: a worker past KHABAR_WORKER_MAX_RSS MB is replaced. Not by default: RSS also counts the pages
    # of the SQLite file a worker has memory-mapped, which are shared and cost nothing to drop, and a
    # replacement under load refuses connections for a moment.
    if os.environ.get("KHABAR_WORKER_MAX_RSS"):
        command += ["--workers-max-rss", os.environ["KHABAR_WORKER_MAX_RSS"]]
    return [*command, app]


def web_environment():
    """glibc gives each thread that allocates its own malloc arena; two are plenty for a few threads that
    mostly wait on the GIL, and save a few megabytes per worker."""
    return {**os.environ, "MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", "2")}


def khabar_command(*args):
    return [sys.executable, "-m", "khabar", *args]


def run(host="127.0.0.1", port=8000, workers=None, threads=None, jobs=True, prepare_static=True):
    workers = workers or default_workers()
    threads = threads or default_threads()
    if prepare_static:
        subprocess.run(khabar_command("ensure-static"), check=True)  # noqa: S603 - our own interpreter
    print(f"Khabar serving http://{host}:{port}/ with {workers} workers × {threads} threads"
          f"{' and the periodic jobs' if jobs else ''} (Ctrl+C stops)", flush=True)
    supervisor = Supervisor(granian_command(host, port, workers, threads),
                            khabar_command("run-jobs", "--loop") if jobs else None)
    sys.exit(supervisor.run())


class Supervisor:
    def __init__(self, web_command, jobs_command=None):
        self.web_command = web_command
        self.jobs_command = jobs_command
        self.web = None
        self.jobs = None
        self.stopping = False

    def _start_jobs(self):
        if self.jobs_command:
            self.jobs = subprocess.Popen(self.jobs_command)  # noqa: S603 - our own interpreter

    def _stop(self, signum, _frame):
        self.stopping = True
        for child in (self.web, self.jobs):
            if child is not None and child.poll() is None:
                child.send_signal(signum)

    def run(self):
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self.web = subprocess.Popen(self.web_command, env=web_environment())  # noqa: S603 - our own interpreter
        self._start_jobs()
        jobs_died_at = None
        while True:
            code = self.web.poll()
            if code is not None:
                break
            if self.jobs is not None and self.jobs.poll() is not None and not self.stopping:
                if self.jobs.returncode == 0:  # nothing configured: it said so and left
                    self.jobs = None
                elif jobs_died_at is None:
                    print(f"khabar serve: the job runner exited with {self.jobs.returncode}; restarting it in "
                          f"{JOB_RUNNER_RESTART_DELAY:g} s", file=sys.stderr, flush=True)
                    jobs_died_at = time.monotonic()
                elif time.monotonic() - jobs_died_at >= JOB_RUNNER_RESTART_DELAY:
                    jobs_died_at = None
                    self._start_jobs()
            time.sleep(0.2)
        if self.jobs is not None and self.jobs.poll() is None:
            self.jobs.terminate()
            try:
                self.jobs.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.jobs.kill()
        return 0 if self.stopping else code
