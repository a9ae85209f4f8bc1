"""Finding a dossier (existence and whom to contact only), emergency access with a
reason after step-up, and the team lead's review of emergency accesses."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vk.access import rules, services
from vk.access.forms import DossierSearchForm, EmergencyAccessForm, ReviewForm
from vk.access.models import EmergencyAccess
from vk.accounts.stepup import require_step_up
from vk.audit.models import Action, AuditEntry, Purpose
from vk.audit.services import record_event
from vk.centres.models import User
from vk.dossiers.models import Dossier
from vk.people.names import fold

SEARCH_LIMIT = 20


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def search_dossiers(request: HttpRequest) -> HttpResponse:
    """A colleague who works with families finds whether a family has a dossier and whom
    to contact."""
    user = _staff(request)
    if not rules.can_search_dossiers(user):
        raise Http404
    form = DossierSearchForm(request.GET or None)
    results: list[tuple[Dossier, bool]] = []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        folded = fold(query)
        dossiers = (
            Dossier.objects.in_centre(user.centre)
            .filter(Q(reference__iexact=query) | Q(members__person__name_key__contains=folded))
            .distinct()
            .prefetch_related("assignments__user")
            .order_by("-opened_at")[:SEARCH_LIMIT]
        )
        visible = set(
            rules.dossiers_visible_to(user)  # type: ignore[attr-defined]
            .filter(pk__in=[dossier.pk for dossier in dossiers])
            .values_list("pk", flat=True)
        )
        results = [(dossier, dossier.pk in visible) for dossier in dossiers]
        record_event(
            action=Action.SEARCH,
            event="access.dossiers.searched",
            purpose=Purpose.ASSIGNMENT,
            by=user,
            object_type="dossiers.dossier",
            detail={"count": len(results)},
        )
    return render(
        request, "access/search.html", {"form": form, "results": results, "limit": SEARCH_LIMIT}
    )


@login_required
@require_http_methods(["GET", "POST"])
def emergency_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Break the glass: after re-authentication and with a reason, for a limited time."""
    user = _staff(request)
    dossier = rules.dossier_exists_for(user, pk)
    if not rules.may_request_emergency_access(user, dossier):
        raise Http404
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST":
        require_step_up(request)
        if form.is_valid():
            try:
                services.start_emergency_access(
                    user=user, dossier=dossier, reason=form.cleaned_data["reason"]
                )
            except services.AccessError as error:
                form.add_error(None, str(error))
            else:
                return redirect("dossiers:view-dossier", pk=dossier.pk)
    of_record = dossier.assignments.filter(of_record=True).select_related("user").first()
    return render(
        request,
        "access/emergency_access.html",
        {
            "dossier": dossier,
            "form": form,
            "of_record": of_record,
            "hours": settings.VK_EMERGENCY_ACCESS_HOURS,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def end_emergency(request: HttpRequest, pk: int) -> HttpResponse:
    """The colleague closes their emergency access as soon as the emergency is over."""
    access = rules.own_emergency_access(request.user, pk)
    services.end_emergency_access(access=access, by=_staff(request))
    messages.success(request, _("Your emergency access has ended."))
    return redirect("access:search-dossiers")


@login_required
def emergency_reviews(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.can_review_emergency_access(user):
        raise Http404
    accesses = rules.emergency_accesses_to_review(user).select_related(
        "user", "dossier", "reviewed_by"
    )
    awaiting = list(accesses.awaiting_review())
    reviewed = list(accesses.filter(reviewed_at__isnull=False)[:20])
    record_event(
        action=Action.SEARCH,
        event="access.emergency.listed",
        purpose=Purpose.OVERSIGHT,
        by=user,
        object_type="access.emergencyaccess",
        detail={"awaiting": len(awaiting)},
    )
    return render(
        request, "access/emergency_reviews.html", {"awaiting": awaiting, "reviewed": reviewed}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_emergency(request: HttpRequest, pk: int) -> HttpResponse:
    user = _staff(request)
    access = rules.emergency_access_for_review(user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_emergency_access(
                access=access,
                by=user,
                judgement=form.cleaned_data["judgement"],
                note=form.cleaned_data["note"],
            )
        except services.AccessError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The review was saved."))
            return redirect("access:emergency-reviews")
    return render(
        request,
        "access/emergency_review.html",
        {"access": access, "form": form, "reads": _reads_during(access)},
        status=400 if form.errors else 200,
    )


def _reads_during(access: EmergencyAccess) -> list[AuditEntry]:
    """What the colleague did under the emergency access: the entries to judge."""
    return list(
        AuditEntry.objects.filter(
            purpose=Purpose.EMERGENCY,
            actor_id=access.user_id,
            occurred_at__gte=access.started_at,
            occurred_at__lte=access.ended_at or access.expires_at,
        ).order_by("occurred_at")[:200]
    )
