"""The lists: filters, pagination and a fixed number of queries however many rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from vk.activities.demo_data import seed_activities
from vk.activities.models import AwarenessAction, Coaching, Training
from vk.activities.tests.conftest import TODAY
from vk.centres.models import Centre, User
from vk.tests.browser import nl

pytestmark = pytest.mark.django_db


def _coaching(user: User, day: date, **changes: Any) -> Coaching:
    fields: dict[str, Any] = {
        "centre": user.centre,
        "date": day,
        "created_by": user,
        "coached_by": user,
        "sector": "school",
        "theme": "neglect",
        **changes,
    }
    return Coaching.objects.create(**fields)


def test_filters_by_year_period_sector_theme_and_staff(
    case_worker_a: User, colleague_a: User
) -> None:
    first = _coaching(case_worker_a, date(2025, 3, 1))
    second = _coaching(colleague_a, date(2025, 6, 1), sector="childcare")
    third = _coaching(case_worker_a, date(2026, 1, 10), theme="sexual_abuse")
    client = client_for(case_worker_a)
    url = reverse("activities:coaching-list")

    def listed(**query: str) -> list[int]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [item.pk for item in response.context["page"]]

    assert listed() == [third.pk, second.pk, first.pk]
    assert listed(year="2025") == [second.pk, first.pk]
    assert listed(start="2025-05-01", end="2025-12-31") == [second.pk]
    assert listed(sector="childcare") == [second.pk]
    assert listed(theme="sexual_abuse") == [third.pk]
    assert listed(staff=str(case_worker_a.pk)) == [third.pk, first.pk]


def test_a_period_ending_before_it_starts_is_explained(case_worker_a: User) -> None:
    response = client_for(case_worker_a).get(
        reverse("activities:coaching-list"), {"start": "2025-05-01", "end": "2025-01-01"}
    )
    assert response.status_code == 400
    assert [str(message) for message in response.context["form"].errors["end"]] == [
        nl("The end of the period lies before its start.")
    ]


def test_training_filter_by_trainer(case_worker_a: User, colleague_a: User) -> None:
    for trainer in (case_worker_a, colleague_a):
        training = Training.objects.create(
            centre=trainer.centre,
            date=date(2026, 1, 5),
            created_by=trainer,
            topic=f"Vorming door {trainer.first_name}",
            target_group="CLB",
            organisations="CLB",
            participants=5,
        )
        training.trainers.set([trainer])
    response = client_for(case_worker_a).get(
        reverse("activities:training-list"), {"staff": str(colleague_a.pk)}
    )
    assert [item.topic for item in response.context["page"]] == ["Vorming door Colette"]


def test_lists_page_by_fifty(case_worker_a: User) -> None:
    for offset in range(51):
        _coaching(case_worker_a, TODAY - timedelta(days=offset))
    client = client_for(case_worker_a)
    first = client.get(reverse("activities:coaching-list"))
    assert len(first.context["page"]) == 50
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("activities:coaching-list"), {"page": "2"})
    assert len(second.context["page"]) == 1


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _add_rows(centre: Centre, staff: list[User], count: int, start: int) -> None:
    for number in range(start, start + count):
        _coaching(staff[number % 2], TODAY - timedelta(days=number))
        training = Training.objects.create(
            centre=centre,
            date=TODAY - timedelta(days=number),
            created_by=staff[0],
            topic="Signalen",
            target_group="CLB",
            organisations="CLB",
            participants=5,
        )
        training.trainers.set(staff)
        action = AwarenessAction.objects.create(
            centre=centre, date=TODAY - timedelta(days=number), created_by=staff[0], kind="media"
        )
        action.staff.set(staff[:1])


@pytest.mark.parametrize("slug", ["coaching", "training", "awareness"])
def test_list_queries_do_not_grow_with_the_rows(
    slug: str, centre_a: Centre, case_worker_a: User, colleague_a: User
) -> None:
    staff = [case_worker_a, colleague_a]
    client = client_for(case_worker_a)
    url = reverse(f"activities:{slug}-list")
    _add_rows(centre_a, staff, 3, 0)
    client.get(url)  # the first request of a session does some one-time work
    with_three = _queries(client, url)
    _add_rows(centre_a, staff, 27, 3)
    assert _queries(client, url) == with_three


def test_demo_data_is_deterministic(
    centre_a: Centre, case_worker_a: User, colleague_a: User
) -> None:
    staff = [case_worker_a, colleague_a]
    assert seed_activities(centre_a, staff, today=TODAY) == 31
    first = list(Coaching.objects.order_by("pk").values_list("date", "sector", "theme", "contacts"))
    assert seed_activities(centre_a, staff, today=TODAY) == 0  # not twice
    Coaching.objects.all().delete()
    Training.objects.all().delete()
    AwarenessAction.objects.all().delete()
    assert seed_activities(centre_a, staff, today=TODAY) == 31
    again = list(Coaching.objects.order_by("pk").values_list("date", "sector", "theme", "contacts"))
    assert again == first
    assert Training.objects.filter(date__gt=TODAY).count() == 1
    assert AwarenessAction.objects.filter(date__gt=TODAY).count() == 1
    assert not Coaching.objects.filter(date__gt=TODAY).exists()
