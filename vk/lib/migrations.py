"""A migration operation for SQL that only PostgreSQL runs (triggers, special indexes).

SQLite, the demo database, skips it; the application behaves the same without it
(the hash chain still guards the audit trail, name matching runs in Python).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def postgres_only_sql(forward: str, backward: str) -> migrations.RunPython:
    def run(sql: str) -> Any:
        def operation(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor == "postgresql":
                schema_editor.execute(sql, params=None)

        return operation

    return migrations.RunPython(run(forward), run(backward))
