from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError

from vk.centres.models import Centre, PostcodeRange, Team, User
from vk.tests.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    from django.core.management import call_command

    call_command("seed_demo", "--without-reports", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("postcode", "centre_name"),
    [
        (1000, "VK Brussel"),
        (1299, "VK Brussel"),
        (1500, "VK Vlaams-Brabant"),
        (3000, "VK Vlaams-Brabant"),
        (3499, "VK Vlaams-Brabant"),
        (2000, "VK Antwerpen"),
        (2999, "VK Antwerpen"),
        (3500, "VK Limburg"),
        (8400, "VK West-Vlaanderen"),
        (9000, "VK Oost-Vlaanderen"),
    ],
)
def test_postcode_is_served_by_the_right_centre(
    seeded: None, postcode: int, centre_name: str
) -> None:
    centre = Centre.objects.serving(postcode)
    assert centre is not None
    assert centre.name == centre_name


@pytest.mark.parametrize("postcode", [1300, 4000, 6000, 999])
def test_postcode_outside_every_region_has_no_centre(seeded: None, postcode: int) -> None:
    assert Centre.objects.serving(postcode) is None


def test_overlapping_postcode_range_is_refused() -> None:
    CentreFactory()  # Antwerp, with its region 2000–2999
    overlapping = PostcodeRange(centre=CentreFactory(province="limburg"), first=2900, last=3999)
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_reversed_postcode_range_is_refused() -> None:
    with pytest.raises(ValidationError):
        PostcodeRange(centre=CentreFactory(), first=2999, last=2000).full_clean()


def test_scoped_queries_without_a_centre_return_nothing() -> None:
    UserFactory()
    assert User.objects.in_centre(None).count() == 0
    assert Team.objects.in_centre(None).count() == 0


def test_scoped_queries_return_only_the_centre_s_rows() -> None:
    mine = UserFactory()
    UserFactory(centre=CentreFactory(province="limburg"))
    assert list(User.objects.in_centre(mine.centre)) == [mine]
