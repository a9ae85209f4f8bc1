"""Row-level security on PostgreSQL: with the application's filter out of the way (raw
SQL as a role that neither owns the tables nor is superuser), another centre's rows are
invisible and cannot be written; the screens still work under it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier
from vk.intake.services import PersonEntry, ReportDetails, register_report, transfer_report
from vk.lib import rls
from vk.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level security exists on PostgreSQL only"
    ),
]

ROLE = "vk_app_test"


def _sql(query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall() if cursor.description else []


@pytest.fixture
def as_app_role() -> Iterator[None]:
    """The connection acts as an application role: no owner, no superuser, no scope."""
    (suite_role,) = _sql("SELECT current_user")[0]
    _sql("RESET ROLE")  # under `make test-rls` the suite itself runs as an app role
    if not _sql("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE]):
        _sql(f"CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS")
    _sql(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    _sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {ROLE}")
    _sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
    _sql(f"SET ROLE {ROLE}")
    _sql("SELECT set_config('vk.scope', '', false), set_config('vk.centre_id', '', false)")
    try:
        yield
    finally:
        _sql("RESET ROLE")
        if suite_role != _sql("SELECT current_user")[0][0]:
            _sql(f"SET ROLE {suite_role}")
        _sql("SELECT set_config('vk.scope', 'all', false)")


def _report(centre: Centre, name: str) -> Any:
    return register_report(
        by=UserFactory(centre=centre, roles=[Role.INTAKE]),
        details=ReportDetails(
            received_at=timezone.now(),
            channel="phone",
            reporter_kind="professional",
            worries="Zorgen.",
            problems=["emotional"],
        ),
        persons=[PersonEntry(role="child", first_name=name, last_name="Test")],
    )


def _centre(centre: Centre) -> None:
    _sql("SELECT set_config('vk.centre_id', %s, false)", [str(centre.pk)])


def test_another_centre_s_rows_are_invisible_to_a_raw_query(
    centre_a: Centre, centre_b: Centre, as_app_role: None
) -> None:
    _sql("SELECT set_config('vk.scope', 'all', false)")
    ours, theirs = _report(centre_a, "Anna"), _report(centre_b, "Bert")
    _sql("SELECT set_config('vk.scope', '', false)")

    assert _sql("SELECT count(*) FROM intake_report") == [(0,)]  # no centre: nothing
    _centre(centre_a)
    assert _sql("SELECT id FROM intake_report") == [(ours.pk,)]
    names = {row[0] for row in _sql("SELECT first_name FROM people_person")}
    assert names == {"Anna"}
    # Through a child table too: the report's persons of centre B stay hidden.
    assert _sql("SELECT count(*) FROM intake_reportperson WHERE report_id = %s", [theirs.pk]) == [
        (0,)
    ]
    # Updating or deleting another centre's row touches nothing.
    _sql("UPDATE intake_report SET worries = 'x' WHERE id = %s", [theirs.pk])
    _sql("DELETE FROM intake_reportproblem WHERE report_id = %s", [theirs.pk])
    _sql("SELECT set_config('vk.scope', 'all', false)")
    assert _sql("SELECT worries FROM intake_report WHERE id = %s", [theirs.pk]) == [("Zorgen.",)]
    assert _sql("SELECT count(*) FROM intake_reportproblem WHERE report_id = %s", [theirs.pk]) == [
        (1,)
    ]


def test_an_insert_for_another_centre_is_refused(
    centre_a: Centre, centre_b: Centre, as_app_role: None
) -> None:
    _centre(centre_a)
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        _sql(
            "INSERT INTO people_person (centre_id, first_name, last_name, name_key, is_unborn,"
            " extended_minority, gender, street, postcode, city, country,"
            " national_number_index, national_number_mask, created_at)"
            " VALUES (%s, 'Eva', 'Elders', 'eva elders', false, false, '', '', '', '', 'BE',"
            " '', '', now())",
            [centre_b.pk],
        )


def test_the_screens_work_under_row_level_security(
    dossier: Dossier, worker_a: User, team_lead_a: User, centre_b: Centre, as_app_role: None
) -> None:
    """Requests bind themselves to the user's centre; a hand-over writes into another."""
    client = client_for(worker_a)
    for url in (
        reverse("dossiers:view-dossier", args=[dossier.pk]),
        reverse("dossiers:view-timeline", args=[dossier.pk]),
        reverse("dossiers:my-dossiers"),
        reverse("work:my-work"),
        reverse("mano:overview"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert dossier.reference in client.get(reverse("dossiers:my-dossiers")).content.decode()
    lead = client_for(team_lead_a)
    assert lead.get(reverse("intake:queue")).status_code == 200
    # A report handed to the competent centre leaves this centre's view.
    _centre(worker_a.centre)
    report = _report(worker_a.centre, "Cas")
    transfer_report(report=report, by=team_lead_a, to_centre=centre_b, reason="Verhuisd.")
    assert _sql("SELECT count(*) FROM intake_report WHERE id = %s", [report.pk]) == [(0,)]
    with rls.all_centres():
        assert _sql("SELECT centre_id FROM intake_report WHERE id = %s", [report.pk]) == [
            (centre_b.pk,)
        ]
    # Both centres still see the hand-over in their transfer log.
    for user in (team_lead_a, UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD])):
        page = client_for(user).get(reverse("intake:list-transfers"))
        assert page.status_code == 200
        assert "Verhuisd." in page.content.decode() or report.reference in page.content.decode()
    page = client_for(team_lead_a).get(
        reverse("intake:view-report", args=[dossier.reports.get().pk])
    )
    assert page.status_code == 200


# Centre-owned tables that hold no family data and are read through the access rule only.
WITHOUT_ROW_LEVEL_SECURITY = {
    "audit_auditentry": "the trail is append-only (trigger); reviewers read it by centre",
    "centres_postcoderange": "public data: the region a centre serves",
    "centres_team": "the centre's own organisation, no family data",
    "centres_user": "staff accounts; the login must find a user before any centre is known",
}


def test_every_table_with_a_centre_has_row_level_security() -> None:
    """A new centre-owned table must get a policy (or a reason above why not)."""
    rows = _sql(
        "SELECT DISTINCT c.relname, c.relrowsecurity FROM pg_class c"
        " JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
        " WHERE c.relkind = 'r' AND a.attname LIKE '%%centre_id'"
    )
    unprotected = {table for table, protected in rows if not protected}

    assert unprotected == set(WITHOUT_ROW_LEVEL_SECURITY)
