"""Intake screens: the queue, registering a report, the report page with triage,
transfer and referral, the advice track and the transfer log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vk.access import rules
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.intake import services
from vk.intake.competence import competence_for
from vk.intake.forms import (
    AdultFormSet,
    AdviceContactForm,
    AdviceForm,
    ChildCorrectionFormSet,
    ChildFormSet,
    PersonForm,
    ReferralForm,
    ReportCorrectionForm,
    ReportForm,
    TransferForm,
    TriageForm,
)
from vk.intake.models import PersonRole, Report, ReportDraft, ReportPerson, Status, Urgency
from vk.lib.forms import errors_as_text
from vk.lib.locking import EditConflict, refreshed_after_conflict
from vk.lib.navigation import back_url
from vk.lib.workdays import describe_time_left
from vk.people.identifiers import national_number_index
from vk.people.matching import find_matches
from vk.people.models import Person

ON_TIME_WINDOW_DAYS = 90


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    if not rules.can_work_intake(request.user):
        raise Http404
    user = _staff(request)
    today = timezone.localdate()
    waiting = list(
        rules.reports_visible_to(user)
        .in_queue()
        .annotate(
            children=Count("involved", filter=Q(involved__role=PersonRole.CHILD)),
            crisis_first=Case(
                When(urgency=Urgency.CRISIS, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("crisis_first", "triage_due", "received_at")
    )
    for report in waiting:
        report.time_left = describe_time_left(report.triage_due, today)  # type: ignore[attr-defined]
        report.overdue = report.triage_due < today  # type: ignore[attr-defined]
    recent = list(
        rules.reports_visible_to(user).filter(status=Status.TRIAGED).order_by("-triaged_at")[:10]
    )
    since = today - timedelta(days=ON_TIME_WINDOW_DAYS)
    decided_count, on_time_count = (
        rules.reports_visible_to(user).decided_between(since, today).triage_counts()
    )
    record_event(
        action=Action.SEARCH,
        event="intake.queue.listed",
        purpose=Purpose.INTAKE,
        by=user,
        object_type="intake.report",
        detail={"list": "queue", "count": len(waiting) + len(recent)},
    )
    return render(
        request,
        "intake/report_queue.html",
        {
            "waiting": waiting,
            "recent": recent,
            "overdue_count": len([report for report in waiting if report.overdue]),  # type: ignore[attr-defined]
            "decided_count": decided_count,
            "on_time_count": on_time_count,
            "on_time_percent": round(100 * on_time_count / decided_count)
            if decided_count
            else None,
            "window_days": ON_TIME_WINDOW_DAYS,
            "can_register": rules.can_register_reports(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_report(request: HttpRequest) -> HttpResponse:
    if not rules.can_register_reports(request.user):
        raise Http404
    user = _staff(request)
    data = request.POST if request.method == "POST" else None
    draft = ReportDraft.objects.filter(author=user).first() if data is None else None
    initial = _initial_from_draft(draft.data) if draft else {}
    form = ReportForm(data, initial=initial.get("report"))
    children = ChildFormSet(data, prefix="children", initial=initial.get("children"))
    adults = AdultFormSet(data, prefix="adults", initial=initial.get("adults"))
    for formset in (children, adults):
        if formset.initial:  # restored rows plus room for more
            formset.extra = max(formset.extra, len(formset.initial) + 1)
    if request.method == "POST" and _all_valid(form, children, adults):
        person_forms = _filled(children) + _filled(adults)
        if not _filled(children):
            form.add_error(
                None, _("A report concerns at least one child: fill in the first child.")
            )
        elif _unresolved_matches(user, person_forms) == 0:
            entries = [f.entry() for f in _filled(children)] + [f.entry() for f in _filled(adults)]
            try:
                report = services.register_report(by=user, details=form.details(), persons=entries)
            except services.IntakeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Report %(reference)s was registered.") % {"reference": report.reference},
                )
                return redirect("intake:view-report", pk=report.pk)
    return render(
        request,
        "intake/report_form.html",
        {"form": form, "children": children, "adults": adults, "draft": draft},
        status=200 if request.method == "GET" or not _has_errors(form, children, adults) else 400,
    )


@login_required
@require_POST
def save_draft(request: HttpRequest) -> HttpResponse:
    """htmx autosave of the intake form while the worker types."""
    if not rules.can_register_reports(request.user):
        raise Http404
    data = {
        key: values[:50]
        for key, values in request.POST.lists()
        if key != "csrfmiddlewaretoken" and len(key) < 60
    }
    if len(str(data)) > 200_000:
        return HttpResponse(status=413)
    draft = services.save_draft(by=_staff(request), data=data)
    return HttpResponse(
        _("Draft saved at %(time)s")
        % {"time": timezone.localtime(draft.updated_at).strftime("%H:%M")}
    )


@login_required
@require_POST
def discard_draft(request: HttpRequest) -> HttpResponse:
    if not rules.can_register_reports(request.user):
        raise Http404
    services.discard_draft(by=_staff(request))
    messages.success(request, _("The draft was discarded."))
    return redirect("intake:register-report")


@login_required
@require_POST
def match_persons(request: HttpRequest) -> HttpResponse:
    """htmx: likely matches for one person row while the worker types."""
    if not rules.can_register_reports(request.user):
        raise Http404
    prefix = request.POST.get("row", "")
    if not prefix.replace("-", "").replace("children", "").replace("adults", "").isdigit():
        return HttpResponse(status=400)
    form = PersonForm(request.POST, prefix=prefix)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    user = _staff(request)
    matches = _matches_for(user, data)
    record_event(
        action=Action.SEARCH,
        event="intake.person.matched",
        purpose=Purpose.INTAKE,
        by=user,
        object_type="people.person",
        detail={"searched": 1, "results": len(matches), "live": True},
    )
    return render(
        request, "intake/_matches.html", {"matches": matches, "row": prefix, "live": True}
    )


@login_required
def view_report(request: HttpRequest, pk: int) -> HttpResponse:
    report, grant = rules.report_for(request.user, pk)
    user = _staff(request)
    record_event(
        action=Action.READ, event="intake.report.viewed", purpose=grant.purpose, by=user, obj=report
    )
    involved = list(report.involved.select_related("person").order_by("role", "pk"))
    person_ids = [item.person_id for item in involved]
    earlier = (
        ReportPerson.objects.filter(person_id__in=person_ids, report__centre=report.centre)
        .exclude(report=report)
        .select_related("report")
        .order_by("-report__received_at")
    )
    earlier_by_person: dict[int, list[Report]] = {}
    for item in earlier:
        earlier_by_person.setdefault(item.person_id, []).append(item.report)
    for item in involved:
        item.earlier_reports = earlier_by_person.get(item.person_id, [])  # type: ignore[attr-defined]
    competence = competence_for(report.residence_postcode)
    in_queue = report.status == Status.IN_QUEUE
    context: dict[str, Any] = {
        "report": report,
        "grant": grant,
        "involved": involved,
        "problems": report.problems.all(),
        "history": report.history.select_related("by"),
        "transfers": report.transfers.select_related("from_centre", "to_centre"),
        "competence": competence,
        "out_of_region": competence.centre is not None and competence.centre.pk != report.centre_id,
        "time_left": describe_time_left(report.triage_due, timezone.localdate())
        if in_queue
        else "",
        "overdue": in_queue and report.triage_due < timezone.localdate(),
        "can_triage": in_queue and rules.can_triage(user),
        "can_correct": rules.can_correct_reports(user),
        "can_transfer": in_queue and grant.may_change,
        "triage_form": TriageForm(),
        "transfer_form": TransferForm(
            current_centre=report.centre,
            initial={"to_centre": competence.centre.pk if competence.centre else None},
        ),
        "referral_form": ReferralForm(),
        "is_brussels": report.centre.province == "brussel",
        "triage": getattr(report, "triage", None),
        "dossiers": _dossiers_of(report, user),
        "can_open_dossier": rules.can_open_dossiers(user),
        "advice": getattr(report, "advice", None),
    }
    return render(request, "intake/report_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def correct_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the report's classification and its children's age and gender: the
    records the data-quality list of the statistics links to."""
    report, grant = rules.report_for(request.user, pk)
    if not rules.can_correct_reports(request.user):
        raise Http404
    user = _staff(request)
    children = list(
        report.involved.filter(role=PersonRole.CHILD).select_related("person").order_by("pk")
    )
    initial = [_child_correction_initial(item.person, report) for item in children]
    done = back_url(request, reverse("intake:view-report", args=[report.pk]))
    status = 200
    if request.method == "GET":
        form = ReportCorrectionForm(
            initial={
                "version": report.row_version,
                "problems": list(report.problems.values_list("category", flat=True)),
            }
        )
        formset = ChildCorrectionFormSet(prefix="children", initial=initial)
        record_event(
            action=Action.READ,
            event="intake.report.opened_for_correction",
            purpose=grant.purpose,
            by=user,
            obj=report,
        )
    else:
        form = ReportCorrectionForm(request.POST)
        formset = ChildCorrectionFormSet(request.POST, prefix="children", initial=initial)
        status = 400
        # Both validated, so every error shows at once.
        if all([form.is_valid(), formset.is_valid()]):
            try:
                changed = services.correct_report(
                    report=report,
                    by=user,
                    purpose=grant.purpose,
                    expected_version=form.cleaned_data["version"],
                    problems=form.cleaned_data["problems"],
                    children=[child.correction() for child in formset],
                    reason=form.cleaned_data["reason"],
                )
            except EditConflict:
                # The classification and the children are no fields of the report, so
                # there are no rows to compare: the message sends the user to look.
                form, _rows = refreshed_after_conflict(
                    ReportCorrectionForm,
                    request.POST,
                    Report.objects.get(pk=report.pk),
                    EditConflict(
                        _(
                            "Someone else changed this report while you were correcting it. "
                            "Your corrections were not saved yet: check the report and save "
                            "again."
                        )
                    ),
                    (),
                )
                status = 409
            except services.IntakeError as error:
                form.add_error(None, str(error))
            else:
                if changed:
                    messages.success(
                        request,
                        _("Report %(reference)s was corrected.") % {"reference": report.reference},
                    )
                else:
                    messages.info(request, _("Nothing was changed."))
                return redirect(done)
    for child_form, item in zip(formset, children, strict=False):
        child_form.person_name = item.person.display_name  # type: ignore[attr-defined]
    return render(
        request,
        "intake/report_correct.html",
        {"report": report, "form": form, "children": formset, "next": done},
        status=status,
    )


def _child_correction_initial(person: Person, report: Report) -> dict[str, object]:
    received = timezone.localtime(report.received_at).date()
    return {
        "person": person.pk,
        "birth_date": person.birth_date,
        # The age on the day of the report, as the estimate was typed.
        "estimated_age": person.age_on(received) if person.estimated_age is not None else None,
        "is_unborn": person.is_unborn,
        "expected_birth_date": person.expected_birth_date,
        "gender": person.gender,
    }


@login_required
@require_POST
def triage_report(request: HttpRequest, pk: int) -> HttpResponse:
    report, _grant = rules.report_for(request.user, pk)
    if not rules.can_triage(request.user):
        raise Http404
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            services.triage_report(report=report, by=_staff(request), **form.cleaned_data)
        except services.IntakeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The track was decided; the report left the queue."))
            return redirect("intake:queue")
    else:
        messages.error(
            request, _("The decision was not saved: %(errors)s") % {"errors": errors_as_text(form)}
        )
    return redirect("intake:view-report", pk=report.pk)


@login_required
@require_POST
def transfer_report(request: HttpRequest, pk: int) -> HttpResponse:
    report, grant = rules.report_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = TransferForm(request.POST, current_centre=report.centre)
    if form.is_valid():
        try:
            services.transfer_report(report=report, by=_staff(request), **form.cleaned_data)
        except services.IntakeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Report %(reference)s was transferred to %(centre)s.")
                % {"reference": report.reference, "centre": form.cleaned_data["to_centre"].name},
            )
            return redirect("intake:queue")
    else:
        messages.error(
            request, _("The transfer was not saved: %(errors)s") % {"errors": errors_as_text(form)}
        )
    return redirect("intake:view-report", pk=report.pk)


@login_required
@require_POST
def refer_report(request: HttpRequest, pk: int) -> HttpResponse:
    report, grant = rules.report_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = ReferralForm(request.POST)
    if form.is_valid():
        try:
            services.refer_to_sos_enfants(
                report=report, by=_staff(request), reason=form.cleaned_data["reason"]
            )
        except services.IntakeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report was referred to SOS Enfants."))
            return redirect("intake:queue")
    else:
        messages.error(
            request, _("The referral was not saved: %(errors)s") % {"errors": errors_as_text(form)}
        )
    return redirect("intake:view-report", pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def view_advice(request: HttpRequest, pk: int) -> HttpResponse:
    advice, grant = rules.advice_for(request.user, pk)
    user = _staff(request)
    form = AdviceForm(
        request.POST or None,
        initial={
            "questions": advice.questions,
            "advice_given": advice.advice_given,
            "agreed_follow_up": advice.agreed_follow_up,
            "version": advice.row_version,
        },
    )
    if request.method == "POST":
        if not grant.may_change:
            raise Http404
        if form.is_valid():
            try:
                services.update_advice(
                    advice=advice,
                    by=user,
                    expected_version=form.cleaned_data["version"],
                    questions=form.cleaned_data["questions"],
                    advice_given=form.cleaned_data["advice_given"],
                    agreed_follow_up=form.cleaned_data["agreed_follow_up"],
                )
            except services.IntakeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The advice was saved."))
                return redirect("intake:view-advice", pk=advice.pk)
    else:
        record_event(
            action=Action.READ,
            event="intake.advice.viewed",
            purpose=grant.purpose,
            by=user,
            obj=advice,
        )
    return render(
        request,
        "intake/advice_detail.html",
        {
            "advice": advice,
            "report": advice.report,
            "form": form,
            "contact_form": AdviceContactForm(),
            "contacts": advice.contacts.select_related("by"),
            "grant": grant,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def add_advice_contact(request: HttpRequest, pk: int) -> HttpResponse:
    advice, grant = rules.advice_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    form = AdviceContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_advice_contact(advice=advice, by=_staff(request), **form.cleaned_data)
        except services.IntakeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The contact was added."))
    else:
        messages.error(
            request, _("The contact was not saved: %(errors)s") % {"errors": errors_as_text(form)}
        )
    return redirect("intake:view-advice", pk=advice.pk)


@login_required
@require_POST
def close_advice(request: HttpRequest, pk: int) -> HttpResponse:
    advice, grant = rules.advice_for(request.user, pk)
    if not grant.may_change:
        raise Http404
    action = request.POST.get("action")
    try:
        if action == "convert":
            services.convert_advice_to_help(advice=advice, by=_staff(request))
            messages.success(request, _("The advice became a help trajectory; its history stays."))
        else:
            services.close_advice(advice=advice, by=_staff(request))
            messages.success(request, _("The advice was closed."))
    except services.IntakeError as error:
        messages.error(request, str(error))
    return redirect("intake:view-advice", pk=advice.pk)


@login_required
def list_transfers(request: HttpRequest) -> HttpResponse:
    if not rules.can_work_intake(request.user):
        raise Http404
    user = _staff(request)
    transfers = list(
        rules.transfers_visible_to(user)  # type: ignore[attr-defined]
        .select_related("from_centre", "to_centre")
        .order_by("-decided_at")[:200]
    )
    # Reports handed to another centre are no longer readable here: the log shows the
    # reference kept on the transfer, and links only to the reports still in the centre.
    own = set(
        rules.reports_visible_to(user)
        .filter(pk__in=[transfer.report_id for transfer in transfers])
        .values_list("pk", flat=True)
    )
    for transfer in transfers:
        transfer.readable = transfer.report_id in own
    record_event(
        action=Action.SEARCH,
        event="intake.transfers.listed",
        purpose=Purpose.INTAKE,
        by=user,
        object_type="intake.transfer",
        detail={"list": "transfers", "count": len(transfers)},
    )
    return render(request, "intake/transfer_list.html", {"transfers": transfers})


# Helpers -------------------------------------------------------------------------------


def _dossiers_of(report: Report, user: User) -> list[Any]:
    """The report's dossiers; for those the user may not open, only that they exist and
    who to contact (need-to-know)."""
    visible = set(rules.dossiers_visible_to(user).values_list("pk", flat=True))  # type: ignore[attr-defined]
    dossiers = list(report.dossiers.prefetch_related("assignments__user"))
    for dossier in dossiers:
        dossier.visible = dossier.pk in visible  # type: ignore[attr-defined]
        of_record = [a.user for a in dossier.assignments.all() if a.of_record]
        dossier.of_record = of_record[0] if of_record else None  # type: ignore[attr-defined]
    return dossiers


def _all_valid(*forms_: Any) -> bool:
    return all([form.is_valid() for form in forms_])  # evaluate all, so every error shows


def _has_errors(*forms_: Any) -> bool:
    return any(
        bool(form.errors)
        if not hasattr(form, "total_error_count")
        else form.total_error_count() > 0
        for form in forms_
    )


def _filled(formset: Any) -> list[Any]:
    return [form for form in formset.forms if form.has_changed() and form.is_valid()]


def _matches_for(user: User, data: dict[str, Any]) -> list[Any]:
    nn = data.get("national_number") or ""
    return find_matches(
        centre=user.centre,
        first_name=data.get("first_name", "") or "",
        last_name=data.get("last_name", "") or "",
        birth_date=data.get("birth_date"),
        postcode=(data.get("postcode") or "").strip(),
        national_number_index=national_number_index(nn) if nn else "",
    )


def _unresolved_matches(user: User, person_forms: list[Any]) -> int:
    """Search before create: a new person with likely matches needs a decision first."""
    unresolved = 0
    searched = 0
    for form in person_forms:
        data = form.cleaned_data
        if data.get("existing_person"):
            continue
        matches = _matches_for(user, data)
        searched += 1
        form.matches = matches
        if matches and not data.get("confirm_new"):
            form.add_error(
                None,
                _(
                    "This person may already be known. Choose the right person, or confirm that it is a new person."
                ),
            )
            unresolved += 1
    if searched:
        record_event(
            action=Action.SEARCH,
            event="intake.person.matched",
            purpose=Purpose.INTAKE,
            by=user,
            object_type="people.person",
            detail={"searched": searched, "unresolved": unresolved},
        )
    return unresolved


def _initial_from_draft(data: dict[str, list[str]]) -> dict[str, Any]:
    """Turn an autosaved form (field name → values) back into initial values."""
    report: dict[str, Any] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {"children": {}, "adults": {}}
    multiple = {"problems"}
    for key, values in data.items():
        prefix, _sep, rest = key.partition("-")
        if prefix in rows and _sep and rest[:1].isdigit():
            index, _dash, field = rest.partition("-")
            if field and int(index) < 12:
                rows[prefix].setdefault(int(index), {})[field] = _draft_value(values)
        elif key in multiple:
            report[key] = values
        elif key in ReportForm.base_fields:
            report[key] = _draft_value(values)
    return {
        "report": report,
        "children": [
            rows["children"].get(i, {}) for i in range(max(rows["children"], default=-1) + 1)
        ],
        "adults": [rows["adults"].get(i, {}) for i in range(max(rows["adults"], default=-1) + 1)],
    }


def _draft_value(values: list[str]) -> Any:
    value = values[-1] if values else ""
    return True if value == "on" else value
