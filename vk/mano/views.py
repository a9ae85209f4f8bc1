"""MaNo screens: the overview with deadlines, registering a referral (from a triaged
report or a running dossier), the procedure page with one form per step, moves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vk.access import rules
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Role, User
from vk.lib.forms import errors_as_text
from vk.lib.locking import EditConflict, refreshed_after_conflict
from vk.lib.navigation import back_url
from vk.mano import services
from vk.mano.forms import (
    AdmissibleForm,
    DecisionDateForm,
    MoveForm,
    NotNecessaryForm,
    ReferralForm,
    StepForm,
    TeamChoiceForm,
)
from vk.mano.models import Procedure, State


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


CLOSED_PAGE_SIZE = 50


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The team lead's overview (the whole centre) or a worker's own procedures."""
    user = _staff(request)
    if not rules.is_staff_member(user):
        raise Http404
    show_closed = request.GET.get("closed") == "1"
    procedures = rules.procedures_visible_to(user).select_related("dossier")
    rows = list(procedures.open().order_by("deadline", "received_on"))
    # Closed procedures, on request: page by page, the most recently closed first.
    closed = (
        Paginator(
            procedures.filter(state=State.CLOSED).order_by("-closed_on", "-pk"), CLOSED_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        if show_closed
        else None
    )
    today = timezone.localdate()
    year_start = today.replace(month=1, day=1)
    decided_this_year = rules.procedures_visible_to(user).filter(decision_on__gte=year_start)
    record_event(
        action=Action.SEARCH,
        event="mano.overview.listed",
        purpose=Purpose.OVERSIGHT if rules.can_oversee_mano(user) else Purpose.ASSIGNMENT,
        by=user,
        object_type="mano.procedure",
        detail={
            "count": len(rows) + (len(closed.object_list) if closed else 0),
            "closed": show_closed,
        },
    )
    return render(
        request,
        "mano/overview.html",
        {
            "rows": [
                (p, services.time_left(p, today), services.is_overdue(p, today)) for p in rows
            ],
            "on_time": services.on_time_share(decided_this_year),
            "year": today.year,
            "show_closed": show_closed,
            "closed": closed,
            "filter_query": "closed=1",
            "oversight": rules.can_oversee_mano(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_for_dossier(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """A MaNo referral for a family the centre already works with."""
    dossier, grant = rules.dossier_for(request.user, dossier_pk)
    if not grant.may_change:
        raise Http404
    form = ReferralForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                procedure = services.register_procedure(
                    dossier=dossier, by=_staff(request), referral=_referral(form)
                )
                document = form.cleaned_data.get("motivation_document")
                if document is not None:
                    services.attach_motivation_document(
                        procedure=procedure, by=_staff(request), document_id=document.pk
                    )
        except services.ManoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("MaNo procedure %(reference)s was registered.")
                % {"reference": procedure.reference},
            )
            return redirect("mano:view-procedure", pk=procedure.pk)
    return render(
        request,
        "mano/register.html",
        {"form": form, "dossier": dossier},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_from_report(request: HttpRequest, report_pk: int) -> HttpResponse:
    """The team lead opens the family's dossier and the procedure for a report triaged MaNo."""
    report, _grant = rules.report_for(request.user, report_pk)
    if not rules.can_open_dossiers(request.user):
        raise Http404
    data = request.POST or None
    form = ReferralForm(
        data, initial={"received_on": timezone.localtime(report.received_at).date()}
    )
    team = TeamChoiceForm(data, prefix="team", centre=report.centre)
    if request.method == "POST" and form.is_valid() and team.is_valid():
        try:
            procedure = services.open_from_report(
                report=report,
                by=_staff(request),
                case_workers=list(team.cleaned_data["case_workers"]),
                of_record=team.cleaned_data["of_record"],
                referral=_referral(form),
            )
        except services.ManoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("MaNo procedure %(reference)s was registered.")
                % {"reference": procedure.reference},
            )
            return redirect("mano:view-procedure", pk=procedure.pk)
    return render(
        request,
        "mano/register.html",
        {"form": form, "team_form": team, "report": report},
        status=400 if (form.errors or team.errors) else 200,
    )


def _referral(form: ReferralForm) -> services.Referral:
    data = form.cleaned_data
    return services.Referral(
        received_on=data["received_on"],
        referrer_kind=data["referrer_kind"],
        referrer_name=data["referrer_name"],
        referrer_contact=data["referrer_contact"],
        motivation_summary=data["motivation_summary"],
        conditions=form.conditions(),
        family_informed_on=data.get("family_informed_on"),
    )


@login_required
def view_procedure(request: HttpRequest, pk: int) -> HttpResponse:
    procedure, grant = rules.procedure_for(request.user, pk)
    record_event(
        action=Action.READ,
        event="mano.procedure.viewed",
        purpose=grant.purpose,
        by=_staff(request),
        obj=procedure,
    )
    return render(request, "mano/procedure.html", _context(request, procedure, grant))


def _context(
    request: HttpRequest, procedure: Procedure, grant: rules.Grant, **forms: Any
) -> dict[str, Any]:
    dossier = procedure.dossier
    user = _staff(request)
    steps = {name: forms.get(name) or _form(name, procedure) for name in STEPS}
    return {
        "procedure": procedure,
        "grant": grant,
        "dossier": dossier,
        "missing": procedure.missing_conditions(),
        "history": procedure.history.select_related("by", "team_decision", "centre"),
        "moves": procedure.moves.select_related("from_centre", "to_centre"),
        "time_left": services.time_left(procedure),
        "overdue": services.is_overdue(procedure),
        "steps": {name: form for name, form in steps.items() if _offered(name, procedure)},
        "move_form": forms.get("move") or MoveForm(prefix="move", centre=procedure.centre),
        "may_move": procedure.is_open and user.has_role(Role.TEAM_LEAD),
        "team_form": forms.get("team") or TeamChoiceForm(prefix="team", centre=procedure.centre),
        "needs_team": not dossier.assignments.exists(),
        "documents": dossier.documents.filter(health=False),
        "may_record_decision_date": _decision_date_missing(procedure)
        and rules.can_correct_case_data(user, grant),
    }


def _decision_date_missing(procedure: Procedure) -> bool:
    return procedure.decision_on is None and procedure.is_decided


@login_required
@require_http_methods(["GET", "POST"])
def record_decision_date(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a decided procedure's missing decision date: where the data-quality list
    of the statistics sends such a procedure."""
    procedure, grant = rules.procedure_for(request.user, pk)
    if not _decision_date_missing(procedure) or not rules.can_correct_case_data(
        request.user, grant
    ):
        raise Http404
    done = back_url(request, reverse("mano:view-procedure", args=[procedure.pk]))
    context: dict[str, object] = {"procedure": procedure, "next": done}
    if request.method == "GET":
        record_event(
            action=Action.READ,
            event="mano.procedure.opened_for_correction",
            purpose=grant.purpose,
            by=_staff(request),
            obj=procedure,
        )
        form = DecisionDateForm(initial={"version": procedure.row_version})
        return render(request, "mano/decision_date_form.html", {**context, "form": form})
    form = DecisionDateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.record_decision_date(
                procedure=procedure,
                by=_staff(request),
                purpose=grant.purpose,
                expected_version=form.cleaned_data["version"],
                decision_on=form.cleaned_data["decision_on"],
            )
        except EditConflict as error:
            form, context["conflict"] = refreshed_after_conflict(
                DecisionDateForm,
                request.POST,
                Procedure.objects.get(pk=procedure.pk),
                error,
                ("decision_on",),
            )
            status = 409
        except services.ManoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The decision date was saved."))
            return redirect(done)
    return render(request, "mano/decision_date_form.html", {**context, "form": form}, status=status)


# The steps offered on the procedure page: (states, form, service call).
STEP_STATES: dict[str, tuple[str, ...]] = {
    "admissible": (State.RECEIVED,),
    "not_admissible": (State.RECEIVED,),
    "not_necessary": (State.INVESTIGATION,),
    "necessary": (State.INVESTIGATION,),
    "parket": (State.INVESTIGATION, State.MANDATED_FOLLOW_UP),
    "end_follow_up": (State.MANDATED_FOLLOW_UP,),
}
STEPS = tuple(STEP_STATES)


def _offered(name: str, procedure: Procedure) -> bool:
    return procedure.state in STEP_STATES[name]


def _form(name: str, procedure: Procedure, data: Any = None) -> StepForm:
    dossier = procedure.dossier
    if name == "admissible":
        return AdmissibleForm(data, prefix=name, dossier=dossier)
    if name == "not_necessary":
        return NotNecessaryForm(data, prefix=name, dossier=dossier)
    labels = {
        "not_admissible": _("Why the referral is not admissible"),
        "necessary": _("Motivation of the decision"),
        "parket": _("Why the file goes to the Jeugdparket"),
        "end_follow_up": _("Why the mandated follow-up ends"),
    }
    return StepForm(data, prefix=name, dossier=dossier, text_label=labels[name])


def _run(name: str, procedure: Procedure, by: User, form: StepForm) -> Procedure:
    data = form.cleaned_data
    decision, text = data["team_decision"], data["text"]
    calls: dict[str, Callable[[], Procedure]] = {
        "admissible": lambda: services.declare_admissible(
            procedure=procedure, by=by, team_decision=decision, justification=text
        ),
        "not_admissible": lambda: services.declare_not_admissible(
            procedure=procedure, by=by, team_decision=decision, reason=text
        ),
        "not_necessary": lambda: services.decide_not_necessary(
            procedure=procedure,
            by=by,
            team_decision=decision,
            motivation=text,
            agreed_with_referrer=data["agreed_with_referrer"],
        ),
        "necessary": lambda: services.decide_necessary(
            procedure=procedure, by=by, team_decision=decision, motivation=text
        ),
        "parket": lambda: services.refer_to_parket(
            procedure=procedure, by=by, team_decision=decision, motivation=text
        ),
        "end_follow_up": lambda: services.end_follow_up(
            procedure=procedure, by=by, team_decision=decision, note=text
        ),
    }
    return calls[name]()


@login_required
@require_POST
def take_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    procedure, grant = rules.procedure_for(request.user, pk)
    if not grant.may_change or step not in STEP_STATES:
        raise Http404
    form = _form(step, procedure, request.POST)
    if form.is_valid():
        try:
            _run(step, procedure, _staff(request), form)
        except services.ManoError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The procedure was updated."))
            return redirect("mano:view-procedure", pk=procedure.pk)
    procedure.refresh_from_db()
    return render(
        request,
        "mano/procedure.html",
        _context(request, procedure, grant, **{step: form}),
        status=400,
    )


@login_required
@require_POST
def close_after_parket(request: HttpRequest, pk: int) -> HttpResponse:
    procedure, grant = rules.procedure_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    try:
        services.close_after_parket(procedure=procedure, by=_staff(request))
    except services.ManoError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The procedure was closed."))
    return redirect("mano:view-procedure", pk=procedure.pk)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    procedure, grant = rules.procedure_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = MoveForm(request.POST, prefix="move", centre=procedure.centre)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["to_centre"]:
                services.move_to_centre(
                    procedure=procedure,
                    by=_staff(request),
                    to_centre=data["to_centre"],
                    reason=data["reason"],
                )
                messages.success(
                    request,
                    _("The procedure moved to %(centre)s.") % {"centre": data["to_centre"]},
                )
                return redirect("mano:overview")
            services.move_to_ocj(
                procedure=procedure, by=_staff(request), ocj=data["to_ocj"], reason=data["reason"]
            )
        except services.ManoError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The procedure moved to the OCJ and is closed here."))
    else:
        messages.error(
            request,
            _("The procedure did not move: %(errors)s") % {"errors": errors_as_text(form)},
        )
    return redirect("mano:view-procedure", pk=procedure.pk)


@login_required
@require_POST
def take_over(request: HttpRequest, pk: int) -> HttpResponse:
    procedure, grant = rules.procedure_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = TeamChoiceForm(request.POST, prefix="team", centre=procedure.centre)
    if form.is_valid():
        try:
            services.take_over(
                procedure=procedure,
                by=_staff(request),
                case_workers=list(form.cleaned_data["case_workers"]),
                of_record=form.cleaned_data["of_record"],
            )
        except services.ManoError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The team was put on the procedure."))
    else:
        messages.error(request, errors_as_text(form))
    return redirect("mano:view-procedure", pk=procedure.pk)
