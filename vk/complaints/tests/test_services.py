"""The lifecycle of a complaint: deadlines in working days, allowed and refused steps,
the improvements rule, the version check, the history and the audit entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine
from django.utils import timezone, translation

from vk.audit.models import Action, AuditEntry, Purpose
from vk.centres.models import Centre, User
from vk.complaints import services
from vk.complaints.models import Complaint, ComplaintEvent, Stage
from vk.complaints.tests.helpers import acknowledge, answer, close, register
from vk.lib.locking import EditConflict

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Refusals are matched on their English source text."""
    with translation.override("en"):
        yield


FRIDAY_BEFORE_CHRISTMAS = "2026-12-18 10:00 +01:00"


def _edit(complaint: Complaint, **changes: object) -> services.ComplaintEdit:
    values = {name: getattr(complaint, name) for name in services.EDITABLE_FIELDS}
    return services.ComplaintEdit(**{**values, **changes})


# Deadlines ---------------------------------------------------------------------------


def test_deadlines_count_working_days_skipping_the_weekend_and_christmas(
    centre_a: Centre, officer_a: User
) -> None:
    with time_machine.travel(FRIDAY_BEFORE_CHRISTMAS, tick=False):
        complaint = register(centre_a, officer_a, received_on=date(2026, 12, 18))
    # Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25 Christmas, weekend), Mon 28.
    assert complaint.acknowledge_due == date(2026, 12, 28)
    # 8 working days left in December, New Year's Day off, 20 in January, 17 in February.
    assert complaint.answer_due == date(2027, 2, 23)
    assert services.deadlines(centre_a, date(2026, 12, 18)) == (
        date(2026, 12, 28),
        date(2027, 2, 23),
    )


def test_a_changed_centre_norm_applies_to_new_complaints_only(
    centre_a: Centre, officer_a: User
) -> None:
    with time_machine.travel(FRIDAY_BEFORE_CHRISTMAS, tick=False):
        before = register(centre_a, officer_a, received_on=date(2026, 12, 18))
        centre_a.complaint_acknowledge_working_days = 10
        centre_a.complaint_answer_working_days = 30
        centre_a.save(
            update_fields=["complaint_acknowledge_working_days", "complaint_answer_working_days"]
        )
        after = register(centre_a, officer_a, received_on=date(2026, 12, 18))
    before.refresh_from_db()
    assert (before.acknowledge_due, before.answer_due) == (date(2026, 12, 28), date(2027, 2, 23))
    # 10 working days: Dec 21–24, 28–31, Jan 4, 5 (New Year's Day off).
    assert after.acknowledge_due == date(2027, 1, 5)
    # 30 working days: 8 in December, then Jan 4 … Feb 2 (22 working days).
    assert after.answer_due == date(2027, 2, 2)


def test_a_complaint_cannot_be_received_in_the_future(centre_a: Centre, officer_a: User) -> None:
    with (
        time_machine.travel(FRIDAY_BEFORE_CHRISTMAS, tick=False),
        pytest.raises(services.ComplaintError),
    ):
        register(centre_a, officer_a, received_on=date(2026, 12, 19))
    assert not Complaint.objects.exists()


def test_the_officer_registers_for_their_own_centre_only(centre_a: Centre, officer_b: User) -> None:
    with pytest.raises(services.ComplaintError):
        register(centre_a, officer_b)
    assert not Complaint.objects.exists()


# Steps ------------------------------------------------------------------------------


@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
def test_a_complaint_goes_through_every_stage_with_its_history(
    centre_a: Centre, officer_a: User
) -> None:
    complaint = register(centre_a, officer_a, received_on=date(2026, 2, 2))
    complaint = acknowledge(complaint, officer_a, date(2026, 2, 3))
    assert complaint.stage == Stage.ACKNOWLEDGED and complaint.handler == officer_a
    complaint = services.start_conversation(
        complaint=complaint, by=officer_a, expected_version=complaint.row_version, note="Gepland."
    )
    complaint = services.start_formal_handling(
        complaint=complaint, by=officer_a, expected_version=complaint.row_version
    )
    complaint = answer(complaint, officer_a, date(2026, 2, 20), "partly", "Nieuwe afspraken.")
    complaint = close(complaint, officer_a, date(2026, 2, 27), escalated_to="opgroeipunt")
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED
    assert (complaint.acknowledged_on, complaint.answered_on, complaint.closed_on) == (
        date(2026, 2, 3),
        date(2026, 2, 20),
        date(2026, 2, 27),
    )
    assert complaint.outcome == "partly" and complaint.improvements == "Nieuwe afspraken."
    assert complaint.escalated_to == "opgroeipunt"
    assert list(complaint.events.values_list("stage", flat=True)) == [
        Stage.RECEIVED,
        Stage.ACKNOWLEDGED,
        Stage.IN_CONVERSATION,
        Stage.FORMAL,
        Stage.ANSWERED,
        Stage.CLOSED,
    ]
    assert complaint.events.get(stage=Stage.IN_CONVERSATION).note == "Gepland."


def test_formal_handling_and_the_answer_may_follow_the_acknowledgement_directly(
    centre_a: Centre, officer_a: User
) -> None:
    first = acknowledge(register(centre_a, officer_a), officer_a)
    first = services.start_formal_handling(
        complaint=first, by=officer_a, expected_version=first.row_version
    )
    assert first.stage == Stage.FORMAL
    second = acknowledge(register(centre_a, officer_a), officer_a)
    second = answer(second, officer_a, second.received_on)
    assert second.stage == Stage.ANSWERED


@pytest.mark.parametrize(
    ("step", "stage"),
    [
        ("start_conversation", Stage.RECEIVED),
        ("start_formal_handling", Stage.RECEIVED),
        ("answer", Stage.RECEIVED),
        ("close", Stage.ACKNOWLEDGED),
        ("acknowledge", Stage.ACKNOWLEDGED),
        ("start_conversation", Stage.FORMAL),
        ("close", Stage.FORMAL),
        ("answer", Stage.CLOSED),
        ("start_formal_handling", Stage.ANSWERED),
    ],
)
def test_a_step_out_of_order_is_refused_and_saves_nothing(
    centre_a: Centre, officer_a: User, step: str, stage: Stage
) -> None:
    complaint = _in_stage(centre_a, officer_a, stage)
    before = Complaint.objects.values().get(pk=complaint.pk)
    events = complaint.events.count()
    audit = AuditEntry.objects.count()
    arguments: dict[str, object] = {
        "complaint": complaint,
        "by": officer_a,
        "expected_version": complaint.row_version,
    }
    if step == "answer":
        arguments |= {
            "answered_on": complaint.received_on,
            "outcome": "unfounded",
            "answer_summary": "Uitleg.",
        }
    with pytest.raises(services.ComplaintError, match="not possible now"):
        getattr(services, step)(**arguments)
    assert Complaint.objects.values().get(pk=complaint.pk) == before
    assert complaint.events.count() == events
    assert AuditEntry.objects.count() == audit


def _in_stage(centre: Centre, by: User, stage: Stage) -> Complaint:
    complaint = register(centre, by)
    if stage == Stage.RECEIVED:
        return complaint
    complaint = acknowledge(complaint, by)
    if stage == Stage.ACKNOWLEDGED:
        return complaint
    if stage == Stage.FORMAL:
        return services.start_formal_handling(
            complaint=complaint, by=by, expected_version=complaint.row_version
        )
    complaint = answer(complaint, by, complaint.received_on)
    if stage == Stage.ANSWERED:
        return complaint
    return close(complaint, by, complaint.received_on)


@time_machine.travel("2026-03-02 10:00 +01:00", tick=False)
def test_step_dates_are_not_in_the_future_nor_before_the_previous_step(
    centre_a: Centre, officer_a: User
) -> None:
    complaint = register(centre_a, officer_a, received_on=date(2026, 2, 10))
    with pytest.raises(services.ComplaintError, match="future"):
        acknowledge(complaint, officer_a, date(2026, 3, 3))
    with pytest.raises(services.ComplaintError, match="before 10/02/2026"):
        acknowledge(complaint, officer_a, date(2026, 2, 9))
    complaint = acknowledge(complaint, officer_a, date(2026, 2, 12))
    with pytest.raises(services.ComplaintError, match="before 12/02/2026"):
        answer(complaint, officer_a, date(2026, 2, 11))
    complaint = answer(complaint, officer_a, date(2026, 2, 20))
    with pytest.raises(services.ComplaintError, match="before 20/02/2026"):
        close(complaint, officer_a, date(2026, 2, 19))
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.ANSWERED


def test_acknowledging_keeps_a_handler_already_set(
    centre_a: Centre, officer_a: User, director_a: User
) -> None:
    complaint = acknowledge(register(centre_a, director_a), director_a)
    complaint = answer(complaint, officer_a, complaint.received_on)
    assert complaint.handler == director_a


# The improvements rule -----------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["well_founded", "partly"])
def test_a_well_founded_complaint_needs_what_the_centre_changed(
    centre_a: Centre, officer_a: User, outcome: str
) -> None:
    complaint = acknowledge(register(centre_a, officer_a), officer_a)
    with pytest.raises(services.ComplaintError, match="what the centre changed"):
        answer(complaint, officer_a, complaint.received_on, outcome, improvements="  ")
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.ACKNOWLEDGED
    answered = answer(complaint, officer_a, complaint.received_on, outcome, "Sjabloon aangepast.")
    assert answered.improvements == "Sjabloon aangepast."


@pytest.mark.parametrize("outcome", ["unfounded", "not_admissible"])
def test_an_unfounded_complaint_may_go_without_improvements(
    centre_a: Centre, officer_a: User, outcome: str
) -> None:
    complaint = acknowledge(register(centre_a, officer_a), officer_a)
    assert answer(complaint, officer_a, complaint.received_on, outcome).outcome == outcome


def test_the_answer_needs_an_outcome_and_a_summary(centre_a: Centre, officer_a: User) -> None:
    complaint = acknowledge(register(centre_a, officer_a), officer_a)
    common = {"complaint": complaint, "by": officer_a, "answered_on": complaint.received_on}
    with pytest.raises(services.ComplaintError):
        services.answer(
            **common, expected_version=complaint.row_version, outcome="", answer_summary="x"
        )
    with pytest.raises(services.ComplaintError):
        services.answer(
            **common, expected_version=complaint.row_version, outcome="unfounded", answer_summary=""
        )


def test_improvements_can_be_added_after_closing_but_not_removed_when_well_founded(
    centre_a: Centre, officer_a: User
) -> None:
    complaint = acknowledge(register(centre_a, officer_a), officer_a)
    complaint = answer(complaint, officer_a, complaint.received_on, "unfounded")
    complaint = close(complaint, officer_a, complaint.received_on)
    complaint = services.update_complaint(
        complaint=complaint,
        by=officer_a,
        expected_version=complaint.row_version,
        details=_edit(complaint, improvements="Folder herschreven."),
    )
    assert Complaint.objects.get(pk=complaint.pk).improvements == "Folder herschreven."

    founded = acknowledge(register(centre_a, officer_a), officer_a)
    founded = answer(founded, officer_a, founded.received_on, "well_founded", "Iets veranderd.")
    with pytest.raises(services.ComplaintError, match="what the centre changed"):
        services.update_complaint(
            complaint=founded,
            by=officer_a,
            expected_version=founded.row_version,
            details=_edit(founded, improvements=""),
        )
    assert Complaint.objects.get(pk=founded.pk).improvements == "Iets veranderd."


# Versions, notes, audit ------------------------------------------------------------------


def test_a_step_on_a_stale_version_is_refused(centre_a: Centre, officer_a: User) -> None:
    complaint = register(centre_a, officer_a)
    stale = complaint.row_version
    services.update_complaint(
        complaint=complaint,
        by=officer_a,
        expected_version=stale,
        details=_edit(complaint, phone="0470 00 00 00"),
    )
    with pytest.raises(EditConflict):
        services.acknowledge(complaint=complaint, by=officer_a, expected_version=stale)
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.RECEIVED


def test_an_edit_on_a_stale_version_is_refused(centre_a: Centre, officer_a: User) -> None:
    complaint = register(centre_a, officer_a)
    stale = complaint.row_version
    acknowledge(complaint, officer_a)
    with pytest.raises(EditConflict):
        services.update_complaint(
            complaint=complaint,
            by=officer_a,
            expected_version=stale,
            details=_edit(complaint, phone="0470 00 00 00"),
        )
    assert Complaint.objects.get(pk=complaint.pk).phone == "0470 12 34 56"


def test_an_edit_needs_a_name_or_anonymity_and_a_way_to_reply(
    centre_a: Centre, officer_a: User
) -> None:
    complaint = register(centre_a, officer_a)
    for changes in ({"name": " "}, {"phone": "", "email": "", "address": ""}):
        with pytest.raises(services.ComplaintError):
            services.update_complaint(
                complaint=complaint,
                by=officer_a,
                expected_version=complaint.row_version,
                details=_edit(complaint, **changes),
            )
    complaint = services.update_complaint(
        complaint=complaint,
        by=officer_a,
        expected_version=complaint.row_version,
        details=_edit(complaint, anonymous=True),
    )
    assert complaint.anonymous and complaint.name == ""


def test_a_note_is_added_at_any_stage(centre_a: Centre, officer_a: User) -> None:
    complaint = close(
        answer(
            acknowledge(register(centre_a, officer_a), officer_a), officer_a, timezone.localdate()
        ),
        officer_a,
        timezone.localdate(),
    )
    event = services.add_note(complaint=complaint, by=officer_a, note="  Klager belde nog.  ")
    assert (event.stage, event.note, event.by) == (Stage.CLOSED, "Klager belde nog.", officer_a)
    with pytest.raises(services.ComplaintError):
        services.add_note(complaint=complaint, by=officer_a, note=" ")


def test_another_centre_cannot_change_the_complaint(
    centre_a: Centre, officer_a: User, officer_b: User
) -> None:
    complaint = register(centre_a, officer_a)
    with pytest.raises(services.ComplaintError):
        acknowledge(complaint, officer_b)
    with pytest.raises(services.ComplaintError):
        services.add_note(complaint=complaint, by=officer_b, note="x")
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1


def test_every_change_is_audited_with_identifiers_only(centre_a: Centre, officer_a: User) -> None:
    complaint = register(centre_a, officer_a, description="Geheime tekst over het gezin Maes.")
    complaint = acknowledge(complaint, officer_a)
    services.add_note(complaint=complaint, by=officer_a, note="Notitie over Maes.")
    services.update_complaint(
        complaint=complaint,
        by=officer_a,
        expected_version=complaint.row_version,
        details=_edit(complaint, wish="Excuses van Maes."),
    )
    entries = AuditEntry.objects.filter(
        object_type="complaints.complaint", object_id=str(complaint.pk)
    ).order_by("seq")
    assert [(e.action, e.event) for e in entries] == [
        (Action.CREATE, "complaints.complaint.registered"),
        (Action.UPDATE, "complaints.complaint.acknowledged"),
        (Action.CREATE, "complaints.complaint.note_added"),
        (Action.UPDATE, "complaints.complaint.changed"),
    ]
    assert {e.purpose for e in entries} == {Purpose.COMPLAINTS}
    assert entries.last().detail == {"fields": ["wish"]}
    assert "Maes" not in str([e.detail for e in entries])
