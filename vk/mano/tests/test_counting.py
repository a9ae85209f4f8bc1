"""Counting MaNo procedures: not admitted apart, procedures and children apart."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from vk.centres.models import User
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.mano import services
from vk.mano.counting import year_figures
from vk.mano.tests.helpers import admit, register

pytestmark = pytest.mark.django_db


def test_not_admitted_apart_and_a_child_with_two_procedures_counted_once_as_child(
    dossier: Dossier, worker_a: User
) -> None:
    year = timezone.localdate().year
    first = register(dossier, worker_a, received_on=date(year, 1, 5))
    admit(first, worker_a)
    services.decide_not_necessary(
        procedure=first,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        motivation="Vrijwillige hulp loopt.",
        agreed_with_referrer=True,
    )
    second = register(dossier, worker_a, received_on=date(year, 1, 6))
    admit(second, worker_a)
    services.decide_necessary(
        procedure=second,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        motivation="Nodig.",
    )
    services.end_follow_up(
        procedure=second,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        note="Hulp loopt.",
    )
    # A later referral of the same family, declared not admissible.
    refused = register(dossier, worker_a, received_on=date(year, 1, 8))
    services.declare_not_admissible(
        procedure=refused,
        by=worker_a,
        team_decision=make_decision(dossier, worker_a),
        reason="Vrijwillige hulp niet uitgeput.",
    )
    figures = year_figures(year, dossier.centre)
    assert (figures.received, figures.not_admitted, figures.started) == (3, 1, 2)
    # Mila and Bo (unborn, but a child registration too) in two procedures each.
    assert figures.children_in_started == 4
    assert figures.unique_children == 2
    assert figures.outcomes == {"voluntary_help": 1, "follow_up_ended": 1}
    assert year_figures(year - 1, dossier.centre).received == 0
