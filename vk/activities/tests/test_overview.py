"""The yearly overview against a small data set whose figures were counted by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import client_for
from vk.activities.models import AwarenessAction, Coaching, Training
from vk.activities.overview import year_overview
from vk.activities.tests.conftest import TODAY
from vk.centres.models import Centre, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_year(centre_a: Centre, centre_b: Centre, case_worker_a: User, staff_b: User) -> None:
    """2025 in centre A, plus rows that must not count (other year, other centre)."""

    def coaching(day: date, sector: str, theme: str, contacts: int, minutes: int | None) -> None:
        Coaching.objects.create(
            centre=centre_a,
            date=day,
            created_by=case_worker_a,
            coached_by=case_worker_a,
            sector=sector,
            theme=theme,
            contacts=contacts,
            duration_minutes=minutes,
        )

    coaching(date(2025, 1, 5), "school", "neglect", 1, 30)
    coaching(date(2025, 1, 20), "school", "physical_abuse", 2, None)
    coaching(date(2025, 3, 3), "health_care", "neglect", 3, 60)
    coaching(date(2025, 12, 31), "welfare", "general", 1, 15)
    coaching(date(2024, 12, 31), "school", "neglect", 5, 99)  # other year
    Coaching.objects.create(  # other centre
        centre=centre_b,
        date=date(2025, 5, 1),
        created_by=staff_b,
        coached_by=staff_b,
        sector="school",
        theme="neglect",
        contacts=7,
    )

    def training(day: date, group: str, participants: int, hours: str | None) -> None:
        Training.objects.create(
            centre=centre_a,
            date=day,
            created_by=case_worker_a,
            topic="Signalen",
            target_group=group,
            organisations="School",
            participants=participants,
            hours=Decimal(hours) if hours else None,
        )

    training(date(2025, 2, 1), "Leerkrachten", 20, "3")
    training(date(2025, 6, 1), " leerkrachten ", 10, "1.5")  # same group, other spelling
    training(date(2025, 9, 1), "Huisartsen", 12, None)
    training(date(2024, 9, 1), "Huisartsen", 50, "8")  # other year

    def awareness(day: date, kind: str, reach: int | None) -> None:
        AwarenessAction.objects.create(
            centre=centre_a,
            date=day,
            created_by=case_worker_a,
            kind=kind,
            audience="Ouders",
            reach=reach,
        )

    awareness(date(2025, 4, 1), "lecture", 40)
    awareness(date(2025, 5, 1), "lecture", 60)
    awareness(date(2025, 10, 1), "media", None)
    awareness(date(2025, 11, 1), "stand", 300)


def test_coaching_figures_of_a_known_year(known_year: None, centre_a: Centre) -> None:
    figures = year_overview(centre_a, 2025, TODAY).coaching
    assert (figures.count, figures.contacts, figures.minutes) == (4, 7, 105)
    by_sector = {row.key: (row.count, row.total) for row in figures.by_sector}
    assert by_sector == {
        "school": (2, 3),
        "childcare": (0, 0),
        "health_care": (1, 3),
        "welfare": (1, 1),
        "police_justice": (0, 0),
        "other": (0, 0),
    }
    by_theme = {row.key: (row.count, row.total) for row in figures.by_theme if row.count}
    assert by_theme == {"neglect": (2, 4), "physical_abuse": (1, 2), "general": (1, 1)}
    by_month = [(row.count, row.total) for row in figures.by_month]
    assert by_month == [(2, 3), (0, 0), (1, 3)] + [(0, 0)] * 8 + [(1, 1)]


def test_training_figures_group_target_groups_whatever_the_spelling(
    known_year: None, centre_a: Centre
) -> None:
    figures = year_overview(centre_a, 2025, TODAY).training
    assert (figures.sessions, figures.participants, figures.hours, figures.planned) == (
        3,
        42,
        Decimal("4.5"),
        0,
    )
    groups = [(row.label, row.count, row.total) for row in figures.by_target_group]
    assert groups == [("Leerkrachten", 2, 30), ("Huisartsen", 1, 12)]


def test_awareness_figures_sum_the_known_reach(known_year: None, centre_a: Centre) -> None:
    figures = year_overview(centre_a, 2025, TODAY).awareness
    assert (figures.actions, figures.reach, figures.without_reach, figures.planned) == (
        4,
        400,
        1,
        0,
    )
    by_kind = {row.key: (row.count, row.total) for row in figures.by_kind if row.count}
    assert by_kind == {"lecture": (2, 100), "media": (1, 0), "stand": (1, 300)}


def test_planned_activities_are_counted_apart(centre_a: Centre, case_worker_a: User) -> None:
    for day, participants in ((date(2026, 2, 1), 10), (date(2026, 4, 1), 99)):
        Training.objects.create(
            centre=centre_a,
            date=day,
            created_by=case_worker_a,
            topic="Signalen",
            target_group="CLB",
            organisations="CLB",
            participants=participants,
        )
    AwarenessAction.objects.create(
        centre=centre_a, date=date(2026, 6, 1), created_by=case_worker_a, kind="campaign", reach=500
    )
    overview = year_overview(centre_a, 2026, TODAY)
    assert (overview.training.sessions, overview.training.participants) == (1, 10)
    assert overview.training.planned == 1
    assert (overview.awareness.actions, overview.awareness.reach) == (0, 0)
    assert overview.awareness.planned == 1
    assert not overview.complete


def test_the_overview_page_shows_the_chosen_year(known_year: None, director_a: User) -> None:
    response = client_for(director_a).get(reverse("activities:overview"), {"year": "2025"})
    assert response.status_code == 200
    assert response.context["overview"].coaching.contacts == 7
    assert response.context["overview"].year == 2025
    assert "Leerkrachten" in response.content.decode()


def test_an_unknown_year_falls_back_to_this_year(director_a: User) -> None:
    response = client_for(director_a).get(reverse("activities:overview"), {"year": "1800"})
    assert response.status_code == 400
    assert response.context["overview"].year == TODAY.year
