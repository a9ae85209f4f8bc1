"""Complaints officers and complaints in a given stage, made through the services."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vk.centres.models import Centre, Role, User
from vk.complaints import services
from vk.complaints.models import Channel, Complaint
from vk.tests.factories import UserFactory


@pytest.fixture
def officer_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.COMPLAINTS], first_name="Katrien")


@pytest.fixture
def director_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dirk")


@pytest.fixture
def officer_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.COMPLAINTS], first_name="Bram")


def details(**changes: Any) -> services.ComplaintDetails:
    values: dict[str, Any] = {
        "complainant_role": "parent",
        "subject": "help",
        "description": "De hulpverlener belde niet terug.",
        "discussed_with_helper": "no",
        "name": "Inge Demeester",
        "phone": "0470 12 34 56",
        **changes,
    }
    return services.ComplaintDetails(**values)


def register(
    centre: Centre,
    by: User | None,
    *,
    received_on: date | None = None,
    channel: Channel = Channel.PHONE,
    **changes: Any,
) -> Complaint:
    return services.register_complaint(
        centre=centre,
        details=details(**changes),
        channel=channel,
        received_on=received_on,
        by=by,
    )


def acknowledge(complaint: Complaint, by: User, on: date | None = None) -> Complaint:
    return services.acknowledge(
        complaint=complaint, by=by, expected_version=complaint.row_version, acknowledged_on=on
    )


def answer(
    complaint: Complaint,
    by: User,
    on: date,
    outcome: str = "unfounded",
    improvements: str = "",
) -> Complaint:
    return services.answer(
        complaint=complaint,
        by=by,
        expected_version=complaint.row_version,
        answered_on=on,
        outcome=outcome,
        answer_summary="Uitleg gegeven.",
        improvements=improvements,
    )


def close(complaint: Complaint, by: User, on: date, escalated_to: str = "") -> Complaint:
    return services.close(
        complaint=complaint,
        by=by,
        expected_version=complaint.row_version,
        closed_on=on,
        escalated_to=escalated_to,
    )
