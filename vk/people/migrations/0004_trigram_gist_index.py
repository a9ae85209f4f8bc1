"""Nearest-name search: a GiST trigram index on (centre, name_key).

The GIN index of 0002 answers "similar above a threshold", but for common names
(Peeters, Janssens …) the planner falls back to scanning the whole table. A GiST index
orders by trigram distance (k-nearest-neighbour), so the 25 closest names of one centre
come back in milliseconds however common the name is. btree_gist lets the centre be
the index's first column.
"""

from __future__ import annotations

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from vk.lib.migrations import postgres_only_sql

CREATE = (
    "DROP INDEX IF EXISTS person_name_trgm;"
    "CREATE INDEX IF NOT EXISTS person_centre_name_gist "
    "ON people_person USING gist (centre_id, name_key gist_trgm_ops)"
)
DROP = (
    "DROP INDEX IF EXISTS person_centre_name_gist;"
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON people_person USING gin (name_key gin_trgm_ops)"
)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_person_copied_from")]

    operations = [BtreeGistExtension(), postgres_only_sql(CREATE, DROP)]
