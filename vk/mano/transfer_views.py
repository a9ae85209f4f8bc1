"""Screens of the transfer to the Jeugdparket: the redaction review that drafts the
report, the report page (preview, four-eyes approval, sending, acknowledgement) and the
download of the approved PDF.

Every view starts from `rules.procedure_for`: whoever does not reach the procedure gets
404 on every URL here. Drafting, sending and the acknowledgement need a grant that may
change the procedure and a place on the team (or team lead); approval needs a team lead
or the director who did not draft the report (vk.mano.disclosure).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vk.access import rules
from vk.accounts.stepup import require_step_up
from vk.audit.models import Action
from vk.audit.services import record_event
from vk.centres.models import User
from vk.documents import services as document_services
from vk.documents.views import attachment_disposition
from vk.lib.locking import EditConflict
from vk.mano import disclosure
from vk.mano import report as transfer_report
from vk.mano.models import ParketTransfer, Procedure, State
from vk.mano.services import ManoError
from vk.mano.transfer_forms import ApproveForm, ReceiptForm, RedactionForm, SentForm


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def review_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The redaction review: every sensitive item off unless ticked; saving drafts."""
    procedure, grant = rules.procedure_for(request.user, pk)
    user = _staff(request)
    if not grant.may_change or not disclosure.may_draft(user, procedure):
        raise Http404
    may_draft_now = procedure.state == State.REFERRED_TO_PARKET
    items = transfer_report.sensitive_items(procedure)
    draft = disclosure.draft_of(procedure)
    posted = request.method == "POST"
    form = RedactionForm(
        request.POST if posted else None,
        items=items,
        initial={
            "recipient": draft.recipient if draft else "",
            "legal_basis": draft.legal_basis if draft else disclosure.default_legal_basis(),
        },
    )
    if posted:
        if may_draft_now and form.is_valid():
            try:
                transfer = disclosure.draft_transfer(
                    procedure=procedure,
                    by=user,
                    purpose=grant.purpose,
                    recipient=form.cleaned_data["recipient"],
                    legal_basis=form.cleaned_data["legal_basis"],
                    included_items=form.included_items(),
                )
            except ManoError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The transfer report was drafted. Read it below."))
                return redirect(
                    "mano-transfer:view-transfer", pk=procedure.pk, transfer_pk=transfer.pk
                )
        elif not may_draft_now:
            form.add_error(
                None, _("Only a procedure referred to the Jeugdparket has a transfer report.")
            )
    else:
        record_event(
            action=Action.READ,
            event="mano.transfer.review_viewed",
            purpose=grant.purpose,
            by=user,
            obj=procedure,
            detail={"procedure": procedure.pk, "items": len(items)},
        )
    return render(
        request,
        "mano/transfer/transfer_review.html",
        {
            "procedure": procedure,
            "grant": grant,
            "form": form,
            "draft": draft,
            "may_draft_now": may_draft_now,
            "transfers": procedure.transfers.select_related("drafted_by", "approved_by"),
        },
        status=400 if posted else 200,
    )


@login_required
@require_GET
def view_transfer(request: HttpRequest, pk: int, transfer_pk: int) -> HttpResponse:
    procedure, grant, transfer = _transfer_for(request, pk, transfer_pk)
    record_event(
        action=Action.READ,
        event="mano.transfer.viewed",
        purpose=grant.purpose,
        by=_staff(request),
        obj=transfer,
        detail={"procedure": procedure.pk, "transfer": transfer.pk},
    )
    return _page(request, procedure, grant, transfer)


@login_required
@require_POST
def approve_transfer(request: HttpRequest, pk: int, transfer_pk: int) -> HttpResponse:
    procedure, grant, transfer = _transfer_for(request, pk, transfer_pk)
    user = _staff(request)
    if transfer.is_approved or not disclosure.may_approve(user, transfer):
        raise Http404
    require_step_up(request)  # approving a disclosure needs a recent second factor
    form = ApproveForm(request.POST, prefix="approve")
    status = 400
    if form.is_valid():
        try:
            disclosure.approve_transfer(
                transfer=transfer,
                by=user,
                purpose=grant.purpose,
                expected_version=form.cleaned_data["row_version"],
                fingerprint=form.cleaned_data["fingerprint"],
            )
        except EditConflict as error:
            form.add_error(None, str(error))
            status = 409
        except ManoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The transfer report was approved and kept in the dossier's documents.")
            )
            return redirect("mano-transfer:view-transfer", pk=procedure.pk, transfer_pk=transfer.pk)
    transfer.refresh_from_db()
    return _page(request, procedure, grant, transfer, errors=_errors(form), status=status)


@login_required
@require_POST
def mark_sent(request: HttpRequest, pk: int, transfer_pk: int) -> HttpResponse:
    return _record_after_approval(
        request,
        pk,
        transfer_pk,
        SentForm,
        "sent",
        lambda transfer, user, grant, data: disclosure.mark_sent(
            transfer=transfer,
            by=user,
            purpose=grant.purpose,
            expected_version=data["row_version"],
            sent_on=data["sent_on"],
        ),
        _("The sending to the Jeugdparket was recorded."),
    )


@login_required
@require_POST
def register_receipt(request: HttpRequest, pk: int, transfer_pk: int) -> HttpResponse:
    return _record_after_approval(
        request,
        pk,
        transfer_pk,
        ReceiptForm,
        "receipt",
        lambda transfer, user, grant, data: disclosure.register_receipt(
            transfer=transfer,
            by=user,
            purpose=grant.purpose,
            expected_version=data["row_version"],
            received_on=data["received_on"],
            parket_reference=data["parket_reference"],
        ),
        _("The acknowledgement of the Jeugdparket was recorded."),
    )


def _record_after_approval(
    request: HttpRequest,
    pk: int,
    transfer_pk: int,
    form_class: type[Form],
    prefix: str,
    record: Callable[[ParketTransfer, User, rules.Grant, dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    """The team records what happened to an approved report (sent, acknowledged)."""
    procedure, grant, transfer = _transfer_for(request, pk, transfer_pk)
    user = _staff(request)
    if not grant.may_change or not disclosure.may_draft(user, procedure):
        raise Http404
    form = form_class(request.POST, prefix=prefix)
    status = 400
    if form.is_valid():
        try:
            record(transfer, user, grant, form.cleaned_data)
        except EditConflict as error:
            form.add_error(None, str(error))
            status = 409
        except ManoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("mano-transfer:view-transfer", pk=procedure.pk, transfer_pk=transfer.pk)
    transfer.refresh_from_db()
    return _page(request, procedure, grant, transfer, errors=_errors(form), status=status)


@login_required
@require_GET
def download_transfer(request: HttpRequest, pk: int, transfer_pk: int) -> HttpResponse:
    """The approved PDF, exactly as stored at approval."""
    procedure, grant, transfer = _transfer_for(request, pk, transfer_pk)
    document = transfer.document
    # After a move to another centre the PDF stays with the sending centre's dossier.
    if document is None or document.centre_id != procedure.centre_id:
        raise Http404
    content = document_services.read_content(document)
    record_event(
        action=Action.READ,
        event="mano.transfer.downloaded",
        purpose=grant.purpose,
        by=_staff(request),
        obj=transfer,
        detail={"procedure": procedure.pk, "transfer": transfer.pk, "document": document.pk},
    )
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = attachment_disposition(document.original_name)
    response["Content-Length"] = str(len(content))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Helpers ----------------------------------------------------------------------------


def _transfer_for(
    request: HttpRequest, pk: int, transfer_pk: int
) -> tuple[Procedure, rules.Grant, ParketTransfer]:
    procedure, grant = rules.procedure_for(request.user, pk)
    transfer = (
        ParketTransfer.objects.filter(
            pk=transfer_pk, procedure=procedure, centre_id=procedure.centre_id
        )
        .select_related("drafted_by", "approved_by", "document")
        .first()
    )
    if transfer is None:
        raise Http404
    transfer.procedure = procedure
    return procedure, grant, transfer


def _page(
    request: HttpRequest,
    procedure: Procedure,
    grant: rules.Grant,
    transfer: ParketTransfer,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The report page. Its forms are always fresh, carrying the current version: after
    a refused step the user sees why (`errors`) and decides again on what is saved now."""
    user = _staff(request)
    may_work = grant.may_change and disclosure.may_draft(user, procedure)
    version = {"row_version": transfer.row_version}
    context: dict[str, Any] = {
        "procedure": procedure,
        "grant": grant,
        "transfer": transfer,
        "errors": errors or [],
        "may_redraft": may_work
        and not transfer.is_approved
        and procedure.state == State.REFERRED_TO_PARKET,
        "may_approve": not transfer.is_approved and disclosure.may_approve(user, transfer),
        "is_drafter": transfer.drafted_by_id == user.pk,
    }
    if not transfer.is_approved:
        # The preview is assembled now, exactly as approval will render it.
        content = transfer_report.assemble(
            procedure,
            recipient=transfer.recipient,
            legal_basis=transfer.legal_basis,
            included=transfer.included_items,
        )
        context["report"] = content
        context["approve_form"] = ApproveForm(
            prefix="approve", initial={**version, "fingerprint": content.fingerprint}
        )
    elif may_work and not transfer.is_sent:
        context["sent_form"] = SentForm(prefix="sent", initial=version)
    elif may_work and transfer.receipt_registered_on is None:
        context["receipt_form"] = ReceiptForm(prefix="receipt", initial=version)
    return render(request, "mano/transfer/transfer_detail.html", context, status=status)


def _errors(form: Form) -> list[str]:
    """The form's errors as sentences, a field's error with the field's label."""
    return [
        str(error) if name == "__all__" else f"{form.fields[name].label}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    ]
