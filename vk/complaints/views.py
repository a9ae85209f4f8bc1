"""The complaints officer's screens: the register with deadlines, registering a complaint
received by phone, letter, e-mail or in person, the complaint page with one form per
step, editing the details, and the yearly overview.

Every URL starts from the access rule (vk/access/rules.py, "Complaints"): the centre's
complaints officers and director; everyone else gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vk.access import rules
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.complaints import services
from vk.complaints.forms import (
    ALL,
    OPEN,
    PAGE_SIZE,
    AcknowledgeForm,
    AnswerForm,
    CloseForm,
    EditComplaintForm,
    NewComplaintForm,
    NoteForm,
    RegisterFilterForm,
    StepForm,
    YearForm,
)
from vk.complaints.models import OPEN_STAGES, TRANSITIONS, Complaint, Stage, overdue_condition
from vk.complaints.overview import year_overview
from vk.lib.locking import EditConflict, refreshed_after_conflict
from vk.lib.workdays import describe_time_left


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _officer(request: HttpRequest) -> User:
    """The user, if they handle complaints; else 404."""
    user = _staff(request)
    if not rules.can_handle_complaints(user):
        raise Http404
    return user


# The register -----------------------------------------------------------------------


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The centre's complaints: open ones first, the nearest deadline first."""
    user = _officer(request)
    complaints = rules.complaints_visible_to(user)
    years = sorted({day.year for day in complaints.dates("received_on", "year")}, reverse=True)
    form = RegisterFilterForm(request.GET or None, years=years)
    chosen = form.filters()
    today = timezone.localdate()

    rows = complaints.with_next_due().select_related("handler")
    if chosen["stage"] == OPEN:
        rows = rows.open()
    elif chosen["stage"] != ALL:
        rows = rows.filter(stage=chosen["stage"])
    if chosen["year"]:
        rows = rows.filter(received_on__year=chosen["year"])
    if chosen["outcome"]:
        rows = rows.filter(outcome=chosen["outcome"])
    if chosen["overdue"]:
        rows = rows.overdue(today)
    rows = rows.annotate(
        closed_rank=Case(
            When(stage__in=OPEN_STAGES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("closed_rank", F("next_due").asc(nulls_last=True), "-received_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = complaints.aggregate(
        open=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
        overdue=Count("pk", filter=overdue_condition(today)),
    )
    record_event(
        action=Action.SEARCH,
        event="complaints.register.listed",
        purpose=Purpose.COMPLAINTS,
        by=user,
        object_type="complaints.complaint",
        detail={
            "count": len(page.object_list),
            "page": page.number,
            "stage": chosen["stage"],
            "year": chosen["year"],
            "outcome": chosen["outcome"] or None,
            "overdue": chosen["overdue"],
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(complaint, today) for complaint in page.object_list],
            "summary": summary,
            "filter_query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def _row(complaint: Complaint, today: date) -> tuple[Complaint, str, bool]:
    """A register row: the complaint, its time left in words, and whether it is overdue."""
    due: date | None = complaint.next_due  # type: ignore[attr-defined]  # from with_next_due
    if due is None:
        return complaint, "", False
    return complaint, describe_time_left(due, today), due < today


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Register a complaint the centre received by phone, letter, e-mail or in person."""
    user = _officer(request)
    form = NewComplaintForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.register_complaint(
                centre=user.centre,  # type: ignore[arg-type]
                details=form.details(),
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                by=user,
            )
        except services.ComplaintError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Complaint %(reference)s was registered.") % {"reference": complaint.reference},
            )
            return redirect("complaints:detail", pk=complaint.pk)
    return render(
        request,
        "complaints/complaint_new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# One complaint ----------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint, grant = rules.complaint_for(request.user, pk)
    return _render_detail(request, complaint, grant)


def _render_detail(
    request: HttpRequest,
    complaint: Complaint,
    grant: rules.Grant,
    *,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The complaint page; every rendering is a read of the complaint, audited first."""
    record_event(
        action=Action.READ,
        event="complaints.complaint.viewed",
        purpose=grant.purpose,
        by=_staff(request),
        obj=complaint,
    )
    forms = forms or {}
    steps = {
        name: forms.get(name) or _step_form(name, complaint)
        for name, (to_stage, _form_class) in STEPS.items()
        if name in forms or to_stage in TRANSITIONS[complaint.stage]
    }
    today = timezone.localdate()
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "grant": grant,
            "events": complaint.events.select_related("by"),
            "acknowledge_left": (
                describe_time_left(complaint.acknowledge_due, today)
                if complaint.stage == Stage.RECEIVED
                else ""
            ),
            "answer_left": (
                describe_time_left(complaint.answer_due, today) if complaint.is_open else ""
            ),
            "overdue": services.is_overdue(complaint, today),
            "acknowledged_late": bool(
                complaint.acknowledged_on and complaint.acknowledged_on > complaint.acknowledge_due
            ),
            "answered_late": bool(
                complaint.answered_on and complaint.answered_on > complaint.answer_due
            ),
            "steps": steps,
            "note_form": forms.get("note") or NoteForm(prefix="note"),
        },
        status=status,
    )


# The steps offered on the complaint page: the stage each leads to, and its form.
STEPS: dict[str, tuple[Stage, type[StepForm]]] = {
    "acknowledge": (Stage.ACKNOWLEDGED, AcknowledgeForm),
    "start-conversation": (Stage.IN_CONVERSATION, StepForm),
    "start-formal": (Stage.FORMAL, StepForm),
    "answer": (Stage.ANSWERED, AnswerForm),
    "close": (Stage.CLOSED, CloseForm),
}


def _step_form(name: str, complaint: Complaint, data: Any = None) -> StepForm:
    form_class = STEPS[name][1]
    return form_class(data, prefix=name, initial={"version": complaint.row_version})


def _run(name: str, complaint: Complaint, by: User, form: StepForm) -> Complaint:
    data = form.cleaned_data
    common = {"complaint": complaint, "by": by, "expected_version": data["version"]}
    calls: dict[str, Callable[[], Complaint]] = {
        "acknowledge": lambda: services.acknowledge(
            **common, acknowledged_on=data["acknowledged_on"], note=data["note"]
        ),
        "start-conversation": lambda: services.start_conversation(**common, note=data["note"]),
        "start-formal": lambda: services.start_formal_handling(**common, note=data["note"]),
        "answer": lambda: services.answer(
            **common,
            answered_on=data["answered_on"],
            outcome=data["outcome"],
            answer_summary=data["answer_summary"],
            improvements=data["improvements"],
        ),
        "close": lambda: services.close(
            **common,
            closed_on=data["closed_on"],
            escalated_to=data["escalated_to"],
            note=data["note"],
        ),
    }
    return calls[name]()


def _take_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    complaint, grant = rules.complaint_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = _step_form(name, complaint, request.POST)
    status = 400
    if form.is_valid():
        try:
            _run(name, complaint, _staff(request), form)
        except EditConflict as error:
            # Keep what the officer typed, with the version saved now: saving again is
            # a deliberate choice after reading the page as it is.
            complaint = Complaint.objects.get(pk=complaint.pk)
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(complaint.row_version)
            form = _step_form(name, complaint, data)
            form.is_valid()
            form.add_error(None, str(error))
            status = 409
        except services.ComplaintError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The complaint was updated."))
            return redirect("complaints:detail", pk=complaint.pk)
    complaint.refresh_from_db()
    return _render_detail(request, complaint, grant, forms={name: form}, status=status)


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, "acknowledge")


@login_required
@require_POST
def start_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, "start-conversation")


@login_required
@require_POST
def start_formal(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, "start-formal")


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, "answer")


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_step(request, pk, "close")


@login_required
@require_POST
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    complaint, grant = rules.complaint_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = NoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.add_note(
                complaint=complaint, by=_staff(request), note=form.cleaned_data["note"]
            )
        except services.ComplaintError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The note was added."))
            return redirect("complaints:detail", pk=complaint.pk)
    return _render_detail(request, complaint, grant, forms={"note": form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct or complete the details; what the centre changed can be added after closing."""
    complaint, grant = rules.complaint_for(request.user, pk)
    if request.method == "GET":
        form = EditComplaintForm(
            initial=EditComplaintForm.initial_for(complaint), complaint=complaint
        )
        return _render_edit(request, complaint, grant, form)
    if not grant.may_change:
        raise Http404
    form = EditComplaintForm(request.POST, complaint=complaint)
    if form.is_valid():
        try:
            services.update_complaint(
                complaint=complaint,
                by=_staff(request),
                expected_version=form.cleaned_data["version"],
                details=form.edit(),
            )
        except EditConflict as error:
            current = Complaint.objects.get(pk=complaint.pk)
            form, rows = refreshed_after_conflict(
                lambda data: EditComplaintForm(data, complaint=current),
                request.POST,
                current,
                error,
                form.conflict_fields(),
            )
            return _render_edit(request, current, grant, form, conflict=rows, status=409)
        except services.ComplaintError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("complaints:detail", pk=complaint.pk)
    return _render_edit(request, complaint, grant, form, status=400)


def _render_edit(
    request: HttpRequest,
    complaint: Complaint,
    grant: rules.Grant,
    form: EditComplaintForm,
    *,
    conflict: object = None,
    status: int = 200,
) -> HttpResponse:
    record_event(
        action=Action.READ,
        event="complaints.complaint.viewed",
        purpose=grant.purpose,
        by=_staff(request),
        obj=complaint,
        detail={"screen": "edit"},
    )
    return render(
        request,
        "complaints/complaint_edit.html",
        {"complaint": complaint, "form": form, "conflict": conflict},
        status=status,
    )


# The yearly overview ------------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The centre's complaints of one year, for the annual report; printable."""
    user = _officer(request)
    today = timezone.localdate()
    form = YearForm(request.GET or None, initial={"year": today.year})
    year = form.cleaned_data["year"] if form.is_valid() else today.year
    figures = year_overview(centre=user.centre, year=year, today=today)  # type: ignore[arg-type]
    record_event(
        action=Action.SEARCH,
        event="complaints.overview.viewed",
        purpose=Purpose.COMPLAINTS,
        by=user,
        object_type="complaints.complaint",
        detail={"year": year, "count": figures.received},
    )
    return render(
        request,
        "complaints/complaint_overview.html",
        {"form": form, "figures": figures, "centre": user.centre},
        status=400 if form.errors else 200,
    )
