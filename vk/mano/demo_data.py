"""Fictional MaNo procedures for the demo: every state, one of them overdue.

Procedures are registered on open demo dossiers through the services, as the team
would; afterwards the dates are moved into the past (demo only), so the clock shows
realistic time left. All names and texts are invented.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vk.centres.models import Centre, User
from vk.dossiers.models import Dossier, TeamDecision
from vk.dossiers.services import record_team_decision
from vk.lib.workdays import add_working_days
from vk.mano import services
from vk.mano.models import Procedure, ProcedureHistory

CONDITIONS_MET = {
    "integrity_at_risk": True,
    "voluntary_help_exhausted": True,
    "referrer_team_decision": True,
    "family_informed": True,
}

# (name, days since receipt, referrer kind, referrer, steps to take)
PLANS: list[tuple[str, int, str, str, tuple[str, ...]]] = [
    ("received", 3, "youth_help", "Contextbegeleider, dienst voor gezinsondersteuning", ()),
    ("overdue", 110, "jeugdparket", "Parketmagistraat jeugd", ("admissible",)),
    ("investigation", 30, "youth_help", "Zorgcoördinator, CLB", ("admissible",)),
    ("mandated", 80, "jeugdparket", "Parketmagistraat jeugd", ("admissible", "necessary")),
    (
        "parket",
        120,
        "youth_help",
        "Begeleider, thuisbegeleidingsdienst",
        ("admissible", "necessary", "parket"),
    ),
    ("not_admissible", 40, "parent", "Vader van het kind", ("not_admissible",)),
    ("not_necessary", 70, "youth_help", "Maatschappelijk werker, OCMW", ("admissible", "no")),
]
MOTIVATION = (
    "Er zijn al twee jaar zorgen over de verzorging en de veiligheid van de kinderen. "
    "Vrijwillige thuisbegeleiding werd tweemaal stopgezet door de ouders."
)


def seed_mano_demo(centre: Centre, *, team_lead: User, today: date) -> int:
    """Register demo procedures on the centre's open dossiers; skip if there are any."""
    if Procedure.objects.filter(centre=centre).exists():
        return 0
    dossiers = list(
        Dossier.objects.filter(centre=centre)
        .open()
        .filter(mano_procedures__isnull=True)
        .order_by("opened_at")
    )
    created = 0
    for (name, days, kind, referrer, steps), dossier in zip(PLANS, dossiers, strict=False):
        of_record = dossier.assignments.get(of_record=True).user
        received_on = today - timedelta(days=days)
        conditions: dict[str, bool | None] = dict(CONDITIONS_MET)
        if name == "received":
            conditions["referrer_team_decision"] = None  # one condition still open
        procedure = services.register_procedure(
            dossier=dossier,
            by=of_record,
            referral=services.Referral(
                received_on=received_on,
                referrer_kind=kind,
                referrer_name=referrer,
                motivation_summary=MOTIVATION,
                conditions=conditions,
                family_informed_on=received_on - timedelta(days=2),
            ),
        )
        moment = received_on
        for step in steps:
            moment = min(add_working_days(moment, 8 if step == "admissible" else 25), today)
            decision = _decision(dossier, of_record, team_lead, step)
            procedure = STEPS[step](procedure, of_record, decision)
            _backdate(procedure, moment, step)
        created += 1
    return created


def _decision(dossier: Dossier, by: User, team_lead: User, step: str) -> TeamDecision:
    team = [assignment.user for assignment in dossier.assignments.select_related("user")]
    present = {user.pk: user for user in [team_lead, *team]}
    if len(present) < 2:  # a small team: a colleague of the centre joins the discussion
        colleague = User.objects.in_centre(dossier.centre).exclude(pk__in=present).first()
        if colleague is not None:
            present[colleague.pk] = colleague
    return record_team_decision(
        dossier=dossier,
        by=by,
        held_on=timezone.localdate(),
        participants=list(present.values()),
        question=QUESTIONS[step],
        decision=QUESTIONS[step].replace("?", ": zo beslist."),
        rationale="Besproken op het multidisciplinair overleg.",
    )


QUESTIONS = {
    "admissible": "Is de aanmelding ontvankelijk?",
    "not_admissible": "Is de aanmelding ontvankelijk?",
    "necessary": "Is hulp maatschappelijk noodzakelijk?",
    "no": "Is hulp maatschappelijk noodzakelijk?",
    "parket": "Verwijzen we door naar het Jeugdparket?",
}

STEPS: dict[str, Callable[[Procedure, User, TeamDecision], Procedure]] = {
    "admissible": lambda p, by, d: services.declare_admissible(
        procedure=p,
        by=by,
        team_decision=d,
        justification=(
            "Het motivatiedocument werd telefonisch toegelicht en volgt per post."
            if p.missing_conditions() or p.is_professional_referral
            else ""
        ),
    ),
    "not_admissible": lambda p, by, d: services.declare_not_admissible(
        procedure=p,
        by=by,
        team_decision=d,
        reason="De vrijwillige hulp is nog niet uitgeput: er loopt een nieuw aanbod.",
    ),
    "necessary": lambda p, by, d: services.decide_necessary(
        procedure=p,
        by=by,
        team_decision=d,
        motivation="De veiligheid van de kinderen vraagt aanklampende opvolging.",
    ),
    "no": lambda p, by, d: services.decide_not_necessary(
        procedure=p,
        by=by,
        team_decision=d,
        motivation="De ouders werken mee met de nieuwe begeleiding; geen mandaat nodig.",
        agreed_with_referrer=True,
    ),
    "parket": lambda p, by, d: services.refer_to_parket(
        procedure=p,
        by=by,
        team_decision=d,
        motivation="De ouders weigeren de afgesproken hulp en werken niet meer mee.",
    ),
}


def _backdate(procedure: Procedure, moment: date, step: str) -> None:
    """Demo only: the services stamp today; move the step to when it happened."""
    fields: dict[str, object] = {}
    if step in ("admissible", "not_admissible"):
        fields["admissibility_on"] = moment
    if step in ("necessary", "no") or (step == "parket" and procedure.decision == "parket"):
        fields["decision_on"] = moment
    if step == "parket":
        fields["parket_referred_on"] = moment
    if procedure.closed_on:
        fields["closed_on"] = moment
    Procedure.objects.filter(pk=procedure.pk).update(**fields)
    ProcedureHistory.objects.filter(procedure=procedure, to_state=procedure.state).update(
        at=timezone.make_aware(datetime.combine(moment, time(14)))
    )
    TeamDecision.objects.filter(dossier=procedure.dossier, held_on=timezone.localdate()).update(
        held_on=moment
    )
    procedure.refresh_from_db()
