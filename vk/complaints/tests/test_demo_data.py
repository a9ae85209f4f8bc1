from __future__ import annotations

import pytest

from vk.centres.models import Centre, User
from vk.complaints import services
from vk.complaints.demo_data import seed_complaints
from vk.complaints.models import Complaint, Outcome, Stage

pytestmark = pytest.mark.django_db


def test_the_demo_has_complaints_in_every_stage_and_outcome_some_overdue(
    centre_a: Centre, officer_a: User
) -> None:
    assert seed_complaints(centre_a, officer_a) == 9
    complaints = list(Complaint.objects.filter(centre=centre_a))
    assert {c.stage for c in complaints} == set(Stage.values)
    assert {c.outcome for c in complaints} - {""} == set(Outcome.values)
    assert sum(services.is_overdue(c) for c in complaints) == 2
    assert seed_complaints(centre_a, officer_a) == 0
