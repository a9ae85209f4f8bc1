"""Index kinds that only PostgreSQL builds.

The demo runs on SQLite, which has no GIN indexes (name matching runs in Python there,
see vk/people/matching.py). An index declared with `PostgresGinIndex` is part of the
model and of its migrations on every database, so `makemigrations` sees no difference
between them; on PostgreSQL it is an ordinary `GinIndex`, elsewhere creating or dropping
it — also when Django rebuilds a SQLite table to alter it — emits no SQL.
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.db.backends.ddl_references import Statement


class PostgresGinIndex(GinIndex):
    def create_sql(self, model: Any, schema_editor: Any, using: str = "", **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return Statement("")
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model: Any, schema_editor: Any, **kwargs: Any) -> Any:
        if schema_editor.connection.vendor != "postgresql":
            return Statement("")
        return super().remove_sql(model, schema_editor, **kwargs)
