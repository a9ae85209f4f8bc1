"""Dossier screens: my dossiers, opening one from a triaged report, the dossier page
with its family, team, conversations and lifecycle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vk.access import rules
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.dossiers import services
from vk.dossiers.forms import (
    CloseDossierForm,
    ConversationForm,
    OpenDossierForm,
    ProfessionalContactForm,
    TransitionForm,
)
from vk.dossiers.genogram import genogram_for
from vk.dossiers.models import TRANSITIONS, Dossier, State
from vk.dossiers.timeline import KINDS, timeline_for
from vk.lib.forms import errors_as_text

# The forward step offered on the dossier page for each state, and its service.
NEXT_STEP = {
    State.EXPLORATION: (State.ASSESSMENT, services.start_assessment),
    State.ASSESSMENT: (State.HELP_PROPOSAL, services.propose_help),
    State.HELP_PROPOSAL: (State.FOLLOW_UP, services.start_follow_up),
}


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.is_staff_member(user):
        raise Http404
    dossiers = list(
        Dossier.objects.filter(assignments__user=user, centre=user.centre)
        .exclude(state=State.CLOSED)
        .prefetch_related("assignments__user")
        .order_by("opened_at")
    )
    centre_dossiers: list[Dossier] = []
    if user.has_role(*rules.OVERSIGHT_ROLES):
        centre_dossiers = list(
            Dossier.objects.in_centre(user.centre)
            .exclude(state=State.CLOSED)
            .exclude(pk__in=[dossier.pk for dossier in dossiers])
            .prefetch_related("assignments__user")
            .order_by("opened_at")
        )
    record_event(
        action=Action.SEARCH,
        event="dossiers.mine.listed",
        purpose=Purpose.ASSIGNMENT,
        by=user,
        object_type="dossiers.dossier",
        detail={"count": len(dossiers), "oversight": len(centre_dossiers)},
    )
    return render(
        request,
        "dossiers/dossier_list.html",
        {"dossiers": dossiers, "centre_dossiers": centre_dossiers},
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_dossier(request: HttpRequest, report_pk: int) -> HttpResponse:
    report, _grant = rules.report_for(request.user, report_pk)
    if not rules.can_open_dossiers(request.user):
        raise Http404
    form = OpenDossierForm(request.POST or None, centre=report.centre)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.open_dossier(
                report=report,
                by=_staff(request),
                case_workers=list(form.cleaned_data["case_workers"]),
                of_record=form.cleaned_data["of_record"],
            )
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Dossier %(reference)s was opened.") % {"reference": dossier.reference}
            )
            return redirect("dossiers:view-dossier", pk=dossier.pk)
    return render(request, "dossiers/dossier_open.html", {"form": form, "report": report})


@login_required
def view_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    record_event(
        action=Action.READ,
        event="dossiers.dossier.viewed",
        purpose=grant.purpose,
        by=_staff(request),
        obj=dossier,
    )
    return render(request, "dossiers/dossier_detail.html", _detail_context(dossier, grant))


def _detail_context(
    dossier: Dossier,
    grant: rules.Grant,
    conversation_form: ConversationForm | None = None,
    contact_form: ProfessionalContactForm | None = None,
) -> dict[str, object]:
    next_step = NEXT_STEP.get(State(dossier.state))
    return {
        "dossier": dossier,
        "grant": grant,
        "members": dossier.members.select_related("person"),
        "team": dossier.assignments.select_related("user").order_by(
            "-of_record", "user__last_name"
        ),
        "reports": dossier.reports.all(),
        "history": dossier.history.select_related("by"),
        "conversations": dossier.conversations.select_related("author"),
        "next_state": next_step[0] if next_step else None,
        "can_close": State.CLOSED in TRANSITIONS.get(dossier.state, set()),
        "genogram": mark_safe(genogram_for(dossier)),  # noqa: S308  (every text is escaped)
        "conversation_form": conversation_form or ConversationForm(),
        "contacts": dossier.contacts.select_related("author"),
        "contact_form": contact_form or ProfessionalContactForm(prefix="contact"),
        "transition_form": TransitionForm(),
        "close_form": CloseDossierForm(prefix="close"),
    }


@login_required
@require_POST
def change_state(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = TransitionForm(request.POST)
    target = request.POST.get("to", "")
    try:
        if not form.is_valid():
            raise services.DossierError(_("The reason is too long."))
        reason = form.cleaned_data["reason"]
        if target == State.EXPLORATION and dossier.state == State.CLOSED:
            services.reopen_dossier(dossier=dossier, by=_staff(request), reason=reason)
        else:
            step = NEXT_STEP.get(State(dossier.state)) if dossier.state in State.values else None
            if step is None or step[0] != target:
                raise services.DossierError(_("This step is not possible now; reload the page."))
            step[1](dossier=dossier, by=_staff(request), reason=reason)
    except services.DossierError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The dossier's state was changed."))
    return redirect("dossiers:view-dossier", pk=dossier.pk)


@login_required
@require_POST
def close_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = CloseDossierForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            services.close_dossier(dossier=dossier, by=_staff(request), **form.cleaned_data)
        except services.DossierError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The dossier was closed."))
    else:
        messages.error(
            request,
            _("The dossier was not closed: %(errors)s") % {"errors": errors_as_text(form)},
        )
    return redirect("dossiers:view-dossier", pk=dossier.pk)


@login_required
@require_POST
def add_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = ConversationForm(request.POST)
    if form.is_valid():
        try:
            services.add_conversation(dossier=dossier, by=_staff(request), **form.cleaned_data)
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The conversation was added."))
            return redirect("dossiers:view-dossier", pk=dossier.pk)
    return render(
        request, "dossiers/dossier_detail.html", _detail_context(dossier, grant, form), status=400
    )


@login_required
@require_POST
def add_contact(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = ProfessionalContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            services.add_professional_contact(
                dossier=dossier, by=_staff(request), **form.cleaned_data
            )
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The contact was added."))
            return redirect("dossiers:view-dossier", pk=dossier.pk)
    return render(
        request,
        "dossiers/dossier_detail.html",
        _detail_context(dossier, grant, contact_form=form),
        status=400,
    )


@login_required
def view_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        kind = ""
    record_event(
        action=Action.READ,
        event="dossiers.timeline.viewed",
        purpose=grant.purpose,
        by=_staff(request),
        obj=dossier,
        detail={"kind": kind or "all"},
    )
    return render(
        request,
        "dossiers/dossier_timeline.html",
        {"dossier": dossier, "items": timeline_for(dossier, kind), "kinds": KINDS, "kind": kind},
    )
