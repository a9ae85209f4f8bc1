"""Fuzzy name matching on PostgreSQL: the pg_trgm extension and a GIN trigram index.

SQLite (the demo) compares names in Python instead (see vk/people/matching.py).
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from vk.lib.migrations import postgres_only_sql

CREATE = (
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON people_person USING gin (name_key gin_trgm_ops)"
)
DROP = "DROP INDEX IF EXISTS person_name_trgm"


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [TrigramExtension(), postgres_only_sql(CREATE, DROP)]
