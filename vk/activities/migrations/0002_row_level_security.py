"""Row-level security for the professional activities (see vk/lib/rls.py and access.0003).

Activities hold no family data, but a coaching summary describes a concrete situation:
like every centre-owned table they are visible only to their own centre."""

from django.db import migrations

from vk.lib.migrations import postgres_only_sql

RULES = {
    "activities_coaching": "vk_rls_allows(centre_id)",
    "activities_training": "vk_rls_allows(centre_id)",
    "activities_awarenessaction": "vk_rls_allows(centre_id)",
    "activities_training_trainers": (
        "EXISTS (SELECT 1 FROM activities_training t WHERE t.id = training_id)"
    ),
    "activities_awarenessaction_staff": (
        "EXISTS (SELECT 1 FROM activities_awarenessaction a WHERE a.id = awarenessaction_id)"
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
        ("activities", "0001_initial"),
    ]

    operations = [postgres_only_sql(FORWARD, BACKWARD)]
