"""The funder's code lists as versioned data: validating, loading and reading them.

A definition (code_list_definitions/*.json) has a code, a version, the first year it
applies to, and per dimension the categories the figures are grouped in: each category
names the case-data values it takes (`values`), and together the categories of a
dimension take every value the case data can hold — nothing is dropped unseen. Age
groups are bands of whole years, plus "unborn" and "unknown". Texts are a mapping of
language to text. `load_code_list` refuses to change a stored version; the yearly
report of a year uses the newest version valid in that year.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

from vk.complaints.models import Outcome as ComplaintOutcome
from vk.dossiers.models import ClosingOutcome
from vk.intake.models import ProblemCategory, ReporterKind, ReporterSector, Track
from vk.mano.models import Outcome as ManoOutcome
from vk.people.models import Gender

DEFINITIONS_DIR = Path(__file__).resolve().parent / "code_list_definitions"
FUNDER = "opgroeien"


class CodeListError(ValueError):
    """A definition the yearly report could not use."""


def _values(choices: Iterable[Any]) -> set[str]:
    return {str(choice) for choice in choices}


# The case-data values each dimension must place, blank meaning "not filled in".
SOURCE_VALUES: dict[str, set[str]] = {
    "report_type": _values(Track.values) | {""},
    "problem": _values(ProblemCategory.values),
    "reporter": _values(ReporterSector.values) | {ReporterKind.NON_PROFESSIONAL.value, ""},
    "gender": _values(Gender.values),
    "triage_track": _values(Track.values),
    "closing_outcome": _values(ClosingOutcome.values) | {""},
    "mano_outcome": _values(ManoOutcome.values),
    "complaint_outcome": _values(ComplaintOutcome.values) | {""},
}
AGE_GROUPS = "age_group"


def text_of(value: str | Mapping[str, str], language: str | None = None) -> str:
    if isinstance(value, str):
        return value
    language = (language or get_language() or "nl")[:2]
    return value.get(language) or value.get("nl") or next(iter(value.values()), "")


@dataclass(frozen=True)
class Category:
    code: str
    label: Mapping[str, str]
    values: frozenset[str]

    @property
    def text(self) -> str:
        return text_of(self.label)


@dataclass(frozen=True)
class AgeBand:
    code: str
    label: Mapping[str, str]
    low: int | None = None
    high: int | None = None  # None: no upper end
    unborn: bool = False
    unknown: bool = False

    @property
    def text(self) -> str:
        return text_of(self.label)

    def holds(self, age: int) -> bool:
        return self.low is not None and age >= self.low and (self.high is None or age <= self.high)


@dataclass(frozen=True)
class Codes:
    """A loaded definition, ready for counting."""

    code: str
    version: int
    valid_from_year: int
    name: Mapping[str, str]
    dimensions: Mapping[str, tuple[Category, ...]]
    age_bands: tuple[AgeBand, ...]

    @property
    def title(self) -> str:
        return f"{text_of(self.name)} (v{self.version})"

    def categories(self, dimension: str) -> tuple[Category, ...]:
        return self.dimensions[dimension]

    def category_of(self, dimension: str) -> dict[str, Category]:
        """Case-data value → its category."""
        return {
            value: category for category in self.dimensions[dimension] for value in category.values
        }

    def age_band(self, age: int | None, *, unborn: bool) -> AgeBand:
        for band in self.age_bands:
            if unborn and band.unborn:
                return band
            if not unborn and age is not None and band.holds(age):
                return band
        return next(band for band in self.age_bands if band.unknown)


def validate_definition(definition: Any) -> None:
    """Refuse a definition that would drop, double or invent case-data values."""
    if not isinstance(definition, dict):
        raise CodeListError("The definition must be an object.")
    for key in ("code", "version", "valid_from_year", "name", "dimensions"):
        if key not in definition:
            raise CodeListError(f"The definition lacks '{key}'.")
    if not isinstance(definition["version"], int) or definition["version"] < 1:
        raise CodeListError("'version' must be a positive whole number.")
    if not isinstance(definition["valid_from_year"], int):
        raise CodeListError("'valid_from_year' must be a year.")
    dimensions = definition["dimensions"]
    missing = (set(SOURCE_VALUES) | {AGE_GROUPS}) - set(dimensions)
    if missing:
        raise CodeListError(f"Dimensions missing: {', '.join(sorted(missing))}.")
    for name, expected in SOURCE_VALUES.items():
        _check_dimension(name, dimensions[name], expected)
    _check_age_bands(dimensions[AGE_GROUPS])


def _check_dimension(name: str, dimension: Any, expected: set[str]) -> None:
    categories = dimension.get("categories") if isinstance(dimension, dict) else None
    if not isinstance(categories, list) or not categories:
        raise CodeListError(f"{name}: 'categories' must be a non-empty list.")
    seen: list[str] = []
    codes = []
    for category in categories:
        if not isinstance(category, dict) or not category.get("code"):
            raise CodeListError(f"{name}: every category needs a 'code'.")
        codes.append(category["code"])
        _check_label(category.get("label"), f"{name}/{category['code']}")
        values = category.get("values")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise CodeListError(f"{name}/{category['code']}: 'values' must be a list of texts.")
        seen += values
    if len(set(codes)) != len(codes):
        raise CodeListError(f"{name}: category codes must differ.")
    doubled = {value for value in seen if seen.count(value) > 1}
    unknown = set(seen) - expected
    unplaced = expected - set(seen)
    for problem, values in (
        ("counted twice", doubled),
        ("unknown", unknown),
        ("not placed", unplaced),
    ):
        if values:
            raise CodeListError(f"{name}: values {problem}: {', '.join(sorted(values))}.")


def _check_age_bands(dimension: Any) -> None:
    bands = dimension.get("bands") if isinstance(dimension, dict) else None
    if not isinstance(bands, list) or not bands:
        raise CodeListError("age_group: 'bands' must be a non-empty list.")
    if sum(bool(band.get("unborn")) for band in bands) != 1:
        raise CodeListError("age_group: exactly one band for unborn children.")
    if sum(bool(band.get("unknown")) for band in bands) != 1:
        raise CodeListError("age_group: exactly one band for an unknown age.")
    ranges = sorted(
        (band["min"], band.get("max"))
        for band in bands
        if not band.get("unborn") and not band.get("unknown")
    )
    expected_low = 0
    for position, (low, high) in enumerate(ranges):
        if low != expected_low:
            raise CodeListError("age_group: the bands must cover every age from 0, without gaps.")
        if high is None:
            if position != len(ranges) - 1:
                raise CodeListError("age_group: only the last band may be open-ended.")
            break
        if high < low:
            raise CodeListError("age_group: a band ends before it starts.")
        expected_low = high + 1
    else:
        raise CodeListError("age_group: the last band must be open-ended.")
    for band in bands:
        _check_label(band.get("label"), f"age_group/{band.get('code')}")


def _check_label(label: Any, where: str) -> None:
    if not (isinstance(label, dict) and label.get("nl")):
        raise CodeListError(f"{where}: 'label' needs at least a Dutch text.")


def codes_from(definition: Mapping[str, Any]) -> Codes:
    dimensions = definition["dimensions"]
    return Codes(
        code=definition["code"],
        version=definition["version"],
        valid_from_year=definition["valid_from_year"],
        name=definition["name"],
        dimensions={
            name: tuple(
                Category(c["code"], c["label"], frozenset(c["values"]))
                for c in dimensions[name]["categories"]
            )
            for name in SOURCE_VALUES
        },
        age_bands=tuple(
            AgeBand(
                code=band["code"],
                label=band["label"],
                low=band.get("min"),
                high=band.get("max"),
                unborn=bool(band.get("unborn")),
                unknown=bool(band.get("unknown")),
            )
            for band in dimensions[AGE_GROUPS]["bands"]
        ),
    )


def shipped_definitions() -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DEFINITIONS_DIR.glob("*.json"))
    ]


def load_code_list(definition: Mapping[str, Any], *, model: Any = None) -> Any:
    """Store a definition as a new version; loading the same version again changes
    nothing, a different definition under an existing version is refused."""
    from vk.stats.models import CodeList

    model = model or CodeList
    validate_definition(definition)
    existing = model.objects.filter(code=definition["code"], version=definition["version"]).first()
    if existing is not None:
        if existing.definition != definition:
            raise CodeListError(
                f"{definition['code']} version {definition['version']} exists with another "
                "definition; load it as a new version."
            )
        return existing
    return model.objects.create(
        code=definition["code"],
        version=definition["version"],
        valid_from_year=definition["valid_from_year"],
        definition=definition,
    )


def codes_for_year(year: int, code: str = FUNDER) -> Codes:
    """The newest version of the code lists valid in `year`."""
    from vk.stats.models import CodeList

    stored = (
        CodeList.objects.filter(code=code, valid_from_year__lte=year)
        .order_by("-valid_from_year", "-version")
        .first()
    )
    if stored is None:
        raise CodeListError(f"No {code} code list applies to {year}.")
    return codes_from(stored.definition)
