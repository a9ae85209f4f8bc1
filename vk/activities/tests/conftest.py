"""Fixtures of the activities tests: a clock fixed on Monday 16 March 2026, the
personas of every role, and quick ways to make activities through the services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from vk.centres.models import Centre, Role, User
from vk.tests.factories import UserFactory

TODAY = date(2026, 3, 16)


@pytest.fixture(autouse=True)
def _fixed_today() -> Iterator[None]:
    moment = datetime(2026, 3, 16, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Messages are matched on their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def director_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dora")


@pytest.fixture
def statistics_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.STATISTICS], first_name="Stan")


@pytest.fixture
def complaints_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.COMPLAINTS], first_name="Klara")


@pytest.fixture
def privacy_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.PRIVACY_OFFICER], first_name="Pia")


@pytest.fixture
def team_lead_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD], first_name="Bram")


def coaching_values(by: User, **changes: Any) -> dict[str, Any]:
    return {
        "date": date(2026, 3, 10),
        "coached_by": by,
        "sector": "school",
        "organisation": "Basisschool",
        "theme": "neglect",
        "contacts": 1,
        "duration_minutes": 30,
        "summary": "Stappenplan overlopen.",
        **changes,
    }


def training_values(by: User, **changes: Any) -> dict[str, Any]:
    return {
        "date": date(2026, 2, 10),
        "topic": "Signalen herkennen",
        "target_group": "Leerkrachten",
        "organisations": "Scholengroep",
        "participants": 20,
        "hours": None,
        "trainers": [by],
        "external_trainers": "",
        **changes,
    }


def awareness_values(by: User, **changes: Any) -> dict[str, Any]:
    return {
        "date": date(2026, 1, 20),
        "kind": "lecture",
        "audience": "Ouders",
        "reach": 40,
        "staff": [by],
        "description": "",
        **changes,
    }
