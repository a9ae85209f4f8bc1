"""Appointments: planned in the future, changed with conflict detection, cancelled, and
recorded as a conversation once they took place."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import User
from vk.dossiers.models import Conversation, Dossier
from vk.work import services
from vk.work.models import Appointment, AppointmentStatus
from vk.work.tests.helpers import local, make_appointment

pytestmark = pytest.mark.django_db

WEDNESDAY_AFTER_EASTER = date(2026, 4, 8)


def _plan(**changes: Any) -> dict[str, Any]:
    data = {
        "appointment-starts_at": "2026-04-08T14:00",
        "appointment-place": "home_visit",
        "appointment-with_whom": "Sara Maes (moeder)",
        "appointment-note": "",
    }
    data.update(changes)
    return data


def _conversation(**changes: Any) -> dict[str, Any]:
    data = {
        "held_at": "2026-04-08T14:00",
        "place": "home_visit",
        "participants": "moeder, hulpverlener",
        "language": "Nederlands",
        "summary": "Huisbezoek; moeder vertelt dat het rustiger gaat.",
    }
    data.update(changes)
    return data


def test_an_appointment_is_planned_in_the_future_only(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    client = client_for(worker_a)
    url = reverse("work:plan-appointment", args=[dossier.pk])
    assert (
        client.post(url, _plan(**{"appointment-starts_at": "2026-04-01T10:00"})).status_code == 400
    )
    assert not Appointment.objects.exists()
    with translation.override("en"), pytest.raises(services.WorkError, match="past"):
        make_appointment(dossier, worker_a, local(date(2026, 4, 1)))
    assert client.post(url, _plan()).status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == local(WEDNESDAY_AFTER_EASTER, 14)
    assert appointment.status == AppointmentStatus.PLANNED
    entry = AuditEntry.objects.get(event="work.appointment.planned")
    assert entry.detail == {"dossier": dossier.pk, "place": "home_visit"}


def test_an_appointment_becomes_a_conversation_once_it_took_place(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    appointment = make_appointment(dossier, worker_a, local(WEDNESDAY_AFTER_EASTER, 14))
    client = client_for(worker_a)
    url = reverse("work:record-conversation", args=[appointment.pk])
    # Not yet: the form is not offered and a post is refused.
    assert 'name="summary"' not in client.get(url).content.decode()
    assert client.post(url, _conversation(held_at="2026-04-02T09:00")).status_code == 400
    assert not Conversation.objects.exists()

    before_easter.move_to(local(WEDNESDAY_AFTER_EASTER, 16))
    client = client_for(worker_a)  # a new day, a new session
    page = client.get(url).content.decode()
    assert 'value="Sara Maes (moeder)"' in page  # participants = with whom
    assert 'value="2026-04-08T14:00"' in page  # held at = the appointment's time
    assert client.post(url, _conversation()).status_code == 302
    appointment.refresh_from_db()
    conversation = Conversation.objects.get()
    assert appointment.conversation == conversation
    assert appointment.status == AppointmentStatus.HELD
    assert conversation.dossier == dossier and conversation.author == worker_a
    assert AuditEntry.objects.filter(event="dossiers.conversation.added").count() == 1
    assert AuditEntry.objects.get(event="work.appointment.recorded").detail == {
        "conversation": conversation.pk
    }

    # Twice is refused.
    assert client.post(url, _conversation()).status_code == 400
    with translation.override("en"), pytest.raises(services.WorkError, match="already recorded"):
        services.record_appointment_as_conversation(
            appointment=appointment,
            by=worker_a,
            held_at=local(WEDNESDAY_AFTER_EASTER, 14),
            place="home_visit",
            participants="moeder",
            summary="Nog eens.",
        )
    assert Conversation.objects.count() == 1


def test_a_cancelled_appointment_is_not_recorded(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    appointment = make_appointment(dossier, worker_a, local(WEDNESDAY_AFTER_EASTER, 14))
    services.cancel_appointment(
        appointment=appointment, by=worker_a, expected_version=appointment.row_version
    )
    before_easter.move_to(local(WEDNESDAY_AFTER_EASTER, 16))
    response = client_for(worker_a).post(
        reverse("work:record-conversation", args=[appointment.pk]), _conversation()
    )
    assert response.status_code == 400
    assert not Conversation.objects.exists()


def test_an_appointment_that_did_not_take_place_is_marked_so(
    dossier: Dossier, worker_a: User, before_easter: Any
) -> None:
    appointment = make_appointment(dossier, worker_a, local(WEDNESDAY_AFTER_EASTER, 14))
    client = client_for(worker_a)
    url = reverse("work:mark-not-attended", args=[appointment.pk])
    client.post(url, {"version": appointment.row_version})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED  # it has not started yet
    before_easter.move_to(local(WEDNESDAY_AFTER_EASTER, 16))
    client = client_for(worker_a)
    assert client.post(url, {"version": appointment.row_version}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.NOT_ATTENDED


def test_a_stale_appointment_edit_shows_both_versions(
    dossier: Dossier, worker_a: User, team_lead_a: User, before_easter: Any
) -> None:
    appointment = make_appointment(dossier, worker_a, local(WEDNESDAY_AFTER_EASTER, 14))
    url = reverse("work:edit-appointment", args=[appointment.pk])
    opened_with = appointment.row_version
    data = {
        "version": opened_with,
        "starts_at": "2026-04-08T14:00",
        "place": "centre",
        "with_whom": "beide ouders",
        "note": "",
    }
    assert client_for(team_lead_a).post(url, data).status_code == 302
    response = client_for(worker_a).post(
        url, {**data, "place": "school", "with_whom": "moeder en CLB"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "beide ouders" in page and "moeder en CLB" in page
    appointment.refresh_from_db()
    assert (appointment.place, appointment.with_whom) == ("centre", "beide ouders")


def test_a_stale_cancel_is_refused(
    dossier: Dossier, worker_a: User, team_lead_a: User, before_easter: Any
) -> None:
    appointment = make_appointment(dossier, worker_a, local(WEDNESDAY_AFTER_EASTER, 14))
    services.update_appointment(
        appointment=appointment,
        by=team_lead_a,
        expected_version=appointment.row_version,
        starts_at=local(WEDNESDAY_AFTER_EASTER, 15),
        place="centre",
        with_whom="moeder",
        note="",
    )
    response = client_for(worker_a).post(
        reverse("work:cancel-appointment", args=[appointment.pk]),
        {"version": appointment.row_version},
    )
    assert response.status_code == 409
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.PLANNED
