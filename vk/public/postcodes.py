"""Which centre helps at a Belgian postcode, for the public "find your centre" page.

`parse_postcode` and `area_of` are pure: the first reads what a visitor typed, the
second knows the language areas of the Belgian postcode plan. `find_centre` adds the
one query: the centre whose postcode ranges (`PostcodeRange`) contain the postcode.
Postcodes are not personal data on their own, but nothing here logs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from vk.centres.models import Centre

_FOUR_DIGITS = re.compile(r"[0-9]{4}")


class Area(StrEnum):
    """Who helps families at a postcode, by the language areas of the postcode plan."""

    BRUSSELS = "brussels"  # the Brussels centre, or SOS Enfants for French-speaking families
    FLANDERS = "flanders"  # a Flemish centre
    WALLONIA = "wallonia"  # the SOS Enfants teams of the Fédération Wallonie-Bruxelles
    GERMAN_SPEAKING = "german-speaking"  # the services of the German-speaking Community


# (first, last, area), checked in order: the German-speaking area lies inside Liège's.
_AREAS: tuple[tuple[int, int, Area], ...] = (
    (1000, 1299, Area.BRUSSELS),
    (1300, 1499, Area.WALLONIA),
    (4700, 4799, Area.GERMAN_SPEAKING),
    (4000, 7999, Area.WALLONIA),
)


def parse_postcode(text: str | None) -> int | None:
    """The postcode as a number, or None when it is not four digits from 1000 on."""
    cleaned = (text or "").strip()
    if not _FOUR_DIGITS.fullmatch(cleaned):
        return None
    number = int(cleaned)
    return number if number >= 1000 else None


def area_of(postcode: int) -> Area:
    for first, last, area in _AREAS:
        if first <= postcode <= last:
            return area
    return Area.FLANDERS


@dataclass(frozen=True)
class Answer:
    postcode: int
    area: Area
    centre: Centre | None

    # Named tests for the template (an Enum class cannot be compared there).
    @property
    def served_by_flemish_centre(self) -> bool:
        return self.area in (Area.BRUSSELS, Area.FLANDERS)

    @property
    def in_brussels(self) -> bool:
        return self.area is Area.BRUSSELS

    @property
    def in_wallonia(self) -> bool:
        return self.area is Area.WALLONIA

    @property
    def in_german_speaking_area(self) -> bool:
        return self.area is Area.GERMAN_SPEAKING


def find_centre(postcode: int) -> Answer:
    """Who helps at this postcode; a Flemish or Brussels postcode without a centre in
    the data gets `centre=None` (the page then points to 1712)."""
    area = area_of(postcode)
    centre = None
    if area in (Area.BRUSSELS, Area.FLANDERS):
        centre = Centre.objects.serving(postcode)
    return Answer(postcode=postcode, area=area, centre=centre)
