from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vk.centres.models import Centre, Role, User

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


def test_seed_demo_refuses_production(settings: object) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 0
