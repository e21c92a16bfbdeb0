"""On PostgreSQL, a GIN index on the headline and body vectors together.

Wagtail indexes ``title`` and ``body`` separately, but a query whose words fall some in the headline and
some in the body must test ``title || body``; without an index on that expression every search reads the
whole table. SQLite's FTS5 table already covers both columns, so there is nothing to do there.
"""

from django.db import migrations

INDEX = "khabar_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} USING gin ((title || body))")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]
    operations = [migrations.RunPython(create, drop)]
