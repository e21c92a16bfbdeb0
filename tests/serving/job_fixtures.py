"""Periodic jobs for the tests: each leaves a trace a test can count."""

import os
from pathlib import Path

CALLS = []


def record_call():
    CALLS.append(os.getpid())


def fail():
    raise RuntimeError("this job always fails")


def touch_marker():
    """Appends a line to KHABAR_VAR_DIR/job-marker: proof that `khabar serve` ran the job in its own process."""
    marker = Path(os.environ["KHABAR_VAR_DIR"]) / "job-marker"
    with marker.open("a") as handle:
        handle.write(f"{os.getpid()}\n")
