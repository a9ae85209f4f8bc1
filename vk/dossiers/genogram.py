"""A family's genogram (and ecogram), drawn as SVG on the server from the dossier's data.

`render_genogram` is a pure function: persons and professionals in, an SVG string out.
Every text put into the SVG is escaped with `html.escape`, so the caller may mark the
result safe. The SVG uses presentation attributes only (no `style` attribute, no
`<style>` element, no script, no external references), so it passes a strict CSP,
and it is black on white so it prints in black and white.

Layout, in generational rows:

- top: grandparents (no lines: the data does not say whose parent they are);
- middle: parents in the centre, step- and foster parents beside them, household
  members and others at the ends (no lines, with a caption);
- bottom: the children the report is about, their siblings and half-siblings, oldest
  on the left.

The parents are joined by a horizontal line at the height of their symbols (dashed to
a step-parent, dotted to a foster parent); a vertical line drops from between the
parents to the children line, and a short line drops from it to each child
(dash-dotted for a half-sibling). Square: male, circle: female, diamond: other gender,
rounded square with "?": gender unknown, triangle: unborn. A thick outline and a "G"
badge mark parental authority; a double outline marks the children the report is
about. With professionals (ecogram), the family is framed and the professionals are
drawn as rounded rectangles below it, joined to the frame by thin lines.

Labels are English by default; pass `labels` (or use `genogram_for`, which translates
them with gettext) for another language.
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Min
from django.utils.translation import gettext

if TYPE_CHECKING:
    from vk.dossiers.models import Dossier, DossierMember
    from vk.people.models import Person


@dataclass(frozen=True)
class GenogramPerson:
    """One family member. `relationship` is a `Relationship` value of the dossier."""

    key: str
    name: str
    relationship: str
    gender: str = ""
    birth_year: int | None = None
    unborn: bool = False
    parental_authority: bool = False
    birth_year_estimated: bool = False  # from an age estimate: shown as "± 2018"


@dataclass(frozen=True)
class GenogramProfessional:
    """A professional around the family (ecogram)."""

    name: str
    organisation: str
    kind: str = ""


def gettext_noop(message: str) -> str:
    """Marks a label for makemessages, like Django's, without needing settings at import."""
    return message


# English defaults, marked for translation; `translated_labels()` runs them through gettext.
DEFAULT_LABELS: dict[str, str] = {
    "title": gettext_noop("Genogram"),
    "title_ecogram": gettext_noop("Genogram and ecogram"),
    "empty": gettext_noop("No family members recorded"),
    "unborn": gettext_noop("unborn"),
    # Translators: caption under an unborn child; {year} is the expected year of birth.
    "expected": gettext_noop("expected {year}"),
    # Translators: caption under a person; {year} is the year of birth.
    "birth_year": gettext_noop("{year}"),
    # Translators: caption under a child whose age was estimated; {year} is the year of
    # birth from the estimate.
    "estimated_birth_year": gettext_noop("± {year}"),
    "parental_authority": gettext_noop("parental authority"),
    # Translators: one-letter badge on the symbol of a person with parental authority.
    "parental_authority_badge": gettext_noop("G"),
    "report_child": gettext_noop("child the report is about"),
    "female": gettext_noop("female"),
    "male": gettext_noop("male"),
    "gender_other": gettext_noop("other gender"),
    "gender_unknown": gettext_noop("gender unknown"),
    "child_one": gettext_noop("child"),
    "child_other": gettext_noop("children"),
    "sibling_one": gettext_noop("sibling"),
    "sibling_other": gettext_noop("siblings"),
    "half_sibling_one": gettext_noop("half-sibling"),
    "half_sibling_other": gettext_noop("half-siblings"),
    "parent_one": gettext_noop("parent"),
    "parent_other": gettext_noop("parents"),
    "step_parent_one": gettext_noop("step-parent"),
    "step_parent_other": gettext_noop("step-parents"),
    "foster_parent_one": gettext_noop("foster parent"),
    "foster_parent_other": gettext_noop("foster parents"),
    "grandparent_one": gettext_noop("grandparent"),
    "grandparent_other": gettext_noop("grandparents"),
    "household_member_one": gettext_noop("household member"),
    "household_member_other": gettext_noop("household members"),
    "other_one": gettext_noop("other"),
    "other_other": gettext_noop("others"),
    "professional_one": gettext_noop("professional"),
    "professional_other": gettext_noop("professionals"),
}


def translated_labels() -> dict[str, str]:
    """The default labels in the active language."""
    return {key: gettext(value) for key, value in DEFAULT_LABELS.items()}


def render_genogram(
    members: Sequence[GenogramPerson],
    professionals: Sequence[GenogramProfessional] = (),
    *,
    labels: Mapping[str, str] | None = None,
    id_prefix: str | None = None,
) -> str:
    """The family as an accessible, printable SVG string (all texts escaped)."""
    words = {**DEFAULT_LABELS, **(labels or {})}
    layout = _layout(members, professionals, words)
    title, desc = _summary(members, professionals, words)
    return _render(layout, title, desc, words, id_prefix)


def genogram_for(
    dossier: Dossier,
    *,
    labels: Mapping[str, str] | None = None,
    family: Sequence[DossierMember] | None = None,
) -> str:
    """The genogram of a dossier's family, with the professionals the team contacted
    around it (the ecogram); labels in the active language. `family`: the dossier's
    members with their persons, when the caller has them."""
    if family is None:
        family = list(dossier.members.select_related("person"))
    members = [
        GenogramPerson(
            key=str(member.person.pk),
            name=member.person.display_name,
            relationship=member.relationship,
            gender=member.person.gender,
            birth_year=_year_of(member.person),
            unborn=member.person.is_unborn,
            parental_authority=member.parental_authority,
            birth_year_estimated=member.person.birth_date is None
            and member.person.estimated_birth_year is not None,
        )
        for member in family
    ]
    # Each professional once, in the order the team first contacted them.
    contacted = (
        dossier.contacts.values_list("professional", "organisation")
        .annotate(first=Min("contacted_at"))
        .order_by("first", "professional", "organisation")
    )
    professionals = [
        GenogramProfessional(name=name, organisation=organisation)
        for name, organisation, _first in contacted
    ]
    return render_genogram(
        members, professionals, labels=translated_labels() if labels is None else labels
    )


def _year_of(person: Person) -> int | None:
    if person.birth_date is not None:
        return person.birth_date.year
    if person.is_unborn and person.expected_birth_date is not None:
        return person.expected_birth_date.year
    return person.estimated_birth_year


# --- Geometry -------------------------------------------------------------------------

SLOT = 120  # horizontal room per person
HALF = 22  # half the size of a symbol
MARGIN = 24
MIN_WIDTH = 560
ROW_GAP = 48  # from the bottom of a row's texts to the top of the next row's symbols
LABEL_GAP = 10  # from the symbol to its texts
LABEL_WIDTH = SLOT - 16  # keeps a free corridor between neighbouring texts
NAME_SIZE = 13
CAPTION_SIZE = 12
LINE_HEIGHT = 16
NAME_LINES = 3
DOUBLE_GAP = 5  # distance of the second outline of a child the report is about
BADGE_RADIUS = 9
STROKE = 2
THICK_STROKE = 4
LINE_STROKE = 2
SIBSHIP_DROP = 28  # from the children line down to a child's symbol
PROF_WIDTH = 156
PROF_HEIGHT = 72
PROF_PITCH = 176
PROF_ROW_GAP = 30
PROF_MAX_PER_ROW = 6
LEGEND_SIZE = 12
LEGEND_LINE_HEIGHT = 24

FONT = "Arial, Helvetica, Liberation Sans, sans-serif"
INK = "#111111"
LINE_INK = "#222222"
MUTED = "#444444"
PAPER = "#ffffff"

GRANDPARENT = "grandparent"
PARENT_LIKE = ("parent", "step_parent", "foster_parent")
HOUSEHOLD = ("household_member", "other")
CHILDREN = ("child", "sibling", "half_sibling")
RELATIONSHIP_ORDER = (
    "parent",
    "step_parent",
    "foster_parent",
    "child",
    "sibling",
    "half_sibling",
    "grandparent",
    "household_member",
    "other",
)
DASHES = {
    "parent": "",
    "step_parent": "8 5",
    "foster_parent": "1 5",
    "half_sibling": "6 3 2 3",
    "network": "",
}


@dataclass(frozen=True)
class _Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def overlaps(self, other: _Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


@dataclass(frozen=True)
class _Shape:
    """A rect (rx for rounded), a circle or a polygon."""

    tag: str
    x: float
    y: float
    half: float
    rx: float = 0
    points: tuple[tuple[float, float], ...] = ()

    def bounds(self) -> _Box:
        if self.tag == "polygon":
            xs = [p[0] for p in self.points]
            ys = [p[1] for p in self.points]
            return _Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        return _Box(self.x - self.half, self.y - self.half, 2 * self.half, 2 * self.half)


def _shape(kind: str, x: float, y: float, half: float, grow: float = 0) -> _Shape:
    """A symbol of `kind`, `grow` px larger all round (for a second outline)."""
    if kind == "circle":
        return _Shape("circle", x, y, half + grow)
    if kind == "square":
        return _Shape("rect", x, y, half + grow)
    if kind == "rounded":
        return _Shape("rect", x, y, half + grow, rx=half / 2 + grow)
    if kind == "diamond":
        h = half + grow * math.sqrt(2)
        return _Shape("polygon", x, y, h, points=((x, y - h), (x + h, y), (x, y + h), (x - h, y)))
    # Triangle (apex up), grown about its incentre so the outlines stay parallel.
    inradius = 2 * half / (1 + math.sqrt(5))
    centre_y = y + half - inradius
    scale = (inradius + grow) / inradius
    points = ((x, y - half), (x + half, y + half), (x - half, y + half))
    return _Shape(
        "polygon",
        x,
        y,
        half,
        points=tuple(
            (x + (px - x) * scale, centre_y + (py - centre_y) * scale) for px, py in points
        ),
    )


def _symbol_kind(person: GenogramPerson) -> str:
    if person.unborn:
        return "triangle"
    return {"m": "square", "f": "circle", "x": "diamond"}.get(person.gender, "rounded")


@dataclass(frozen=True)
class _PlacedPerson:
    person: GenogramPerson
    x: float  # centre of the symbol
    y: float
    row: int  # 0 grandparents, 1 adults, 2 children
    name_lines: tuple[str, ...]
    caption_lines: tuple[str, ...]

    @property
    def kind(self) -> str:
        return _symbol_kind(self.person)

    @property
    def report_child(self) -> bool:
        return self.person.relationship == "child"

    def shapes(self) -> tuple[_Shape, ...]:
        inner = _shape(self.kind, self.x, self.y, HALF)
        if self.report_child:
            return (inner, _shape(self.kind, self.x, self.y, HALF, grow=DOUBLE_GAP))
        return (inner,)

    @property
    def badge_centre(self) -> tuple[float, float]:
        return (self.x + HALF, self.y - HALF)

    @property
    def symbol_box(self) -> _Box:
        """Everything drawn for the symbol: outlines, stroke and badge."""
        boxes = [shape.bounds() for shape in self.shapes()]
        pad = (THICK_STROKE if self.person.parental_authority else STROKE) / 2
        left = min(b.x for b in boxes) - pad
        top = min(b.y for b in boxes) - pad
        right = max(b.right for b in boxes) + pad
        bottom = max(b.bottom for b in boxes) + pad
        if self.person.parental_authority:
            bx, by = self.badge_centre
            right = max(right, bx + BADGE_RADIUS + 1)
            top = min(top, by - BADGE_RADIUS - 1)
        return _Box(left, top, right - left, bottom - top)

    @property
    def label_top(self) -> float:
        return self.y + HALF + DOUBLE_GAP + LABEL_GAP

    @property
    def label_box(self) -> _Box:
        widths = [_text_width(line, NAME_SIZE) for line in self.name_lines]
        widths += [_text_width(line, CAPTION_SIZE) for line in self.caption_lines]
        width = max(widths, default=0)
        lines = len(self.name_lines) + len(self.caption_lines)
        return _Box(self.x - width / 2, self.label_top, width, lines * LINE_HEIGHT)


@dataclass(frozen=True)
class _PlacedProfessional:
    professional: GenogramProfessional
    x: float  # centre
    y: float  # top
    lines: tuple[tuple[str, int, str], ...]  # text, font size, "bold", "normal" or "muted"

    @property
    def box(self) -> _Box:
        return _Box(self.x - PROF_WIDTH / 2, self.y, PROF_WIDTH, PROF_HEIGHT)


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str  # a key of DASHES


@dataclass(frozen=True)
class _LegendItem:
    kind: str
    text: str
    x: float
    y: float  # centre line


@dataclass(frozen=True)
class _Layout:
    width: float
    height: float
    persons: tuple[_PlacedPerson, ...]
    lines: tuple[_Line, ...]
    professionals: tuple[_PlacedProfessional, ...] = ()
    frame: _Box | None = None
    legend: tuple[_LegendItem, ...] = ()
    empty_text: str = ""


# --- Text -------------------------------------------------------------------------------

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
ELLIPSIS = "\u2026"


def _clean(text: str) -> str:
    """One line of text, without characters XML cannot hold."""
    return " ".join(_NOT_IN_XML.sub("", text).split())


# Advance widths (em) of Arial / Liberation Sans; anything else counts as a wide letter.
_WIDTHS = {
    **dict.fromkeys("ijl'|", 0.222),
    **dict.fromkeys(" ft.,:;!/()[]I", 0.278),
    **dict.fromkeys('r-"', 0.333),
    **dict.fromkeys("cksvxyzJ", 0.5),
    **dict.fromkeys("abdeghnopqu0123456789?#$_", 0.556),
    **dict.fromkeys("FLTZ", 0.611),
    **dict.fromkeys("ABEKPSVXY&", 0.667),
    **dict.fromkeys("wCDHNRU", 0.722),
    **dict.fromkeys("GOQ", 0.778),
    **dict.fromkeys("mM", 0.833),
    "W": 0.944,
    "@": 1.015,
    "%": 0.889,
}
_SAFETY = 1.08  # room for a fallback font somewhat wider than Arial


def _char_width(char: str) -> float:
    if char in _WIDTHS:
        return _WIDTHS[char]
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFD", char)[:1]  # é is as wide as e
    return _WIDTHS.get(base, 0.72 if base.isupper() else 0.6)


def _text_width(text: str, size: float) -> float:
    """A slightly generous estimate of the width of `text` in a sans-serif font."""
    return sum(_char_width(char) for char in text) * size * _SAFETY


def _truncate(text: str, width: float, size: float) -> str:
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text.rstrip() + ELLIPSIS, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _fit(text: str, width: float, size: float, max_lines: int) -> tuple[str, ...]:
    """Wrap at spaces and after hyphens; cut the last line with an ellipsis."""
    tokens = re.findall(r"[^\s-]*-+|[^\s-]+", _clean(text))
    lines: list[str] = []
    previous = ""
    for token in tokens:
        glue = "" if previous.endswith("-") else " "
        if lines and _text_width(lines[-1] + glue + token, size) <= width:
            lines[-1] += glue + token
        else:
            lines.append(token)
        previous = token
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :]) + ELLIPSIS]
    return tuple(_truncate(line, width, size) for line in lines)


def _year_caption(person: GenogramPerson, words: Mapping[str, str]) -> str:
    year = "" if person.birth_year is None else str(person.birth_year)
    if person.unborn:
        if year:
            return words["expected"].replace("{year}", year)
        return words["unborn"]
    if not year:
        return ""
    key = "estimated_birth_year" if person.birth_year_estimated else "birth_year"
    return words[key].replace("{year}", year)


def _relationship_key(person: GenogramPerson) -> str:
    known = person.relationship in RELATIONSHIP_ORDER
    return person.relationship if known else "other"


def _name(person: GenogramPerson) -> str:
    """The name; an unnamed unborn child is called nothing (its caption says unborn)."""
    return _clean(person.name) or ("" if person.unborn else "?")


# --- Layout -----------------------------------------------------------------------------


def _alternate(centre: list[GenogramPerson], extras: list[GenogramPerson]) -> list[GenogramPerson]:
    """Put the extras alternately right and left of the centre."""
    row = list(centre)
    for index, person in enumerate(extras):
        if index % 2 == 0:
            row.append(person)
        else:
            row.insert(0, person)
    return row


def _rows(members: Sequence[GenogramPerson]) -> list[tuple[int, list[GenogramPerson]]]:
    grandparents = [m for m in members if m.relationship == GRANDPARENT]
    children = sorted(
        (m for m in members if m.relationship in CHILDREN),
        key=lambda m: (m.unborn, m.birth_year is None, m.birth_year or 0),
    )
    adults = [m for m in members if m.relationship not in (GRANDPARENT, *CHILDREN)]
    parents = [m for m in adults if m.relationship == "parent"]
    step_and_foster = [m for m in adults if m.relationship in PARENT_LIKE[1:]]
    others = [m for m in adults if m.relationship not in PARENT_LIKE]
    middle = _alternate(_alternate(parents, step_and_foster), others)
    return [(row, people) for row, people in enumerate((grandparents, middle, children)) if people]


def _captions(person: GenogramPerson, words: Mapping[str, str]) -> tuple[str, ...]:
    year = _year_caption(person, words)
    captions: tuple[str, ...] = ()
    if year:
        captions = (_truncate(_clean(year), LABEL_WIDTH, CAPTION_SIZE),)
    if person.relationship not in (GRANDPARENT, *PARENT_LIKE, *CHILDREN):
        relationship = words[f"{_relationship_key(person)}_one"]
        captions += _fit(relationship, LABEL_WIDTH, CAPTION_SIZE, 2)
    return captions


def _drop_x(placed: Sequence[_PlacedPerson]) -> float | None:
    """Where the line to the children leaves the parents: between the middle two
    (parents, or else step- and foster parents), or beside a single one; always on a
    slot boundary, which the texts keep clear."""
    adults = sorted(
        (p for p in placed if p.row == 1 and p.person.relationship in PARENT_LIKE),
        key=lambda p: p.x,
    )
    anchors = [p for p in adults if p.person.relationship == "parent"] or adults
    if not anchors:
        return None
    if len(anchors) == 1:
        return anchors[0].x + SLOT / 2
    middle = (len(anchors) - 1) // 2
    return (anchors[middle].x + anchors[middle + 1].x) / 2


def _family_lines(placed: Sequence[_PlacedPerson]) -> list[_Line]:
    lines: list[_Line] = []
    adults = sorted(
        (p for p in placed if p.row == 1 and p.person.relationship in PARENT_LIKE),
        key=lambda p: p.x,
    )
    children = sorted((p for p in placed if p.row == 2), key=lambda p: p.x)
    drop_x = _drop_x(placed)
    drop_kind = "parent"
    if adults and drop_x is not None:
        parents = [p for p in adults if p.person.relationship == "parent"]
        anchors = parents or adults
        if len(anchors) == 1 and not any(p.x > anchors[0].x for p in adults):
            lines.append(_Line(anchors[0].x + HALF, anchors[0].y, drop_x, anchors[0].y, "parent"))
        if not parents:
            drop_kind = anchors[0].person.relationship
        for left, right in zip(adults, adults[1:], strict=False):
            y = left.y
            x1, x2 = left.x + HALF, right.x - HALF
            if left.x <= drop_x <= right.x:
                lines.append(_Line(x1, y, drop_x, y, left.person.relationship))
                lines.append(_Line(drop_x, y, x2, y, right.person.relationship))
            else:
                farther = right if drop_x < left.x else left
                lines.append(_Line(x1, y, x2, y, farther.person.relationship))
    if children:
        child_top = children[0].y - HALF
        sibship_y = child_top - SIBSHIP_DROP
        xs = [c.x for c in children]
        if drop_x is not None:
            lines.append(_Line(drop_x, adults[0].y, drop_x, sibship_y, drop_kind))
            xs.append(drop_x)
        if drop_x is not None or len(children) > 1:
            lines.append(_Line(min(xs), sibship_y, max(xs), sibship_y, "parent"))
            for child in children:
                top = min(shape.bounds().y for shape in child.shapes())
                kind = "half_sibling" if child.person.relationship == "half_sibling" else "parent"
                lines.append(_Line(child.x, sibship_y, child.x, top, kind))
    return lines


def _professional_lines(professional: GenogramProfessional) -> tuple[tuple[str, int, str], ...]:
    """Name (bold), organisation (up to two lines) and kind (grey)."""
    width = PROF_WIDTH - 16
    lines = [(line, 12, "bold") for line in _fit(professional.name, width, 12, 1)]
    lines += [(line, 12, "normal") for line in _fit(professional.organisation, width, 12, 2)]
    lines += [(line, 11, "muted") for line in _fit(professional.kind, width, 11, 1)]
    return tuple(lines)


def _layout(
    members: Sequence[GenogramPerson],
    professionals: Sequence[GenogramProfessional] = (),
    words: Mapping[str, str] | None = None,
) -> _Layout:
    """Positions of everything in the drawing; `render_genogram` only draws them."""
    words = {**DEFAULT_LABELS, **(words or {})}
    rows = _rows(members)
    widest = max((len(people) for _, people in rows), default=0)
    family_width = widest * SLOT
    # Full rows of professionals have an even count: see the corridor below.
    per_row = PROF_MAX_PER_ROW
    band_width = min(len(professionals), per_row) * PROF_PITCH
    width: float = max(MIN_WIDTH, max(family_width, band_width) + 2 * MARGIN)
    centre = width / 2

    placed: list[_PlacedPerson] = []
    y: float = MARGIN + BADGE_RADIUS + 2 + HALF + (DOUBLE_GAP if professionals else 0)
    bottom: float = MARGIN
    for row, people in rows:
        x0 = centre - len(people) * SLOT / 2
        drop_x = _drop_x(placed) if row == 2 else None
        if drop_x is not None:
            # Centre the children under the line from their parents, as far as fits.
            x0 = min(max(x0 + drop_x - centre, MARGIN), width - MARGIN - len(people) * SLOT)
        row_persons = [
            _PlacedPerson(
                person=person,
                x=x0 + SLOT * (index + 0.5),
                y=y,
                row=row,
                name_lines=_fit(_name(person), LABEL_WIDTH, NAME_SIZE, NAME_LINES),
                caption_lines=_captions(person, words),
            )
            for index, person in enumerate(people)
        ]
        placed.extend(row_persons)
        bottom = max(p.label_box.bottom for p in row_persons)
        y = bottom + ROW_GAP + HALF + DOUBLE_GAP
    lines = _family_lines(placed)

    frame = None
    placed_professionals: list[_PlacedProfessional] = []
    if professionals:
        frame_left = min(p.x for p in placed) - SLOT / 2 - 8 if placed else centre - 8
        frame_right = max(p.x for p in placed) + SLOT / 2 + 8 if placed else centre + 8
        frame = _Box(frame_left, MARGIN / 2, frame_right - frame_left, bottom + 12 - MARGIN / 2)
        junction_y = frame.bottom
        count = len(professionals)
        row_count = math.ceil(count / per_row)
        top = frame.bottom + 2 * PROF_ROW_GAP
        for row_index in range(row_count):
            chunk = professionals[row_index * per_row : (row_index + 1) * per_row]
            bus_y = top - PROF_ROW_GAP / 2
            last = row_index == row_count - 1
            # Boxes sit either side of a central corridor the trunk runs down; the last
            # row, which needs no corridor below it, puts an odd one in the middle.
            side = len(chunk) // 2
            if last and len(chunk) % 2:
                xs = [centre + (i - side) * PROF_PITCH for i in range(len(chunk))]
            else:
                xs = [centre + (i - side + 0.5) * PROF_PITCH for i in range(len(chunk))]
            for x, professional in zip(xs, chunk, strict=True):
                placed_professionals.append(
                    _PlacedProfessional(professional, x, top, _professional_lines(professional))
                )
                lines.append(_Line(x, bus_y, x, top, "network"))
            lines.append(_Line(min(*xs, centre), bus_y, max(*xs, centre), bus_y, "network"))
            lines.append(_Line(centre, junction_y, centre, bus_y, "network"))
            junction_y = bus_y
            top += PROF_HEIGHT + 2 * PROF_ROW_GAP
        bottom = placed_professionals[-1].box.bottom

    legend, bottom = _legend(placed, words, width, bottom + 28)
    empty_text = "" if placed else _clean(words["empty"])
    if empty_text:
        bottom = MARGIN + 40
    return _Layout(
        width=width,
        height=math.ceil(bottom + MARGIN),
        persons=tuple(placed),
        lines=tuple(lines),
        professionals=tuple(placed_professionals),
        frame=frame,
        legend=legend,
        empty_text=empty_text,
    )


LEGEND_GLYPH = 30


def _legend(
    placed: Sequence[_PlacedPerson], words: Mapping[str, str], width: float, top: float
) -> tuple[tuple[_LegendItem, ...], float]:
    """Keys for the symbols and lines that are in the drawing (not the obvious ones)."""
    persons = [p.person for p in placed]
    relationships = {p.relationship for p in persons}
    wanted = [
        ("report_child", words["report_child"], "child" in relationships),
        (
            "parental_authority",
            words["parental_authority"],
            any(p.parental_authority for p in persons),
        ),
        ("unborn", words["unborn"], any(p.unborn for p in persons)),
        ("gender_other", words["gender_other"], any(_symbol_kind(p) == "diamond" for p in persons)),
        (
            "gender_unknown",
            words["gender_unknown"],
            any(_symbol_kind(p) == "rounded" for p in persons),
        ),
        ("step_parent", words["step_parent_one"], "step_parent" in relationships),
        ("foster_parent", words["foster_parent_one"], "foster_parent" in relationships),
        ("half_sibling", words["half_sibling_one"], "half_sibling" in relationships),
    ]
    entries = [(kind, _clean(text)) for kind, text, present in wanted if present]
    if not entries:
        return (), top - 28
    available = width - 2 * MARGIN
    lines: list[list[tuple[str, str, float]]] = [[]]
    used = 0.0
    for kind, text in entries:
        text = _truncate(text, available - LEGEND_GLYPH - 8, LEGEND_SIZE)
        item_width = LEGEND_GLYPH + 6 + _text_width(text, LEGEND_SIZE)
        if lines[-1] and used + 20 + item_width > available:
            lines.append([])
            used = 0.0
        used += (20 if lines[-1] else 0) + item_width
        lines[-1].append((kind, text, item_width))
    items: list[_LegendItem] = []
    y = top + LEGEND_LINE_HEIGHT / 2
    for line in lines:
        line_width = sum(w for _, _, w in line) + 20 * (len(line) - 1)
        x = (width - line_width) / 2
        for kind, text, item_width in line:
            items.append(_LegendItem(kind, text, x, y))
            x += item_width + 20
        y += LEGEND_LINE_HEIGHT
    return tuple(items), top + LEGEND_LINE_HEIGHT * len(lines)


# --- Words ------------------------------------------------------------------------------


def _count(words: Mapping[str, str], key: str, count: int) -> str:
    return f"{count} {words[f'{key}_one' if count == 1 else f'{key}_other']}"


def _summary(
    members: Sequence[GenogramPerson],
    professionals: Sequence[GenogramProfessional],
    words: Mapping[str, str],
) -> tuple[str, str]:
    """The title and the description: the whole drawing in words, for screen readers."""
    title_word = words["title_ecogram"] if professionals else words["title"]
    groups = {
        key: [m for m in members if _relationship_key(m) == key] for key in RELATIONSHIP_ORDER
    }
    counts = [_count(words, key, len(group)) for key, group in groups.items() if group]
    if professionals:
        counts.append(_count(words, "professional", len(professionals)))
    title = f"{title_word}: {', '.join(counts) or words['empty']}"
    sentences = []
    for key, group in groups.items():
        if not group:
            continue
        described = []
        for member in group:
            details = [
                words.get(
                    {"f": "female", "m": "male", "x": "gender_other"}.get(member.gender, ""), ""
                )
            ]
            if member.unborn and member.birth_year is not None:
                details.append(words["unborn"])
            details.append(_year_caption(member, words))
            if member.parental_authority:
                details.append(words["parental_authority"])
            extra = ", ".join(d for d in details if d)
            name = _name(member)
            described.append(f"{name} ({extra})" if name and extra else name or extra)
        heading = words[f"{key}_other"]
        sentences.append(f"{heading[:1].upper()}{heading[1:]}: {'; '.join(described)}.")
    if professionals:
        heading = words["professional_other"]
        described = []
        for professional in professionals:
            extra = ", ".join(
                t for t in (professional.organisation, professional.kind) if _clean(t)
            )
            described.append(f"{professional.name} ({extra})" if extra else professional.name)
        sentences.append(f"{heading[:1].upper()}{heading[1:]}: {'; '.join(described)}.")
    return _clean(title), _clean(" ".join(sentences) or words["empty"])


# --- Drawing ----------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: at most one decimal, no trailing zero."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _draw_shape(shape: _Shape, stroke_width: float, fill: str = PAPER) -> str:
    paint = f'fill="{fill}" stroke="{INK}" stroke-width="{_n(stroke_width)}"'
    if shape.tag == "circle":
        return f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.half)}" {paint}/>'
    if shape.tag == "rect":
        size = _n(2 * shape.half)
        rounded = f' rx="{_n(shape.rx)}"' if shape.rx else ""
        return (
            f'<rect x="{_n(shape.x - shape.half)}" y="{_n(shape.y - shape.half)}" '
            f'width="{size}" height="{size}"{rounded} {paint}/>'
        )
    points = " ".join(f"{_n(px)},{_n(py)}" for px, py in shape.points)
    return f'<polygon points="{points}" stroke-linejoin="round" {paint}/>'


def _text(
    x: float,
    y: float,
    text: str,
    size: float,
    *,
    fill: str = INK,
    weight: str = "normal",
    anchor: str = "middle",
) -> str:
    extra = ' font-weight="bold"' if weight == "bold" else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{fill}" '
        f'text-anchor="{anchor}"{extra}>{_e(text)}</text>'
    )


def _line(line: _Line, stroke: str = LINE_INK, width: float = LINE_STROKE) -> str:
    dash = DASHES.get(line.kind, "")
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    if line.kind == "foster_parent":
        extra += ' stroke-linecap="round"'
    return (
        f'<line x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" y2="{_n(line.y2)}" '
        f'stroke="{stroke}" stroke-width="{_n(width)}"{extra}/>'
    )


def _badge(x: float, y: float, words: Mapping[str, str]) -> str:
    return (
        f"<g><title>{_e(_clean(words['parental_authority']))}</title>"
        f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{BADGE_RADIUS}" fill="{PAPER}" stroke="{INK}" '
        f'stroke-width="1.5"/>'
        + _text(x, y + 4, _clean(words["parental_authority_badge"])[:2], 11, weight="bold")
        + "</g>"
    )


def _draw_person(placed: _PlacedPerson, words: Mapping[str, str]) -> str:
    person = placed.person
    details = [_year_caption(person, words)]
    if placed.report_child:
        details.insert(0, words["report_child"])
    if person.parental_authority:
        details.append(words["parental_authority"])
    extra = ", ".join(d for d in details if d)
    name = _name(person)
    tooltip = f"{name} ({extra})" if name and extra else name or extra
    parts = [f"<g><title>{_e(_clean(tooltip))}</title>"]
    stroke = THICK_STROKE if person.parental_authority else STROKE
    inner, *outer = placed.shapes()
    parts.extend(_draw_shape(shape, STROKE, fill="none") for shape in outer)
    parts.append(_draw_shape(inner, stroke))
    if placed.kind == "rounded":
        parts.append(_text(placed.x, placed.y + 6, "?", 17, fill=MUTED, weight="bold"))
    if person.parental_authority:
        parts.append(_badge(*placed.badge_centre, words))
    y = placed.label_top
    for line in placed.name_lines:
        y += LINE_HEIGHT
        parts.append(_text(placed.x, y - 4, line, NAME_SIZE))
    for line in placed.caption_lines:
        y += LINE_HEIGHT
        parts.append(_text(placed.x, y - 4, line, CAPTION_SIZE, fill=MUTED))
    parts.append("</g>")
    return "".join(parts)


def _draw_professional(placed: _PlacedProfessional) -> str:
    box = placed.box
    professional = placed.professional
    tooltip = ", ".join(
        t
        for t in (
            _clean(professional.name),
            _clean(professional.organisation),
            _clean(professional.kind),
        )
        if t
    )
    parts = [
        f"<g><title>{_e(tooltip)}</title>",
        f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.width)}" height="{_n(box.height)}" '
        f'rx="10" fill="{PAPER}" stroke="{INK}" stroke-width="1.25"/>',
    ]
    total = len(placed.lines) * 15
    y = box.y + (box.height - total) / 2
    for text, size, weight in placed.lines:
        y += 15
        fill = MUTED if weight == "muted" else INK
        parts.append(_text(placed.x, y - 4, text, size, fill=fill, weight=weight))
    parts.append("</g>")
    return "".join(parts)


def _draw_legend_item(item: _LegendItem, words: Mapping[str, str]) -> str:
    cx, cy = item.x + LEGEND_GLYPH / 2, item.y
    parts: list[str] = []
    small = 8
    if item.kind == "report_child":
        parts.append(_draw_shape(_shape("square", cx, cy, small - 1), STROKE))
        parts.append(_draw_shape(_shape("square", cx, cy, small - 1, grow=3), 1.25, fill="none"))
    elif item.kind == "parental_authority":
        parts.append(_badge(cx, cy, words))
    elif item.kind in ("unborn", "gender_other", "gender_unknown"):
        kind = {"unborn": "triangle", "gender_other": "diamond", "gender_unknown": "rounded"}
        parts.append(_draw_shape(_shape(kind[item.kind], cx, cy, small), 1.5))
        if item.kind == "gender_unknown":
            parts.append(_text(cx, cy + 4, "?", 11, fill=MUTED, weight="bold"))
    else:
        parts.append(_line(_Line(item.x, cy, item.x + LEGEND_GLYPH, cy, item.kind)))
    parts.append(_text(item.x + LEGEND_GLYPH + 6, cy + 4, item.text, LEGEND_SIZE, anchor="start"))
    return "".join(parts)


def _render(
    layout: _Layout, title: str, desc: str, words: Mapping[str, str], id_prefix: str | None
) -> str:
    if id_prefix is None:
        digest = hashlib.blake2s(f"{title}\n{desc}".encode(), digest_size=5).hexdigest()
        id_prefix = f"genogram-{digest}"
    prefix = re.sub(r"[^A-Za-z0-9_-]", "", id_prefix) or "genogram"
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    width, height = _n(layout.width), _n(layout.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="genogram" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONT}">',
        f'<title id="{title_id}">{_e(title)}</title>',
        f'<desc id="{desc_id}">{_e(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{PAPER}"/>',
    ]
    if layout.empty_text:
        parts.append(_text(layout.width / 2, MARGIN + 24, layout.empty_text, NAME_SIZE, fill=MUTED))
    if layout.frame is not None:
        frame = layout.frame
        parts.append(
            f'<rect x="{_n(frame.x)}" y="{_n(frame.y)}" width="{_n(frame.width)}" '
            f'height="{_n(frame.height)}" rx="14" fill="none" stroke="{MUTED}" stroke-width="1"/>'
        )
    parts.append("<g>")
    for line in layout.lines:
        if line.kind == "network":
            parts.append(_line(line, stroke=MUTED, width=1))
        else:
            parts.append(_line(line))
    parts.append("</g>")
    parts.extend(_draw_person(placed, words) for placed in layout.persons)
    parts.extend(_draw_professional(placed) for placed in layout.professionals)
    parts.extend(_draw_legend_item(item, words) for item in layout.legend)
    parts.append("</svg>")
    return "".join(parts)
