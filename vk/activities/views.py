"""Coaching, training sessions and awareness actions: lists, forms and the yearly overview.

Every view asks vk.access.rules first; outside the rule the answer is 404. The three
kinds share one set of views, parametrised by the kind's entry in `kinds.KINDS` (the
URL configuration passes its slug). Activities hold no family data, so reading them is
not audited; every change is (see services.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vk.access import rules
from vk.audit.models import Purpose
from vk.centres.models import User
from vk.lib.locking import EditConflict, refreshed_after_conflict

from . import services
from .forms import ListFilterForm, YearForm
from .kinds import KINDS, Kind
from .models import Activity
from .overview import year_overview

PAGE_SIZE = 50


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _kind(slug: str) -> Kind:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


def colleagues(user: User, current: Iterable[User] = ()) -> list[User]:
    """The staff members who can be named on an activity: the active colleagues who do
    this work, and whoever is named on the record already (also after leaving)."""
    staff = list(
        User.objects.in_centre(user.centre)
        .filter(is_active=True, role_grants__role__in=rules.ACTIVITY_ROLES)
        .distinct()
        .order_by("last_name", "first_name")
    )
    known = {member.pk for member in staff}
    staff += [member for member in current if member.pk not in known]
    return staff


def _named(activity: Activity, kind: Kind) -> list[User]:
    """The staff members named on an activity."""
    value = getattr(activity, kind.staff_filter)
    return list(value.all()) if hasattr(value, "all") else [value]


# Start page -----------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_activities(user):
        raise Http404
    today = timezone.localdate()
    counts = []
    for kind in KINDS.values():
        figures = (
            rules.activities_visible_to(user, kind.model)
            .filter(date__year=today.year)
            .aggregate(
                given=Count("pk", filter=Q(date__lte=today)),
                planned=Count("pk", filter=Q(date__gt=today)),
            )
        )
        counts.append((kind, figures["given"], figures["planned"]))
    return render(
        request,
        "activities/index.html",
        {
            "counts": counts,
            "year": today.year,
            "may_register": rules.can_register_activities(user),
        },
    )


# Lists ----------------------------------------------------------------------------


@login_required
@require_GET
def list_activities(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    user = _staff(request)
    if not rules.can_view_activities(user):
        raise Http404
    form = ListFilterForm(
        request.GET or None, staff=colleagues(user), choice_filters=spec.choice_filters
    )
    activities = rules.activities_visible_to(user, spec.model)
    if spec.select_related:
        activities = activities.select_related(*spec.select_related)
    if spec.prefetch_related:
        activities = activities.prefetch_related(*spec.prefetch_related)
    if form.is_bound and form.is_valid():
        activities = _filtered(activities, spec, form)
    page = Paginator(activities.order_by("-date", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        f"activities/{spec.slug}_list.html",
        {
            "kind": spec,
            "form": form,
            "page": page,
            "filter_query": query.urlencode(),
            "today": timezone.localdate(),
            "may_register": rules.can_register_activities(user),
        },
        status=400 if form.errors else 200,
    )


def _filtered(activities: Any, kind: Kind, form: ListFilterForm) -> Any:
    data = form.cleaned_data
    if data.get("year"):
        activities = activities.filter(date__year=int(data["year"]))
    activities = activities.between(data.get("start"), data.get("end"))
    if data.get("staff") is not None:
        activities = activities.filter(**{kind.staff_filter: data["staff"]})
    for name in form.choice_names:
        if data.get(name):
            activities = activities.filter(**{name: data[name]})
    return activities


# Forms ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create_activity(request: HttpRequest, kind: str) -> HttpResponse:
    spec = _kind(kind)
    user = _staff(request)
    if not rules.can_register_activities(user):
        raise Http404
    staff = colleagues(user)
    initial: dict[str, Any] = {"date": timezone.localdate()}
    if user in staff:
        initial[spec.staff_filter] = (
            str(user.pk) if spec.staff_filter == "coached_by" else [str(user.pk)]
        )
    data = request.POST if request.method == "POST" else None
    form = spec.form(data, staff=staff, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                # Staff register work they did themselves (see vk/access/rules.py).
                services.register_activity(
                    model=spec.model, by=user, values=form.values(), purpose=Purpose.ASSIGNMENT
                )
            except services.ActivityError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, str(spec.created))
                return redirect(f"activities:{spec.slug}-list")
        return _render_form(request, spec, form, status=400)
    return _render_form(request, spec, form)


@login_required
@require_http_methods(["GET", "POST"])
def edit_activity(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    activity, grant = rules.activity_for(request.user, spec.model, pk)
    if not grant.may_change:
        raise Http404
    user = _staff(request)
    staff = colleagues(user, current=_named(activity, spec))

    def make_form(data: Any = None, initial: dict[str, Any] | None = None) -> Any:
        return spec.form(data, staff=staff, editing=True, initial=initial)

    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            try:
                services.update_activity(
                    activity=activity,
                    by=user,
                    expected_version=form.cleaned_data["version"] or 0,
                    values=form.values(),
                    purpose=grant.purpose,
                )
            except EditConflict as error:
                current = _snapshot(spec.model.objects.get(pk=activity.pk), spec)
                form, rows = refreshed_after_conflict(
                    make_form, request.POST, current, error, spec.fields
                )
                return _render_form(
                    request, spec, form, activity=activity, conflict=rows, status=409
                )
            except services.ActivityError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The changes were saved."))
                return redirect(f"activities:{spec.slug}-list")
        return _render_form(request, spec, form, activity=activity, status=400)
    return _render_form(
        request, spec, make_form(initial=_initial(activity, spec)), activity=activity
    )


def _initial(activity: Activity, kind: Kind) -> dict[str, Any]:
    values: dict[str, Any] = {"version": activity.row_version}
    snapshot = _snapshot(activity, kind)
    for name in kind.fields:
        value = getattr(snapshot, name)
        if isinstance(value, User):
            value = str(value.pk)
        elif isinstance(value, list):
            value = [str(member.pk) for member in value]
        values[name] = value
    return values


def _snapshot(activity: Activity, kind: Kind) -> SimpleNamespace:
    """The saved values of the form's fields, many-to-many ones as lists of users."""
    values = {name: getattr(activity, name) for name in kind.fields}
    for field in kind.model._meta.many_to_many:
        if field.name in values:
            values[field.name] = list(getattr(activity, field.name).all())
    return SimpleNamespace(row_version=activity.row_version, **values)


def _render_form(
    request: HttpRequest,
    kind: Kind,
    form: Any,
    *,
    activity: Activity | None = None,
    conflict: object = None,
    status: int = 200,
) -> HttpResponse:
    may_delete = activity is not None and rules.may_delete_activity(request.user, activity)
    return render(
        request,
        "activities/activity_form.html",
        {
            "kind": kind,
            "form": form,
            "activity": activity,
            "conflict": conflict,
            "may_delete": may_delete,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_activity(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    spec = _kind(kind)
    activity, grant = rules.activity_for(request.user, spec.model, pk)
    if not rules.may_delete_activity(request.user, activity):
        raise Http404
    if request.method == "POST":
        try:
            services.delete_activity(activity=activity, by=_staff(request), purpose=grant.purpose)
        except services.ActivityError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, str(spec.deleted))
        return redirect(f"activities:{spec.slug}-list")
    return render(
        request,
        "activities/activity_delete.html",
        {
            "kind": spec,
            "activity": activity,
            "what": spec.model._meta.verbose_name,
            "named": _named(activity, spec),
        },
    )


# Yearly overview ------------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_activities(user):
        raise Http404
    today = timezone.localdate()
    form = YearForm(request.GET or {"year": str(today.year)})
    year = int(form.cleaned_data["year"]) if form.is_valid() else today.year
    return render(
        request,
        "activities/overview.html",
        {"form": form, "overview": year_overview(user.centre, year, today)},  # type: ignore[arg-type]
        status=200 if form.is_valid() else 400,
    )
