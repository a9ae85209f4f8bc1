"""The genogram: an accessible, printable SVG drawn from the family composition."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from itertools import combinations

import pytest

from vk.centres.models import Centre, User
from vk.dossiers.genogram import (
    GenogramPerson,
    GenogramProfessional,
    _Box,
    _layout,
    genogram_for,
    render_genogram,
)
from vk.dossiers.models import Dossier, DossierMember, Relationship
from vk.intake.tests.factories import make_person

SVG = "{http://www.w3.org/2000/svg}"


def person(key: str, name: str, relationship: str, **fields: object) -> GenogramPerson:
    return GenogramPerson(key=key, name=name, relationship=relationship, **fields)


def small_family() -> list[GenogramPerson]:
    return [
        person("1", "Jan Peeters", "parent", gender="m", birth_year=1980, parental_authority=True),
        person("2", "Els Janssens", "parent", gender="f", birth_year=1983, parental_authority=True),
        person("3", "Anna Peeters", "child", gender="f", birth_year=2015),
        person("4", "Lucas Peeters", "child", gender="m", birth_year=2017),
        person("5", "Baby Peeters", "child", unborn=True),
        person("6", "Maria Wouters", "grandparent", gender="f", birth_year=1955),
    ]


def family_of_fifteen() -> list[GenogramPerson]:
    """2 grandparents, 4 adults and 9 children, with long names."""
    return [
        person("g1", "Maria Janssens-Vandenbroucke", "grandparent", gender="f", birth_year=1950),
        person("g2", "Jozef Peeters", "grandparent", gender="m", birth_year=1948),
        person("a1", "Jan Peeters", "parent", gender="m", birth_year=1980, parental_authority=True),
        person(
            "a2",
            "Els Vandenbroucke-Vermeulen",
            "parent",
            gender="f",
            birth_year=1983,
            parental_authority=True,
        ),
        person("a3", "Karim El Amrani", "step_parent", gender="m", birth_year=1979),
        person("a4", "Sofie De Smet", "foster_parent", gender="f", birth_year=1975),
        person("c1", "Anna Peeters", "child", gender="f", birth_year=2015),
        person("c2", "Lucas Peeters", "child", gender="m", birth_year=2017),
        person("c3", "", "child", unborn=True),
        person("c4", "Noor Peeters", "sibling", gender="f", birth_year=2012),
        person("c5", "Sam Peeters", "sibling", gender="x", birth_year=2019),
        person("c6", "Yasmine El Amrani", "half_sibling", gender="f", birth_year=2008),
        person("c7", "Robin Maximiliaan Alexander Peeters", "sibling", birth_year=2020),
        person("c8", "Milan Peeters", "sibling", gender="m", birth_year=2010),
        person("c9", "Wolfgang Mohammed Wijnants", "half_sibling", gender="m", birth_year=2006),
    ]


def professionals() -> list[GenogramProfessional]:
    return [
        GenogramProfessional("Dr. An Claes", "Huisartsenpraktijk De Linde", "huisarts"),
        GenogramProfessional("Tom Willems", "CLB Antwerpen", "CLB"),
    ]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def group_of(root: ET.Element, name: str) -> ET.Element:
    """The <g> of the person whose <title> starts with `name`."""
    for group in root.iter(f"{SVG}g"):
        title = group.find(f"{SVG}title")
        if title is not None and (title.text or "").startswith(name):
            return group
    raise AssertionError(f"no group for {name}")


def all_text(root: ET.Element) -> str:
    return " ".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def boxes_of(layout_members: list[GenogramPerson]) -> list[tuple[str, _Box]]:
    layout = _layout(layout_members)
    boxes = []
    for placed in layout.persons:
        boxes.append((f"{placed.person.key} symbol", placed.symbol_box))
        boxes.append((f"{placed.person.key} label", placed.label_box))
    return boxes


def test_the_drawing_is_valid_xml_and_shows_each_name() -> None:
    root = parse(render_genogram(small_family()))

    assert root.tag == f"{SVG}svg"
    texts = all_text(root)
    for name in ("Jan Peeters", "Els Janssens", "Anna Peeters", "Lucas Peeters", "Maria Wouters"):
        assert name in texts
    assert "1980" in texts
    assert "unborn" in texts


def test_names_are_escaped() -> None:
    members = [
        person("1", "<script>alert('x')</script> & Co", "child"),
        person("2", 'Ann "quoted" <b>', "parent", parental_authority=True),
    ]
    pros = [GenogramProfessional("<script>evil()</script>", "<img src=x onerror=alert(1)>")]

    svg = render_genogram(members, pros)

    assert "<script" not in svg
    assert "<img" not in svg
    assert "&lt;script&gt;" in svg
    root = parse(svg)
    assert "<script>alert('x')</script> & Co" in "".join(root.itertext())


def test_characters_xml_cannot_hold_are_dropped() -> None:
    svg = render_genogram([person("1", "Anna\x00\x07 Peeters\ufffe", "child")])

    assert "Anna Peeters" in all_text(parse(svg))


def test_the_svg_is_an_image_named_and_described_in_words() -> None:
    svg = render_genogram(small_family())
    root = parse(svg)

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == title_id
    assert desc is not None and desc.get("id") == desc_id
    assert title.text == "Genogram: 2 parents, 3 children, 1 grandparent"
    assert "Jan Peeters (male, 1980, parental authority)" in (desc.text or "")
    assert "Baby Peeters (unborn)" in (desc.text or "")


def test_the_svg_needs_no_style_script_or_external_reference() -> None:
    svg = render_genogram(family_of_fifteen(), professionals())

    assert "style=" not in svg
    assert "<style" not in svg
    assert "<script" not in svg
    assert "href" not in svg
    assert "url(" not in svg
    for element in parse(svg).iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")]


def test_the_svg_scales_to_its_container() -> None:
    root = parse(render_genogram(small_family()))

    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))


def test_an_unborn_child_is_drawn_as_a_triangle() -> None:
    root = parse(render_genogram(small_family()))

    polygons = group_of(root, "Baby Peeters").findall(f"{SVG}polygon")
    assert polygons
    assert all(len(p.get("points", "").split()) == 3 for p in polygons)
    assert group_of(root, "Anna Peeters").find(f"{SVG}polygon") is None


def test_a_year_of_birth_from_an_age_estimate_is_marked_as_approximate() -> None:
    members = [
        person("1", "Anna Peeters", "child", birth_year=2015),
        person("2", "Lucas Peeters", "child", birth_year=2018, birth_year_estimated=True),
    ]
    root = parse(render_genogram(members))

    anna = "".join(group_of(root, "Anna Peeters").itertext())
    lucas = "".join(group_of(root, "Lucas Peeters").itertext())
    assert "2015" in anna and "±" not in anna
    assert "± 2018" in lucas
    assert "Lucas Peeters (± 2018)" in root.find(f"{SVG}desc").text


def test_parental_authority_is_a_thick_outline_and_a_badge_with_a_title() -> None:
    root = parse(render_genogram(small_family()))

    father = group_of(root, "Jan Peeters")
    assert father.find(f"{SVG}rect").get("stroke-width") == "4"
    badge_titles = [t.text for t in father.iter(f"{SVG}title")][1:]
    assert badge_titles == ["parental authority"]
    assert "G" in all_text(father)
    grandmother = group_of(root, "Maria Wouters")
    assert len(list(grandmother.iter(f"{SVG}title"))) == 1
    assert grandmother.find(f"{SVG}circle").get("stroke-width") == "2"


def test_the_children_the_report_is_about_have_a_double_outline() -> None:
    root = parse(render_genogram(small_family()))

    assert len(group_of(root, "Anna Peeters").findall(f"{SVG}circle")) == 2
    assert len(group_of(root, "Lucas Peeters").findall(f"{SVG}rect")) == 2
    assert len(group_of(root, "Jan Peeters").findall(f"{SVG}rect")) == 1


def test_gender_gives_the_conventional_symbol() -> None:
    members = [
        person("m", "Man", "parent", gender="m"),
        person("f", "Vrouw", "parent", gender="f"),
        person("x", "Ander", "sibling", gender="x"),
        person("u", "Onbekend", "sibling"),
    ]
    root = parse(render_genogram(members))

    assert group_of(root, "Man").find(f"{SVG}rect").get("rx") is None
    assert group_of(root, "Vrouw").find(f"{SVG}circle") is not None
    diamond = group_of(root, "Ander").find(f"{SVG}polygon")
    assert diamond is not None and len(diamond.get("points", "").split()) == 4
    assert group_of(root, "Onbekend").find(f"{SVG}rect").get("rx")


def test_parents_are_joined_and_lines_go_down_to_the_children() -> None:
    layout = _layout(family_of_fifteen())

    kinds = {line.kind for line in layout.lines}
    assert {"parent", "step_parent", "foster_parent", "half_sibling"} <= kinds
    adults_y = {p.y for p in layout.persons if p.row == 1}
    children = [p for p in layout.persons if p.row == 2]
    couple = [line for line in layout.lines if line.y1 == line.y2 and line.y1 in adults_y]
    assert couple
    # One vertical line from the parents to the children line, one down to each child.
    drops = [line for line in layout.lines if line.x1 == line.x2]
    assert len(drops) == 1 + len(children)
    svg = render_genogram(family_of_fifteen())
    assert 'stroke-dasharray="8 5"' in svg  # step-parent
    assert 'stroke-dasharray="1 5"' in svg  # foster parent


def test_rows_are_grandparents_adults_then_children_oldest_first() -> None:
    layout = _layout(family_of_fifteen())

    rows = {p.person.key: p for p in layout.persons}
    assert rows["g1"].y < rows["a1"].y < rows["c1"].y
    assert rows["a3"].y == rows["a4"].y == rows["a1"].y
    children = sorted((p for p in layout.persons if p.row == 2), key=lambda p: p.x)
    assert [p.person.key for p in children][:3] == ["c9", "c6", "c8"]
    assert children[-1].person.key == "c3"  # the unborn child comes last
    middle = sorted((p for p in layout.persons if p.row == 1), key=lambda p: p.x)
    assert {p.person.key for p in middle[1:3]} == {"a1", "a2"}  # parents in the middle


@pytest.mark.parametrize(
    "members",
    [
        [person("1", "Sarah Claes", "parent", gender="f"), person("2", "Mila", "child")],
        family_of_fifteen(),
        [*family_of_fifteen(), person("h", "Tante Greet Wouters", "household_member")],
    ],
    ids=["two persons", "fifteen persons", "sixteen persons"],
)
def test_symbols_and_texts_do_not_overlap(members: list[GenogramPerson]) -> None:
    layout = _layout(members)
    boxes = boxes_of(members)

    for (first, a), (second, b) in combinations(boxes, 2):
        assert not a.overlaps(b), f"{first} overlaps {second}"
    for _, box in boxes:
        assert box.x >= 0 and box.right <= layout.width
        assert box.y >= 0 and box.bottom <= layout.height


def test_no_line_runs_through_a_text() -> None:
    layout = _layout([*family_of_fifteen(), person("h", "Tante Greet", "household_member")])

    for line in layout.lines:
        for placed in layout.persons:
            box = placed.label_box
            left, right = sorted((line.x1, line.x2))
            top, bottom = sorted((line.y1, line.y2))
            crosses = left < box.right and box.x < right and top < box.bottom and box.y < bottom
            assert not crosses, f"{line} crosses the text of {placed.person.name}"


def test_width_grows_with_the_widest_row() -> None:
    two = _layout(small_family()[:2])
    fifteen = _layout(family_of_fifteen())

    assert fifteen.width >= 9 * 110
    assert fifteen.width > two.width
    root = parse(render_genogram(family_of_fifteen()))
    assert root.get("viewBox", "").split()[2] == f"{fifteen.width:g}"


def test_a_long_name_is_wrapped_or_cut_and_kept_whole_in_a_title() -> None:
    long_name = "Alexandra Maximiliana Josephina Vandenbroucke-Vermeulen de Sint-Truiden"
    root = parse(render_genogram([person("1", long_name, "child")]))

    group = group_of(root, long_name)
    lines = [t.text or "" for t in group.findall(f"{SVG}text")]
    assert any(line.endswith("\u2026") for line in lines)
    assert len([line for line in lines if line]) <= 4
    placed = _layout([person("1", long_name, "child")]).persons[0]
    assert placed.label_box.width <= 104


def test_professionals_appear_with_their_organisation_below_the_family() -> None:
    svg = render_genogram(small_family(), professionals())
    root = parse(svg)

    texts = all_text(root)
    assert "Dr. An Claes" in texts
    assert "Huisartsenpraktijk De Linde" in texts
    assert "CLB Antwerpen" in texts
    assert root.find(f"{SVG}title").text.startswith("Genogram and ecogram")
    assert "Professionals: Dr. An Claes (Huisartsenpraktijk De Linde, huisarts)" in svg
    layout = _layout(small_family(), professionals())
    assert layout.frame is not None
    for placed in layout.professionals:
        assert placed.box.y > layout.frame.bottom
    assert [line for line in layout.lines if line.kind == "network"]


def test_many_professionals_wrap_into_rows_without_overlapping() -> None:
    many = [GenogramProfessional(f"Medewerker {n}", f"Dienst {n}", "politie") for n in range(9)]
    layout = _layout(family_of_fifteen(), many)

    assert len({p.y for p in layout.professionals}) == 2
    for a, b in combinations(layout.professionals, 2):
        assert not a.box.overlaps(b.box)
    verticals = [line for line in layout.lines if line.kind == "network" and line.x1 == line.x2]
    for placed in layout.professionals:
        box = placed.box
        assert box.x >= 0 and box.right <= layout.width
        # The lines to the second row pass between the boxes of the first, not through.
        for line in verticals:
            top, bottom = sorted((line.y1, line.y2))
            assert not (box.x < line.x1 < box.right and top < box.bottom and box.y < bottom)


def test_labels_can_be_translated() -> None:
    labels = {
        "title": "Genogram",
        "unborn": "ongeboren",
        "parent_other": "ouders",
        "child_one": "kind",
        "child_other": "kinderen",
        "grandparent_one": "grootouder",
        "parental_authority": "ouderlijk gezag",
    }
    root = parse(render_genogram(small_family(), labels=labels))

    assert root.find(f"{SVG}title").text == "Genogram: 2 ouders, 3 kinderen, 1 grootouder"
    assert "ongeboren" in all_text(root)
    assert "ouderlijk gezag" in [t.text for t in root.iter(f"{SVG}title")]


def test_an_empty_family_gives_a_valid_drawing() -> None:
    root = parse(render_genogram([]))

    assert "No family members recorded" in all_text(root)
    assert root.get("role") == "img"


@pytest.mark.django_db
def test_a_dossier_s_family_is_drawn(centre_a: Centre, case_worker_a: User) -> None:
    dossier = Dossier.objects.create(
        centre=centre_a, reference="TEST-GENO-1", opened_by=case_worker_a
    )
    mother = make_person(centre_a, "Els", "Janssens", gender="f", birth_date=date(1985, 3, 1))
    child = make_person(centre_a, "Anna", gender="f", birth_date=date(2016, 5, 2))
    unborn = make_person(centre_a, "", "", is_unborn=True, expected_birth_date=date(2026, 9, 1))
    DossierMember.objects.create(
        dossier=dossier, person=mother, relationship=Relationship.PARENT, parental_authority=True
    )
    DossierMember.objects.create(dossier=dossier, person=child, relationship=Relationship.CHILD)
    DossierMember.objects.create(dossier=dossier, person=unborn, relationship=Relationship.SIBLING)

    root = parse(genogram_for(dossier))

    texts = all_text(root)
    assert "Els Janssens" in texts
    assert "Anna Peeters" in texts
    assert "2016" in texts
    assert group_of(root, "Els Janssens").find(f"{SVG}circle").get("stroke-width") == "4"
    assert len(group_of(root, str(unborn)).findall(f"{SVG}polygon")) == 1
    assert root.find(f"{SVG}title").text.startswith("Genogram")
