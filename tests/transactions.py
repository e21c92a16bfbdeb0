"""A block that behaves as its own committed transaction inside a test's transaction that never commits.

What waits for a commit (the page-cache generation's bump, the search index) runs when the block ends, as it
would after a real commit: first for what the fixtures did, then for the block.
"""

import contextlib

from django.db import transaction


def run_commit_hooks():
    connection = transaction.get_connection()
    while connection.run_on_commit:
        _savepoints, hook, _robust = connection.run_on_commit.pop(0)
        hook()


@contextlib.contextmanager
def committed():
    run_commit_hooks()
    yield
    run_commit_hooks()
