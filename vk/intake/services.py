"""Registering, triaging, transferring and referring reports; the advice track.

Every service checks the report's state against TRANSITIONS, runs in one transaction,
writes a history row and an audit entry in that transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, Province, Role, User
from vk.intake.models import (
    TRANSITIONS,
    AdviceCase,
    AdviceContact,
    AdviceStatus,
    PersonRole,
    ProblemCategory,
    Report,
    ReportDraft,
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
from vk.lib.locking import EditConflict
from vk.lib.rls import all_centres
from vk.lib.workdays import add_working_days
from vk.people.identifiers import mask_national_number, national_number_index
from vk.people.models import Person

REFERENCE_PREFIX = {
    Province.ANTWERPEN: "ANT",
    Province.LIMBURG: "LIM",
    Province.OOST_VLAANDEREN: "OVL",
    Province.WEST_VLAANDEREN: "WVL",
    Province.VLAAMS_BRABANT: "VBR",
    Province.BRUSSEL: "BRU",
}


# The oldest age an estimate may give: children, extended minority included.
MAX_ESTIMATED_AGE = 25


class IntakeError(Exception):
    """A change to a report that cannot be made; the message is for the user."""


@dataclass(frozen=True)
class PersonEntry:
    """One person as typed on the intake form (or an existing person picked from matches)."""

    role: str
    existing_person_id: int | None = None
    first_name: str = ""
    last_name: str = ""
    birth_date: date | None = None
    is_unborn: bool = False
    expected_birth_date: date | None = None
    # Age in whole years on the day the report came in, when the date of birth is not
    # known; registered as the estimated year of birth.
    estimated_age: int | None = None
    extended_minority: bool = False
    gender: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    national_number: str = ""  # 11 validated digits or empty
    parental_authority: bool = False


@dataclass(frozen=True)
class ReportDetails:
    received_at: datetime
    channel: str
    reporter_kind: str
    worries: str
    problems: Sequence[str]
    urgency: str = Urgency.NOT_URGENT
    risk_estimate: str = "not_assessed"
    reporter_sector: str = ""
    reporter_anonymous: bool = False
    reporter_confidential: bool = False
    reporter_name: str = ""
    reporter_organisation: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    family_languages: str = ""
    interpreter_needed: bool = False
    dutch_speaking_network: bool | None = None
    residence_postcode: str = ""
    competence_note: str = ""


def register_report(*, by: User, details: ReportDetails, persons: Sequence[PersonEntry]) -> Report:
    centre = by.centre
    if centre is None:
        raise IntakeError(_("You do not belong to a centre."))
    if not any(entry.role == PersonRole.CHILD for entry in persons):
        raise IntakeError(_("A report concerns at least one child."))
    with transaction.atomic():
        locked_centre = Centre.objects.select_for_update().get(pk=centre.pk)
        received = timezone.localdate(details.received_at)
        report = Report.objects.create(
            centre=locked_centre,
            reference=_next_reference(locked_centre, received.year),
            received_at=details.received_at,
            channel=details.channel,
            reporter_kind=details.reporter_kind,
            reporter_sector=details.reporter_sector,
            reporter_anonymous=details.reporter_anonymous,
            reporter_confidential=details.reporter_confidential,
            reporter_name="" if details.reporter_anonymous else details.reporter_name,
            reporter_organisation=""
            if details.reporter_anonymous
            else details.reporter_organisation,
            reporter_phone="" if details.reporter_anonymous else details.reporter_phone,
            reporter_email="" if details.reporter_anonymous else details.reporter_email,
            worries=details.worries,
            urgency=details.urgency,
            risk_estimate=details.risk_estimate,
            family_languages=details.family_languages,
            interpreter_needed=details.interpreter_needed,
            dutch_speaking_network=details.dutch_speaking_network,
            residence_postcode=details.residence_postcode,
            competence_note=details.competence_note,
            triage_due=add_working_days(received, locked_centre.triage_deadline_working_days),
            first_contact_due=received if details.urgency == Urgency.CRISIS else None,
            registered_by=by,
        )
        ReportProblem.objects.bulk_create(
            ReportProblem(report=report, category=category)
            for category in sorted(set(details.problems))
        )
        linked: set[int] = set()
        for entry in persons:
            person, matched = _person_for(entry, locked_centre, received)
            if person.pk in linked:
                raise IntakeError(_("The same person was entered twice in this report."))
            linked.add(person.pk)
            ReportPerson.objects.create(
                report=report,
                person=person,
                role=entry.role,
                parental_authority=entry.parental_authority,
                matched_existing=matched,
            )
        ReportHistory.objects.create(report=report, by=by, to_status=Status.IN_QUEUE)
        ReportDraft.objects.filter(author=by).delete()
        record_event(
            action=Action.CREATE,
            event="intake.report.created",
            purpose=Purpose.INTAKE,
            by=by,
            obj=report,
            detail={
                "persons": len(linked),
                "matched": sum(1 for entry in persons if entry.existing_person_id),
            },
        )
    return report


def triage_report(
    *,
    report: Report,
    by: User,
    track: str,
    grounds: str,
    team_discussion: str,
    referral_target: str = "",
) -> Report:
    if not by.has_role(Role.TEAM_LEAD):
        raise IntakeError(_("Only a team lead decides the track."))
    if track not in Track.values:
        raise IntakeError(_("Unknown track."))
    if track == Track.REFERRAL and not referral_target:
        raise IntakeError(_("Say where the report is referred to."))
    with transaction.atomic():
        current = _lock_in_state(report, Status.TRIAGED, by)
        TriageDecision.objects.create(
            report=current,
            track=track,
            grounds=grounds,
            team_discussion=team_discussion,
            referral_target=referral_target if track == Track.REFERRAL else "",
            decided_by=by,
        )
        _move(current, Status.TRIAGED, by, note=track, track=track, triaged_at=timezone.now())
        if track in (Track.ADVICE, Track.CONSULTATION):
            AdviceCase.objects.create(
                centre=current.centre,
                report=current,
                family_named=track == Track.ADVICE,
                questions=current.worries,
            )
        record_event(
            action=Action.UPDATE,
            event="intake.report.triaged",
            purpose=Purpose.INTAKE,
            by=by,
            obj=current,
            detail={
                "track": track,
                "referral_target": referral_target if track == Track.REFERRAL else None,
            },
        )
    return current


def transfer_report(*, report: Report, by: User, to_centre: Centre, reason: str) -> Transfer:
    """Hand a report to the competent centre: it lands in that centre's intake queue."""
    if to_centre.pk == report.centre_id:
        raise IntakeError(_("The report is already with this centre."))
    # The report and its persons move to the competent centre: a write into another
    # centre, outside the row-level security of the request (vk/lib/rls.py).
    with transaction.atomic(), all_centres():
        current = _lock_in_state(report, Status.TRANSFERRED, by)
        from_centre = current.centre
        transfer = Transfer.objects.create(
            report=current,
            report_reference=current.reference,
            kind=TransferKind.OTHER_CENTRE,
            from_centre=from_centre,
            to_centre=to_centre,
            reason=reason,
            decided_by=by,
        )
        _move_persons(current, from_centre, to_centre)
        received = timezone.localdate()
        ReportHistory.objects.create(
            report=current,
            by=by,
            from_status=Status.IN_QUEUE,
            to_status=Status.TRANSFERRED,
            note=f"{from_centre.pk}->{to_centre.pk}",
        )
        current.centre = to_centre
        current.triage_due = add_working_days(received, to_centre.triage_deadline_working_days)
        current.row_version += 1
        current.save(update_fields=["centre", "triage_due", "row_version"])
        ReportHistory.objects.create(
            report=current, by=by, from_status=Status.TRANSFERRED, to_status=Status.IN_QUEUE
        )
        for centre, event in (
            (from_centre, "intake.report.transferred_out"),
            (to_centre, "intake.report.transferred_in"),
        ):
            record_event(
                action=Action.UPDATE,
                event=event,
                purpose=Purpose.INTAKE,
                by=by,
                centre_id=centre.pk,
                obj=current,
                detail={"from_centre": from_centre.pk, "to_centre": to_centre.pk},
            )
    return transfer


def refer_to_sos_enfants(*, report: Report, by: User, reason: str) -> Transfer:
    """Brussels family without a link to a Dutch-speaking network: SOS Enfants takes over."""
    with transaction.atomic():
        current = _lock_in_state(report, Status.REFERRED, by)
        transfer = Transfer.objects.create(
            report=current,
            report_reference=current.reference,
            kind=TransferKind.SOS_ENFANTS,
            from_centre=current.centre,
            reason=reason,
            decided_by=by,
        )
        _move(current, Status.REFERRED, by, note="sos_enfants")
        record_event(
            action=Action.UPDATE,
            event="intake.report.referred",
            purpose=Purpose.INTAKE,
            by=by,
            obj=current,
            detail={"to": "sos_enfants"},
        )
    return transfer


def update_advice(
    *,
    advice: AdviceCase,
    by: User,
    expected_version: int,
    questions: str,
    advice_given: str,
    agreed_follow_up: str,
) -> AdviceCase:
    with transaction.atomic():
        current = _lock_open_advice(advice)
        if current.row_version != expected_version:
            raise IntakeError(
                _(
                    "Someone else changed this advice while you were editing. Compare and save again."
                )
            )
        current.questions = questions
        current.advice_given = advice_given
        current.agreed_follow_up = agreed_follow_up
        current.row_version += 1
        current.save(update_fields=["questions", "advice_given", "agreed_follow_up", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="intake.advice.updated",
            purpose=Purpose.INTAKE,
            by=by,
            obj=current,
        )
    return current


def add_advice_contact(
    *, advice: AdviceCase, by: User, at: datetime, summary: str
) -> AdviceContact:
    with transaction.atomic():
        current = _lock_open_advice(advice)
        contact = AdviceContact.objects.create(advice=current, at=at, summary=summary, by=by)
        record_event(
            action=Action.CREATE,
            event="intake.advice.contact_added",
            purpose=Purpose.INTAKE,
            by=by,
            obj=contact,
        )
    return contact


def close_advice(*, advice: AdviceCase, by: User) -> AdviceCase:
    with transaction.atomic():
        current = _lock_open_advice(advice)
        current.status = AdviceStatus.CLOSED
        current.closed_at = timezone.now()
        current.row_version += 1
        current.save(update_fields=["status", "closed_at", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="intake.advice.closed",
            purpose=Purpose.INTAKE,
            by=by,
            obj=current,
        )
    return current


def convert_advice_to_help(*, advice: AdviceCase, by: User) -> AdviceCase:
    """The professional's concern needs the centre's own help: keep the advice history."""
    with transaction.atomic():
        current = _lock_open_advice(advice)
        current.status = AdviceStatus.CONVERTED
        current.closed_at = timezone.now()
        current.row_version += 1
        current.save(update_fields=["status", "closed_at", "row_version"])
        report = Report.objects.select_for_update().get(pk=current.report_id)
        report.track = Track.HELP
        report.row_version += 1
        report.save(update_fields=["track", "row_version"])
        ReportHistory.objects.create(
            report=report,
            by=by,
            from_status=report.status,
            to_status=report.status,
            note="advice->help",
        )
        record_event(
            action=Action.UPDATE,
            event="intake.advice.converted",
            purpose=Purpose.INTAKE,
            by=by,
            obj=current,
        )
    return current


@dataclass(frozen=True)
class ChildCorrection:
    """One child's corrected data as the correction form gives it."""

    person_id: int
    birth_date: date | None = None
    estimated_age: int | None = None
    is_unborn: bool = False
    expected_birth_date: date | None = None
    gender: str = ""


# The person fields a correction may change, in the order the audit entry names them.
CORRECTED_PERSON_FIELDS = (
    "birth_date",
    "estimated_birth_year",
    "is_unborn",
    "expected_birth_date",
    "gender",
)


def correct_report(
    *,
    report: Report,
    by: User,
    purpose: Purpose,
    expected_version: int,
    problems: Sequence[str],
    children: Sequence[ChildCorrection],
    reason: str,
) -> list[str]:
    """Correct what the yearly figures count of a report: its problem classification and
    its children's date of birth (or age estimate, or unborn) and gender.

    Runs in one transaction under the report's row lock and refuses a stale form with
    EditConflict. A child's data belongs to the person, so the correction holds for
    every report and dossier the child is in; a closed dossier's destruction date follows
    a corrected date of birth. Writes a history row and audit entries naming the changed
    fields (never their values). Returns the changed field names; nothing is written
    when nothing changed.
    """
    reason = reason.strip()
    if not reason:
        raise IntakeError(_("Say what was corrected and why."))
    if not problems:
        raise IntakeError(_("Choose at least one classification."))
    if not set(problems) <= set(ProblemCategory.values):
        raise IntakeError(_("Choose the classification from the list."))
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.centre_id != by.centre_id:
            raise IntakeError(_("This report belongs to another centre."))
        if current.row_version != expected_version:
            raise EditConflict
        changed = _correct_problems(current, set(problems))
        corrected_persons = _correct_children(current, children)
        for person, fields in corrected_persons:
            record_event(
                action=Action.UPDATE,
                event="people.person.corrected",
                purpose=purpose,
                by=by,
                obj=person,
                person_id=person.pk,
                detail={"report": current.pk, "fields": fields},
            )
        changed += sorted({name for _person, fields in corrected_persons for name in fields})
        if not changed:
            return []
        current.row_version += 1
        current.save(update_fields=["row_version"])
        ReportHistory.objects.create(
            report=current,
            by=by,
            from_status=current.status,
            to_status=current.status,
            note=(_("Data corrected: %(reason)s") % {"reason": reason})[:200],
            is_correction=True,
        )
        record_event(
            action=Action.UPDATE,
            event="intake.report.corrected",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"fields": changed, "children": len(corrected_persons)},
        )
    return changed


def _correct_problems(report: Report, problems: set[str]) -> list[str]:
    before = set(report.problems.values_list("category", flat=True))
    if before == problems:
        return []
    report.problems.exclude(category__in=problems).delete()
    ReportProblem.objects.bulk_create(
        ReportProblem(report=report, category=category) for category in sorted(problems - before)
    )
    return ["problems"]


def _correct_children(
    report: Report, children: Sequence[ChildCorrection]
) -> list[tuple[Person, list[str]]]:
    """Apply each child's correction; the changed persons with their changed fields."""
    child_ids = set(
        report.involved.filter(role=PersonRole.CHILD).values_list("person_id", flat=True)
    )
    if not {child.person_id for child in children} <= child_ids:
        raise IntakeError(_("Only the children of this report can be corrected here."))
    persons = Person.objects.select_for_update().in_bulk([child.person_id for child in children])
    received = timezone.localtime(report.received_at).date()
    corrected = []
    for child in children:
        person = persons[child.person_id]
        values = _corrected_values(child, received)
        fields = [name for name in CORRECTED_PERSON_FIELDS if getattr(person, name) != values[name]]
        if not fields:
            continue
        for name in fields:
            setattr(person, name, values[name])
        person.save(update_fields=fields)
        if {"birth_date", "is_unborn", "expected_birth_date"} & set(fields):
            _follow_destruction_dates(person)
        corrected.append((person, fields))
    return corrected


def _corrected_values(child: ChildCorrection, received: date) -> dict[str, object]:
    """The person fields for a child's correction, checked as the intake form checks them."""
    if child.is_unborn:
        if child.birth_date is not None or child.estimated_age is not None:
            raise IntakeError(_("An unborn child has no date of birth or age yet."))
        if child.expected_birth_date is None:
            raise IntakeError(_("Give the expected date of birth of the unborn child."))
    elif child.birth_date is not None:
        if child.estimated_age is not None:
            raise IntakeError(_("Give either the date of birth or an estimated age, not both."))
        if child.birth_date > received:
            raise IntakeError(
                _(
                    "A child born after the report came in was unborn at the report: "
                    "mark the child as unborn with the expected date of birth."
                )
            )
    estimated = child.estimated_age
    return {
        "birth_date": None if child.is_unborn else child.birth_date,
        "estimated_birth_year": None if estimated is None else _birth_year(estimated, received),
        "is_unborn": child.is_unborn,
        "expected_birth_date": child.expected_birth_date if child.is_unborn else None,
        "gender": child.gender,
    }


def _birth_year(estimated_age: int, received: date) -> int:
    """The estimated year of birth of a child estimated `estimated_age` on `received`."""
    if not 0 <= estimated_age <= MAX_ESTIMATED_AGE:
        raise IntakeError(
            _("An estimated age lies between 0 and %(oldest)s years.")
            % {"oldest": MAX_ESTIMATED_AGE}
        )
    return received.year - estimated_age


def _follow_destruction_dates(person: Person) -> None:
    """A closed dossier keeps the child's file until the 35th birthday: recompute it."""
    from vk.dossiers.models import DossierMember, Relationship
    from vk.dossiers.services import destruction_date

    DossierMember.objects.filter(
        person=person, relationship=Relationship.CHILD, dossier__closed_at__isnull=False
    ).update(destruction_date=destruction_date(person.birth_date or person.expected_birth_date))


def save_draft(*, by: User, data: dict[str, list[str]]) -> ReportDraft:
    """Autosave of the intake form. The first save is audited; later saves of one's own
    draft are not (nobody else can read a draft), registering or discarding it is."""
    if by.centre is None:
        raise IntakeError(_("You do not belong to a centre."))
    with transaction.atomic():
        draft, created = ReportDraft.objects.update_or_create(
            author=by, defaults={"centre": by.centre, "data": data, "updated_at": timezone.now()}
        )
        if created:
            record_event(
                action=Action.CREATE,
                event="intake.draft.created",
                purpose=Purpose.INTAKE,
                by=by,
                obj=draft,
            )
    return draft


def discard_draft(*, by: User) -> None:
    with transaction.atomic():
        deleted, _per_model = ReportDraft.objects.filter(author=by).delete()
        if deleted:
            record_event(
                action=Action.DELETE, event="intake.draft.discarded", purpose=Purpose.INTAKE, by=by
            )


# Helpers -------------------------------------------------------------------------------


def _next_reference(centre: Centre, year: int) -> str:
    prefix = f"{REFERENCE_PREFIX.get(Province(centre.province), 'VK')}-{year}-"
    last = Report.objects.filter(reference__startswith=prefix).aggregate(last=Max("reference"))[
        "last"
    ]
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def _person_for(entry: PersonEntry, centre: Centre, received: date) -> tuple[Person, bool]:
    if entry.existing_person_id:
        person = Person.objects.in_centre(centre).filter(pk=entry.existing_person_id).first()
        if person is None:
            raise IntakeError(_("The chosen existing person was not found in your centre."))
        return person, True
    estimated_year = None
    if entry.estimated_age is not None:
        if entry.is_unborn or entry.birth_date is not None:
            raise IntakeError(
                _("An age estimate is only for a born child whose date of birth is not known.")
            )
        estimated_year = _birth_year(entry.estimated_age, received)
    person = Person(
        centre=centre,
        first_name=entry.first_name.strip(),
        last_name=entry.last_name.strip(),
        birth_date=None if entry.is_unborn else entry.birth_date,
        is_unborn=entry.is_unborn,
        expected_birth_date=entry.expected_birth_date if entry.is_unborn else None,
        estimated_birth_year=estimated_year,
        extended_minority=entry.extended_minority,
        gender=entry.gender,
        street=entry.street.strip(),
        postcode=entry.postcode.strip(),
        city=entry.city.strip(),
    )
    if entry.national_number:
        person.national_number_index = national_number_index(entry.national_number)
        person.national_number_mask = mask_national_number(entry.national_number)
    person.refresh_name_key()
    person.save()
    return person, False


def _lock_in_state(report: Report, next_status: str, by: User) -> Report:
    current = Report.objects.select_for_update().get(pk=report.pk)
    if current.centre_id != by.centre_id:
        raise IntakeError(_("This report belongs to another centre."))
    if next_status not in TRANSITIONS.get(current.status, set()):
        raise IntakeError(_("This report has already been dealt with; reload the page."))
    return current


def _move(report: Report, to_status: str, by: User, *, note: str = "", **fields: object) -> None:
    ReportHistory.objects.create(
        report=report, by=by, from_status=report.status, to_status=to_status, note=note
    )
    report.status = to_status
    for name, value in fields.items():
        setattr(report, name, value)
    report.row_version += 1
    report.save(update_fields=["status", "row_version", *fields])


def _lock_open_advice(advice: AdviceCase) -> AdviceCase:
    current = AdviceCase.objects.select_for_update().get(pk=advice.pk)
    if current.status != AdviceStatus.OPEN:
        raise IntakeError(_("This advice is closed."))
    return current


def _move_persons(report: Report, from_centre: Centre, to_centre: Centre) -> None:
    """Persons go with the report; one who also appears in other reports is copied.

    A person copied by an earlier transfer is not copied twice: the receiving centre's
    copy is reused, so its count of unique children stays right.
    """
    for involvement in ReportPerson.objects.filter(report=report).select_related("person"):
        person = involvement.person
        earlier_copy = Person.objects.filter(centre=to_centre, copied_from=person).first()
        elsewhere = ReportPerson.objects.filter(person=person).exclude(report=report).exists()
        if earlier_copy is not None:
            involvement.person = earlier_copy
            involvement.save(update_fields=["person"])
            if not elsewhere:
                person.delete()
        elif elsewhere:
            original_pk = person.pk
            person.pk = None
            person.centre = to_centre
            person.copied_from_id = original_pk
            person.save()
            involvement.person = person
            involvement.save(update_fields=["person"])
        else:
            person.centre = to_centre
            person.save(update_fields=["centre"])
