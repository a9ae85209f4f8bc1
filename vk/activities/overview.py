"""The yearly overview of a centre's professional activities, for the funder.

Counting rules:
- Only what took place counts: activities dated after `today` are planned and are
  counted apart (`planned`), never in the totals.
- A coaching counts once however many contacts it took; the contacts are summed apart.
- Training sessions are grouped by their target group as typed (spaces and letter case
  ignored); the label shown is one of its spellings, with a capital.
- The reach of awareness actions is summed over the actions that have one; the actions
  without a reach are counted, so the reader knows the total is a lower bound.

Every figure comes from an aggregate query; nothing is counted in Python per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import ExtractMonth, Lower, Trim
from django.utils import formats, timezone
from django.utils.text import capfirst

from vk.centres.models import Centre

from .models import AwarenessAction, AwarenessKind, Coaching, Sector, Theme, Training


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: a label, how many, and the summed measure of the line
    (contacts, participants or reach)."""

    key: str
    label: str
    count: int
    total: int


@dataclass(frozen=True)
class CoachingFigures:
    count: int
    contacts: int
    minutes: int
    by_sector: list[Row]
    by_theme: list[Row]
    by_month: list[Row]


@dataclass(frozen=True)
class TrainingFigures:
    sessions: int
    participants: int
    hours: Decimal
    by_target_group: list[Row]
    planned: int


@dataclass(frozen=True)
class AwarenessFigures:
    actions: int
    reach: int
    without_reach: int
    by_kind: list[Row]
    planned: int


@dataclass(frozen=True)
class YearOverview:
    centre: Centre
    year: int
    today: date
    coaching: CoachingFigures
    training: TrainingFigures
    awareness: AwarenessFigures

    @property
    def complete(self) -> bool:
        """Whether the year is over (else the figures are up to today)."""
        return self.today.year > self.year


def year_overview(centre: Centre, year: int, today: date | None = None) -> YearOverview:
    today = today or timezone.localdate()
    return YearOverview(
        centre=centre,
        year=year,
        today=today,
        coaching=coaching_figures(centre, year, today),
        training=training_figures(centre, year, today),
        awareness=awareness_figures(centre, year, today),
    )


def coaching_figures(centre: Centre, year: int, today: date) -> CoachingFigures:
    coachings = Coaching.objects.in_centre(centre).filter(date__year=year).given(today)
    totals = coachings.aggregate(
        n_count=Count("pk"), n_contacts=Sum("contacts"), n_minutes=Sum("duration_minutes")
    )
    by_sector = _by_choice(coachings, "sector", Sector.choices, "contacts")
    by_theme = _by_choice(coachings, "theme", Theme.choices, "contacts")
    months: dict[int, Any] = {
        row["month"]: row
        for row in coachings.annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(n_count=Count("pk"), n_total=Sum("contacts"))
        .order_by()
    }
    by_month = [
        Row(
            key=str(month),
            label=formats.date_format(date(year, month, 1), "F"),
            count=months.get(month, {}).get("n_count", 0),
            total=months.get(month, {}).get("n_total") or 0,
        )
        for month in range(1, 13)
    ]
    return CoachingFigures(
        count=totals["n_count"],
        contacts=totals["n_contacts"] or 0,
        minutes=totals["n_minutes"] or 0,
        by_sector=by_sector,
        by_theme=by_theme,
        by_month=by_month,
    )


def training_figures(centre: Centre, year: int, today: date) -> TrainingFigures:
    in_year = Training.objects.in_centre(centre).filter(date__year=year)
    given = in_year.given(today)
    totals = in_year.aggregate(
        n_sessions=Count("pk", filter=Q(date__lte=today)),
        n_participants=Sum("participants", filter=Q(date__lte=today)),
        n_hours=Sum("hours", filter=Q(date__lte=today)),
        n_planned=Count("pk", filter=Q(date__gt=today)),
    )
    groups = (
        given.annotate(group=Lower(Trim("target_group")))
        .values("group")
        .annotate(n_count=Count("pk"), n_total=Sum("participants"), label=Min(Trim("target_group")))
        .order_by("-n_count", "group")
    )
    return TrainingFigures(
        sessions=totals["n_sessions"],
        participants=totals["n_participants"] or 0,
        hours=totals["n_hours"] or Decimal(0),
        by_target_group=[
            Row(
                key=row["group"],
                label=capfirst(row["label"]),
                count=row["n_count"],
                total=row["n_total"],
            )
            for row in groups
        ],
        planned=totals["n_planned"],
    )


def awareness_figures(centre: Centre, year: int, today: date) -> AwarenessFigures:
    in_year = AwarenessAction.objects.in_centre(centre).filter(date__year=year)
    given = in_year.given(today)
    totals = in_year.aggregate(
        n_actions=Count("pk", filter=Q(date__lte=today)),
        n_reach=Sum("reach", filter=Q(date__lte=today)),
        n_without_reach=Count("pk", filter=Q(date__lte=today, reach__isnull=True)),
        n_planned=Count("pk", filter=Q(date__gt=today)),
    )
    return AwarenessFigures(
        actions=totals["n_actions"],
        reach=totals["n_reach"] or 0,
        without_reach=totals["n_without_reach"],
        by_kind=_by_choice(given, "kind", AwarenessKind.choices, "reach"),
        planned=totals["n_planned"],
    )


def _by_choice(
    queryset: object, field: str, choices: Sequence[tuple[str, Any]], measure: str
) -> list[Row]:
    """One row per choice, in the order of the choices, with zeros for the absent ones."""
    found = {
        row[field]: row
        for row in queryset.values(field)  # type: ignore[attr-defined]
        .annotate(n_count=Count("pk"), n_total=Sum(measure))
        .order_by()
    }
    return [
        Row(
            key=key,
            label=str(label),
            count=found.get(key, {}).get("n_count", 0),
            total=found.get(key, {}).get("n_total") or 0,
        )
        for key, label in choices
    ]
