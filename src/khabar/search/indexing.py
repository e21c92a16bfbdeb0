"""Rebuilding the search index from the database, for ``khabar reindex`` and the benchmarks.

Wagtail keeps the index current as content is saved; a rebuild is for after a change to the analysis (a new
stemmer rule, a longer plural list), an import that bypassed the signals, or a restored backup. Objects are
read in primary-key order, a batch at a time, with their tags, authors and sources prefetched, and every
index is rebuilt inside its backend's rebuilder (one transaction on the database backends), so searches keep
answering from the old entries until the new ones are committed.
"""

from modelsearch.backends import get_search_backend
from modelsearch.index import RelatedFields, get_indexed_models
from tqdm import tqdm

from . import entries

BATCH_SIZE = 500


def _batches(queryset, size):
    last_pk = None
    while True:
        batch = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
        batch = list(batch.order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last_pk = batch[-1].pk


def _related_names(model):
    return [field.field_name for field in model.get_search_fields() if isinstance(field, RelatedFields)]


def rebuild(backend_name="default", models=None, batch_size=BATCH_SIZE, progress=True):
    """Index every object of ``models`` (all indexed models by default) afresh; returns how many."""
    backend = get_search_backend(backend_name)
    models = list(models or get_indexed_models())
    by_index = {}
    for model in models:
        by_index.setdefault(backend.get_index_for_model(model).get_key(), []).append(model)
    indexed = 0
    for index_models in by_index.values():
        index = backend.get_index_for_model(index_models[0])
        rebuilder = backend.rebuilder_class(index) if backend.rebuilder_class else None
        if rebuilder:
            index = rebuilder.start()
        for model in index_models:
            index.add_model(model)
            queryset = model.get_indexed_objects().prefetch_related(*_related_names(model))
            label = f"{model._meta.app_label}.{model.__name__}"
            with tqdm(total=queryset.count(), desc=label, unit=" عنصر", disable=not progress, leave=True) as bar:
                for batch in _batches(queryset, batch_size):
                    index.add_items(model, batch)
                    indexed += len(batch)
                    bar.update(len(batch))
        if rebuilder:
            rebuilder.finish()
    entries.drop_orphans()
    return indexed
