"""One search-index write per object for a block of saves, instead of one per save.

Creating a Wagtail page saves it three times (created, revised, published) and Khabar indexes an article
again once its tags are written, so an article imported through the ordinary API was analysed and written
to the index four times. Inside ``one_index_write_per_object()`` the index only notes which objects changed;
when the block ends it indexes each of them once, from the database as the block left it. The importer runs
every article in such a block, inside the article's own transaction, so the index commits with the article
or not at all.
"""

import threading
from contextlib import contextmanager

from modelsearch.backends import get_search_backends
from modelsearch.index import RelatedFields

_state = threading.local()


def defer(model, objects):
    """Note ``objects`` for the end of the current block; False (write now) outside any block."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        return False
    pending.setdefault(model, set()).update(obj.pk for obj in objects)
    return True


@contextmanager
def one_index_write_per_object():
    if getattr(_state, "pending", None) is not None:  # nested: the outermost block writes
        yield
        return
    _state.pending = {}
    try:
        yield
        pending = _state.pending
    finally:
        _state.pending = None
    for model, pks in pending.items():
        _write(model, pks)


def _write(model, pks):
    related = [field.field_name for field in model.get_search_fields() if isinstance(field, RelatedFields)]
    objects = list(model.get_indexed_objects().filter(pk__in=pks).prefetch_related(*related))
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
