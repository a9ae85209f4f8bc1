"""Registering, triaging, transferring and referring reports; the advice track."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vk.audit.models import AuditEntry
from vk.audit.services import verify_trail
from vk.centres.models import Centre, Role, User
from vk.intake.models import (
    AdviceCase,
    AdviceStatus,
    PersonRole,
    ReferralTarget,
    Report,
    ReportHistory,
    ReportPerson,
    ReportProblem,
    Status,
    Track,
    Transfer,
    TransferKind,
    TriageDecision,
    Urgency,
)
from vk.intake.services import (
    IntakeError,
    PersonEntry,
    add_advice_contact,
    close_advice,
    convert_advice_to_help,
    refer_to_sos_enfants,
    transfer_report,
    triage_report,
    update_advice,
)
from vk.intake.tests.factories import (
    child,
    existing_child,
    make_person,
    parent,
    received,
    register,
)
from vk.people.identifiers import national_number_index
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def team_lead_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD], first_name="Tine")


def child_registrations(centre: Centre) -> int:
    return ReportPerson.objects.filter(report__centre=centre, role=PersonRole.CHILD).count()


def unique_children(centre: Centre) -> int:
    return (
        ReportPerson.objects.filter(report__centre=centre, role=PersonRole.CHILD)
        .values("person")
        .distinct()
        .count()
    )


def triage(report: Report, by: User, track: str = Track.HELP, **extra: str) -> Report:
    return triage_report(
        report=report,
        by=by,
        track=track,
        grounds="Fictional grounds.",
        team_discussion="Team meeting 7 April 2026",
        **extra,
    )


def advice_for(report: Report, by: User) -> AdviceCase:
    triage(report, by, Track.ADVICE)
    return AdviceCase.objects.get(report=report)


# Registering: counting units ------------------------------------------------------------


def test_one_report_about_three_children_is_one_report_and_three_child_registrations(
    colleague_a: User, centre_a: Centre
) -> None:
    register(colleague_a, child("Anna"), child("Bram"), child("Cas"), parent("Dirk"))

    assert Report.objects.in_centre(centre_a).count() == 1
    assert child_registrations(centre_a) == 3
    assert unique_children(centre_a) == 3
    assert Person.objects.in_centre(centre_a).count() == 4


def test_a_second_report_on_a_known_child_links_the_person_instead_of_duplicating(
    colleague_a: User, centre_a: Centre
) -> None:
    first = register(colleague_a, child("Anna"), child("Bram"), child("Cas"))
    anna = first.involved.get(person__first_name="Anna").person
    persons_before = Person.objects.count()

    second = register(colleague_a, existing_child(anna))

    assert Report.objects.in_centre(centre_a).count() == 2
    assert child_registrations(centre_a) == 4
    assert unique_children(centre_a) == 3
    assert Person.objects.count() == persons_before
    link = second.involved.get()
    assert link.person_id == anna.pk
    assert link.matched_existing
    assert not first.involved.get(person=anna).matched_existing


def test_a_new_person_is_stored_with_a_name_key_and_only_a_masked_national_number(
    colleague_a: User,
) -> None:
    report = register(
        colleague_a,
        child("Zoë", "Çelik", birth_date=date(2015, 3, 14), national_number="85073003328"),
    )

    person = report.persons.get()
    assert person.name_key == "zoecelik"
    assert person.national_number_index == national_number_index("85073003328")
    assert person.national_number_mask.endswith("28")
    assert "85073003328" not in person.national_number_mask


def test_an_age_estimate_is_stored_as_the_year_of_birth_from_the_day_of_receipt(
    colleague_a: User,
) -> None:
    # Received on 2 April 2026 about a child of about 8: born in 2018.
    report = register(colleague_a, child("Anna", estimated_age=8), child("Bram", estimated_age=0))

    anna = report.persons.get(first_name="Anna")
    assert (anna.birth_date, anna.estimated_birth_year) == (None, 2026 - 8)
    assert anna.age_on(date(2026, 12, 31)) == 8
    assert report.persons.get(first_name="Bram").estimated_birth_year == 2026


@pytest.mark.parametrize(
    "entry",
    [
        child("Anna", estimated_age=8, birth_date=date(2018, 5, 1)),
        child("Anna", estimated_age=0, is_unborn=True, expected_birth_date=date(2026, 6, 1)),
        child("Anna", estimated_age=26),
        child("Anna", estimated_age=-1),
    ],
    ids=["with a date of birth", "unborn", "too old", "negative"],
)
def test_an_age_estimate_beside_a_date_of_birth_unborn_or_out_of_range_is_refused(
    colleague_a: User, entry: PersonEntry
) -> None:
    with pytest.raises(IntakeError):
        register(colleague_a, entry)

    assert not Person.objects.exists()


def test_the_same_person_twice_in_one_report_is_refused(
    colleague_a: User, centre_a: Centre
) -> None:
    anna = make_person(centre_a, "Anna")

    with pytest.raises(IntakeError):
        register(colleague_a, existing_child(anna), existing_child(anna))

    assert Report.objects.count() == 0


def test_problems_are_stored_once_each(colleague_a: User) -> None:
    report = register(colleague_a, problems=["physical", "emotional", "physical"])

    assert sorted(
        ReportProblem.objects.filter(report=report).values_list("category", flat=True)
    ) == [
        "emotional",
        "physical",
    ]


def test_an_anonymous_reporter_leaves_no_contact_details(colleague_a: User) -> None:
    report = register(
        colleague_a,
        reporter_anonymous=True,
        reporter_name="Fictional Reporter",
        reporter_phone="000 00 00 00",
        reporter_email="reporter@example.test",
    )

    assert (report.reporter_name, report.reporter_phone, report.reporter_email) == ("", "", "")


def test_registering_writes_a_history_row_and_an_audit_entry(
    colleague_a: User, centre_a: Centre
) -> None:
    report = register(colleague_a)

    history = ReportHistory.objects.get(report=report)
    assert (history.from_status, history.to_status, history.by) == (
        "",
        Status.IN_QUEUE,
        colleague_a,
    )
    entry = AuditEntry.objects.get(event="intake.report.created")
    assert (entry.chain, entry.object_id, entry.actor_id) == (
        centre_a.pk,
        str(report.pk),
        colleague_a.pk,
    )
    assert verify_trail().ok


# Registering: reference and deadlines -----------------------------------------------------


def test_the_reference_has_the_centre_prefix_and_year_and_counts_up(colleague_a: User) -> None:
    first = register(colleague_a)
    second = register(colleague_a)

    assert first.reference == "ANT-2026-00001"
    assert second.reference == "ANT-2026-00002"


def test_each_centre_counts_its_own_references(colleague_a: User, staff_b: User) -> None:
    register(colleague_a)
    limburg = register(staff_b)

    assert limburg.reference == "LIM-2026-00001"


def test_the_reference_year_is_the_year_of_receipt_in_brussels(colleague_a: User) -> None:
    # 31 December 2025 23:30 UTC is already 1 January 2026 in Brussels.
    report = register(colleague_a, received_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))

    assert report.reference == "ANT-2026-00001"


def test_the_reference_numbering_starts_again_in_a_new_year(colleague_a: User) -> None:
    register(colleague_a, received_at=received(datetime(2025, 12, 30, 10, 0)))
    register(colleague_a, received_at=received(datetime(2025, 12, 31, 10, 0)))

    new_year = register(colleague_a, received_at=received(datetime(2026, 1, 2, 10, 0)))

    assert new_year.reference == "ANT-2026-00001"


def test_triage_is_due_five_working_days_after_receipt_skipping_easter_monday(
    colleague_a: User,
) -> None:
    # Received Thursday 2 April 2026; Easter Monday 6 April is a public holiday.
    report = register(colleague_a, received_at=received(datetime(2026, 4, 2, 10, 0)))

    assert report.triage_due == date(2026, 4, 10)  # Friday
    assert report.first_contact_due is None


def test_the_triage_deadline_follows_the_centres_setting(
    colleague_a: User, centre_a: Centre
) -> None:
    centre_a.triage_deadline_working_days = 3
    centre_a.save()

    report = register(colleague_a, received_at=received(datetime(2026, 4, 2, 10, 0)))

    assert report.triage_due == date(2026, 4, 8)  # Wednesday


def test_a_crisis_report_needs_first_contact_on_the_day_of_receipt(colleague_a: User) -> None:
    report = register(
        colleague_a, urgency=Urgency.CRISIS, received_at=received(datetime(2026, 4, 2, 22, 0))
    )

    assert report.first_contact_due == date(2026, 4, 2)
    assert report.is_crisis


# Registering: refusals ----------------------------------------------------------------------


def test_a_person_of_another_centre_cannot_be_linked(colleague_a: User, centre_b: Centre) -> None:
    stranger = make_person(centre_b, "Anna")
    persons_before = Person.objects.count()

    with pytest.raises(IntakeError):
        register(colleague_a, child("Bram"), existing_child(stranger))

    assert Report.objects.count() == 0
    assert Person.objects.count() == persons_before
    assert not AuditEntry.objects.filter(event="intake.report.created").exists()


def test_a_report_without_a_child_is_refused_and_nothing_is_saved(colleague_a: User) -> None:
    persons_before = Person.objects.count()

    with pytest.raises(IntakeError):
        register(colleague_a, parent("Dirk"), PersonEntry(role=PersonRole.OTHER, first_name="Els"))

    assert Report.objects.count() == 0
    assert Person.objects.count() == persons_before


def test_a_user_without_a_centre_cannot_register_a_report(db: None) -> None:
    operator = UserFactory(centre=None)

    with pytest.raises(IntakeError):
        register(operator)

    assert Report.objects.count() == 0


# Triage ------------------------------------------------------------------------------------


def test_triage_records_the_track_the_decision_the_history_and_the_audit_entry(
    colleague_a: User, team_lead_a: User, centre_a: Centre
) -> None:
    report = register(colleague_a)
    decided = datetime(2026, 4, 7, 14, 30, tzinfo=BRUSSELS)

    with time_machine.travel(decided, tick=False):
        triage(report, team_lead_a, Track.HELP)

    report.refresh_from_db()
    assert report.status == Status.TRIAGED
    assert report.track == Track.HELP
    assert report.triaged_at == decided
    decision = TriageDecision.objects.get(report=report)
    assert (decision.track, decision.decided_by) == (Track.HELP, team_lead_a)
    history = ReportHistory.objects.get(report=report, to_status=Status.TRIAGED)
    assert (history.from_status, history.by) == (Status.IN_QUEUE, team_lead_a)
    entry = AuditEntry.objects.get(event="intake.report.triaged")
    assert (entry.chain, entry.object_id, entry.actor_id) == (
        centre_a.pk,
        str(report.pk),
        team_lead_a.pk,
    )
    assert entry.detail["track"] == Track.HELP
    assert not AdviceCase.objects.filter(report=report).exists()
    assert verify_trail().ok


def test_a_report_decided_on_the_due_day_counts_as_on_time(
    colleague_a: User, team_lead_a: User
) -> None:
    report = register(colleague_a)  # due Friday 10 April 2026

    with time_machine.travel(datetime(2026, 4, 10, 16, 0, tzinfo=BRUSSELS), tick=False):
        triage(report, team_lead_a)

    assert list(Report.objects.decided_on_time()) == [Report.objects.get(pk=report.pk)]


def test_only_a_team_lead_decides_the_track(colleague_a: User, case_worker_a: User) -> None:
    report = register(colleague_a)

    for not_a_lead in (colleague_a, case_worker_a):
        with pytest.raises(IntakeError):
            triage(report, not_a_lead)

    report.refresh_from_db()
    assert report.status == Status.IN_QUEUE
    assert not TriageDecision.objects.exists()


def test_a_team_lead_cannot_triage_a_report_of_another_centre(
    team_lead_a: User, staff_b: User
) -> None:
    report = register(staff_b)

    with pytest.raises(IntakeError):
        triage(report, team_lead_a)

    report.refresh_from_db()
    assert report.status == Status.IN_QUEUE


def test_a_report_cannot_be_triaged_twice(colleague_a: User, team_lead_a: User) -> None:
    report = register(colleague_a)
    triage(report, team_lead_a, Track.HELP)

    with pytest.raises(IntakeError):
        triage(report, team_lead_a, Track.ADVICE)

    assert TriageDecision.objects.get(report=report).track == Track.HELP
    assert not AdviceCase.objects.filter(report=report).exists()


def test_the_advice_track_opens_an_advice_case_for_a_named_family(
    colleague_a: User, team_lead_a: User, centre_a: Centre
) -> None:
    report = register(colleague_a, worries="Fictional questions of a teacher.")

    triage(report, team_lead_a, Track.ADVICE)

    advice = AdviceCase.objects.get(report=report)
    assert advice.centre == centre_a
    assert advice.family_named
    assert advice.questions == "Fictional questions of a teacher."
    assert advice.status == AdviceStatus.OPEN


def test_the_consultation_track_opens_an_advice_case_without_a_named_family(
    colleague_a: User, team_lead_a: User
) -> None:
    report = register(colleague_a)

    triage(report, team_lead_a, Track.CONSULTATION)

    assert not AdviceCase.objects.get(report=report).family_named


def test_a_referral_needs_a_referral_target(colleague_a: User, team_lead_a: User) -> None:
    report = register(colleague_a)

    with pytest.raises(IntakeError):
        triage(report, team_lead_a, Track.REFERRAL)

    report.refresh_from_db()
    assert report.status == Status.IN_QUEUE
    assert not TriageDecision.objects.exists()


def test_a_referral_records_where_the_report_is_referred_to(
    colleague_a: User, team_lead_a: User
) -> None:
    report = register(colleague_a)

    triage(report, team_lead_a, Track.REFERRAL, referral_target=ReferralTarget.CAW)

    assert TriageDecision.objects.get(report=report).referral_target == ReferralTarget.CAW


def test_an_unknown_track_is_refused(colleague_a: User, team_lead_a: User) -> None:
    report = register(colleague_a)

    with pytest.raises(IntakeError):
        triage(report, team_lead_a, "holiday")

    report.refresh_from_db()
    assert report.status == Status.IN_QUEUE


# Transfer to another centre -----------------------------------------------------------------


def test_a_transferred_report_lands_in_the_receiving_centres_queue(
    colleague_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    report = register(colleague_a)

    with time_machine.travel(datetime(2026, 4, 3, 9, 0, tzinfo=BRUSSELS), tick=False):
        transfer = transfer_report(
            report=report, by=colleague_a, to_centre=centre_b, reason="Child lives in Hasselt."
        )

    report.refresh_from_db()
    assert report.centre == centre_b
    assert report.status == Status.IN_QUEUE
    assert report.reference == "ANT-2026-00001"
    assert list(Report.objects.in_centre(centre_b).in_queue()) == [report]
    assert not Report.objects.in_centre(centre_a).exists()
    # The receiving centre's deadline runs from the transfer (Friday 3 April): Easter
    # Monday does not count, so five working days end on Monday 13 April.
    assert report.triage_due == date(2026, 4, 13)
    assert Transfer.objects.get() == transfer
    assert (transfer.kind, transfer.from_centre, transfer.to_centre, transfer.decided_by) == (
        TransferKind.OTHER_CENTRE,
        centre_a,
        centre_b,
        colleague_a,
    )
    assert list(
        ReportHistory.objects.filter(report=report)
        .order_by("pk")
        .values_list("from_status", "to_status")
    ) == [
        ("", Status.IN_QUEUE),
        (Status.IN_QUEUE, Status.TRANSFERRED),
        (Status.TRANSFERRED, Status.IN_QUEUE),
    ]


def test_a_transfer_is_recorded_in_the_audit_chains_of_both_centres(
    colleague_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    report = register(colleague_a)

    transfer_report(report=report, by=colleague_a, to_centre=centre_b, reason="Competence.")

    out = AuditEntry.objects.get(event="intake.report.transferred_out")
    into = AuditEntry.objects.get(event="intake.report.transferred_in")
    assert (out.chain, out.centre_id) == (centre_a.pk, centre_a.pk)
    assert (into.chain, into.centre_id) == (centre_b.pk, centre_b.pk)
    assert out.object_id == into.object_id == str(report.pk)
    assert into.detail == {"from_centre": centre_a.pk, "to_centre": centre_b.pk}
    assert verify_trail().ok


def test_a_transfer_copies_a_person_known_from_another_report_and_moves_the_others(
    colleague_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    earlier = register(colleague_a, child("Anna"))
    anna = earlier.persons.get()
    report = register(colleague_a, existing_child(anna), child("Bram"))
    bram = report.persons.get(first_name="Bram")
    persons_before = Person.objects.count()

    transfer_report(report=report, by=colleague_a, to_centre=centre_b, reason="Competence.")

    anna.refresh_from_db()
    bram.refresh_from_db()
    # Anna stays with the sending centre for the earlier report; the transferred report
    # gets a copy in the receiving centre.
    assert anna.centre == centre_a
    assert list(earlier.persons.all()) == [anna]
    anna_copy = report.persons.get(first_name="Anna")
    assert anna_copy.pk != anna.pk
    assert anna_copy.centre == centre_b
    assert anna_copy.name_key == anna.name_key
    # Bram was only in this report: he moves along, no copy.
    assert bram.centre == centre_b
    assert report.persons.get(first_name="Bram").pk == bram.pk
    assert Person.objects.count() == persons_before + 1
    assert child_registrations(centre_a) == 1
    assert child_registrations(centre_b) == 2


def test_a_transfer_copy_keeps_the_age_estimate(
    colleague_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    earlier = register(colleague_a, child("Anna", estimated_age=8))
    anna = earlier.persons.get()
    report = register(colleague_a, existing_child(anna))

    transfer_report(report=report, by=colleague_a, to_centre=centre_b, reason="Competence.")

    copy = report.persons.get()
    assert (copy.centre, copy.copied_from) == (centre_b, anna)
    assert (copy.birth_date, copy.estimated_birth_year) == (None, anna.estimated_birth_year)


def test_the_receiving_centre_can_triage_a_transferred_report(
    colleague_a: User, team_lead_b: User, centre_b: Centre
) -> None:
    report = register(colleague_a)
    transfer_report(report=report, by=colleague_a, to_centre=centre_b, reason="Competence.")

    triage(report, team_lead_b, Track.HELP)

    report.refresh_from_db()
    assert (report.centre, report.status) == (centre_b, Status.TRIAGED)
    assert AuditEntry.objects.get(event="intake.report.triaged").chain == centre_b.pk
    assert verify_trail().ok


def test_a_report_cannot_be_transferred_to_its_own_centre(
    colleague_a: User, centre_a: Centre
) -> None:
    report = register(colleague_a)

    with pytest.raises(IntakeError):
        transfer_report(report=report, by=colleague_a, to_centre=centre_a, reason="Mistake.")

    assert not Transfer.objects.exists()


def test_a_second_transfer_of_the_same_report_from_a_stale_copy_is_refused(
    colleague_a: User, admin_a: User, centre_b: Centre
) -> None:
    # Two colleagues of the sending centre submit the same transfer at the same time:
    # both read the report while it was still theirs.
    report = register(colleague_a)
    seen_by_admin = Report.objects.get(pk=report.pk)
    transfer_report(report=report, by=colleague_a, to_centre=centre_b, reason="Competence.")

    with pytest.raises(IntakeError):
        transfer_report(report=seen_by_admin, by=admin_a, to_centre=centre_b, reason="Competence.")

    assert Transfer.objects.count() == 1
    assert AuditEntry.objects.filter(event="intake.report.transferred_in").count() == 1


def test_a_triaged_report_cannot_be_transferred(
    colleague_a: User, team_lead_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    report = register(colleague_a)
    triage(report, team_lead_a)

    with pytest.raises(IntakeError):
        transfer_report(report=report, by=colleague_a, to_centre=centre_b, reason="Too late.")

    report.refresh_from_db()
    assert report.centre == centre_a
    assert not Transfer.objects.exists()


# Referral to SOS Enfants ---------------------------------------------------------------------


def test_a_referral_to_sos_enfants_leaves_the_vk_system(
    colleague_a: User, centre_a: Centre
) -> None:
    report = register(colleague_a, dutch_speaking_network=False)

    transfer = refer_to_sos_enfants(report=report, by=colleague_a, reason="French-speaking family.")

    report.refresh_from_db()
    assert report.status == Status.REFERRED
    assert report.centre == centre_a
    assert (transfer.kind, transfer.from_centre, transfer.to_centre) == (
        TransferKind.SOS_ENFANTS,
        centre_a,
        None,
    )
    assert not Report.objects.in_centre(centre_a).in_queue().exists()
    assert AuditEntry.objects.filter(event="intake.report.referred", chain=centre_a.pk).exists()


def test_a_referred_report_cannot_be_triaged_or_referred_again(
    colleague_a: User, team_lead_a: User
) -> None:
    report = register(colleague_a)
    refer_to_sos_enfants(report=report, by=colleague_a, reason="French-speaking family.")

    with pytest.raises(IntakeError):
        triage(report, team_lead_a)
    with pytest.raises(IntakeError):
        refer_to_sos_enfants(report=report, by=colleague_a, reason="Again.")

    assert Transfer.objects.count() == 1


# The advice track ---------------------------------------------------------------------------


def test_advice_is_updated_with_the_version_that_was_read(
    colleague_a: User, team_lead_a: User
) -> None:
    advice = advice_for(register(colleague_a), team_lead_a)

    updated = update_advice(
        advice=advice,
        by=colleague_a,
        expected_version=advice.row_version,
        questions="Fictional question.",
        advice_given="Fictional advice.",
        agreed_follow_up="Call back in two weeks.",
    )

    assert updated.row_version == advice.row_version + 1
    advice.refresh_from_db()
    assert (advice.advice_given, advice.agreed_follow_up) == (
        "Fictional advice.",
        "Call back in two weeks.",
    )


def test_advice_changed_by_someone_else_meanwhile_is_not_overwritten(
    colleague_a: User, team_lead_a: User
) -> None:
    advice = advice_for(register(colleague_a), team_lead_a)
    read_version = advice.row_version
    update_advice(
        advice=advice,
        by=team_lead_a,
        expected_version=read_version,
        questions="Q",
        advice_given="First advice.",
        agreed_follow_up="",
    )

    with pytest.raises(IntakeError):
        update_advice(
            advice=advice,
            by=colleague_a,
            expected_version=read_version,
            questions="Q",
            advice_given="Stale advice.",
            agreed_follow_up="",
        )

    advice.refresh_from_db()
    assert advice.advice_given == "First advice."


def test_contacts_are_added_to_open_advice_and_closing_ends_it(
    colleague_a: User, team_lead_a: User
) -> None:
    advice = advice_for(register(colleague_a), team_lead_a)

    contact = add_advice_contact(
        advice=advice, by=colleague_a, at=received(datetime(2026, 4, 8, 11, 0)), summary="Phoned."
    )
    closed = close_advice(advice=advice, by=colleague_a)

    assert list(advice.contacts.all()) == [contact]
    assert closed.status == AdviceStatus.CLOSED
    assert closed.closed_at is not None
    with pytest.raises(IntakeError):
        add_advice_contact(advice=advice, by=colleague_a, at=received(), summary="Too late.")
    with pytest.raises(IntakeError):
        close_advice(advice=advice, by=colleague_a)
    assert advice.contacts.count() == 1


def test_converting_advice_into_help_keeps_the_contacts(
    colleague_a: User, team_lead_a: User
) -> None:
    report = register(colleague_a)
    advice = advice_for(report, team_lead_a)
    add_advice_contact(advice=advice, by=colleague_a, at=received(), summary="First call.")
    add_advice_contact(advice=advice, by=colleague_a, at=received(), summary="Second call.")

    converted = convert_advice_to_help(advice=advice, by=team_lead_a)

    report.refresh_from_db()
    assert report.track == Track.HELP
    assert report.status == Status.TRIAGED
    assert converted.status == AdviceStatus.CONVERTED
    assert converted.closed_at is not None
    assert list(converted.contacts.values_list("summary", flat=True)) == [
        "First call.",
        "Second call.",
    ]
    assert ReportHistory.objects.filter(report=report, note="advice->help").exists()
    with pytest.raises(IntakeError):
        convert_advice_to_help(advice=advice, by=team_lead_a)


# The audit trail -------------------------------------------------------------------------


def test_the_audit_trail_stays_verifiable_after_the_whole_intake_flow(
    colleague_a: User, team_lead_a: User, staff_b: User, team_lead_b: User, centre_b: Centre
) -> None:
    first = register(colleague_a, child("Anna"), child("Bram"))
    anna = first.persons.get(first_name="Anna")
    second = register(colleague_a, existing_child(anna), parent("Dirk"))
    third = register(colleague_a, child("Cas"))
    fourth = register(staff_b, child("Emma", "Claes"))

    advice = advice_for(first, team_lead_a)
    update_advice(
        advice=advice,
        by=colleague_a,
        expected_version=advice.row_version,
        questions="Q",
        advice_given="A",
        agreed_follow_up="F",
    )
    add_advice_contact(advice=advice, by=colleague_a, at=received(), summary="Call.")
    convert_advice_to_help(advice=advice, by=team_lead_a)
    transfer_report(report=second, by=colleague_a, to_centre=centre_b, reason="Competence.")
    triage(second, team_lead_b, Track.CONSULTATION)
    close_advice(advice=AdviceCase.objects.get(report=second), by=staff_b)
    refer_to_sos_enfants(report=third, by=colleague_a, reason="French-speaking family.")
    triage(fourth, team_lead_b, Track.REFERRAL, referral_target=ReferralTarget.OCJ)

    verification = verify_trail()
    assert verification.ok
    assert verification.entries == AuditEntry.objects.count()
    assert {head.chain for head in verification.heads} >= {colleague_a.centre_id, centre_b.pk}


def test_a_child_transferred_in_two_reports_is_one_person_in_the_receiving_centre(
    colleague_a: User, centre_b: Centre
) -> None:
    first = register(colleague_a, child("Anna", "Peeters"))
    second = register(colleague_a, existing_child(first.persons.get()))
    transfer_report(report=first, by=colleague_a, to_centre=centre_b, reason="Verhuisd.")
    transfer_report(report=second, by=colleague_a, to_centre=centre_b, reason="Verhuisd.")
    in_b = Person.objects.in_centre(centre_b)
    assert in_b.count() == 1
    assert set(first.persons.all()) == set(second.persons.all()) == set(in_b)
    assert Person.objects.in_centre(colleague_a.centre).count() == 0
