"""The access rule: who may see or change what, and on which grounds.

Every view and every list asks this module; there is no second path. Outside the rule
the answer is 404 (the object's existence is not revealed), and the grounds of every
allowed access become the `purpose` of its audit entry.

Current scope:
- staff records: centre administrators manage their own centre's staff;
- reports (intake): the centre's intake workers and team leads work the intake queue,
  the director has oversight; only team leads decide the track (triage);
- persons: found only through search-before-create, within the user's own centre;
- dossiers: need-to-know. The assigned team opens a dossier (`Purpose.ASSIGNMENT`),
  the centre's team leads and director for oversight (`Purpose.OVERSIGHT`); everyone
  else in the centre learns at most that it exists and who the case worker of record is.
- tasks and appointments follow their dossier; a task's owner always sees their own.
MaNo procedures join this module as they are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import Http404

from vk.access.models import EmergencyAccess, EmergencyAccessQuerySet
from vk.activities.models import Activity, ActivityQuerySet
from vk.audit.models import AuditEntry, Purpose
from vk.centres.models import Centre, Discipline, Role, User, UserQuerySet
from vk.complaints.models import Complaint, ComplaintQuerySet
from vk.documents.models import Document
from vk.dossiers.models import Dossier, DossierQuerySet
from vk.intake.models import AdviceCase, Report, ReportQuerySet, Transfer
from vk.mano.models import Procedure, ProcedureQuerySet
from vk.people.models import Person
from vk.work.models import Appointment, AppointmentQuerySet, Task, TaskQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


@dataclass(frozen=True)
class Grant:
    """An allowed access and the grounds it rests on."""

    may_change: bool
    purpose: Purpose


def is_staff_member(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "centre_id", None))


def can_manage_staff(user: User | AnonymousUser) -> bool:
    return is_staff_member(user) and user.has_role(Role.CENTRE_ADMIN)  # type: ignore[union-attr]


def staff_visible_to(user: User | AnonymousUser) -> UserQuerySet:
    """The staff records a user may list: their own centre's, if they administer it."""
    if not can_manage_staff(user):
        return User.objects.none()
    return User.objects.in_centre(user.centre)  # type: ignore[union-attr]


def managed_centre(user: User | AnonymousUser) -> Centre:
    """The centre whose staff the user administers, or 404 if they administer none."""
    if not can_manage_staff(user):
        raise Http404
    return user.centre  # type: ignore[union-attr, return-value]


def staff_member_for(user: User | AnonymousUser, pk: int) -> tuple[User, Grant]:
    """The staff record `pk` with the user's grant on it, or 404."""
    member = staff_visible_to(user).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member, Grant(may_change=True, purpose=Purpose.ADMINISTRATION)


# Intake ----------------------------------------------------------------------------

INTAKE_ROLES = (Role.INTAKE, Role.TEAM_LEAD, Role.DIRECTOR)


def _has(user: User | AnonymousUser, *roles: Role) -> bool:
    return is_staff_member(user) and user.has_role(*roles)  # type: ignore[union-attr]


def can_work_intake(user: User | AnonymousUser) -> bool:
    return _has(user, *INTAKE_ROLES)


def can_register_reports(user: User | AnonymousUser) -> bool:
    return _has(user, Role.INTAKE, Role.TEAM_LEAD)


def can_triage(user: User | AnonymousUser) -> bool:
    return _has(user, Role.TEAM_LEAD)


def can_correct_reports(user: User | AnonymousUser) -> bool:
    """Correcting a report's classification and children's data for the figures: the
    intake workers, and the team leads and director who answer for the data quality."""
    return _has(user, *INTAKE_ROLES)


def reports_visible_to(user: User | AnonymousUser) -> ReportQuerySet:
    if not can_work_intake(user):
        return Report.objects.none()
    return Report.objects.in_centre(user.centre)  # type: ignore[union-attr, return-value]


def report_for(user: User | AnonymousUser, pk: int) -> tuple[Report, Grant]:
    report = (
        reports_visible_to(user).select_related("centre", "registered_by").filter(pk=pk).first()
    )
    if report is None:
        raise Http404
    if can_register_reports(user):
        return report, Grant(may_change=True, purpose=Purpose.INTAKE)
    return report, Grant(may_change=False, purpose=Purpose.OVERSIGHT)


def advice_for(user: User | AnonymousUser, pk: int) -> tuple[AdviceCase, Grant]:
    advice = AdviceCase.objects.filter(pk=pk).select_related("report").first()
    if advice is None:
        raise Http404
    _report, grant = report_for(user, advice.report_id)
    return advice, grant


def transfers_visible_to(user: User | AnonymousUser) -> object:
    """Transfers from or to the user's centre (both sides see them in their log)."""
    if not can_work_intake(user):
        return Transfer.objects.none()
    centre = user.centre  # type: ignore[union-attr]
    return Transfer.objects.filter(from_centre=centre) | Transfer.objects.filter(to_centre=centre)


# Dossiers --------------------------------------------------------------------------

OVERSIGHT_ROLES = (Role.TEAM_LEAD, Role.DIRECTOR)


def can_open_dossiers(user: User | AnonymousUser) -> bool:
    return _has(user, Role.TEAM_LEAD)


def dossiers_visible_to(user: User | AnonymousUser) -> object:
    if not is_staff_member(user):
        return Dossier.objects.none()
    in_centre = Dossier.objects.in_centre(user.centre)  # type: ignore[union-attr]
    if _has(user, *OVERSIGHT_ROLES):
        return in_centre
    return in_centre.filter(assignments__user=user)  # type: ignore[misc]


def dossier_for(user: User | AnonymousUser, pk: int) -> tuple[Dossier, Grant]:
    dossier = dossiers_visible_to(user).filter(pk=pk).select_related("centre").first()  # type: ignore[attr-defined]
    if dossier is None:
        emergency = active_emergency_access(user, pk)
        if emergency is None:
            raise Http404
        # Break the glass: read-only, for a limited time, every read logged as emergency.
        return emergency.dossier, Grant(may_change=False, purpose=Purpose.EMERGENCY)
    if dossier.assignments.filter(user=user).exists():
        return dossier, Grant(may_change=True, purpose=Purpose.ASSIGNMENT)
    return dossier, Grant(may_change=_has(user, Role.TEAM_LEAD), purpose=Purpose.OVERSIGHT)


def can_correct_case_data(user: User | AnonymousUser, grant: Grant) -> bool:
    """Recording what the figures miss afterwards (a closed dossier's outcome, a MaNo
    decision date): the dossier's case workers and the team lead (who may change it),
    and the director who answers for the figures; never on emergency access."""
    if grant.purpose == Purpose.EMERGENCY:
        return False
    return grant.may_change or _has(user, *OVERSIGHT_ROLES)


# Emergency access (break the glass) ----------------------------------------------

# Who may break the glass: the people who work with families. Statistics, complaints,
# administration and the data protection officer have no casework to do in a dossier.
EMERGENCY_ROLES = (Role.CASE_WORKER, Role.INTAKE)


def active_emergency_access(user: User | AnonymousUser, dossier_pk: int) -> EmergencyAccess | None:
    """The user's running emergency access to a dossier of their own centre, if any."""
    if not is_staff_member(user):
        return None
    return (
        EmergencyAccess.objects.active()
        .filter(user=user, dossier_id=dossier_pk, centre=user.centre)  # type: ignore[misc, union-attr]
        .select_related("dossier__centre")
        .first()
    )


def own_emergency_access(user: User | AnonymousUser, pk: int) -> EmergencyAccess:
    """An emergency access the user started, or 404."""
    if not is_staff_member(user):
        raise Http404
    access = EmergencyAccess.objects.filter(pk=pk, user=user).first()  # type: ignore[misc]
    if access is None:
        raise Http404
    return access


# Who works with families and may look up whether a family has a dossier (and whom to
# contact): not the statistics role, the complaints officer, the centre administrator or
# the data protection officer, whose work needs no family's name.
FAMILY_WORK_ROLES = (Role.INTAKE, Role.CASE_WORKER, Role.TEAM_LEAD, Role.DIRECTOR)


def can_search_dossiers(user: User | AnonymousUser) -> bool:
    return _has(user, *FAMILY_WORK_ROLES)


def may_request_emergency_access(user: User | AnonymousUser, dossier: Dossier) -> bool:
    """Colleagues of the dossier's centre who work with families (case workers, intake),
    are not on its team and have no oversight role: the evening and weekend stand-by."""
    return (
        _has(user, *EMERGENCY_ROLES)
        and dossier.centre_id == user.centre_id  # type: ignore[union-attr]
        and not _has(user, *OVERSIGHT_ROLES)
        and not dossier.assignments.filter(user=user).exists()  # type: ignore[misc]
    )


def can_review_emergency_access(user: User | AnonymousUser) -> bool:
    return _has(user, *OVERSIGHT_ROLES)


def emergency_accesses_to_review(user: User | AnonymousUser) -> Any:
    if not can_review_emergency_access(user):
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.in_centre(user.centre).exclude(user=user)  # type: ignore[union-attr, misc]


def emergency_access_for_review(user: User | AnonymousUser, pk: int) -> EmergencyAccess:
    access = (
        emergency_accesses_to_review(user).filter(pk=pk).select_related("user", "dossier").first()
    )
    if access is None:
        raise Http404
    return access


def dossier_exists_for(user: User | AnonymousUser, pk: int) -> Dossier:
    """A dossier of the user's centre, for learning that it exists and whom to contact."""
    if not is_staff_member(user):
        raise Http404
    dossier = Dossier.objects.in_centre(user.centre).filter(pk=pk).first()  # type: ignore[union-attr]
    if dossier is None:
        raise Http404
    return dossier


# Documents -------------------------------------------------------------------------
# Whoever reaches a dossier reaches its documents, except medical data (`health`).


def may_open_document(user: User | AnonymousUser, document: Document, grant: Grant) -> bool:
    """Whether a user who reaches the dossier may open this document.

    Medical data (patients' rights law) is for the team's medical discipline only: the
    confidential doctor on the team. Oversight by team leads or the director does not
    open it, nor does membership of the team in another discipline.
    """
    if not document.health:
        return True
    return (
        grant.purpose == Purpose.ASSIGNMENT
        and getattr(user, "discipline", "") == Discipline.MEDICAL
    )


def document_for(user: User | AnonymousUser, pk: int) -> tuple[Document, Grant]:
    """The document `pk` with the user's grant on its dossier, or 404."""
    if not is_staff_member(user):
        raise Http404
    document = Document.objects.in_centre(user.centre).filter(pk=pk).first()  # type: ignore[union-attr]
    if document is None:
        raise Http404
    dossier, grant = dossier_for(user, document.dossier_id)
    if not may_open_document(user, document, grant):
        raise Http404
    document.dossier = dossier
    return document, grant


# Tasks and appointments ------------------------------------------------------------
#
# They follow their dossier: whoever may open the dossier sees its tasks and
# appointments, and whoever may change it (grant.may_change) changes them. The owner of
# a task always sees and completes it, also after leaving the dossier's team. A general
# task (no dossier) is seen and changed by its owner and by whoever made it.


def dossiers_on_team_of(user: User | AnonymousUser) -> DossierQuerySet:
    """The dossiers on whose team the user is (their own caseload, not oversight)."""
    if not is_staff_member(user):
        return Dossier.objects.none()
    return Dossier.objects.filter(centre=user.centre, assignments__user=user)  # type: ignore[union-attr, misc]


def tasks_owned_by(user: User | AnonymousUser) -> TaskQuerySet:
    if not is_staff_member(user):
        return Task.objects.none()
    return Task.objects.filter(centre=user.centre, owner=user)  # type: ignore[union-attr, misc]


def team_appointments(user: User | AnonymousUser) -> AppointmentQuerySet:
    """Appointments in the dossiers on whose team the user is."""
    if not is_staff_member(user):
        return Appointment.objects.none()
    return Appointment.objects.filter(
        centre=user.centre,  # type: ignore[union-attr]
        dossier__assignments__user=user,  # type: ignore[misc]
    )


def task_for(user: User | AnonymousUser, pk: int) -> tuple[Task, Grant]:
    if not is_staff_member(user):
        raise Http404
    task = (
        Task.objects.filter(centre=user.centre, pk=pk)  # type: ignore[union-attr]
        .select_related("dossier", "owner", "created_by", "done_by")
        .first()
    )
    if task is None:
        raise Http404
    if task.dossier_id is None:
        if user.pk not in (task.owner_id, task.created_by_id):
            raise Http404
        return task, Grant(may_change=True, purpose=Purpose.ASSIGNMENT)
    try:
        _dossier, grant = dossier_for(user, task.dossier_id)
    except Http404:
        if task.owner_id != user.pk:
            raise
        return task, Grant(may_change=False, purpose=Purpose.ASSIGNMENT)
    return task, grant


def may_complete_task(user: User | AnonymousUser, task: Task, grant: Grant) -> bool:
    """Whoever may change the task, and its owner, may mark it done or reopen it."""
    return grant.may_change or task.owner_id == user.pk


def appointment_for(user: User | AnonymousUser, pk: int) -> tuple[Appointment, Grant]:
    if not is_staff_member(user):
        raise Http404
    appointment = Appointment.objects.filter(centre=user.centre, pk=pk).first()  # type: ignore[union-attr]
    if appointment is None:
        raise Http404
    dossier, grant = dossier_for(user, appointment.dossier_id)
    appointment.dossier = dossier
    return appointment, grant


# MaNo procedures -------------------------------------------------------------------
# A procedure follows its dossier: the assigned team works on it, the centre's team
# leads and director see it for oversight. After a move to another centre it follows
# the receiving centre's dossier; the sending centre keeps only its own dossier.


def can_oversee_mano(user: User | AnonymousUser) -> bool:
    return _has(user, *OVERSIGHT_ROLES)


def procedures_visible_to(user: User | AnonymousUser) -> ProcedureQuerySet:
    if not is_staff_member(user):
        return Procedure.objects.none()
    in_centre = Procedure.objects.in_centre(user.centre)  # type: ignore[union-attr]
    if can_oversee_mano(user):
        return in_centre  # type: ignore[return-value]
    return in_centre.filter(dossier__assignments__user=user)  # type: ignore[misc, return-value]


def procedure_for(user: User | AnonymousUser, pk: int) -> tuple[Procedure, Grant]:
    """The procedure `pk` with the user's grant on its dossier, or 404."""
    procedure = (
        procedures_visible_to(user).select_related("centre", "dossier").filter(pk=pk).first()
    )
    if procedure is None:
        raise Http404
    _dossier, grant = dossier_for(user, procedure.dossier_id)
    return procedure, grant


# Audit review ----------------------------------------------------------------------
# The centre's team leads, director and data protection officer review the audit trail
# (who looked at a file, what one colleague accessed, emergency accesses, unusual
# patterns): their own centre's entries only, on oversight grounds. They need no access
# to a dossier to see who opened it; the review shows identifiers and staff names, never
# the file's content. Everyone else gets 404 on every review page.

AUDIT_REVIEW_ROLES = (Role.TEAM_LEAD, Role.DIRECTOR, Role.PRIVACY_OFFICER)


def can_review_audit(user: User | AnonymousUser) -> bool:
    return _has(user, *AUDIT_REVIEW_ROLES)


def audit_entries_visible_to(user: User | AnonymousUser) -> QuerySet[AuditEntry]:
    """The audit entries a user may review: their own centre's, if they are a reviewer."""
    if not can_review_audit(user):
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(centre_id=user.centre_id)  # type: ignore[union-attr]


def audit_reviewer(user: User | AnonymousUser) -> User:
    """The user as a reviewer of their centre's audit trail, or 404."""
    if not can_review_audit(user):
        raise Http404
    return user  # type: ignore[return-value]


def dossier_for_audit_review(user: User | AnonymousUser, pk: int) -> Dossier:
    """A dossier of the reviewer's centre (whose accesses they review), or 404."""
    reviewer = audit_reviewer(user)
    dossier = Dossier.objects.in_centre(reviewer.centre).filter(pk=pk).first()
    if dossier is None:
        raise Http404
    return dossier


def dossier_by_reference_for_audit_review(
    user: User | AnonymousUser, reference: str
) -> Dossier | None:
    """The reviewer's own centre's dossier with exactly this reference, if any."""
    reviewer = audit_reviewer(user)
    return Dossier.objects.in_centre(reviewer.centre).filter(reference=reference).first()


def person_for_audit_review(user: User | AnonymousUser, pk: int) -> Person:
    """A person of the reviewer's centre (picked among a dossier's members), or 404."""
    reviewer = audit_reviewer(user)
    person = Person.objects.in_centre(reviewer.centre).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def staff_for_audit_review(user: User | AnonymousUser) -> UserQuerySet:
    """The staff members, active or not, whose accesses a reviewer may list."""
    if not can_review_audit(user):
        return User.objects.none()
    return User.objects.in_centre(user.centre)  # type: ignore[union-attr]


def staff_member_for_audit_review(user: User | AnonymousUser, pk: int) -> User:
    member = staff_for_audit_review(user).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def emergency_accesses_for_audit_review(user: User | AnonymousUser) -> EmergencyAccessQuerySet:
    """The centre's emergency accesses that no team lead has judged yet.

    Listing them is audit review (the data protection officer sees them too); judging
    one stays with the team leads and director (`emergency_access_for_review`).
    """
    if not can_review_audit(user):
        return EmergencyAccess.objects.none()
    return EmergencyAccess.objects.awaiting_review().filter(centre_id=user.centre_id)  # type: ignore[union-attr, misc]


# Complaints ------------------------------------------------------------------------
# The complaints register is separate from the dossiers. The centre's complaints
# officer and director handle complaints (`Purpose.COMPLAINTS`); nobody else sees
# them. Handling a complaint grants nothing on a dossier it may mention: the dossier
# rule above does not know complaints.

COMPLAINT_ROLES = (Role.COMPLAINTS, Role.DIRECTOR)


def can_handle_complaints(user: User | AnonymousUser) -> bool:
    return _has(user, *COMPLAINT_ROLES)


def complaints_visible_to(user: User | AnonymousUser) -> ComplaintQuerySet:
    if not can_handle_complaints(user):
        return Complaint.objects.none()
    return Complaint.objects.in_centre(user.centre)  # type: ignore[union-attr, return-value]


def complaint_for(user: User | AnonymousUser, pk: int) -> tuple[Complaint, Grant]:
    """The complaint `pk` of the user's centre, if they handle complaints; else 404."""
    complaint = complaints_visible_to(user).filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint, Grant(may_change=True, purpose=Purpose.COMPLAINTS)


# Professional activities -----------------------------------------------------------
# Coaching of professionals, training sessions (vorming) and awareness actions
# (sensibilisering) are the centre's own work, counted for the funder; they hold no
# family data. The people who do that work (intake, case workers, team leads, the
# director) register and change any of their centre's activities; statistics reads the
# lists and the yearly overview. Deleting is for whoever registered it and team leads.
# Everyone else, and every other centre, gets 404.
#
# The grounds for the audit entry of a change: no Purpose names "the centre's own
# work". The nearest honest one is ASSIGNMENT: staff record work they were given to do
# themselves. A team lead or director changing a colleague's record does so as
# OVERSIGHT. (ADMINISTRATION is staff accounts; SELF is one's own account.)

ACTIVITY_ROLES = (Role.INTAKE, Role.CASE_WORKER, Role.TEAM_LEAD, Role.DIRECTOR)


def can_register_activities(user: User | AnonymousUser) -> bool:
    return _has(user, *ACTIVITY_ROLES)


def can_view_activities(user: User | AnonymousUser) -> bool:
    return _has(user, *ACTIVITY_ROLES, Role.STATISTICS)


def activities_visible_to[A: Activity](
    user: User | AnonymousUser, model: type[A]
) -> ActivityQuerySet[A]:
    """The activities of this kind a user may list: their own centre's."""
    if not can_view_activities(user):
        return model.objects.none()  # type: ignore[return-value]
    return model.objects.in_centre(user.centre)  # type: ignore[union-attr, return-value]


def activity_grant(user: User | AnonymousUser, activity: Activity) -> Grant:
    if not can_register_activities(user):
        return Grant(may_change=False, purpose=Purpose.OVERSIGHT)
    if activity.created_by_id != user.pk and _has(user, *OVERSIGHT_ROLES):
        return Grant(may_change=True, purpose=Purpose.OVERSIGHT)
    return Grant(may_change=True, purpose=Purpose.ASSIGNMENT)


def activity_for[A: Activity](
    user: User | AnonymousUser, model: type[A], pk: int
) -> tuple[A, Grant]:
    """The activity `pk` of this kind with the user's grant on it, or 404."""
    activity = activities_visible_to(user, model).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity, activity_grant(user, activity)


def may_delete_activity(user: User | AnonymousUser, activity: Activity) -> bool:
    return can_register_activities(user) and (
        activity.created_by_id == user.pk or _has(user, Role.TEAM_LEAD)
    )


# Statistics ------------------------------------------------------------------------
# Figures, never names. The yearly report and its data-quality list are for the
# statistics role, the director and the team leads of the centre; the figures of all
# centres together for the statistics role and the director (small cells hidden, as
# in every export outside the centre). The dashboards are for team leads and the
# director. Only team leads and the director — who may open any dossier of their centre
# for oversight — get links from the data-quality list to the records to fix; the
# statistics role sees counts only and has no way into a dossier.

STATISTICS_ROLES = (Role.STATISTICS, Role.DIRECTOR, Role.TEAM_LEAD)
ALL_CENTRES_STATISTICS_ROLES = (Role.STATISTICS, Role.DIRECTOR)
DASHBOARD_ROLES = (Role.TEAM_LEAD, Role.DIRECTOR)


def can_view_statistics(user: User | AnonymousUser) -> bool:
    return _has(user, *STATISTICS_ROLES)


def can_view_all_centres_statistics(user: User | AnonymousUser) -> bool:
    return _has(user, *ALL_CENTRES_STATISTICS_ROLES)


def can_view_dashboard(user: User | AnonymousUser) -> bool:
    return _has(user, *DASHBOARD_ROLES)


def can_open_records_to_fix(user: User | AnonymousUser) -> bool:
    """Links from the data-quality list to the reports, dossiers and procedures."""
    return _has(user, *OVERSIGHT_ROLES)
