"""On PostgreSQL, refuse UPDATE and DELETE on the audit table at the database level.

SQLite (the demo) relies on the hash chain alone. TRUNCATE needs the table owner's
rights, which the application role does not have in production (see docs/security.md).
"""

from __future__ import annotations

from django.db import migrations

from vk.lib.migrations import postgres_only_sql

CREATE = """
CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [postgres_only_sql(CREATE, DROP)]
