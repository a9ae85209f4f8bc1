"""Recording a decided procedure's missing decision date (data quality): only when it is
missing, never before receipt or admissibility, nor in the future or after closing; the
team and the centre's oversight may, an emergency access or another centre may not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from vk.access.services import start_emergency_access
from vk.audit.models import AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.lib.locking import EditConflict
from vk.mano import services
from vk.mano.models import Procedure
from vk.mano.tests.helpers import admit, register
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel("2026-05-20 10:00 +02:00", tick=False):
        yield


@pytest.fixture
def undated(dossier: Dossier, worker_a: User) -> Procedure:
    """Received 1 April, admitted, decided necessary — and the date lost (older data)."""
    procedure = register(dossier, worker_a)
    with time_machine.travel("2026-04-08 10:00 +02:00", tick=False):
        admit(procedure, worker_a)
    services.decide_necessary(
        procedure=Procedure.objects.get(pk=procedure.pk),
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        motivation="Nodig.",
    )
    Procedure.objects.filter(pk=procedure.pk).update(decision_on=None)
    return Procedure.objects.get(pk=procedure.pk)


def _url(procedure: Procedure) -> str:
    return reverse("mano:record-decision-date", args=[procedure.pk])


def _record(procedure: Procedure, by: User, day: date, version: int | None = None) -> Procedure:
    return services.record_decision_date(
        procedure=procedure,
        by=by,
        purpose=Purpose.ASSIGNMENT,
        expected_version=procedure.row_version if version is None else version,
        decision_on=day,
    )


def test_the_missing_date_is_recorded_and_audited(undated: Procedure, worker_a: User) -> None:
    assert undated.is_decided and Procedure.objects.decided().filter(pk=undated.pk).exists()

    _record(undated, worker_a, date(2026, 5, 12))

    undated.refresh_from_db()
    assert undated.decision_on == date(2026, 5, 12)
    assert undated.decided_on_time() is True
    entry = AuditEntry.objects.get(event="mano.procedure.decision_date_recorded")
    assert (entry.object_id, entry.detail) == (str(undated.pk), {"fields": ["decision_on"]})


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 4, 7), "lie before 08/04/2026"),  # before admissibility
        (date(2026, 5, 21), "future"),
    ],
    ids=["before admissibility", "in the future"],
)
def test_an_impossible_date_is_refused(
    undated: Procedure, worker_a: User, day: date, message: str
) -> None:
    with pytest.raises(services.ManoError, match=message), translation.override("en"):
        _record(undated, worker_a, day)
    assert Procedure.objects.get(pk=undated.pk).decision_on is None


def test_a_recorded_date_is_not_changed_afterwards(undated: Procedure, worker_a: User) -> None:
    _record(undated, worker_a, date(2026, 5, 12))

    with pytest.raises(services.ManoError):
        _record(Procedure.objects.get(pk=undated.pk), worker_a, date(2026, 5, 1))
    assert client_for(worker_a).get(_url(undated)).status_code == 404


def test_a_stale_form_raises_a_conflict(undated: Procedure, worker_a: User) -> None:
    Procedure.objects.filter(pk=undated.pk).update(row_version=undated.row_version + 1)

    with pytest.raises(EditConflict):
        _record(undated, worker_a, date(2026, 5, 12))


def test_an_undecided_procedure_has_no_date_to_record(dossier: Dossier, worker_a: User) -> None:
    procedure = register(dossier, worker_a)

    assert not procedure.is_decided
    assert client_for(worker_a).get(_url(procedure)).status_code == 404


def test_the_team_lead_follows_the_procedure_page_link_and_records_the_date(
    undated: Procedure, team_lead_a: User
) -> None:
    client = client_for(team_lead_a)
    page = client.get(reverse("mano:view-procedure", args=[undated.pk])).content.decode()
    assert "de beslissingsdatum ontbreekt" in page
    assert _url(undated) in page

    response = client.post(
        _url(undated), {"version": undated.row_version, "decision_on": "2026-05-12"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mano:view-procedure", args=[undated.pk])
    assert Procedure.objects.get(pk=undated.pk).decision_on == date(2026, 5, 12)


def test_the_form_refuses_a_date_before_receipt_in_dutch(
    undated: Procedure, worker_a: User
) -> None:
    response = client_for(worker_a).post(
        _url(undated), {"version": undated.row_version, "decision_on": "2026-03-01"}
    )

    assert response.status_code == 400
    assert "De beslissing kan niet vóór 08/04/2026 liggen" in response.content.decode()


def test_a_stale_form_gets_409(undated: Procedure, worker_a: User, team_lead_a: User) -> None:
    version = undated.row_version
    _record(undated, team_lead_a, date(2026, 5, 12))
    Procedure.objects.filter(pk=undated.pk).update(decision_on=None)  # lost again

    response = client_for(worker_a).post(
        _url(undated), {"version": version, "decision_on": "2026-05-13"}
    )

    assert response.status_code == 409
    assert Procedure.objects.get(pk=undated.pk).decision_on is None


@pytest.mark.parametrize(
    "roles",
    [[Role.CASE_WORKER], [Role.INTAKE], [Role.STATISTICS]],
    ids=["case worker not on the team", "intake", "statistics"],
)
def test_who_is_not_on_the_team_nor_oversight_gets_404(
    undated: Procedure, centre_a: Centre, roles: list[Role]
) -> None:
    client = client_for(UserFactory(centre=centre_a, roles=roles))

    assert client.get(_url(undated)).status_code == 404
    post = {"version": undated.row_version, "decision_on": "2026-05-12"}
    assert client.post(_url(undated), post).status_code == 404
    assert Procedure.objects.get(pk=undated.pk).decision_on is None


def test_the_director_may_record_it(undated: Procedure, centre_a: Centre) -> None:
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])

    assert client_for(director).get(_url(undated)).status_code == 200


def test_an_emergency_access_may_not(undated: Procedure, centre_a: Centre) -> None:
    colleague = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    start_emergency_access(user=colleague, dossier=undated.dossier, reason="Crisis: politie.")

    assert client_for(colleague).get(_url(undated)).status_code == 404


def test_another_centre_gets_404(undated: Procedure, centre_b: Centre) -> None:
    other = UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD, Role.DIRECTOR])

    assert client_for(other).get(_url(undated)).status_code == 404
