"""Periodic jobs (publishing scheduled stories, flushing view counts…) run beside the web workers.

``settings.KHABAR_PERIODIC_JOBS`` lists ``(dotted path of a no-argument callable, interval in seconds)``.
``khabar serve`` runs them in a supervised process of its own (``khabar run-jobs --loop``), never inside a
web worker: a slow job must not hold up readers, and granian may restart workers at any time.

Several runners may exist at once (one per app server, or a cron entry beside ``khabar serve``), so each
run is *claimed* first and a job runs at most once per interval across all of them:
- with a shared cache (Redis), the claim is an atomic ``add`` of a key that lives 80 % of the interval;
- without one (a single machine), it is a lock on a stamp file under ``KHABAR_VAR_DIR/jobs/`` whose
  modification time is the last run.
Jobs must still be idempotent: a claim is a promise about frequency, not a transaction.
"""

import contextlib
import fcntl
import logging
import os
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils.module_loading import import_string

from .generation import shared_cache_configured

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    path: str
    interval: float

    @property
    def name(self):
        return self.path.rsplit(".", 1)[-1]

    def load(self):
        return import_string(self.path)


def configured_jobs():
    jobs = []
    for entry in settings.KHABAR_PERIODIC_JOBS:
        path, interval = entry
        if float(interval) <= 0:
            raise ValueError(f"KHABAR_PERIODIC_JOBS: the interval of {path} must be positive, not {interval!r}")
        jobs.append(Job(path, float(interval)))
    return jobs


def _claim_window(job):
    # A little under the interval, so a runner whose timer fires a moment early is not skipped.
    return max(1.0, job.interval * 0.8)


@contextlib.contextmanager
def _cache_claim(job):
    yield cache.add(f"serving:job:{job.path}", os.getpid(), timeout=int(_claim_window(job)))


@contextlib.contextmanager
def _file_claim(job):
    directory = settings.VAR_DIR / "jobs"
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / f"{job.path}.stamp", "a+") as stamp:
        try:
            fcntl.flock(stamp, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # running right now in another process
            yield False
            return
        try:
            last_run = os.fstat(stamp.fileno()).st_mtime if stamp.tell() else 0.0
            if time.time() - last_run < _claim_window(job):
                yield False
                return
            stamp.write(".")  # non-empty: the file's time is now the last run's
            stamp.flush()
            os.utime(stamp.fileno())
            yield True
        finally:
            fcntl.flock(stamp, fcntl.LOCK_UN)


def claim(job):
    return _cache_claim(job) if shared_cache_configured() else _file_claim(job)


def _tidy_connections():
    """What Django does between requests: drop database connections that broke or outlived CONN_MAX_AGE,
    so a runner survives a database restart. Connections inside a transaction are left alone."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def run_job(job, force=False):
    """Run ``job`` if no other runner has in the last interval; True when it ran (and succeeded)."""
    _tidy_connections()
    try:
        with claim(job) as claimed:
            if not (claimed or force):
                logger.debug("job %s: claimed by another runner", job.name)
                return False
            started = time.monotonic()
            job.load()()
            logger.info("job %s ran in %.0f ms", job.name, (time.monotonic() - started) * 1000)
            return True
    except Exception:
        logger.exception("job %s failed; it will be tried again in %.0f s", job.name, job.interval)
        return False
    finally:
        _tidy_connections()


def run_forever(jobs, stop=None, tick=1.0):
    """Run each job every ``interval`` seconds until ``stop`` (a threading.Event) is set."""
    stop = stop or threading.Event()
    next_run = dict.fromkeys(jobs, 0.0)
    while not stop.is_set():
        for job in jobs:
            now = time.monotonic()
            if now >= next_run[job]:
                next_run[job] = now + job.interval
                run_job(job)
        stop.wait(tick)
