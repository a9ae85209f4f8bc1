"""Opening a dossier from a triaged report, its lifecycle, and what the team records
in it: conversations, contacts, assessments, team decisions, the help proposal with
its referrals and consents.

One service per transition; each checks the state against TRANSITIONS under a row
lock, writes a DossierHistory row and an audit entry in the same transaction. The
transitions in NEEDS_TEAM_DECISION rest on a recorded team decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, Province, Role, User
from vk.dossiers.instruments import InstrumentError, score
from vk.dossiers.models import (
    NEEDS_TEAM_DECISION,
    TRANSITIONS,
    Assessment,
    Assignment,
    ClosingOutcome,
    Competence,
    Consent,
    ConsentAnswer,
    Conversation,
    Dossier,
    DossierHistory,
    DossierMember,
    HelpProposal,
    Instrument,
    ProfessionalContact,
    Referral,
    Relationship,
    State,
    TeamDecision,
)
from vk.intake.models import PersonRole, Report, Status, Track
from vk.intake.services import REFERENCE_PREFIX
from vk.lib.locking import save_versioned
from vk.people.models import Person, age_on

RETENTION_YEARS = 35
# From this age a child is presumed able to decide on the help offered (DRM).
CONSENT_AGE = 12

_RELATIONSHIP_OF_ROLE: dict[str, str] = {
    PersonRole.CHILD: Relationship.CHILD,
    PersonRole.PARENT: Relationship.PARENT,
    PersonRole.STEP_PARENT: Relationship.STEP_PARENT,
    PersonRole.FOSTER_PARENT: Relationship.FOSTER_PARENT,
    PersonRole.HOUSEHOLD_MEMBER: Relationship.HOUSEHOLD_MEMBER,
    PersonRole.OTHER: Relationship.OTHER,
}


# Contacts on these grounds shared information about the family: a disclosure.
_LEGAL_BASIS_OF_GROUND = {
    "shared_secrecy": "shared_secrecy",
    "consent": "consent",
    "case_consultation": "case_consultation",
    "state_of_necessity": "state_of_necessity",
}


class DossierError(Exception):
    """A change to a dossier that cannot be made; the message is for the user."""


def open_dossier(
    *, report: Report, by: User, case_workers: Sequence[User], of_record: User
) -> Dossier:
    """Open the help trajectory decided at triage, with its team and family."""
    if not by.has_role(Role.TEAM_LEAD):
        raise DossierError(_("Only a team lead opens a dossier."))
    if report.centre_id != by.centre_id:
        raise DossierError(_("This report belongs to another centre."))
    if report.status != Status.TRIAGED or report.track not in (Track.HELP, Track.MANO):
        raise DossierError(
            _("A dossier is opened for a report with the track help trajectory or MaNo.")
        )
    team = {worker.pk: worker for worker in case_workers}
    team.setdefault(of_record.pk, of_record)
    for worker in team.values():
        if worker.centre_id != by.centre_id or not worker.is_active:
            raise DossierError(_("Only active colleagues of your centre can be on the team."))
    with transaction.atomic():
        # The centre row serialises reference numbers, as for reports.
        Centre.objects.select_for_update().get(pk=report.centre_id)
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.dossiers.exists():
            raise DossierError(_("A dossier was already opened for this report."))
        dossier = Dossier.objects.create(
            centre=locked.centre, reference=next_reference(locked.centre), opened_by=by
        )
        dossier.reports.add(locked)
        DossierMember.objects.bulk_create(
            DossierMember(
                dossier=dossier,
                person_id=involvement.person_id,
                relationship=_RELATIONSHIP_OF_ROLE.get(involvement.role, Relationship.OTHER),
                parental_authority=involvement.parental_authority,
            )
            for involvement in locked.involved.all()
        )
        Assignment.objects.bulk_create(
            Assignment(dossier=dossier, user=worker, of_record=worker.pk == of_record.pk)
            for worker in team.values()
        )
        DossierHistory.objects.create(dossier=dossier, by=by, to_state=State.EXPLORATION)
        record_event(
            action=Action.CREATE,
            event="dossiers.dossier.opened",
            purpose=Purpose.OVERSIGHT,
            by=by,
            obj=dossier,
            detail={"report": locked.pk, "team": sorted(team)},
        )
    return dossier


def start_assessment(
    *, dossier: Dossier, by: User, reason: str = "", team_decision: TeamDecision | None = None
) -> Dossier:
    return _transition(dossier, by, State.ASSESSMENT, reason, team_decision=team_decision)


def propose_help(
    *, dossier: Dossier, by: User, team_decision: TeamDecision | None, reason: str = ""
) -> Dossier:
    """The team decided on a help proposal and it is written down: put it to the family."""
    with transaction.atomic():
        if not HelpProposal.objects.filter(dossier_id=dossier.pk).exists():
            raise DossierError(_("Write the help proposal before putting it to the family."))
        return _transition(dossier, by, State.HELP_PROPOSAL, reason, team_decision=team_decision)


def start_follow_up(
    *, dossier: Dossier, by: User, reason: str = "", team_decision: TeamDecision | None = None
) -> Dossier:
    """The family agreed to the help proposal: every parent with parental authority and
    every child who decides for themself."""
    with transaction.atomic():
        proposal = current_proposal(dossier)
        if proposal is None:
            raise DossierError(_("There is no help proposal yet."))
        problems = [row.problem for row in consent_overview(proposal) if row.problem]
        if problems:
            raise DossierError(
                _("Follow-up starts once the family agreed: %(problems)s")
                % {"problems": "; ".join(problems)}
            )
        return _transition(dossier, by, State.FOLLOW_UP, reason, team_decision=team_decision)


def close_dossier(
    *,
    dossier: Dossier,
    by: User,
    reason: str,
    closing_outcome: str,
    outcome: str = "",
    family_informed_of_retention: bool,
    copy_offered: bool,
    team_decision: TeamDecision | None,
) -> Dossier:
    """Close the trajectory as the team decided, with its coded outcome (and, in words,
    an explanation); every child gets the date the file may be destroyed."""
    outcome = outcome.strip()
    if not reason.strip():
        raise DossierError(_("Say why the dossier is closed."))
    _check_outcome(closing_outcome, outcome)
    if not family_informed_of_retention:
        raise DossierError(_("Tell the family how long the file is kept before closing."))
    with transaction.atomic():
        current = _transition(
            dossier,
            by,
            State.CLOSED,
            reason,
            history={"closing_outcome": closing_outcome, "outcome": outcome},
            closed_at=timezone.now(),
            close_reason=reason,
            closing_outcome=closing_outcome,
            outcome=outcome,
            family_informed_of_retention=family_informed_of_retention,
            copy_offered=copy_offered,
            team_decision=team_decision,
        )
        for member in current.members.filter(relationship=Relationship.CHILD).select_related(
            "person"
        ):
            member.destruction_date = destruction_date(
                member.person.birth_date or member.person.expected_birth_date
            )
            member.save(update_fields=["destruction_date"])
    return current


def _check_outcome(closing_outcome: str, outcome: str) -> None:
    if closing_outcome not in ClosingOutcome.values:
        raise DossierError(_("Choose the closing outcome: what the trajectory came to."))
    if closing_outcome == ClosingOutcome.OTHER and not outcome:
        raise DossierError(_("Explain the closing outcome “Other”."))


def correct_closing_outcome(
    *,
    dossier: Dossier,
    by: User,
    purpose: Purpose,
    expected_version: int,
    closing_outcome: str,
    outcome: str = "",
) -> list[str]:
    """Record or correct a closed dossier's coded outcome (data quality): on the dossier
    and on the history row of its closing, which the yearly report counts. The audit
    entry keeps the codes before and after; a stale form raises EditConflict."""
    outcome = outcome.strip()
    _check_outcome(closing_outcome, outcome)
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if current.centre_id != by.centre_id:
            raise DossierError(_("This dossier belongs to another centre."))
        if current.state != State.CLOSED:
            raise DossierError(_("Only a closed dossier has a closing outcome."))
        before = current.closing_outcome
        changes = {"closing_outcome": closing_outcome, "outcome": outcome}
        changed = save_versioned(current, expected_version=expected_version, changes=changes)
        closing = (
            DossierHistory.objects.filter(dossier=current, to_state=State.CLOSED)
            .order_by("-at", "-pk")
            .first()
        )
        if closing is not None:
            closing.closing_outcome = closing_outcome
            closing.outcome = outcome
            closing.save(update_fields=["closing_outcome", "outcome"])
        if changed:
            record_event(
                action=Action.UPDATE,
                event="dossier.closing_outcome.corrected",
                purpose=purpose,
                by=by,
                obj=current,
                detail={"fields": changed, "from": before, "to": closing_outcome},
            )
    return changed


def reopen_dossier(*, dossier: Dossier, by: User, reason: str) -> Dossier:
    """Back to exploration. The closing fields describe the current closing and are
    emptied; the closing's history row keeps its reason and outcome."""
    if not reason.strip():
        raise DossierError(_("Say why the dossier is reopened."))
    with transaction.atomic():
        current = _transition(
            dossier,
            by,
            State.EXPLORATION,
            reason,
            closed_at=None,
            close_reason="",
            closing_outcome="",
            outcome="",
        )
        current.members.update(destruction_date=None)
    return current


def add_conversation(
    *,
    dossier: Dossier,
    by: User,
    held_at: datetime,
    place: str,
    participants: str,
    summary: str,
    observations: str = "",
    language: str = "Nederlands",
    interpreter: bool = False,
    interpreter_language: str = "",
    social_interpreting_service: bool = False,
) -> Conversation:
    with transaction.atomic():
        dossier = _lock_open(dossier, by)
        conversation = Conversation.objects.create(
            dossier=dossier,
            held_at=held_at,
            place=place,
            participants=participants,
            summary=summary,
            observations=observations,
            language=language,
            interpreter=interpreter,
            interpreter_language=interpreter_language if interpreter else "",
            social_interpreting_service=social_interpreting_service and interpreter,
            author=by,
        )
        record_event(
            action=Action.CREATE,
            event="dossiers.conversation.added",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=conversation,
            detail={"dossier": dossier.pk},
        )
    return conversation


def add_professional_contact(
    *,
    dossier: Dossier,
    by: User,
    contacted_at: datetime,
    professional: str,
    organisation: str,
    method: str,
    family_informed: bool,
    secrecy_ground: str,
    learned: str,
) -> ProfessionalContact:
    with transaction.atomic():
        dossier = _lock_open(dossier, by)
        contact = ProfessionalContact.objects.create(
            dossier=dossier,
            contacted_at=contacted_at,
            professional=professional,
            organisation=organisation,
            method=method,
            family_informed=family_informed,
            secrecy_ground=secrecy_ground,
            learned=learned,
            author=by,
        )
        if secrecy_ground in _LEGAL_BASIS_OF_GROUND:
            from vk.access.disclosures import record_disclosure
            from vk.access.models import DisclosureKind

            record_disclosure(
                dossier=dossier,
                by=by,
                kind=DisclosureKind.PROFESSIONAL,
                recipient=f"{professional}, {organisation}",
                legal_basis=_LEGAL_BASIS_OF_GROUND[secrecy_ground],
                what=_("Information about the family in a contact (%(method)s)")
                % {"method": contact.get_method_display()},
                source=contact,
            )
        record_event(
            action=Action.CREATE,
            event="dossiers.contact.added",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=contact,
            detail={
                "dossier": dossier.pk,
                "ground": secrecy_ground,
                "family_informed": family_informed,
            },
        )
    return contact


def destruction_date(birth: date | None) -> date | None:
    """The child's 35th birthday (29 February becomes 1 March); None when unknown."""
    if birth is None:
        return None
    try:
        return birth.replace(year=birth.year + RETENTION_YEARS)
    except ValueError:
        return date(birth.year + RETENTION_YEARS, 3, 1)


def _transition(
    dossier: Dossier,
    by: User,
    to_state: str,
    reason: str,
    team_decision: TeamDecision | None = None,
    history: Mapping[str, str] | None = None,
    **fields: object,
) -> Dossier:
    """Move the dossier to `to_state`, setting `fields` on it; `history`: more columns of
    the history row (the closing's outcome)."""
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if current.centre_id != by.centre_id:
            raise DossierError(_("This dossier belongs to another centre."))
        if to_state not in TRANSITIONS.get(current.state, set()):
            raise DossierError(
                _("A dossier in state “%(state)s” cannot go to “%(target)s”.")
                % {"state": current.get_state_display(), "target": State(to_state).label}
            )
        if to_state in NEEDS_TEAM_DECISION or team_decision is not None:
            _check_decision(current, team_decision)
        DossierHistory.objects.create(
            dossier=current,
            by=by,
            from_state=current.state,
            to_state=to_state,
            reason=reason,
            team_decision=team_decision,
            **(history or {}),
        )
        previous = current.state
        current.state = to_state
        for name, value in fields.items():
            setattr(current, name, value)
        current.row_version += 1
        current.save(update_fields=["state", "row_version", *fields])
        record_event(
            action=Action.UPDATE,
            event="dossiers.dossier.state_changed",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=current,
            detail={
                "from": previous,
                "to": to_state,
                "decision": team_decision.pk if team_decision else None,
            },
        )
    return current


def _check_decision(dossier: Dossier, decision: TeamDecision | None) -> None:
    if decision is None:
        raise DossierError(
            _("This step rests on a team decision: record the team discussion first.")
        )
    if decision.dossier_id != dossier.pk:
        raise DossierError(_("That team decision belongs to another dossier."))
    if DossierHistory.objects.filter(team_decision=decision).exists():
        raise DossierError(_("That team decision was already used for another step."))


def _lock_open(dossier: Dossier, by: User) -> Dossier:
    """The dossier, re-read under a row lock: still open and of the user's centre."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if current.centre_id != by.centre_id:
        raise DossierError(_("This dossier belongs to another centre."))
    if not current.is_open:
        raise DossierError(_("This dossier is closed; reopen it first."))
    return current


def record_opening(dossier: Dossier, by: User) -> None:
    """The first history row of a dossier opened other than from a report (a MaNo
    procedure that moved in from another centre)."""
    DossierHistory.objects.create(dossier=dossier, by=by, to_state=State.EXPLORATION)
    record_event(
        action=Action.CREATE,
        event="dossiers.dossier.opened",
        purpose=Purpose.OVERSIGHT,
        by=by,
        obj=dossier,
        detail={"report": None, "team": []},
    )


def next_reference(centre: Centre) -> str:
    """The next dossier reference of a centre; call with the centre row locked."""
    year = timezone.localdate().year
    prefix = f"D-{REFERENCE_PREFIX.get(Province(centre.province), 'VK')}-{year}-"
    last = Dossier.objects.filter(reference__startswith=prefix).aggregate(last=Max("reference"))[
        "last"
    ]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


# Assessment -----------------------------------------------------------------------


def record_assessment(
    *,
    dossier: Dossier,
    by: User,
    instrument: Instrument,
    moment: str,
    assessed_on: date,
    answers: Mapping[str, int],
    judgement: str,
    difficulties: str,
    strengths: str,
) -> Assessment:
    """Score the answers on the instrument's version and keep both."""
    if not instrument.active:
        raise DossierError(_("This version of the instrument is no longer used."))
    try:
        result = score(instrument.definition, answers)
    except InstrumentError as error:
        raise DossierError(_("Answer every question of the instrument.")) from error
    with transaction.atomic():
        dossier = _lock_open(dossier, by)
        assessment = Assessment.objects.create(
            dossier=dossier,
            instrument=instrument,
            moment=moment,
            assessed_on=assessed_on,
            answers=dict(answers),
            score=result.score,
            band=result.band,
            judgement=judgement,
            difficulties=difficulties,
            strengths=strengths,
            author=by,
        )
        record_event(
            action=Action.CREATE,
            event="dossiers.assessment.recorded",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=assessment,
            detail={
                "dossier": dossier.pk,
                "instrument": instrument.pk,
                "version": instrument.version,
                "moment": moment,
                "judgement": judgement,
            },
        )
    return assessment


# Team decisions -------------------------------------------------------------------


def record_team_decision(
    *,
    dossier: Dossier,
    by: User,
    held_on: date,
    participants: Sequence[User],
    question: str,
    decision: str,
    rationale: str,
    other_participants: str = "",
) -> TeamDecision:
    """A multidisciplinary team discussion: at least two colleagues of the centre."""
    if len({user.pk for user in participants}) < 2:
        raise DossierError(_("A team decision is taken by at least two colleagues."))
    if any(user.centre_id != by.centre_id for user in participants):
        raise DossierError(_("Only colleagues of your centre take part in a team decision."))
    if held_on > timezone.localdate():
        raise DossierError(_("A team discussion that has not taken place cannot be recorded."))
    with transaction.atomic():
        dossier = _lock_open(dossier, by)
        record = TeamDecision.objects.create(
            dossier=dossier,
            held_on=held_on,
            other_participants=other_participants,
            question=question,
            decision=decision,
            rationale=rationale,
            author=by,
        )
        record.participants.set(participants)
        record_event(
            action=Action.CREATE,
            event="dossiers.decision.recorded",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=record,
            detail={"dossier": dossier.pk, "participants": sorted(u.pk for u in participants)},
        )
    return record


def unused_decisions(dossier: Dossier) -> list[TeamDecision]:
    """Team decisions no transition rests on yet, newest first."""
    used = DossierHistory.objects.filter(dossier=dossier, team_decision__isnull=False).values(
        "team_decision"
    )
    return list(dossier.decisions.exclude(pk__in=used))


# Help proposal --------------------------------------------------------------------

PROPOSAL_STATES = {State.ASSESSMENT, State.HELP_PROPOSAL, State.FOLLOW_UP}


def create_help_proposal(
    *,
    dossier: Dossier,
    by: User,
    proposed_on: date,
    goals: str,
    actions: str,
    team_decision: TeamDecision,
    referrals: Sequence[str] = (),
) -> HelpProposal:
    """Write the help proposal the team decided on; a new one replaces the previous."""
    with transaction.atomic():
        dossier = _lock_open(dossier, by)
        if dossier.state not in PROPOSAL_STATES:
            raise DossierError(_("A help proposal follows the assessment."))
        if team_decision.dossier_id != dossier.pk:
            raise DossierError(_("That team decision belongs to another dossier."))
        proposal = HelpProposal.objects.create(
            dossier=dossier,
            proposed_on=proposed_on,
            goals=goals,
            actions=actions,
            team_decision=team_decision,
            author=by,
        )
        Referral.objects.bulk_create(
            Referral(proposal=proposal, service=service.strip())
            for service in referrals
            if service.strip()
        )
        record_event(
            action=Action.CREATE,
            event="dossiers.proposal.created",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=proposal,
            detail={"dossier": dossier.pk, "decision": team_decision.pk},
        )
    return proposal


def current_proposal(dossier: Dossier) -> HelpProposal | None:
    return dossier.proposals.select_related("team_decision").order_by("-proposed_on", "-pk").first()


def add_referral(*, proposal: HelpProposal, by: User, service: str, note: str = "") -> Referral:
    with transaction.atomic():
        _lock_open(proposal.dossier, by)
        referral = Referral.objects.create(proposal=proposal, service=service, note=note)
        record_event(
            action=Action.CREATE,
            event="dossiers.referral.added",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=referral,
            detail={"dossier": proposal.dossier_id},
        )
    return referral


@dataclass(frozen=True)
class ConsentRow:
    """One person who answers (or may answer) the help proposal."""

    member: DossierMember
    age: int | None
    required: bool
    consent: Consent | None
    problem: str  # why this row still stands in the way of follow-up ("" if it does not)


def consent_overview(
    proposal: HelpProposal, members: Sequence[DossierMember] | None = None
) -> list[ConsentRow]:
    """Parents with parental authority and the children, with their answers.

    Parents with parental authority always decide. A child decides from CONSENT_AGE
    (on the day of the proposal) unless judged not competent, and younger when judged
    competent; a child of unknown age must be judged. Unborn children are left out.
    `members`: the dossier's family with their persons, when the caller has them.
    """
    consents = {consent.person_id: consent for consent in proposal.consents.all()}
    if members is None:
        members = list(proposal.dossier.members.select_related("person"))
    rows = []
    for member in members:
        person = member.person
        consent = consents.get(person.pk)
        name = person.display_name
        if member.relationship == Relationship.CHILD:
            if person.is_unborn:
                continue
            age = age_on(person.birth_date, proposal.proposed_on) if person.birth_date else None
            if consent is not None and consent.competence != Competence.PRESUMED:
                required = consent.competence == Competence.COMPETENT
            else:
                required = age is None or age >= CONSENT_AGE
        elif member.parental_authority:
            age, required = None, True
        else:
            continue
        problem = ""
        if required and consent is None:
            problem = _("%(name)s has not answered yet") % {"name": name}
            if member.relationship == Relationship.CHILD and age is None:
                problem = _("judge whether %(name)s (age unknown) decides") % {"name": name}
        elif required and consent is not None and consent.answer == ConsentAnswer.REFUSED:
            problem = _("%(name)s refuses") % {"name": name}
        rows.append(ConsentRow(member, age, required, consent, problem))
    return rows


def record_consent(
    *,
    proposal: HelpProposal,
    by: User,
    person: Person,
    answer: str,
    answered_on: date,
    competence: str = Competence.PRESUMED,
    competence_reason: str = "",
    note: str = "",
) -> Consent:
    """Record a parent's or a child's agreement or refusal; a new answer replaces the old."""
    with transaction.atomic():
        dossier = _lock_open(proposal.dossier, by)
        member = dossier.members.filter(person=person).select_related("person").first()
        if member is None:
            raise DossierError(_("This person is not in the family of the dossier."))
        _check_competence(member, proposal.proposed_on, competence, competence_reason)
        consent, _created = Consent.objects.update_or_create(
            proposal=proposal,
            person=person,
            defaults={
                "answer": answer,
                "answered_on": answered_on,
                "competence": competence,
                "competence_reason": competence_reason.strip(),
                "note": note,
                "recorded_by": by,
                "recorded_at": timezone.now(),
            },
        )
        record_event(
            action=Action.UPDATE,
            event="dossiers.consent.recorded",
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=consent,
            detail={
                "dossier": dossier.pk,
                "proposal": proposal.pk,
                "person": person.pk,
                "answer": answer,
                "competence": competence,
            },
        )
    return consent


def _check_competence(member: DossierMember, on: date, competence: str, reason: str) -> None:
    person = member.person
    if member.relationship != Relationship.CHILD:
        if not member.parental_authority:
            raise DossierError(
                _("Only parents with parental authority and the children answer the proposal.")
            )
        if competence != Competence.PRESUMED:
            raise DossierError(_("Competence is judged for children only."))
        return
    if person.is_unborn:
        raise DossierError(_("An unborn child does not answer the proposal."))
    if competence != Competence.PRESUMED and not reason.strip():
        raise DossierError(_("Give the reason for judging the child's competence."))
    age = age_on(person.birth_date, on) if person.birth_date else None
    if age is None and competence == Competence.PRESUMED:
        raise DossierError(
            _("The child's age is unknown: judge whether the child decides, with a reason.")
        )
    if age is not None and age < CONSENT_AGE and competence == Competence.PRESUMED:
        raise DossierError(
            _(
                "A child under %(age)s is presumed not to decide alone: the parents decide. "
                "Judge the child competent, with a reason, to record the child's own answer."
            )
            % {"age": CONSENT_AGE}
        )
    if age is not None and age < CONSENT_AGE and competence == Competence.NOT_COMPETENT:
        raise DossierError(_("A child under %(age)s is already presumed not to decide alone."))
    if age is not None and age >= CONSENT_AGE and competence == Competence.COMPETENT:
        raise DossierError(_("A child of %(age)s or older is already presumed to decide."))


# Editing --------------------------------------------------------------------------


def update_record(
    *,
    record: Any,
    by: User,
    expected_version: int,
    changes: Mapping[str, object],
    event: str,
    participants: Sequence[User] | None = None,
) -> list[str]:
    """Edit a conversation, contact, assessment text, team decision, proposal or referral.

    The dossier must be open; a stale form raises EditConflict (vk.lib.locking). The
    audit entry names the fields that changed, never their content.
    """
    dossier_id = record.proposal.dossier_id if isinstance(record, Referral) else record.dossier_id
    with transaction.atomic():
        dossier = _lock_open(Dossier(pk=dossier_id), by)
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        changed = save_versioned(locked, expected_version=expected_version, changes=changes)
        if participants is not None:
            if len({user.pk for user in participants}) < 2:
                raise DossierError(_("A team decision is taken by at least two colleagues."))
            if {user.pk for user in participants} != set(
                locked.participants.values_list("pk", flat=True)
            ):
                locked.participants.set(participants)
                changed.append("participants")
        record_event(
            action=Action.UPDATE,
            event=event,
            purpose=Purpose.ASSIGNMENT,
            by=by,
            obj=locked,
            detail={"dossier": dossier.pk, "fields": changed},
        )
    return changed
