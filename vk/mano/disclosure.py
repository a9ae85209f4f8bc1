"""Disclosure to the Jeugdparket: the transfer report, drafted by the team, approved by a
second person, sent and acknowledged.

    draft_transfer (team; procedure referred to the Jeugdparket)
      └─ a new draft replaces the one waiting for approval
    approve_transfer (team lead or director, never the drafter)
      └─ renders the PDF from what the approver read, keeps it as a for_court document
    mark_sent (team: the date it left the centre)  ─► close_after_parket is allowed
    register_receipt (the Jeugdparket's acknowledgement and reference)

Each service re-reads the procedure and the transfer under row locks, checks centre,
role and state, and writes one audit entry in the same transaction with identifiers and
counts only. What goes into the report is decided in vk/mano/report.py.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vk.access.disclosures import record_disclosure
from vk.access.models import DisclosureKind, LegalBasis
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Role, User
from vk.documents import services as document_services
from vk.documents import storage
from vk.dossiers.models import Assignment
from vk.lib.locking import EditConflict
from vk.mano import report as transfer_report
from vk.mano.models import ParketTransfer, Procedure, State
from vk.mano.services import ManoError

APPROVER_ROLES = (Role.TEAM_LEAD, Role.DIRECTOR)


def default_legal_basis() -> str:
    return str(settings.VK_MANO_PARKET_LEGAL_BASIS)


# Who may do what (the views ask these too) ------------------------------------------


def may_draft(user: User, procedure: Procedure) -> bool:
    """Someone on the family's team, or a team lead of the centre."""
    if user.centre_id != procedure.centre_id:
        return False
    return user.has_role(Role.TEAM_LEAD) or _on_team(user, procedure)


def may_approve(user: User, transfer: ParketTransfer) -> bool:
    """A team lead or the director of the centre who did not draft this report."""
    return (
        user.centre_id == transfer.centre_id
        and user.has_role(*APPROVER_ROLES)
        and user.pk != transfer.drafted_by_id
    )


def draft_of(procedure: Procedure) -> ParketTransfer | None:
    """The draft waiting for approval, if any."""
    return procedure.transfers.unapproved().first()


# Services ---------------------------------------------------------------------------


def draft_transfer(
    *,
    procedure: Procedure,
    by: User,
    purpose: Purpose,
    recipient: str,
    legal_basis: str,
    included_items: Collection[str],
) -> ParketTransfer:
    """Draft the transfer report with the sensitive items the team ticked.

    A draft waiting for approval is replaced (the team changed its mind or the file
    changed); an approved report stays as it is.
    """
    if not recipient.strip():
        raise ManoError(_("Name the Jeugdparket the report is for."))
    if not legal_basis.strip():
        raise ManoError(_("State the legal basis of the transfer."))
    with transaction.atomic():
        current = _lock_procedure(procedure, by)
        if current.state != State.REFERRED_TO_PARKET:
            raise ManoError(
                _("Only a procedure referred to the Jeugdparket has a transfer report.")
            )
        if not may_draft(by, current):
            raise ManoError(_("Only the family's team or a team lead drafts the transfer report."))
        offered = {item.code for item in transfer_report.sensitive_items(current)}
        included = sorted(set(included_items))
        if not set(included) <= offered:
            raise ManoError(_("The selection contains an item that cannot be included."))
        transfer = current.transfers.unapproved().select_for_update().first()
        replaced = transfer is not None
        if transfer is None:
            transfer = ParketTransfer(procedure=current, centre_id=current.centre_id)
        else:
            transfer.row_version += 1
        transfer.recipient = recipient.strip()
        transfer.legal_basis = legal_basis.strip()
        transfer.included_items = included
        transfer.drafted_by = by
        transfer.drafted_at = timezone.now()
        transfer.save()
        record_event(
            action=Action.UPDATE if replaced else Action.CREATE,
            event="mano.transfer.drafted",
            purpose=purpose,
            by=by,
            obj=transfer,
            detail={
                "procedure": current.pk,
                "transfer": transfer.pk,
                "included": len(included),
                "withheld": len(offered) - len(included),
                "replaced": replaced,
            },
        )
    return transfer


def approve_transfer(
    *,
    transfer: ParketTransfer,
    by: User,
    purpose: Purpose,
    expected_version: int,
    fingerprint: str,
) -> ParketTransfer:
    """Approve the draft (four eyes) and keep its PDF in the dossier, flagged for_court.

    `fingerprint` is that of the report the approver read (report.TransferReport); if
    the file changed since, nothing is approved and the approver reads it again.
    """
    if not by.has_role(*APPROVER_ROLES):
        raise ManoError(_("Only a team lead or the director approves a transfer report."))
    with transaction.atomic():
        procedure = _lock_procedure(transfer.procedure, by)
        current = ParketTransfer.objects.select_for_update().get(pk=transfer.pk)
        if current.is_approved:
            raise ManoError(_("This transfer report was already approved."))
        if current.drafted_by_id == by.pk:
            raise ManoError(
                _(
                    "You drafted this report: a team lead or the director who did not draft it approves it."
                )
            )
        if current.row_version != expected_version:
            raise EditConflict(
                _(
                    "The draft was changed after you opened it. Read the new version before approving."
                )
            )
        if procedure.state != State.REFERRED_TO_PARKET:
            raise ManoError(
                _("Only a procedure referred to the Jeugdparket has a transfer report.")
            )
        content = transfer_report.assemble(
            procedure,
            recipient=current.recipient,
            legal_basis=current.legal_basis,
            included=current.included_items,
        )
        if content.fingerprint != fingerprint:
            raise ManoError(
                _("The file changed after you opened the report. Read it again before approving.")
            )
        today = timezone.localdate()
        pdf = transfer_report.render_report_pdf(
            content, procedure=procedure, signer=by, today=today
        )
        try:
            document = document_services.store_letter(
                dossier=procedure.dossier,
                by=by,
                purpose=purpose,
                letter_kind=transfer_report.TRANSFER_LETTER_KIND,
                title=_("Transfer report to the Jeugdparket"),
                file_name=(
                    f"{procedure.reference}-{slugify(_('transfer report'))}-{today:%Y-%m-%d}.pdf"
                ),
                pdf=pdf,
                flags={"for_court": True},
            )
        except document_services.DocumentError as error:
            raise ManoError(str(error)) from error
        try:
            current.approved_by = by
            current.approved_at = timezone.now()
            current.document = document
            current.row_version += 1
            current.save(update_fields=["approved_by", "approved_at", "document", "row_version"])
            record_event(
                action=Action.UPDATE,
                event="mano.transfer.approved",
                purpose=purpose,
                by=by,
                obj=current,
                detail={
                    "procedure": procedure.pk,
                    "transfer": current.pk,
                    "document": document.pk,
                    "included": len(current.included_items),
                },
            )
        except BaseException:
            # The document row rolls back with this transaction; its file must go too.
            storage.remove(document.storage_name)
            raise
    return current


def mark_sent(
    *, transfer: ParketTransfer, by: User, purpose: Purpose, expected_version: int, sent_on: date
) -> ParketTransfer:
    """Record the day the approved report left the centre for the Jeugdparket."""
    with transaction.atomic():
        procedure = _lock_procedure(transfer.procedure, by)
        current = ParketTransfer.objects.select_for_update().get(pk=transfer.pk)
        if not may_draft(by, procedure):
            raise ManoError(_("Only the family's team or a team lead records the sending."))
        if not current.is_approved or current.approved_at is None:
            raise ManoError(
                _("The report is sent only after a team lead or the director approved it.")
            )
        if current.is_sent:
            raise ManoError(_("The sending of this report was already recorded."))
        if current.row_version != expected_version:
            raise EditConflict
        if sent_on > timezone.localdate():
            raise ManoError(_("The report cannot be sent in the future."))
        if sent_on < timezone.localdate(current.approved_at):
            raise ManoError(_("The report cannot be sent before it was approved."))
        current.sent_on = sent_on
        current.row_version += 1
        current.save(update_fields=["sent_on", "row_version"])
        # The disclosure itself: the file leaves the centre.
        record_disclosure(
            dossier=procedure.dossier,
            by=by,
            kind=DisclosureKind.PARKET_REPORT,
            recipient=current.recipient,
            legal_basis=LegalBasis.MANO_MANDATE,
            legal_basis_text=current.legal_basis,
            what=_("Transfer report of MaNo procedure %(reference)s (%(count)s sensitive items)")
            % {"reference": procedure.reference, "count": len(current.included_items)},
            source=current,
        )
        record_event(
            action=Action.EXPORT,
            event="mano.transfer.sent",
            purpose=purpose,
            by=by,
            obj=current,
            detail={
                "procedure": procedure.pk,
                "transfer": current.pk,
                "included": len(current.included_items),
            },
        )
    return current


def register_receipt(
    *,
    transfer: ParketTransfer,
    by: User,
    purpose: Purpose,
    expected_version: int,
    received_on: date,
    parket_reference: str,
) -> ParketTransfer:
    """Record the Jeugdparket's acknowledgement (also after the procedure was closed)."""
    with transaction.atomic():
        procedure = _lock_procedure(transfer.procedure, by)
        current = ParketTransfer.objects.select_for_update().get(pk=transfer.pk)
        if not may_draft(by, procedure):
            raise ManoError(_("Only the family's team or a team lead records the acknowledgement."))
        if current.sent_on is None:
            raise ManoError(_("Record the sending before the acknowledgement."))
        if current.row_version != expected_version:
            raise EditConflict
        if received_on > timezone.localdate() or received_on < current.sent_on:
            raise ManoError(_("The acknowledgement falls between the sending and today."))
        current.receipt_registered_on = received_on
        current.parket_reference = parket_reference.strip()
        current.row_version += 1
        current.save(update_fields=["receipt_registered_on", "parket_reference", "row_version"])
        record_event(
            action=Action.UPDATE,
            event="mano.transfer.receipt_registered",
            purpose=purpose,
            by=by,
            obj=current,
            detail={"procedure": procedure.pk, "transfer": current.pk},
        )
    return current


# Internals --------------------------------------------------------------------------


def _lock_procedure(procedure: Procedure, by: User) -> Procedure:
    current = (
        Procedure.objects.select_for_update(of=("self",))
        .select_related("dossier", "centre", "report")
        .get(pk=procedure.pk)
    )
    if current.centre_id != by.centre_id:
        raise ManoError(_("This procedure belongs to another centre."))
    return current


def _on_team(user: User, procedure: Procedure) -> bool:
    return Assignment.objects.filter(dossier_id=procedure.dossier_id, user=user).exists()
