"""The competent centre for a child's residence, from the Belgian postcode."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation

from vk.intake.competence import competence_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def six_centres() -> None:
    call_command("seed_demo", "--without-reports", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("postcode", "centre_name"),
    [
        ("1000", "VK Brussel"),
        ("1500", "VK Vlaams-Brabant"),
        ("2000", "VK Antwerpen"),
        ("3000", "VK Vlaams-Brabant"),
        ("3500", "VK Limburg"),
        ("8000", "VK West-Vlaanderen"),
        ("9000", "VK Oost-Vlaanderen"),
    ],
)
def test_a_flemish_or_brussels_postcode_gives_the_competent_centre(
    postcode: str, centre_name: str
) -> None:
    competence = competence_for(postcode)

    assert competence.centre is not None
    assert competence.centre.name == centre_name


def test_only_a_brussels_postcode_is_marked_as_brussels() -> None:
    assert competence_for("1000").is_brussels
    assert not competence_for("1500").is_brussels
    assert not competence_for("4000").is_brussels


def test_surrounding_spaces_do_not_matter() -> None:
    competence = competence_for(" 2000 ")

    assert competence.centre is not None
    assert competence.centre.name == "VK Antwerpen"


def test_a_walloon_postcode_has_no_flemish_centre() -> None:
    competence = competence_for("4000")

    assert competence.centre is None
    with translation.override(None):
        assert "Wallonia" in str(competence.explanation)


@pytest.mark.parametrize("postcode", ["", "abc", "75001", "999", "0999"])
def test_an_unknown_or_foreign_postcode_has_no_centre(postcode: str) -> None:
    competence = competence_for(postcode)

    assert competence.centre is None
    with translation.override(None):
        assert str(competence.explanation).startswith("Unknown or foreign address")


@pytest.mark.parametrize("postcode", ["²⁰⁰⁰", "２０００"], ids=["superscript", "full-width"])
def test_digits_other_than_ascii_digits_are_an_unknown_postcode(postcode: str) -> None:
    # str.isdigit() accepts these, int() refuses superscripts with a ValueError.
    competence = competence_for(postcode)

    assert competence.centre is None
    with translation.override(None):
        assert str(competence.explanation).startswith("Unknown or foreign address")
