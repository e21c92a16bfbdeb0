"""Background work for ``KHABAR_PERIODIC_JOBS``: ``khabar serve`` calls ``flush_views`` every few seconds on
the ``redis`` backend (moves counts to the database) and every few minutes on ``db`` (forgets expired marks).
On several app servers, run ``khabar flush-views`` from a timer instead; two flushes at once are harmless."""

import logging

from .backends import get_counter

logger = logging.getLogger("khabar.views_counter")


def flush_views():
    moved = get_counter().flush()
    if moved:
        logger.info("views flush: %d views moved to the database", moved)
    return moved
