"""Row-level security on PostgreSQL (see vk/lib/rls.py): every table with family data is
visible and writable only for the request's centre, or for processes working for all
centres. Binds the application's role only; the owner and superusers are not bound."""

from django.db import migrations

from vk.lib.migrations import postgres_only_sql

FUNCTION = """
CREATE OR REPLACE FUNCTION vk_rls_allows(row_centre bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('vk.scope', true), '') = 'all'
        OR row_centre = nullif(current_setting('vk.centre_id', true), '')::bigint
$$;
"""

# Tables with their own centre column.
DIRECT = [
    "people_person",
    "intake_report",
    "intake_advicecase",
    "intake_reportdraft",
    "dossiers_dossier",
    "documents_document",
    "work_task",
    "work_appointment",
    "mano_procedure",
    "mano_procedurehistory",
    "mano_parkettransfer",
    "access_emergencyaccess",
    "access_disclosure",
]
# Tables that belong to a row of another table: visible when that row is (its own
# policy applies inside the subquery).
VIA = {
    "intake_reportproblem": ("report_id", "intake_report"),
    "intake_reportperson": ("report_id", "intake_report"),
    "intake_reporthistory": ("report_id", "intake_report"),
    "intake_triagedecision": ("report_id", "intake_report"),
    "intake_advicecontact": ("advice_id", "intake_advicecase"),
    "dossiers_dossiermember": ("dossier_id", "dossiers_dossier"),
    "dossiers_assignment": ("dossier_id", "dossiers_dossier"),
    "dossiers_dossierhistory": ("dossier_id", "dossiers_dossier"),
    "dossiers_conversation": ("dossier_id", "dossiers_dossier"),
    "dossiers_professionalcontact": ("dossier_id", "dossiers_dossier"),
    "dossiers_assessment": ("dossier_id", "dossiers_dossier"),
    "dossiers_teamdecision": ("dossier_id", "dossiers_dossier"),
    "dossiers_helpproposal": ("dossier_id", "dossiers_dossier"),
    "dossiers_dossier_reports": ("dossier_id", "dossiers_dossier"),
    "dossiers_referral": ("proposal_id", "dossiers_helpproposal"),
    "dossiers_consent": ("proposal_id", "dossiers_helpproposal"),
    "dossiers_teamdecision_participants": ("teamdecision_id", "dossiers_teamdecision"),
    "mano_move": ("procedure_id", "mano_procedure"),
}


def _policies() -> list[tuple[str, str]]:
    rules = [(table, "vk_rls_allows(centre_id)") for table in DIRECT]
    rules.append(
        ("intake_transfer", "vk_rls_allows(from_centre_id) OR vk_rls_allows(to_centre_id)")
    )
    rules += [
        (table, f"EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {table}.{column})")  # noqa: S608
        for table, (column, parent) in VIA.items()
    ]
    return rules


FORWARD = FUNCTION + "".join(
    f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;\n"
    f"CREATE POLICY vk_centre ON {table} USING ({rule}) WITH CHECK ({rule});\n"
    for table, rule in _policies()
)
BACKWARD = (
    "".join(
        f"DROP POLICY IF EXISTS vk_centre ON {table};\n"
        f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;\n"
        for table, _rule in _policies()
    )
    + "DROP FUNCTION IF EXISTS vk_rls_allows(bigint);\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0002_disclosure_register"),
        ("documents", "0001_initial"),
        ("dossiers", "0005_contact_row_version"),
        ("intake", "0004_transfer_report_reference"),
        ("mano", "0002_parket_transfer"),
        ("people", "0005_person_centre_postcode"),
        ("work", "0002_task_team_decision"),
    ]

    operations = [postgres_only_sql(FORWARD, BACKWARD)]
