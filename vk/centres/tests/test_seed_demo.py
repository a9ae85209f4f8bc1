from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier, State
from vk.people.models import Person

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_six_centres_with_every_role() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Centre.objects.count() == 6
    for centre in Centre.objects.all():
        roles = set(User.objects.in_centre(centre).values_list("role_grants__role", flat=True))
        assert roles == set(Role.values), centre.name
        assert centre.postcode_ranges.exists()
    assert "onthaal.antwerpen@vk.test" in out.getvalue()


def test_seed_demo_can_run_twice() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    users = User.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == users
    assert Centre.objects.count() == 6


def test_the_demo_codes_outcomes_and_ages_and_keeps_data_quality_examples() -> None:
    call_command("seed_demo", stdout=io.StringIO())

    closed = Dossier.objects.filter(state=State.CLOSED)
    uncoded = closed.filter(closing_outcome="")
    # Mostly coded, a few closed without: examples for the data-quality list.
    assert 0 < uncoded.count() < closed.exclude(closing_outcome="").count()
    children = Person.objects.filter(involvements__role="child", is_unborn=False).distinct()
    estimated = children.filter(birth_date=None).exclude(estimated_birth_year=None)
    unknown = children.filter(birth_date=None, estimated_birth_year=None)
    assert estimated.exists() and unknown.exists()
    assert estimated.count() + unknown.count() < children.count() / 5


def test_seed_demo_refuses_production(settings: object) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 0


def test_create_centre_admin_makes_an_administrator_with_an_invitation(
    django_capture_on_commit_callbacks: object,
) -> None:
    from vk.audit.models import AuditEntry
    from vk.tests.factories import CentreFactory

    CentreFactory(province="brussel", name="VK Brussel")
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_centre_admin",
            "--centre=brussel",
            "--email=eerste.beheerder@vk.test",
            "--first-name=Eerste",
            "--last-name=Beheerder",
            stdout=io.StringIO(),
        )
    admin = User.objects.get(email="eerste.beheerder@vk.test")
    assert admin.has_role(Role.CENTRE_ADMIN)
    assert admin.centre is not None and admin.centre.name == "VK Brussel"
    assert AuditEntry.objects.get(event="centres.staff.created").purpose == "system"
    with pytest.raises(CommandError, match="al in gebruik|already in use"):
        call_command(
            "create_centre_admin",
            "--centre=brussel",
            "--email=eerste.beheerder@vk.test",
            "--first-name=X",
            "--last-name=Y",
            stdout=io.StringIO(),
        )
