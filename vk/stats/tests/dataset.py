"""A small, known data set for the yearly report of 2025, with every figure worked out
by hand in `EXPECTED` (centre A, VK Antwerpen) — see docs/statistics.md for the rules.

Reports are registered, triaged, transferred and referred through the intake services,
so the figures count what the services write; dossiers, MaNo procedures, activities and
complaints are created directly with the dates the figures turn on.

Centre A, reports received in 2025 (R6 in 2024 and R8 at centre B in 2023 are earlier):

    R6  2024-12-20  school        physical            C2                       (not in 2025)
    R1  2025-02-10  school        physical, emotional C1, C2 (again), C3 unborn → help
    R2  2025-03-15  citizen       sexual              C1 (again)                → advice
    R3  2025-06-01  police        —                   C4 (no age)               queue
    R4  2025-07-01  health care   risk                C5 (estimated age 15)     → MaNo
    R5  2025-08-01  CLB           risk                C6 (19, extended minor.)  → referral
    R11 2025-05-05  school        physical            C9                        → to B
    R7  2025-09-01  justice       unclear             P7 of B (seen on R8)      from B, queue
    R9  2025-10-01  citizen       unclear             C8 (13)                   → SOS Enfants
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import time_machine
from django.utils import timezone

from vk.activities.models import Coaching, Training
from vk.centres.models import Centre, Role, User
from vk.complaints.models import Complaint
from vk.dossiers.models import ClosingOutcome, Dossier, DossierHistory, DossierMember, Relationship
from vk.intake import services as intake
from vk.intake.models import Report
from vk.intake.tests.factories import child, existing_child, report_details
from vk.mano.models import Admissibility, Decision, Outcome, Procedure, State
from vk.people.models import Person
from vk.tests.factories import UserFactory

YEAR = 2025


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@dataclass
class Known:
    centre_a: Centre
    centre_b: Centre
    team_lead_a: User
    reports: dict[str, Report]
    persons: dict[str, Person]
    dossiers: dict[str, Dossier]
    procedures: dict[str, Procedure]


def _register(by: User, day: date, persons: list[Any], **details: Any) -> Report:
    with time_machine.travel(at(day, 11), tick=False):
        return intake.register_report(
            by=by, details=report_details(received_at=at(day), **details), persons=persons
        )


def _triage(report: Report, by: User, day: date, track: str, **extra: Any) -> Report:
    with time_machine.travel(at(day, 15), tick=False):
        return intake.triage_report(
            report=report,
            by=by,
            track=track,
            grounds="Teambespreking.",
            team_discussion="MDO",
            **extra,
        )


def build(centre_a: Centre, centre_b: Centre) -> Known:
    intake_a = UserFactory(centre=centre_a, roles=[Role.INTAKE])
    lead_a = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD, Role.CASE_WORKER])
    intake_b = UserFactory(centre=centre_b, roles=[Role.INTAKE])
    lead_b = UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD])
    school = {"reporter_kind": "professional", "reporter_sector": "school"}
    citizen = {"reporter_kind": "non_professional", "reporter_sector": ""}
    reports: dict[str, Report] = {}

    # Centre B, 2023: Jonas, who will be reported again in 2025 and handed to A.
    reports["R8"] = _register(
        intake_b,
        date(2023, 5, 5),
        [child("Jonas", "Maes", birth_date=date(2015, 9, 9), gender="m")],
        **school,
        problems=["physical"],
    )
    jonas_b = reports["R8"].involved.get().person
    # Centre A, 2024: Mats, reported again in 2025 (R1 is a re-report).
    reports["R6"] = _register(
        intake_a,
        date(2024, 12, 20),
        [child("Mats", "Janssens", birth_date=date(2022, 3, 3), gender="m")],
        **school,
        problems=["physical"],
    )
    mats = reports["R6"].involved.get().person
    reports["R1"] = _register(
        intake_a,
        date(2025, 2, 10),
        [
            child("Lien", "Janssens", birth_date=date(2018, 5, 1), gender="f"),
            existing_child(mats),
            child("", "Janssens", is_unborn=True, expected_birth_date=date(2025, 5, 1)),
        ],
        **school,
        problems=["physical", "emotional"],
    )
    lien = reports["R1"].involved.get(person__first_name="Lien").person
    unborn = reports["R1"].involved.get(person__is_unborn=True).person
    _triage(reports["R1"], lead_a, date(2025, 2, 11), "help")
    reports["R2"] = _register(
        intake_a, date(2025, 3, 15), [existing_child(lien)], **citizen, problems=["sexual"]
    )
    _triage(reports["R2"], lead_a, date(2025, 3, 17), "advice")
    reports["R3"] = _register(
        intake_a,
        date(2025, 6, 1),
        [child("Noor", "Claes")],
        reporter_kind="professional",
        reporter_sector="police",
        problems=[],
    )
    reports["R4"] = _register(
        intake_a,
        date(2025, 7, 1),
        [child("Yusuf", "Aydin", estimated_age=15, gender="m")],
        reporter_kind="professional",
        reporter_sector="health_care",
        problems=["risk"],
    )
    _triage(reports["R4"], lead_a, date(2025, 7, 2), "mano")
    reports["R5"] = _register(
        intake_a,
        date(2025, 8, 1),
        [
            child(
                "Eline", "Wouters", birth_date=date(2006, 1, 1), extended_minority=True, gender="f"
            )
        ],
        reporter_kind="professional",
        reporter_sector="clb",
        problems=["risk"],
    )
    _triage(reports["R5"], lead_a, date(2025, 8, 4), "referral", referral_target="caw")
    reports["R11"] = _register(
        intake_a,
        date(2025, 5, 5),
        [child("Wout", "Peeters", birth_date=date(2019, 1, 1))],
        **school,
        problems=["physical"],
    )
    with time_machine.travel(at(date(2025, 5, 6)), tick=False):
        intake.transfer_report(
            report=reports["R11"], by=lead_a, to_centre=centre_b, reason="Woont in Limburg."
        )
    reports["R7"] = _register(
        intake_b,
        date(2025, 9, 1),
        [existing_child(jonas_b)],
        reporter_kind="professional",
        reporter_sector="justice",
        problems=["unclear"],
    )
    with time_machine.travel(at(date(2025, 9, 2)), tick=False):
        intake.transfer_report(
            report=reports["R7"], by=lead_b, to_centre=centre_a, reason="Verhuisd naar Antwerpen."
        )
    reports["R9"] = _register(
        intake_a,
        date(2025, 10, 1),
        [child("Ines", "Smet", birth_date=date(2012, 6, 15), gender="f")],
        **citizen,
        problems=["unclear"],
    )
    with time_machine.travel(at(date(2025, 10, 2)), tick=False):
        intake.refer_to_sos_enfants(report=reports["R9"], by=lead_a, reason="Franstalig gezin.")
    reports["R10"] = _register(
        intake_b,
        date(2025, 4, 4),
        [child("Lotte", "Maes", birth_date=date(2017, 2, 2)), child("Bram", "Maes")],
        **school,
        problems=["emotional"],
    )
    for report in reports.values():
        report.refresh_from_db()

    persons = {"C1": lien, "C2": mats, "C3": unborn, "C7-original": jonas_b}
    persons["C5"] = reports["R4"].involved.get().person

    def dossier(reference: str, opened: date, closed: date | None, outcome: str) -> Dossier:
        created = Dossier.objects.create(
            centre=centre_a,
            reference=reference,
            opened_by=lead_a,
            opened_at=at(opened),
            closed_at=at(closed) if closed else None,
            state="closed" if closed else "exploration",
            closing_outcome=outcome,
            close_reason="Afgerond." if closed else "",
            family_informed_of_retention=bool(closed),
        )
        if closed:  # the closing as close_dossier records it in the history
            DossierHistory.objects.create(
                dossier=created,
                at=at(closed),
                by=lead_a,
                from_state="follow_up",
                to_state="closed",
                reason="Afgerond.",
                closing_outcome=outcome,
            )
        return created

    installed = ClosingOutcome.HELP_INSTALLED
    dossiers = {
        "D1": dossier("D-ANT-2025-0001", date(2025, 2, 20), date(2025, 11, 3), installed),
        "D2": dossier("D-ANT-2024-0009", date(2024, 5, 1), date(2025, 3, 1), ""),
        "D3": dossier("D-ANT-2025-0002", date(2025, 7, 10), None, ""),
        # Closed before it was opened: an impossible date for the quality list.
        "D4": dossier("D-ANT-2025-0003", date(2025, 6, 10), date(2025, 6, 1), installed),
    }
    DossierMember.objects.create(
        dossier=dossiers["D3"], person=persons["C5"], relationship=Relationship.CHILD
    )

    def procedure(reference: str, received: date, **fields: Any) -> Procedure:
        return Procedure.objects.create(
            centre=centre_a,
            reference=reference,
            dossier=dossiers["D3"],
            received_on=received,
            referrer_kind="youth_help",
            referrer_name="CLB",
            motivation_summary="Vrijwillige hulp liep vast.",
            registered_by=lead_a,
            **fields,
        )

    procedures = {
        "M1": procedure(
            "M-ANT-2025-001",
            date(2025, 7, 5),
            state=State.MANDATED_FOLLOW_UP,
            admissibility=Admissibility.ADMISSIBLE,
            admissibility_on=date(2025, 7, 20),
            decision=Decision.NECESSARY,
            decision_on=date(2025, 8, 10),
            deadline=date(2025, 10, 8),
        ),
        "M2": procedure(
            "M-ANT-2025-002",
            date(2025, 9, 1),
            state=State.CLOSED,
            admissibility=Admissibility.NOT_ADMISSIBLE,
            admissibility_on=date(2025, 9, 10),
            outcome=Outcome.NOT_ADMISSIBLE,
            closed_on=date(2025, 9, 10),
        ),
        "M3": procedure("M-ANT-2025-003", date(2025, 10, 1)),
        "M4": procedure(
            "M-ANT-2024-004",
            date(2024, 3, 1),
            state=State.CLOSED,
            admissibility=Admissibility.ADMISSIBLE,
            decision=Decision.PARKET,
            decision_on=date(2025, 1, 20),
            parket_referred_on=date(2025, 2, 1),
            outcome=Outcome.REFERRED_TO_PARKET,
            closed_on=date(2025, 2, 15),
        ),
        # Decided (in mandated follow-up) but without a decision date: for the quality list.
        "M5": procedure(
            "M-ANT-2025-005",
            date(2025, 11, 1),
            state=State.MANDATED_FOLLOW_UP,
            admissibility=Admissibility.ADMISSIBLE,
            admissibility_on=date(2025, 11, 5),
        ),
    }

    for day in (date(2024, 12, 1), date(2025, 3, 1), date(2025, 9, 1)):
        Coaching.objects.create(
            centre=centre_a,
            date=day,
            created_by=lead_a,
            coached_by=lead_a,
            sector="school",
            theme="signals",
            summary="Vraag van een leerkracht.",
        )
    Training.objects.create(
        centre=centre_a,
        date=date(2025, 5, 5),
        created_by=lead_a,
        topic="Signalen",
        target_group="Leerkrachten",
        participants=20,
    )
    for number, (received, outcome) in enumerate(
        [(date(2025, 2, 2), "well_founded"), (date(2025, 6, 6), ""), (date(2025, 12, 1), "")]
    ):
        _complaint(centre_a, f"K-2025-A{number}", received, outcome)
    _complaint(centre_b, "K-2025-B1", date(2025, 3, 3), "unfounded")

    return Known(
        centre_a=centre_a,
        centre_b=centre_b,
        team_lead_a=lead_a,
        reports=reports,
        persons=persons,
        dossiers=dossiers,
        procedures=procedures,
    )


def _complaint(centre: Centre, reference: str, received: date, outcome: str) -> Complaint:
    return Complaint.objects.create(
        centre=centre,
        reference=reference,
        channel="phone",
        received_on=received,
        complainant_role="parent",
        anonymous=True,
        phone="0470 00 00 00",
        subject="help",
        description="Fictieve klacht.",
        discussed_with_helper="no",
        acknowledge_due=received,
        answer_due=received,
        outcome=outcome,
        stage="answered" if outcome else "received",
        answered_on=received if outcome else None,
    )


# Every figure of centre A for 2025, worked out by hand from the table above.
EXPECTED: dict[str, dict[str, int | tuple[int, ...]]] = {
    "units": {
        "reports": 7,  # R1 R2 R3 R4 R5 R7 R9 (R11 went to B; R6 is 2024)
        "child_registrations": 9,  # R1 has three children
        "unique_children": 8,  # Lien twice; Jonas is one child in both centres
        "rereports": 3,  # R1 (Mats, R6), R2 (Lien, R1), R7 (Jonas, R8 at B)
    },
    "report_type": {"advice": 1, "dossier": 1, "mano": 1, "other": 2, "undecided": 2},
    "problem": {
        "sexual": 1,
        "physical": 1,
        "emotional": 1,
        "risk": 2,
        "unclear": 2,
        "past_abuse": 0,
        "not_abuse": 0,
    },
    "reporter": {
        "education": 2,
        "welfare": 0,
        "health_care": 1,
        "justice_police": 2,
        "close_environment": 2,
        "other": 0,
        "unknown": 0,
    },
    # Columns: girl, boy, other, unknown gender, total.
    "age_gender": {
        "unborn": (0, 0, 0, 1, 1),
        "0-2": (0, 1, 0, 0, 1),  # Mats, 2
        "3-5": (0, 0, 0, 0, 0),
        "6-11": (2, 1, 0, 0, 3),  # Lien 6 (twice), Jonas 9
        "12-17": (1, 1, 0, 0, 2),  # Ines 13, Yusuf about 15
        "18+": (1, 0, 0, 0, 1),  # Eline 19, extended minority
        "unknown": (0, 0, 0, 1, 1),  # Noor
    },
    "triage_track": {
        "advice": 1,
        "consultation": 0,
        "help": 1,
        "crisis": 0,
        "mano": 1,
        "referral": 1,
    },
    "dossiers": {"opened": 3, "closed": 3, "open_at_end": 1},
    "closing_outcome": {
        "help_installed": 2,  # D1, D4
        "safe_without_help": 0,
        "concerns_not_confirmed": 0,
        "family_refused_help": 0,
        "mano_started": 0,
        "referred_to_ocj": 0,
        "referred_to_parket": 0,
        "family_moved": 0,
        "other": 0,
        "not_recorded": 1,  # D2
    },
    "mano": {
        "received": 4,
        "admitted": 2,
        "not_admitted": 1,
        "pending": 1,
        "children": 1,
        "parket": 1,
    },
    "mano_outcome": {
        "not_admissible": 1,
        "voluntary_help": 0,
        "follow_up_ended": 0,
        "parket": 1,
        "ocj": 0,
    },
    "transfers": {"to_other_centre": 1, "from_other_centre": 1, "sos_enfants": 1, "mano_moved": 0},
    "activities": {"coaching": 2, "training": 1, "awareness": 0},
    "complaint_outcome": {
        "well_founded": 1,
        "partly": 0,
        "unfounded": 0,
        "not_admissible": 0,
        "pending": 2,
    },
}

EXPECTED_QUALITY = {
    "children_without_age": 1,  # R3 (Noor)
    "reports_without_classification": 1,  # R3
    "dossiers_without_outcome": 1,  # D2
    "mano_without_decision_date": 1,  # M5
    "impossible_report_dates": 0,
    "impossible_dossier_dates": 1,  # D4
    "impossible_mano_dates": 0,
}
