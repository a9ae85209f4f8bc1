"""Audit review: who looked at a file or at a person, what one colleague accessed, the
emergency accesses awaiting review and the unusual patterns of a period.

For the centre's team leads, director and data protection officer only
(`rules.can_review_audit`); everyone else gets 404. Reading the trail is itself
recorded: every page and every export writes an entry before anything is shown.
"""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vk.access import rules
from vk.accounts.stepup import require_step_up
from vk.audit import review
from vk.audit.forms import DossierReferenceForm, PeriodForm, StaffMemberForm
from vk.audit.models import Action, AuditEntry, Purpose
from vk.audit.review import Period
from vk.audit.services import DetailValue, record_event
from vk.centres.models import User
from vk.lib.spreadsheets import spreadsheet_safe
from vk.people.models import Person

PAGE_SIZE = 50
UNUSUAL_PATTERNS_DAYS = 30


@login_required
@require_GET
def start_review(request: HttpRequest) -> HttpResponse:
    """Find a dossier by its reference, or pick a colleague."""
    reviewer = rules.audit_reviewer(request.user)
    reference_form = DossierReferenceForm(request.GET if "reference" in request.GET else None)
    if reference_form.is_valid():
        dossier = rules.dossier_by_reference_for_audit_review(
            reviewer, reference_form.cleaned_data["reference"]
        )
        if dossier is not None:
            return redirect("audit:list-dossier-accesses", dossier.pk)
        reference_form.add_error("reference", _("Your centre has no dossier with this reference."))
    staff_form = StaffMemberForm(
        request.GET if "staff" in request.GET else None,
        staff=rules.staff_for_audit_review(reviewer),
    )
    if staff_form.is_valid():
        return redirect("audit:list-staff-accesses", staff_form.cleaned_data["staff"].pk)
    _record_review(reviewer, screen="start")
    return render(
        request,
        "audit/review_start.html",
        {"reference_form": reference_form, "staff_form": staff_form},
        status=400 if reference_form.errors or staff_form.errors else 200,
    )


@login_required
@require_GET
def list_dossier_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """Who looked at this file: every entry about the dossier, newest first."""
    dossier = rules.dossier_for_audit_review(request.user, pk)
    reviewer = _staff(request)
    period_form = PeriodForm(request.GET or None)
    period = period_form.period()
    _record_review(
        reviewer, screen="dossier", period=period, page=_page_number(request), dossier=dossier.pk
    )
    return _render_accesses(
        request,
        entries=period.applied_to(review.reviewable(rules.audit_entries_visible_to(reviewer))),
        branches=review.dossier_branches([dossier.pk]),
        period_form=period_form,
        context={
            "title": _("Who looked at dossier %(reference)s") % {"reference": dossier.reference},
            "dossier": dossier,
            "members": dossier.members.select_related("person").order_by("pk"),
            "export_url": reverse("audit:export-dossier-accesses", args=[dossier.pk]),
        },
    )


@login_required
@require_GET
def list_person_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """Who looked at this person: entries naming them and entries about their dossiers."""
    person = rules.person_for_audit_review(request.user, pk)
    reviewer = _staff(request)
    period_form = PeriodForm(request.GET or None)
    period = period_form.period()
    dossiers = list(review.dossiers_of_person(person))
    _record_review(
        reviewer,
        screen="person",
        period=period,
        page=_page_number(request),
        person_id=person.pk,
        person=person.pk,
    )
    return _render_accesses(
        request,
        entries=period.applied_to(review.reviewable(rules.audit_entries_visible_to(reviewer))),
        branches=review.person_branches(person.pk, [d.pk for d in dossiers]),
        period_form=period_form,
        context={
            "title": _("Who looked at %(name)s") % {"name": _person_name(person)},
            "person_dossiers": dossiers,
            "export_url": reverse("audit:export-person-accesses", args=[person.pk]),
        },
    )


@login_required
@require_GET
def list_staff_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """All accesses by one staff member of the centre."""
    member = rules.staff_member_for_audit_review(request.user, pk)
    reviewer = _staff(request)
    period_form = PeriodForm(request.GET or None)
    period = period_form.period()
    _record_review(
        reviewer, screen="staff", period=period, page=_page_number(request), staff=member.pk
    )
    return _render_accesses(
        request,
        entries=period.applied_to(rules.audit_entries_visible_to(reviewer)),
        branches=[Q(actor_id=member.pk)],
        period_form=period_form,
        context={
            "title": _("Accesses by %(name)s") % {"name": member.get_full_name()},
            "member": member,
            "by_staff_member": True,
        },
    )


@login_required
@require_GET
def export_dossier_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """The dossier's access list as CSV, for a data subject's access request."""
    dossier = rules.dossier_for_audit_review(request.user, pk)
    reviewer = _staff(request)
    require_step_up(request)
    period = PeriodForm(request.GET or None).period()
    entries = review.about_dossiers(rules.audit_entries_visible_to(reviewer), [dossier.pk])
    return _export(
        reviewer,
        entries=period.applied_to(entries),
        period=period,
        filename=f"audit-{dossier.reference}.csv",
        detail={"dossier": dossier.pk},
    )


@login_required
@require_GET
def export_person_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's access list as CSV, for their access request."""
    person = rules.person_for_audit_review(request.user, pk)
    reviewer = _staff(request)
    require_step_up(request)
    period = PeriodForm(request.GET or None).period()
    dossier_ids = [d.pk for d in review.dossiers_of_person(person)]
    entries = review.about_person(rules.audit_entries_visible_to(reviewer), person.pk, dossier_ids)
    return _export(
        reviewer,
        entries=period.applied_to(entries),
        period=period,
        filename=f"audit-person-{person.pk}.csv",
        detail={"person": person.pk},
        person_id=person.pk,
    )


@login_required
@require_GET
def list_emergency_accesses(request: HttpRequest) -> HttpResponse:
    """Emergency accesses that no team lead has judged yet, the oldest first."""
    reviewer = rules.audit_reviewer(request.user)
    accesses = rules.emergency_accesses_for_audit_review(reviewer).select_related("user", "dossier")
    # Judging stays with the team leads and director, never for one's own access.
    judgeable = set(
        rules.emergency_accesses_to_review(reviewer)
        .filter(reviewed_at__isnull=True)
        .values_list("pk", flat=True)
    )
    _record_review(reviewer, screen="emergency", page=_page_number(request))
    page = Paginator(accesses.order_by("started_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "audit/emergency_list.html",
        {"page": page, "judgeable": judgeable, "now": timezone.now()},
    )


@login_required
@require_GET
def list_unusual_patterns(request: HttpRequest) -> HttpResponse:
    """What stands out in a period (the last 30 days unless chosen)."""
    reviewer = rules.audit_reviewer(request.user)
    period_form = PeriodForm(request.GET or None)
    period = period_form.period(default=Period.last_days(UNUSUAL_PATTERNS_DAYS))
    _record_review(reviewer, screen="patterns", period=period)
    return render(
        request,
        "audit/patterns_list.html",
        {
            "period_form": period_form,
            "period": period,
            "patterns": review.unusual_patterns(rules.audit_entries_visible_to(reviewer), period),
            "dossier_threshold": settings.VK_AUDIT_UNUSUAL_DOSSIERS,
            "search_threshold": settings.VK_AUDIT_MASS_SEARCH,
        },
    )


# Helpers ---------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() else 1


def _person_name(person: Person) -> str:
    return f"{person.first_name} {person.last_name}".strip() or _("(no name)")


def _record_review(
    reviewer: User,
    *,
    screen: str,
    period: Period | None = None,
    page: int | None = None,
    person_id: int | None = None,
    **ids: int,
) -> None:
    """Reading the audit trail is an access too: one entry per page, with the ids of
    the filter only."""
    detail: dict[str, DetailValue] = {"screen": screen, **ids}
    if period is not None:
        detail.update(period.as_detail())
    if page is not None:
        detail["page"] = page
    record_event(
        action=Action.READ,
        event=review.REVIEW_VIEWED,
        purpose=Purpose.OVERSIGHT,
        by=reviewer,
        object_type="audit.auditentry",
        person_id=person_id,
        detail=detail,
    )


def _render_accesses(
    request: HttpRequest,
    *,
    entries: QuerySet[AuditEntry],
    branches: list[Q],
    period_form: PeriodForm,
    context: dict[str, Any],
) -> HttpResponse:
    page = review.newest_page(entries, branches, number=_page_number(request), size=PAGE_SIZE)
    reviewer = _staff(request)
    return render(
        request,
        "audit/accesses_list.html",
        {
            **context,
            "period_form": period_form,
            "page": page,
            "rows": review.rows_for(page.entries, centre_id=reviewer.centre_id or 0),
            "filter_query": _filter_query(request),
        },
        status=400 if period_form.errors else 200,
    )


def _filter_query(request: HttpRequest) -> str:
    """The period filter as a query string, for the pagination and export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _export(
    reviewer: User,
    *,
    entries: QuerySet[AuditEntry],
    period: Period,
    filename: str,
    detail: dict[str, DetailValue],
    person_id: int | None = None,
) -> HttpResponse:
    rows = review.rows_for(
        review.newest_first(entries).iterator(chunk_size=2000), centre_id=reviewer.centre_id or 0
    )
    record_event(
        action=Action.EXPORT,
        event=review.ACCESSES_EXPORTED,
        purpose=Purpose.OVERSIGHT,
        by=reviewer,
        object_type="audit.auditentry",
        person_id=person_id,
        detail={**detail, **period.as_detail(), "rows": len(rows)},
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # byte order mark: spreadsheets then read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Date and time"),
            _("Staff member"),
            _("Role(s)"),
            _("Action"),
            _("Event"),
            _("Grounds"),
            _("Outcome"),
        ]
    )
    for row in rows:
        writer.writerow(
            spreadsheet_safe(value)
            for value in (
                timezone.localtime(row.entry.occurred_at).strftime("%Y-%m-%d %H:%M:%S"),
                row.staff_member,
                row.roles,
                row.action,
                row.event,
                row.purpose,
                row.outcome,
            )
        )
    return response
