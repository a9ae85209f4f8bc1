"""Row-level security for the complaints register (see vk/lib/rls.py and access.0003)."""

from django.db import migrations

from vk.lib.migrations import postgres_only_sql

RULES = {
    "complaints_complaint": "vk_rls_allows(centre_id)",
    "complaints_complaintevent": (
        "EXISTS (SELECT 1 FROM complaints_complaint c WHERE c.id = complaint_id)"
    ),
}

FORWARD = "".join(
    f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
    f"CREATE POLICY vk_centre ON {table} USING ({rule}) WITH CHECK ({rule});\n"
    for table, rule in RULES.items()
)
BACKWARD = "".join(
    f"DROP POLICY IF EXISTS vk_centre ON {table};\n"
    f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"
    for table in RULES
)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0003_row_level_security"),
        ("complaints", "0001_initial"),
    ]

    operations = [postgres_only_sql(FORWARD, BACKWARD)]
