"""Fuzzy name matching on PostgreSQL: the pg_trgm extension and a GIN trigram index.

SQLite (the demo) compares names in Python instead (see vk/people/matching.py).
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON people_person USING gin (name_key gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS person_name_trgm"


def create_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [TrigramExtension(), migrations.RunPython(create_index, drop_index)]
