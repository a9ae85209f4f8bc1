"""Statistics screens: the yearly report (one centre, all centres), its data-quality
list, the dashboard of the team lead and the director. Figures only; outside the rule in vk/access/rules.py ("Statistics") the answer
is 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vk.access import rules
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, User
from vk.stats import dashboard, privacy, quality
from vk.stats.forms import QuietWeeksForm
from vk.stats.yearly import YearlyReport, yearly_report

# The first year the system can report on; later years up to the current one.
FIRST_YEAR = 2016


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _checked_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404
    return year


def years() -> list[int]:
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_statistics(user):
        raise Http404
    return render(
        request,
        "stats/index.html",
        {
            "years": years(),
            "last_year": timezone.localdate().year - 1,
            "all_centres": rules.can_view_all_centres_statistics(user),
            "dashboard": rules.can_view_dashboard(user),
        },
    )


def centre_report(user: User, year: int) -> YearlyReport:
    """The yearly report of the user's own centre, every number shown."""
    centre = user.centre
    assert centre is not None  # noqa: S101  (staff members belong to a centre)
    report = yearly_report(year=year, centres=[centre], scope=centre.name)
    results = quality.run_checks(year=year, centre_ids=[centre.pk], with_records=False)
    return report.with_tables(report.tables, incomplete=quality.incomplete_count(results))


def all_centres_report(year: int) -> YearlyReport:
    """All centres together, small cells hidden: it holds other centres' figures."""
    centres = list(Centre.objects.order_by("pk"))
    report = yearly_report(year=year, centres=centres, scope=_("All centres"))
    results = quality.run_checks(year=year, centre_ids=[c.pk for c in centres], with_records=False)
    return privacy.suppressed(
        report.with_tables(report.tables, incomplete=quality.incomplete_count(results))
    )


def _record_view(user: User, screen: str, year: int) -> None:
    record_event(
        action=Action.READ,
        event="stats.viewed",
        purpose=Purpose.STATISTICS,
        by=user,
        object_type="stats.report",
        detail={"screen": screen, "year": year},
    )


@login_required
@require_GET
def view_yearly(request: HttpRequest, year: int) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_statistics(user):
        raise Http404
    report = centre_report(user, _checked_year(year))
    _record_view(user, "yearly", year)
    return render(
        request,
        "stats/yearly.html",
        {"report": report, "years": years(), "all_centres": False, "own_centre": True},
    )


@login_required
@require_GET
def view_all_centres(request: HttpRequest, year: int) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_all_centres_statistics(user):
        raise Http404
    report = all_centres_report(_checked_year(year))
    _record_view(user, "all-centres", year)
    return render(
        request,
        "stats/yearly.html",
        {"report": report, "years": years(), "all_centres": True, "own_centre": False},
    )


@login_required
@require_GET
def view_quality(request: HttpRequest, year: int) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_statistics(user):
        raise Http404
    centre = user.centre
    assert centre is not None  # noqa: S101
    with_records = rules.can_open_records_to_fix(user)
    results = quality.run_checks(
        year=_checked_year(year), centre_ids=[centre.pk], with_records=with_records
    )
    # The list names records (by reference) only for those who may open them.
    record_event(
        action=Action.SEARCH if with_records else Action.READ,
        event="stats.quality.viewed",
        purpose=Purpose.OVERSIGHT if with_records else Purpose.STATISTICS,
        by=user,
        object_type="stats.quality",
        detail={
            "year": year,
            "flagged": quality.incomplete_count(results),
            "records_listed": sum(len(result.records) for result in results),
        },
    )
    return render(
        request,
        "stats/quality.html",
        {
            "year": year,
            "years": years(),
            "results": results,
            "with_records": with_records,
            "incomplete": quality.incomplete_count(results),
            "shown_per_check": quality.SHOWN_PER_CHECK,
        },
    )


@login_required
@require_GET
def view_dashboard(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not rules.can_view_dashboard(user):
        raise Http404
    form = QuietWeeksForm(request.GET if "weeks" in request.GET else None)
    figures = dashboard.dashboard_for(
        user, today=timezone.localdate(), weeks=form.weeks_or_default()
    )
    # The page lists dossier references (those without a conversation): a read on
    # oversight grounds, with counts only.
    record_event(
        action=Action.READ,
        event="stats.dashboard.viewed",
        purpose=Purpose.OVERSIGHT,
        by=user,
        object_type="stats.dashboard",
        detail={
            "weeks": figures.quiet.weeks,
            "dossiers_without_conversation": figures.quiet.total,
            "dossiers_listed": len(figures.quiet.shown),
            "complaints_shown": figures.complaints is not None,
        },
    )
    return render(
        request,
        "stats/dashboard.html",
        {
            "figures": figures,
            "form": form,
            "triage_target": dashboard.TRIAGE_ON_TIME_TARGET,
            "due_soon_days": dashboard.DUE_SOON_WORKING_DAYS,
            "weeks_default": dashboard.QUIET_WEEKS_DEFAULT,
        },
    )
