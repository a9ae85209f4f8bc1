"""The benchmark's screens make the same number of queries on a small and on a six times
larger generated data set: their cost does not grow with the data (issue 8). Timing
targets live in `make bench`; this test guards the shape of the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers.models import Assignment
from vk.people.models import Person
from vk.volume.generator import Summary, generate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the generator streams COPY into PostgreSQL"
    ),
]

type Request = Callable[[Client], Any]


def _screens(summary: Summary) -> dict[str, tuple[User, Request]]:
    """Each benchmarked screen: who opens it and how."""
    centre_id, dossier_ids = next(iter(summary.large_dossier_ids.items()))
    dossier_id = dossier_ids[0]
    worker = User.objects.get(
        pk=Assignment.objects.filter(dossier_id=dossier_id).values_list("user_id", flat=True)[0]
    )
    team_lead = User.objects.in_centre(worker.centre).with_role(Role.TEAM_LEAD).first()
    intake = User.objects.in_centre(worker.centre).with_role(Role.INTAKE).first()
    director = User.objects.in_centre(worker.centre).with_role(Role.DIRECTOR).first()
    assert team_lead is not None and intake is not None and director is not None
    person = (
        Person.objects.filter(
            centre_id=team_lead.centre_id, pk__in=summary.most_accessed_person_ids
        )
        .order_by("pk")
        .first()
    )
    assert person is not None, "a heavily accessed person in the team lead's centre"
    surname = person.last_name
    return {
        "person search": (
            intake,
            lambda client: client.post(
                reverse("intake:match-persons"),
                # The person's own name: the same nearest-name search as for a
                # misspelling, and in every data set at least this person matches.
                {
                    "row": "children-0",
                    "children-0-first_name": person.first_name,
                    "children-0-last_name": surname,
                },
            ),
        ),
        "intake queue": (team_lead, lambda client: client.get(reverse("intake:queue"))),
        "worklist": (worker, lambda client: client.get(reverse("work:my-work"))),
        "dossier page": (
            worker,
            lambda client: client.get(reverse("dossiers:view-dossier", args=[dossier_id])),
        ),
        "timeline": (
            worker,
            lambda client: client.get(reverse("dossiers:view-timeline", args=[dossier_id])),
        ),
        "MaNo overview": (team_lead, lambda client: client.get(reverse("mano:overview"))),
        "who looked at this file": (
            team_lead,
            lambda client: client.get(reverse("audit:list-person-accesses", args=[person.pk])),
        ),
        "dashboard (team lead)": (
            team_lead,
            lambda client: client.get(reverse("stats:dashboard")),
        ),
        "dashboard (director)": (director, lambda client: client.get(reverse("stats:dashboard"))),
        "baseline": (worker, lambda client: client.get(reverse("accounts:home"))),
    }


def _query_counts(summary: Summary) -> dict[str, int]:
    counts = {}
    for screen, (user, request) in _screens(summary).items():
        client = client_for(user)
        assert request(client).status_code == 200, screen  # warm-up: the session's first
        with CaptureQueriesContext(connection) as queries:
            response = request(client)
        assert response.status_code == 200, screen
        if screen == "person search":  # compare like with like: a search with matches
            assert 'name="children-0-existing_person"' in response.content.decode()
        counts[screen] = len(queries.captured_queries)
    return counts


def _generate_as_owner(factor: float) -> Summary:
    """The generator works as the tables' owner, as the command does; under
    `make test-rls` the suite's connection is the application role, so step out of it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, session_user")
        current, session = cursor.fetchone()
        if current != session:
            cursor.execute("RESET ROLE")
    try:
        return generate("smoke", factor=factor, seed=3)
    finally:
        if current != session:
            with connection.cursor() as cursor:
                cursor.execute(f'SET ROLE "{current}"')


def test_the_query_count_of_each_screen_does_not_depend_on_the_data_size(settings: Any) -> None:
    settings.MFA_REQUIRED = False  # generated staff other than the bench users have no factor
    with transaction.atomic():
        small = _generate_as_owner(1.0)
        small_counts = _query_counts(small)
        small_audit = AuditEntry.objects.count()
        transaction.set_rollback(True)

    large = _generate_as_owner(6.0)
    large_counts = _query_counts(large)

    assert AuditEntry.objects.count() > 4 * small_audit  # the data really grew
    # Exact for every screen, the person search included. It once differed by one
    # query: the nearest-name lookup ran one query per distinct name order, so a person
    # without a first name (an unborn child, an adult whose first name is unknown) took
    # one query fewer. Which person is searched depends on the generated data, and that
    # on the day and hour of the run (the generator's calendar ends today), so some runs
    # met such a person and others did not. The lookup is now one query for both orders
    # (vk/people/tests/test_matching.py checks the count with one name and with two).
    assert large_counts == small_counts
