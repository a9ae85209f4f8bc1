"""Finding the centre for a postcode: the rule and the page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from vk.centres.models import Centre, PostcodeRange, Province
from vk.public.postcodes import Area, area_of, parse_postcode
from vk.tests.factories import CentreFactory

SOS_ENFANTS = "SOS Enfants"


@pytest.fixture
def centres(db: None) -> dict[str, Centre]:
    """All six centres, each with the real postcode region of the demo data."""
    return {
        province.value: CentreFactory(
            province=province, name=f"VK {province.label}", phone=f"0{index} 000 00 00"
        )
        for index, province in enumerate(Province, start=1)
    }


def _find(postcode: str) -> str:
    response = Client().get(reverse("public:find-centre"), {"postcode": postcode})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("text", "postcode"),
    [("2000", 2000), (" 1080 ", 1080), ("9999", 9999), ("1000", 1000)],
)
def test_four_digits_from_1000_are_a_postcode(text: str, postcode: int) -> None:
    assert parse_postcode(text) == postcode


@pytest.mark.parametrize("text", ["", "12a", "0999", "999", "10000", "20 00", "٢٠٠٠", None])
def test_anything_else_is_not_a_postcode(text: str | None) -> None:
    assert parse_postcode(text) is None


@pytest.mark.parametrize(
    ("postcode", "area"),
    [
        (1000, Area.BRUSSELS),
        (1299, Area.BRUSSELS),
        (1300, Area.WALLONIA),
        (1499, Area.WALLONIA),
        (1500, Area.FLANDERS),
        (3999, Area.FLANDERS),
        (4000, Area.WALLONIA),
        (4700, Area.GERMAN_SPEAKING),
        (4799, Area.GERMAN_SPEAKING),
        (4800, Area.WALLONIA),
        (7999, Area.WALLONIA),
        (8000, Area.FLANDERS),
        (9999, Area.FLANDERS),
    ],
)
def test_the_language_area_follows_the_postcode_plan(postcode: int, area: Area) -> None:
    assert area_of(postcode) is area


@pytest.mark.parametrize(
    ("postcode", "province"),
    [
        ("2000", "antwerpen"),
        ("3500", "limburg"),
        ("1500", "vlaams-brabant"),
        ("3000", "vlaams-brabant"),
        ("8500", "west-vlaanderen"),
        ("9000", "oost-vlaanderen"),
    ],
)
def test_a_flemish_postcode_finds_its_centre(
    centres: dict[str, Centre], postcode: str, province: str
) -> None:
    html = _find(postcode)
    centre = centres[province]
    assert centre.name in html
    assert centre.phone in html
    assert reverse("public:centre", args=[province]) in html
    assert SOS_ENFANTS not in html
    for other in centres.values():
        if other != centre:
            assert other.name not in html


def test_a_brussels_postcode_finds_the_brussels_centre_and_mentions_sos_enfants(
    centres: dict[str, Centre],
) -> None:
    html = _find("1080")
    assert centres["brussel"].name in html
    assert reverse("public:centre", args=["brussel"]) in html
    assert SOS_ENFANTS in html


@pytest.mark.parametrize("postcode", ["5000", "1300", "6000", "7500"])
def test_a_walloon_postcode_names_sos_enfants_and_no_flemish_centre(
    centres: dict[str, Centre], postcode: str
) -> None:
    html = _find(postcode)
    assert "Fédération Wallonie-Bruxelles" in html
    assert SOS_ENFANTS in html
    assert not any(centre.name in html for centre in centres.values())


def test_a_german_speaking_postcode_names_the_german_speaking_community(
    centres: dict[str, Centre],
) -> None:
    html = _find("4700")
    assert "German-speaking Community" in html or "Duitstalige Gemeenschap" in html
    assert "Fédération Wallonie-Bruxelles" not in html
    assert not any(centre.name in html for centre in centres.values())


def test_a_flemish_postcode_outside_every_region_points_to_1712(
    centres: dict[str, Centre],
) -> None:
    PostcodeRange.objects.filter(centre=centres["oost-vlaanderen"]).delete()
    html = _find("9000")
    assert "1712" in html.split('id="answer-heading"', 1)[1]
    assert not any(centre.name in html for centre in centres.values())


@pytest.mark.parametrize("typed", ["12a", "0999", "", "2000-2999"])
def test_a_wrong_postcode_is_explained_on_the_same_page(
    centres: dict[str, Centre], typed: str
) -> None:
    html = _find(typed)
    assert 'id="postcode-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="postcode-error postcode-help"' in html
    assert f'value="{typed}"' in html
    assert 'id="answer-heading"' not in html


def test_the_typed_value_is_escaped(centres: dict[str, Centre]) -> None:
    html = _find('"><b>x')
    assert "<b>x" not in html
    assert "&quot;&gt;&lt;b&gt;x" in html


def test_without_a_postcode_the_page_only_shows_the_form(centres: dict[str, Centre]) -> None:
    html = Client().get(reverse("public:find-centre")).content.decode()
    assert 'name="postcode"' in html
    assert 'aria-invalid="true"' not in html
    assert 'id="answer-heading"' not in html


def test_the_postcode_is_not_logged(
    centres: dict[str, Centre], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("DEBUG"):
        _find("3512")
        _find("12a")
    assert "3512" not in caplog.text
    assert "12a" not in caplog.text
