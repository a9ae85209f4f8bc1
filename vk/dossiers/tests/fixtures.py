"""A dossier opened from a triaged report, for the tests of the dossier and of the apps
built on it (documents, work)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from vk.centres.models import Centre, Role, User
from vk.dossiers import services
from vk.dossiers.models import Dossier
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.tests.factories import UserFactory


@pytest.fixture
def worker_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wanda")


@pytest.fixture
def help_report(centre_a: Centre, team_lead_a: User) -> Any:
    intake = UserFactory(centre=centre_a, roles=[Role.INTAKE])
    report = register_report(
        by=intake,
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=2),
            channel="phone",
            reporter_kind="professional",
            reporter_sector="clb",
            worries="Zorgen.",
            problems=["emotional"],
        ),
        persons=[
            PersonEntry(
                role="child", first_name="Mila", last_name="Maes", birth_date=date(2016, 2, 29)
            ),
            PersonEntry(
                role="child",
                first_name="Bo",
                last_name="Maes",
                is_unborn=True,
                expected_birth_date=timezone.localdate() + timedelta(days=60),
            ),
            PersonEntry(
                role="parent", first_name="Sara", last_name="Maes", parental_authority=True
            ),
        ],
    )
    return triage_report(
        report=report, by=team_lead_a, track="help", grounds="x", team_discussion="y"
    )


@pytest.fixture
def dossier(help_report: Any, team_lead_a: User, worker_a: User) -> Dossier:
    return services.open_dossier(
        report=help_report, by=team_lead_a, case_workers=[worker_a], of_record=worker_a
    )
