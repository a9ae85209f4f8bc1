"""Fixtures for documents: a dossier with a social worker and the confidential doctor on
its team, and a private document root for every test."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from vk.centres.models import Centre, Discipline, Role, User
from vk.dossiers import services as dossier_services
from vk.dossiers.models import Dossier
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def document_root(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "documents"
    settings.VK_DOCUMENT_ROOT = root
    settings.VK_DOCUMENT_KEYS = []
    return root


@pytest.fixture
def worker_a(centre_a: Centre) -> User:
    """On the dossier's team, social discipline."""
    return UserFactory(
        centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wanda", discipline=Discipline.SOCIAL
    )


@pytest.fixture
def doctor_a(centre_a: Centre) -> User:
    """The confidential doctor, on the dossier's team."""
    return UserFactory(
        centre=centre_a,
        roles=[Role.CASE_WORKER],
        first_name="Dirk",
        last_name="Dokter",
        discipline=Discipline.MEDICAL,
    )


@pytest.fixture
def dossier(centre_a: Centre, team_lead_a: User, worker_a: User, doctor_a: User) -> Dossier:
    Centre.objects.filter(pk=centre_a.pk).update(
        street="Voorbeeldstraat 1", postcode="2000", phone="03 000 00 00", email="vk@vk.test"
    )
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
                role="child", first_name="Mila", last_name="Vermeulen", birth_date=date(2016, 5, 4)
            ),
            PersonEntry(
                role="child", first_name="Bo", last_name="Vermeulen", birth_date=date(2019, 9, 1)
            ),
            PersonEntry(
                role="parent",
                first_name="Sara",
                last_name="Vermeulen",
                parental_authority=True,
                street="Fictieweg 12",
                postcode="2018",
                city="Antwerpen",
            ),
            PersonEntry(role="parent", first_name="Tom", last_name="Janssens"),
        ],
    )
    report = triage_report(
        report=report, by=team_lead_a, track="help", grounds="x", team_discussion="y"
    )
    return dossier_services.open_dossier(
        report=report, by=team_lead_a, case_workers=[worker_a, doctor_a], of_record=worker_a
    )
