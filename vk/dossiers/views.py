"""Dossier screens: my dossiers, opening one from a triaged report, the dossier page
with its family, team, conversations, assessments, team decisions, help proposal and
lifecycle, the forms of its panels (vk/dossiers/panels.py), and the edit screens with
their conflict handling."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vk.access import rules
from vk.access.models import Disclosure
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.documents.models import Document
from vk.dossiers import panels, services
from vk.dossiers.forms import (
    AssessmentForm,
    CloseDossierForm,
    ClosingOutcomeForm,
    ConversationForm,
    EditAssessmentForm,
    EditContactForm,
    EditConversationForm,
    EditHelpProposalForm,
    EditTeamDecisionForm,
    HelpProposalForm,
    OpenDossierForm,
    ProfessionalContactForm,
    ReferralForm,
    ReferralStatusForm,
    TransitionForm,
    colleagues_for,
)
from vk.dossiers.genogram import genogram_for
from vk.dossiers.instruments import text_of
from vk.dossiers.models import (
    NEEDS_TEAM_DECISION,
    OPEN_STATES,
    TRANSITIONS,
    Assessment,
    Conversation,
    Dossier,
    DossierHistory,
    HelpProposal,
    Instrument,
    ProfessionalContact,
    Referral,
    State,
    TeamDecision,
)
from vk.dossiers.timeline import KINDS, Cursor, timeline_page
from vk.lib.counts import SubqueryCount
from vk.lib.forms import errors_as_text
from vk.lib.locking import EditConflict, refreshed_after_conflict
from vk.lib.navigation import back_url
from vk.work.models import Appointment, AppointmentStatus, Task

# The forward step offered on the dossier page for each state, and its service.
NEXT_STEP: dict[State, tuple[State, Callable[..., Dossier]]] = {
    State.EXPLORATION: (State.ASSESSMENT, services.start_assessment),
    State.ASSESSMENT: (State.HELP_PROPOSAL, services.propose_help),
    State.HELP_PROPOSAL: (State.FOLLOW_UP, services.start_follow_up),
}


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# The oversight list of the centre's open dossiers, per page.
OVERSIGHT_PAGE_SIZE = 50


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.is_staff_member(user):
        raise Http404
    dossiers = list(
        Dossier.objects.filter(assignments__user=user, centre=user.centre, state__in=OPEN_STATES)
        .prefetch_related("assignments__user")
        .order_by("opened_at")
    )
    # Team lead and director: the centre's other open dossiers, a page at a time.
    centre_page = None
    if user.has_role(*rules.OVERSIGHT_ROLES):
        centre_page = Paginator(
            Dossier.objects.in_centre(user.centre)
            .filter(state__in=OPEN_STATES)
            .exclude(assignments__user=user)
            .prefetch_related("assignments__user")
            .order_by("opened_at", "pk"),
            OVERSIGHT_PAGE_SIZE,
        ).get_page(request.GET.get("page"))
    record_event(
        action=Action.SEARCH,
        event="dossiers.mine.listed",
        purpose=Purpose.ASSIGNMENT,
        by=user,
        object_type="dossiers.dossier",
        detail={
            "count": len(dossiers),
            "oversight": len(centre_page.object_list) if centre_page else 0,
        },
    )
    return render(
        request,
        "dossiers/dossier_list.html",
        {
            "dossiers": dossiers,
            "centre_page": centre_page,
            "emergency_reviews": rules.emergency_accesses_to_review(user).awaiting_review().count(),
        },
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
    return render_dossier_page(request, dossier, grant, status=200)


def render_dossier_page(
    request: HttpRequest,
    dossier: Dossier,
    grant: rules.Grant,
    *,
    bound: Mapping[str, forms.Form] | None = None,
    status: int = 400,
) -> HttpResponse:
    """The dossier page; `bound`: the form of a POST that failed, by panel kind, shown
    inline and open with its errors and what was typed (the other panels stay closed)."""
    context = _detail_context(dossier, grant, bound)
    context["emergency"] = _emergency(request, dossier, grant)
    context["can_correct_closing"] = not dossier.is_open and rules.can_correct_case_data(
        request.user, grant
    )
    return render(request, "dossiers/dossier_detail.html", context, status=status)


def _emergency(request: HttpRequest, dossier: Dossier, grant: rules.Grant) -> object:
    """The running emergency access behind this page, for its banner."""
    if grant.purpose != Purpose.EMERGENCY:
        return None
    return rules.active_emergency_access(request.user, dossier.pk)


# Every list on the dossier page that grows with the dossier's age shows the most recent
# ones; the whole series is in the timeline, page by page.
RECENT_RECORDS = 10


def _recent(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset[:RECENT_RECORDS]


def _record_counts(dossier: Dossier) -> dict[str, int]:
    """How many records of each kind that grows with the dossier's age it holds, in one
    query, for every section of the page (also those of vk/work and vk/documents)."""
    kinds: dict[str, QuerySet[Any]] = {
        "conversations": Conversation.objects.all(),
        "contacts": ProfessionalContact.objects.all(),
        "assessments": Assessment.objects.all(),
        "decisions": TeamDecision.objects.all(),
        "history": DossierHistory.objects.all(),
        "reports": Dossier.reports.through.objects.all(),
        "disclosures": Disclosure.objects.all(),
        "documents": Document.objects.all(),
        "past_appointments": Appointment.objects.exclude(status=AppointmentStatus.PLANNED),
        "done_tasks": Task.objects.filter(done_at__isnull=False),
    }
    counted = Dossier.objects.filter(pk=dossier.pk).annotate(
        **{
            f"{kind}_count": SubqueryCount(
                queryset.filter(dossier=OuterRef("pk")).order_by().values("pk")
            )
            for kind, queryset in kinds.items()
        }
    )
    row = counted.values_list(*(f"{kind}_count" for kind in kinds)).get()
    return dict(zip(kinds, row, strict=True))


def _detail_context(
    dossier: Dossier, grant: rules.Grant, bound: Mapping[str, forms.Form] | None = None
) -> dict[str, object]:
    next_step = NEXT_STEP.get(State(dossier.state))
    # The family, read once for the table, the genogram and the answers to the proposal.
    members = list(dossier.members.select_related("person"))
    proposal = services.current_proposal(dossier)
    consents = services.consent_overview(proposal, members) if proposal else []
    # Prefetched: the MaNo letters of the documents section read the same cache.
    prefetch_related_objects([dossier], "mano_procedures")
    mano_procedures = list(dossier.mano_procedures.all())
    may_change_open = grant.may_change and dossier.is_open
    next_needs_decision = next_step is not None and next_step[0] in NEEDS_TEAM_DECISION
    # The transition form is on the page itself: the open decisions only when it asks one.
    open_decisions = services.unused_decisions(dossier) if next_needs_decision else []
    # The most recent state changes, in the order they happened.
    history = list(
        _recent(dossier.history.select_related("by", "team_decision").order_by("-at", "-pk"))
    )
    return {
        "dossier": dossier,
        "grant": grant,
        "members": members,
        "team": dossier.assignments.select_related("user").order_by(
            "-of_record", "user__last_name"
        ),
        "reports": _recent(dossier.reports.order_by("-received_at", "-pk")),
        "history": history[::-1],
        "counts": _record_counts(dossier),
        "recent_records": RECENT_RECORDS,
        "conversations": _recent(dossier.conversations.select_related("author")),
        "contacts": _recent(dossier.contacts.select_related("author")),
        "assessments": _recent(dossier.assessments.select_related("instrument", "author")),
        "decisions": _recent(
            dossier.decisions.select_related("author").prefetch_related(
                "participants", Prefetch("tasks", Task.objects.select_related("owner"))
            )
        ),
        "disclosures": _recent(dossier.disclosures.select_related("decided_by")),
        "next_state": next_step[0] if next_step else None,
        "can_close": State.CLOSED in TRANSITIONS.get(dossier.state, set()),
        # Every text in it is escaped.
        "genogram": mark_safe(genogram_for(dossier, family=members)),  # noqa: S308
        "transition_form": TransitionForm(decisions=panels.decision_choices(open_decisions)),
        "next_needs_decision": next_needs_decision,
        "instruments": Instrument.objects.filter(active=True) if may_change_open else [],
        "proposal": proposal,
        "referrals": proposal.referrals.all() if proposal else [],
        "consents": consents,
        "may_propose": dossier.state in services.PROPOSAL_STATES,
        "mano_procedures": mano_procedures,
        # The forms of the panels: each is fetched when its panel opens, except the
        # bound form of a POST that failed.
        "panels": panels.slots_for(dossier, bound),
        # A reporter who asked to stay unknown to the family is shown to the team only.
        "reporter_visible": grant.purpose == Purpose.ASSIGNMENT,
        "open_mano": any(procedure.is_open for procedure in mano_procedures),
    }


@login_required
@require_GET
def view_form(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The form of one panel of the dossier page: for htmx the form alone, else a page
    of its own (the panel's link without JavaScript). The rule of the POST it serves:
    the dossier's team or a team lead, an open dossier, a form offered in its state."""
    dossier, _grant = _changeable(request, pk)
    panel = panels.PANELS.get(kind)
    if panel is None or not dossier.is_open:
        raise Http404
    form = panel.build(dossier, _staff(request))
    if form is None:
        raise Http404
    context = {"dossier": dossier, "panel": panel, "form": form}
    template = "dossiers/panel_form.html"
    if request.headers.get("HX-Request") == "true":
        template = panel.template
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def change_state(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = TransitionForm(request.POST, decisions=dossier.decisions.all())
    target = request.POST.get("to", "")
    try:
        if not form.is_valid():
            raise services.DossierError(errors_as_text(form))
        reason = form.cleaned_data["reason"]
        if target == State.EXPLORATION and dossier.state == State.CLOSED:
            services.reopen_dossier(dossier=dossier, by=_staff(request), reason=reason)
        else:
            step = NEXT_STEP.get(State(dossier.state)) if dossier.state in State.values else None
            if step is None or step[0] != target:
                raise services.DossierError(_("This step is not possible now; reload the page."))
            step[1](
                dossier=dossier,
                by=_staff(request),
                reason=reason,
                team_decision=form.cleaned_data["team_decision"],
            )
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
    form = CloseDossierForm(request.POST, prefix="close", decisions=dossier.decisions.all())
    if form.is_valid():
        try:
            services.close_dossier(dossier=dossier, by=_staff(request), **form.cleaned_data)
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The dossier was closed."))
            return redirect("dossiers:view-dossier", pk=dossier.pk)
    return render_dossier_page(request, dossier, grant, bound={"close": form})


@login_required
@require_http_methods(["GET", "POST"])
def correct_closing_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct a closed dossier's outcome: where the data-quality list of the
    statistics sends a dossier closed without one."""
    dossier, grant = rules.dossier_for(request.user, pk)
    if dossier.is_open or not rules.can_correct_case_data(request.user, grant):
        raise Http404
    done = back_url(request, dossier_url(dossier))
    names = ("closing_outcome", "outcome")
    context: dict[str, object] = {"dossier": dossier, "next": done}
    if request.method == "GET":
        form = ClosingOutcomeForm(
            initial={
                "version": dossier.row_version,
                **{name: getattr(dossier, name) for name in names},
            }
        )
        record_event(
            action=Action.READ,
            event="dossiers.dossier.opened_for_correction",
            purpose=grant.purpose,
            by=_staff(request),
            obj=dossier,
        )
        return render(request, "dossiers/closing_outcome_form.html", {**context, "form": form})
    form = ClosingOutcomeForm(request.POST)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.correct_closing_outcome(
                dossier=dossier,
                by=_staff(request),
                purpose=grant.purpose,
                expected_version=data.pop("version"),
                **data,
            )
        except EditConflict as error:
            form, context["conflict"] = refreshed_after_conflict(
                ClosingOutcomeForm, request.POST, Dossier.objects.get(pk=dossier.pk), error, names
            )
            status = 409
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The closing outcome was saved."))
            return redirect(done)
    return render(
        request, "dossiers/closing_outcome_form.html", {**context, "form": form}, status=status
    )


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
    return render_dossier_page(request, dossier, grant, bound={"conversation": form})


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
    return render_dossier_page(request, dossier, grant, bound={"contact": form})


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
    cursor = Cursor.decode(request.GET.get("before", ""))
    page = timeline_page(dossier, kind, cursor)
    return render(
        request,
        "dossiers/dossier_timeline.html",
        {
            "dossier": dossier,
            "grant": grant,
            "items": page.items,
            # The dossier page lists the most recent documents; the timeline has them all.
            "openable": _openable_documents(request, grant, page.items),
            "next_cursor": page.next_cursor.encode() if page.next_cursor else "",
            "is_first_page": cursor is None,
            "kinds": KINDS,
            "kind": kind,
            "emergency": _emergency(request, dossier, grant),
        },
    )


def _openable_documents(request: HttpRequest, grant: rules.Grant, items: list[Any]) -> set[int]:
    """The documents among the timeline's items that the user may download."""
    shown = [item.pk for item in items if item.kind == "document"]
    if not shown:
        return set()
    return {
        document.pk
        for document in Document.objects.filter(pk__in=shown)
        if rules.may_open_document(request.user, document, grant)
    }


def _changeable(request: HttpRequest, pk: int) -> tuple[Dossier, rules.Grant]:
    """The dossier for a change by its team (or a team lead), else 404."""
    dossier, grant = rules.dossier_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    return dossier, grant


@login_required
@require_http_methods(["GET", "POST"])
def add_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = _changeable(request, pk)
    instruments = Instrument.objects.filter(active=True)
    instrument = instruments.filter(pk=request.GET.get("instrument") or 0).first()
    instrument = instrument or instruments.first()
    if instrument is None:
        raise Http404
    form = AssessmentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_assessment(
                dossier=dossier,
                by=_staff(request),
                instrument=instrument,
                moment=data["moment"],
                assessed_on=data["assessed_on"],
                answers=form.answers(),
                judgement=data["judgement"],
                difficulties=data["difficulties"],
                strengths=data["strengths"],
            )
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The assessment was saved."))
            return redirect(f"{dossier_url(dossier)}#assessments-heading")
    return render(
        request,
        "dossiers/assessment_form.html",
        {
            "dossier": dossier,
            "form": form,
            "instrument": instrument,
            "instruments": instruments,
            "instrument_description": text_of(instrument.definition.get("description", "")),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def add_decision(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = _changeable(request, pk)
    form = panels.decision_form(dossier, request.POST)
    if form.is_valid():
        from vk.work.services import WorkError, create_task

        try:
            with transaction.atomic():
                decision = services.record_team_decision(
                    dossier=dossier, by=_staff(request), **form.decision_data()
                )
                for action in form.actions():
                    create_task(
                        by=_staff(request),
                        dossier=dossier,
                        team_decision=decision,
                        purpose=grant.purpose,
                        **action,
                    )
        except (services.DossierError, WorkError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The team decision was saved."))
            return redirect(f"{dossier_url(dossier)}#decisions-heading")
    return render_dossier_page(request, dossier, grant, bound={"decision": form})


@login_required
@require_http_methods(["GET", "POST"])
def add_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = _changeable(request, pk)
    form = HelpProposalForm(request.POST or None, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_help_proposal(dossier=dossier, by=_staff(request), **form.cleaned_data)
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The help proposal was saved."))
            return redirect(f"{dossier_url(dossier)}#proposal-heading")
    return render(
        request,
        "dossiers/proposal_form.html",
        {"dossier": dossier, "form": form, "previous": services.current_proposal(dossier)},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def record_consent(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = _changeable(request, pk)
    proposal = services.current_proposal(dossier)
    if proposal is None:
        raise Http404
    form = panels.consent_form(proposal, services.consent_overview(proposal), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        person = dossier.members.filter(person_id=data.pop("person")).first()
        try:
            if person is None:
                raise services.DossierError(_("This person is not in the family of the dossier."))
            services.record_consent(
                proposal=proposal, by=_staff(request), person=person.person, **data
            )
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The answer was recorded."))
            return redirect(f"{dossier_url(dossier)}#proposal-heading")
    return render_dossier_page(request, dossier, grant, bound={"consent": form})


@login_required
@require_POST
def add_referral(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, grant = _changeable(request, pk)
    proposal = services.current_proposal(dossier)
    if proposal is None:
        raise Http404
    form = ReferralForm(request.POST, prefix="referral")
    if form.is_valid():
        try:
            services.add_referral(proposal=proposal, by=_staff(request), **form.cleaned_data)
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The referral was added."))
            return redirect(f"{dossier_url(dossier)}#proposal-heading")
    return render_dossier_page(request, dossier, grant, bound={"referral": form})


def dossier_url(dossier: Dossier) -> str:
    return reverse("dossiers:view-dossier", args=[dossier.pk])


# Editing: one view for every record kind, with the conflict screen -------------------


@dataclass(frozen=True)
class Editable:
    model: type[Any]
    form: type[forms.Form]
    fields: tuple[str, ...]
    title: str | Promise
    event: str
    anchor: str

    def records_of(self, dossier: Dossier) -> Any:
        if self.model is Referral:
            return Referral.objects.filter(proposal__dossier=dossier)
        return self.model.objects.filter(dossier=dossier)


EDITABLE: dict[str, Editable] = {
    "conversation": Editable(
        Conversation,
        EditConversationForm,
        (
            "held_at",
            "place",
            "participants",
            "language",
            "interpreter",
            "interpreter_language",
            "social_interpreting_service",
            "summary",
            "observations",
        ),
        gettext_lazy("Edit conversation"),
        "dossiers.conversation.updated",
        "conversations-heading",
    ),
    "contact": Editable(
        ProfessionalContact,
        EditContactForm,
        (
            "contacted_at",
            "professional",
            "organisation",
            "method",
            "secrecy_ground",
            "family_informed",
            "learned",
        ),
        gettext_lazy("Edit contact"),
        "dossiers.contact.updated",
        "contacts-heading",
    ),
    "assessment": Editable(
        Assessment,
        EditAssessmentForm,
        ("judgement", "difficulties", "strengths"),
        gettext_lazy("Edit assessment"),
        "dossiers.assessment.updated",
        "assessments-heading",
    ),
    "decision": Editable(
        TeamDecision,
        EditTeamDecisionForm,
        ("held_on", "participants", "other_participants", "question", "decision", "rationale"),
        gettext_lazy("Edit team decision"),
        "dossiers.decision.updated",
        "decisions-heading",
    ),
    "proposal": Editable(
        HelpProposal,
        EditHelpProposalForm,
        ("goals", "actions"),
        gettext_lazy("Edit help proposal"),
        "dossiers.proposal.updated",
        "proposal-heading",
    ),
    "referral": Editable(
        Referral,
        ReferralStatusForm,
        ("status", "status_on", "note"),
        gettext_lazy("Update referral"),
        "dossiers.referral.updated",
        "proposal-heading",
    ),
}


def _edit_form(
    kind: Editable, dossier: Dossier, record: Any, data: Any = None, initial: Any = None
) -> Any:
    if kind.form is EditTeamDecisionForm:
        # Those recorded as present stay choosable, also when they left the team since.
        colleagues = colleagues_for(dossier, present=record.participants.values("pk"))
        return kind.form(data, initial=initial, colleagues=colleagues)
    return kind.form(data, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def edit_record(request: HttpRequest, pk: int, kind: str, record_pk: int) -> HttpResponse:
    dossier, grant = _changeable(request, pk)
    editable = EDITABLE.get(kind)
    if editable is None or not dossier.is_open:
        raise Http404
    record = editable.records_of(dossier).filter(pk=record_pk).first()
    if record is None:
        raise Http404
    context: dict[str, object] = {"dossier": dossier, "title": editable.title, "kind": kind}
    if request.method == "GET":
        initial: dict[str, object] = {
            name: (
                list(getattr(record, name).all())
                if record._meta.get_field(name).many_to_many
                else getattr(record, name)
            )
            for name in editable.fields
        }
        initial["version"] = record.row_version
        form = _edit_form(editable, dossier, record, initial=initial)
        # The edit screen shows the record's content: a read like any other.
        record_event(
            action=Action.READ,
            event=editable.event.replace(".updated", ".opened_for_edit"),
            purpose=grant.purpose,
            by=_staff(request),
            obj=record,
            detail={"dossier": dossier.pk},
        )
        return render(request, "dossiers/record_form.html", {**context, "form": form})
    form = _edit_form(editable, dossier, record, data=request.POST)
    status = 400
    if form.is_valid():
        data = dict(form.cleaned_data)
        participants = data.pop("participants", None) if kind == "decision" else None
        version = data.pop("version")
        try:
            services.update_record(
                record=record,
                by=_staff(request),
                expected_version=version,
                changes=data,
                event=editable.event,
                participants=participants,
            )
        except EditConflict as error:
            current = type(record).objects.get(pk=record.pk)
            form, context["conflict"] = refreshed_after_conflict(
                lambda data: _edit_form(editable, dossier, record, data=data),
                request.POST,
                current,
                error,
                editable.fields,
            )
            status = 409
        except services.DossierError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(f"{dossier_url(dossier)}#{editable.anchor}")
    return render(request, "dossiers/record_form.html", {**context, "form": form}, status=status)
