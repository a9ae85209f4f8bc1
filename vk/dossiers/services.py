"""Opening a dossier from a triaged report, its lifecycle, and its conversations.

One service per transition; each checks the state against TRANSITIONS under a row
lock, writes a DossierHistory row and an audit entry in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, Province, Role, User
from vk.dossiers.models import (
    TRANSITIONS,
    Assignment,
    Conversation,
    Dossier,
    DossierHistory,
    DossierMember,
    ProfessionalContact,
    Relationship,
    State,
)
from vk.intake.models import PersonRole, Report, Status, Track
from vk.intake.services import REFERENCE_PREFIX

RETENTION_YEARS = 35

_RELATIONSHIP_OF_ROLE: dict[str, str] = {
    PersonRole.CHILD: Relationship.CHILD,
    PersonRole.PARENT: Relationship.PARENT,
    PersonRole.STEP_PARENT: Relationship.STEP_PARENT,
    PersonRole.FOSTER_PARENT: Relationship.FOSTER_PARENT,
    PersonRole.HOUSEHOLD_MEMBER: Relationship.HOUSEHOLD_MEMBER,
    PersonRole.OTHER: Relationship.OTHER,
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
    if report.status != Status.TRIAGED or report.track != Track.HELP:
        raise DossierError(_("A dossier is opened for a report with the track help trajectory."))
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
            centre=locked.centre, reference=_next_reference(locked), opened_by=by
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


def start_assessment(*, dossier: Dossier, by: User, reason: str = "") -> Dossier:
    return _transition(dossier, by, State.ASSESSMENT, reason)


def propose_help(*, dossier: Dossier, by: User, reason: str = "") -> Dossier:
    return _transition(dossier, by, State.HELP_PROPOSAL, reason)


def start_follow_up(*, dossier: Dossier, by: User, reason: str = "") -> Dossier:
    return _transition(dossier, by, State.FOLLOW_UP, reason)


def close_dossier(
    *,
    dossier: Dossier,
    by: User,
    reason: str,
    outcome: str,
    family_informed_of_retention: bool,
    copy_offered: bool,
) -> Dossier:
    """Close the trajectory; every child gets the date the file may be destroyed."""
    if not reason.strip():
        raise DossierError(_("Say why the dossier is closed."))
    if not family_informed_of_retention:
        raise DossierError(_("Tell the family how long the file is kept before closing."))
    with transaction.atomic():
        current = _transition(
            dossier,
            by,
            State.CLOSED,
            reason,
            closed_at=timezone.now(),
            close_reason=reason,
            outcome=outcome,
            family_informed_of_retention=family_informed_of_retention,
            copy_offered=copy_offered,
        )
        for member in current.members.filter(relationship=Relationship.CHILD).select_related(
            "person"
        ):
            member.destruction_date = destruction_date(
                member.person.birth_date or member.person.expected_birth_date
            )
            member.save(update_fields=["destruction_date"])
    return current


def reopen_dossier(*, dossier: Dossier, by: User, reason: str) -> Dossier:
    if not reason.strip():
        raise DossierError(_("Say why the dossier is reopened."))
    with transaction.atomic():
        current = _transition(
            dossier, by, State.EXPLORATION, reason, closed_at=None, close_reason="", outcome=""
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
    dossier: Dossier, by: User, to_state: str, reason: str, **fields: object
) -> Dossier:
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if current.centre_id != by.centre_id:
            raise DossierError(_("This dossier belongs to another centre."))
        if to_state not in TRANSITIONS.get(current.state, set()):
            raise DossierError(
                _("A dossier in state “%(state)s” cannot go to “%(target)s”.")
                % {"state": current.get_state_display(), "target": State(to_state).label}
            )
        DossierHistory.objects.create(
            dossier=current, by=by, from_state=current.state, to_state=to_state, reason=reason
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
            detail={"from": previous, "to": to_state},
        )
    return current


def _lock_open(dossier: Dossier, by: User) -> Dossier:
    """The dossier, re-read under a row lock: still open and of the user's centre."""
    current = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if current.centre_id != by.centre_id:
        raise DossierError(_("This dossier belongs to another centre."))
    if not current.is_open:
        raise DossierError(_("This dossier is closed; reopen it first."))
    return current


def _next_reference(report: Report) -> str:
    year = timezone.localdate().year
    prefix = f"D-{REFERENCE_PREFIX.get(Province(report.centre.province), 'VK')}-{year}-"
    last = Dossier.objects.filter(reference__startswith=prefix).aggregate(last=Max("reference"))[
        "last"
    ]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"
