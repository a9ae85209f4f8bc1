"""PostgresGinIndex: a GIN index on PostgreSQL, no SQL at all elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Index

from vk.people.models import Person


def _trigram_index() -> Index:
    return next(index for index in Person._meta.indexes if index.name == "person_centre_name_trgm")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index PostgreSQL builds")
@pytest.mark.django_db
def test_on_postgresql_the_name_index_is_a_gin_trigram_index_with_the_centre() -> None:
    with connection.schema_editor(collect_sql=True) as editor:
        created = str(_trigram_index().create_sql(Person, editor))
        removed = str(_trigram_index().remove_sql(Person, editor))

    assert 'USING gin ("centre_id", "name_key" gin_trgm_ops)' in created
    assert "person_centre_name_trgm" in removed


@pytest.mark.skipif(connection.vendor != "sqlite", reason="what SQLite (the demo) gets")
def test_on_sqlite_the_name_index_emits_no_sql_even_when_the_table_is_rebuilt() -> None:
    editor = connection.schema_editor(collect_sql=True)

    assert str(_trigram_index().create_sql(Person, editor)) == ""
    assert str(_trigram_index().remove_sql(Person, editor)) == ""
    # Rebuilding a SQLite table to alter it creates every index of the model again.
    rebuilt = [str(sql) for sql in editor._model_indexes_sql(Person)]
    assert any("person_centre_name" in sql for sql in rebuilt)  # the ordinary indexes
    assert not any("gin" in sql.lower() for sql in rebuilt)
