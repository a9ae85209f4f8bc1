"""MaNo screens: registering from a report triaged MaNo, the steps through the page,
the overview with the overdue procedure, and the demo data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.mano.models import Outcome, Procedure, State
from vk.mano.tests.helpers import admit, register
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _referral_post(**changes: Any) -> dict[str, Any]:
    return {
        "received_on": timezone.localdate().isoformat(),
        "referrer_kind": "youth_help",
        "referrer_name": "Zorgcoördinator, CLB Noord",
        "motivation_summary": "Vrijwillige hulp liep vast; de ouders weigeren.",
        "integrity_at_risk": "yes",
        "voluntary_help_exhausted": "yes",
        "referrer_team_decision": "unknown",
        "family_informed": "yes",
        "family_informed_on": timezone.localdate().isoformat(),
        **changes,
    }


def test_the_team_lead_opens_a_procedure_from_a_report_triaged_mano(
    centre_a: Centre, team_lead_a: User
) -> None:
    worker = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    report = register_report(
        by=UserFactory(centre=centre_a, roles=[Role.INTAKE]),
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=1),
            channel="email",
            reporter_kind="professional",
            reporter_sector="clb",
            worries="Aanmelding maatschappelijke noodzaak.",
            problems=["physical"],
        ),
        persons=[PersonEntry(role="child", first_name="Lotte", last_name="Peeters")],
    )
    triage_report(report=report, by=team_lead_a, track="mano", grounds="MaNo", team_discussion="t")
    page = client_for(team_lead_a).get(reverse("intake:view-report", args=[report.pk]))
    url = reverse("mano:register-from-report", args=[report.pk])
    assert url in page.content.decode()
    response = client_for(team_lead_a).post(
        url, {**_referral_post(), "team-case_workers": [worker.pk], "team-of_record": worker.pk}
    )
    assert response.status_code == 302
    procedure = Procedure.objects.get()
    assert procedure.report == report and procedure.state == State.RECEIVED
    assert procedure.dossier.assignments.get(of_record=True).user == worker
    assert procedure.referrer_team_decision is None
    assert len(procedure.missing_conditions()) == 1
    # A colleague of the centre cannot open it; the case worker can.
    assert (
        client_for(worker).get(reverse("mano:view-procedure", args=[procedure.pk])).status_code
        == 200
    )


def test_a_worker_registers_a_referral_for_a_running_dossier_in_dutch(
    dossier: Dossier, worker_a: User
) -> None:
    url = reverse("mano:register-for-dossier", args=[dossier.pk])
    client = client_for(worker_a)
    response = client.post(url, _referral_post(received_on="2999-01-01"))
    assert response.status_code == 400
    assert "toekomst" in response.content.decode()
    assert client.post(url, _referral_post()).status_code == 302
    assert dossier.mano_procedures.get().referrer_kind == "youth_help"
    page = client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).content.decode()
    assert dossier.mano_procedures.get().reference in page


def test_steps_through_the_procedure_page(dossier: Dossier, worker_a: User) -> None:
    procedure = register(dossier, worker_a)
    client = client_for(worker_a)
    decision = make_decision(dossier, worker_a)
    page = client.get(reverse("mano:view-procedure", args=[procedure.pk])).content.decode()
    assert "Ontvankelijk" in page
    url = reverse("mano:take-step", args=[procedure.pk, "not_necessary"])
    assert client.post(url, {}).status_code == 400  # not offered in this state
    url = reverse("mano:take-step", args=[procedure.pk, "admissible"])
    response = client.post(url, {"admissible-team_decision": decision.pk})
    assert response.status_code == 302
    procedure.refresh_from_db()
    assert procedure.state == State.INVESTIGATION
    url = reverse("mano:take-step", args=[procedure.pk, "parket"])
    response = client.post(url, {"parket-team_decision": decision.pk, "parket-text": "Weigert."})
    assert response.status_code == 400  # the decision was used already
    assert "al gebruikt" in response.content.decode()


def test_the_overview_shows_time_left_and_the_overdue_procedure(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    procedure = register(dossier, worker_a, received_on=timezone.localdate() - timedelta(days=140))
    admit(procedure, worker_a)
    page = client_for(team_lead_a).get(reverse("mano:overview")).content.decode()
    assert procedure.reference in page
    assert "row--overdue" in page and "te laat" in page


def test_the_demo_has_procedures_in_every_state_and_one_overdue(centre_a: Centre) -> None:
    from vk.dossiers.demo_data import seed_dossier_demo
    from vk.intake.demo_data import seed_intake_demo
    from vk.mano import services
    from vk.mano.demo_data import seed_mano_demo

    lead = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD])
    workers = [
        UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], discipline=discipline)
        for discipline in ("social", "psycho_pedagogical", "medical")
    ]
    today = timezone.localdate()
    seed_intake_demo(
        centre_a,
        intake_worker=UserFactory(centre=centre_a, roles=[Role.INTAKE]),
        team_lead=lead,
        today=today,
    )
    seed_dossier_demo(centre_a, team_lead=lead, case_workers=workers, today=today)
    assert seed_mano_demo(centre_a, team_lead=lead, today=today) == 7
    procedures = list(Procedure.objects.filter(centre=centre_a))
    assert {p.state for p in procedures} == set(State.values)
    assert sum(services.is_overdue(p) for p in procedures) == 1
    assert seed_mano_demo(centre_a, team_lead=lead, today=today) == 0


def test_closed_procedures_are_listed_on_request_page_by_page_the_latest_first(
    dossier: Dossier, worker_a: User, team_lead_a: User, monkeypatch: Any
) -> None:
    from vk.mano import views

    monkeypatch.setattr(views, "CLOSED_PAGE_SIZE", 2)
    today = timezone.localdate()
    closed = []
    for days_ago in (30, 20, 10):
        procedure = register(dossier, worker_a, received_on=today - timedelta(days=days_ago + 5))
        Procedure.objects.filter(pk=procedure.pk).update(
            state=State.CLOSED,
            outcome=Outcome.NOT_ADMISSIBLE,
            closed_on=today - timedelta(days_ago),
        )
        closed.append(procedure.reference)
    in_progress = register(dossier, worker_a, received_on=today)
    client = client_for(team_lead_a)

    page = client.get(reverse("mano:overview")).content.decode()
    assert in_progress.reference in page
    assert not any(reference in page for reference in closed)

    first = client.get(reverse("mano:overview"), {"closed": "1"}).content.decode()
    assert in_progress.reference in first
    assert closed[2] in first and closed[1] in first and closed[0] not in first
    assert "Pagina 1 van 2" in first
    second = client.get(reverse("mano:overview"), {"closed": "1", "page": "2"}).content.decode()
    assert closed[0] in second and closed[1] not in second
