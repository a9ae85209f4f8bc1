"""Search before create with pg_trgm's `%`: a GIN index on (centre, name_key).

The GiST index of 0004 orders a centre's names by trigram distance, but finding the 25
nearest walks thousands of index pages per search on a centre of 600,000 persons (its
signatures barely separate names). A GIN index answers "names at least this similar"
from the posting lists of the typed name's trigrams; btree_gin puts the centre into the
same index, so only the centre's candidates are read from the table. The index is in
`Person.Meta.indexes` (`PostgresGinIndex`: SQLite builds nothing); the GiST index goes.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import OpClass
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations

from vk.lib.indexes import PostgresGinIndex
from vk.lib.migrations import postgres_only_sql

DROP_GIST = "DROP INDEX IF EXISTS person_centre_name_gist"
CREATE_GIST = (
    "CREATE INDEX IF NOT EXISTS person_centre_name_gist "
    "ON people_person USING gist (centre_id, name_key gist_trgm_ops)"
)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_person_centre_postcode")]

    operations = [
        BtreeGinExtension(),
        migrations.AddIndex(
            model_name="person",
            index=PostgresGinIndex(
                "centre", OpClass("name_key", name="gin_trgm_ops"), name="person_centre_name_trgm"
            ),
        ),
        postgres_only_sql(DROP_GIST, CREATE_GIST),
    ]
