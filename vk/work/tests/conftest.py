"""Fixtures of the work tests: the dossier of vk/dossiers/tests (Wanda on its team) and
a clock fixed just before Easter Monday."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.utils import translation

from vk.dossiers.models import Dossier, State
from vk.dossiers.tests.fixtures import dossier, help_report, worker_a  # noqa: F401
from vk.work.tests.helpers import THURSDAY_BEFORE_EASTER


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Service messages are matched on their English source text."""
    with translation.override("en"):
        yield


@pytest.fixture
def before_easter() -> Iterator[Any]:
    with time_machine.travel(THURSDAY_BEFORE_EASTER, tick=False) as traveller:
        yield traveller


@pytest.fixture
def follow_up_dossier(dossier: Dossier) -> Dossier:  # noqa: F811
    Dossier.objects.filter(pk=dossier.pk).update(state=State.FOLLOW_UP)
    dossier.refresh_from_db()
    return dossier
