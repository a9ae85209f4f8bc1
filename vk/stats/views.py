"""Statistics screens: the yearly report (one centre, all centres), its downloads,
its data-quality list, and the dashboard of the team lead and the director. Figures
only; outside the rule in vk/access/rules.py ("Statistics") the answer is 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from vk.access import rules
from vk.access.models import Disclosure, DisclosureKind
from vk.accounts.stepup import require_step_up
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres.models import Centre, User
from vk.lib.rls import all_centres
from vk.stats import dashboard, exports, privacy, quality
from vk.stats.forms import ExternalDownloadForm, QuietWeeksForm
from vk.stats.services import Audience, Scope, record_yearly_download
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
    # Counts of every centre: outside the request's row-level security, which binds the
    # connection to the user's own centre (vk/lib/rls.py). Only numbers come out.
    with all_centres():
        report = yearly_report(year=year, centres=centres, scope=_("All centres"))
        results = quality.run_checks(
            year=year, centre_ids=[c.pk for c in centres], with_records=False
        )
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
        {
            "report": report,
            "years": years(),
            "all_centres": False,
            "own_centre": True,
            **_downloads(user, year, Scope.CENTRE),
        },
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
        {
            "report": report,
            "years": years(),
            "all_centres": True,
            "own_centre": False,
            **_downloads(user, year, Scope.ALL_CENTRES),
        },
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
        year=_checked_year(year),
        centre_ids=[centre.pk],
        with_records=with_records,
        back=request.get_full_path(),
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


# Downloads -----------------------------------------------------------------------------
# The centre's own copy (every number, for use within the centre) is a link: GET with
# ?audience=centre. A copy for outside the centre is a form: the recipient is typed,
# the POST asks a recent step-up, the download is registered as a disclosure, and the
# numbers are `privacy.suppressed`. GET ?audience=external shows that form on a page of
# its own (the panel's fallback, and where a refused form comes back). The figures of
# all centres go outside only.

FORMAT_LABELS = {
    exports.XLSX: gettext_lazy("Excel (.xlsx)"),
    exports.CSV: gettext_lazy("CSV (.csv)"),
    exports.PDF: gettext_lazy("PDF with charts (.pdf)"),
}
RECENT_DISCLOSURES = 10


def _downloads(
    user: User, year: int, scope: Scope, form: ExternalDownloadForm | None = None
) -> dict[str, Any]:
    """What the download panel needs: links, the form, and the figures given out lately."""
    name = "stats:download-yearly" if scope == Scope.CENTRE else "stats:download-all-centres"
    urls = {file_format: reverse(name, args=[year, file_format]) for file_format in FORMAT_LABELS}
    return {
        "formats": [
            {
                "label": label,
                "url": urls[file_format],
                # The centre's own copy, every number: its own centre's figures only.
                "internal_url": f"{urls[file_format]}?audience={Audience.CENTRE.value}"
                if scope == Scope.CENTRE
                else "",
            }
            for file_format, label in FORMAT_LABELS.items()
        ],
        "external_form": form or ExternalDownloadForm(),
        "below": privacy.threshold(),
        "disclosures": Disclosure.objects.filter(
            centre_id=user.centre_id or 0, kind=DisclosureKind.STATISTICS
        ).select_related("decided_by")[:RECENT_DISCLOSURES],
    }


def _checked_format(file_format: str) -> str:
    if file_format not in exports.CONTENT_TYPES:
        raise Http404
    return file_format


@login_required
@require_http_methods(["GET", "POST"])
def download_yearly(request: HttpRequest, year: int, file_format: str) -> HttpResponse:
    """The own centre's yearly report as a file: every number for use within the centre,
    small numbers hidden for outside it."""
    user = _staff(request)
    if not rules.can_view_statistics(user):
        raise Http404
    year, file_format = _checked_year(year), _checked_format(file_format)
    if request.method == "GET" and request.GET.get("audience") == Audience.CENTRE:
        return _attachment(
            user, centre_report(user, year), file_format, Scope.CENTRE, Audience.CENTRE
        )
    return _external_download(
        request,
        user,
        year,
        file_format,
        Scope.CENTRE,
        lambda: privacy.suppressed(centre_report(user, year)),
    )


@login_required
@require_http_methods(["GET", "POST"])
def download_all_centres(request: HttpRequest, year: int, file_format: str) -> HttpResponse:
    """All centres together as a file: always with small numbers hidden."""
    user = _staff(request)
    if not rules.can_view_all_centres_statistics(user):
        raise Http404
    year, file_format = _checked_year(year), _checked_format(file_format)
    return _external_download(
        request, user, year, file_format, Scope.ALL_CENTRES, lambda: all_centres_report(year)
    )


def _external_download(
    request: HttpRequest,
    user: User,
    year: int,
    file_format: str,
    scope: Scope,
    report_for: Callable[[], YearlyReport],
) -> HttpResponse:
    if request.method == "GET" and request.GET.get("audience", Audience.EXTERNAL) != (
        Audience.EXTERNAL
    ):
        raise Http404
    form = ExternalDownloadForm(request.POST or None)
    if request.method == "POST":
        require_step_up(request)  # figures leave the centre: a recent second factor
        if form.is_valid():
            return _attachment(
                user,
                report_for(),
                file_format,
                scope,
                Audience.EXTERNAL,
                recipient=form.cleaned_data["recipient"],
            )
    return render(
        request,
        "stats/download_external.html",
        {
            "year": year,
            "years": years(),
            "all_centres": scope == Scope.ALL_CENTRES,
            **_downloads(user, year, scope, form),
        },
        status=400 if form.errors else 200,
    )


def _attachment(
    user: User,
    report: YearlyReport,
    file_format: str,
    scope: Scope,
    audience: Audience,
    *,
    recipient: str = "",
) -> HttpResponse:
    """Write the file, record the download (and the disclosure), then hand it over."""
    content = exports.WRITERS[file_format](report)
    record_yearly_download(
        report=report,
        by=user,
        scope=scope,
        file_format=file_format,
        audience=audience,
        recipient=recipient,
    )
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[file_format])
    name = exports.file_name(report, file_format, internal=audience == Audience.CENTRE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


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
