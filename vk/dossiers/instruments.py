"""Structured assessment instruments: definitions as data, scoring, loading.

A definition is JSON (see instrument_definitions/): a code and version, a name, items
with their answer options and points, and score bands. Texts are either one string
or a mapping of language code to text; the interface language is shown, Dutch when
it is missing. `load_instrument` validates a definition and stores it as a new
version; a version once stored is never changed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import get_language

DEFINITIONS_DIR = Path(__file__).resolve().parent / "instrument_definitions"


class InstrumentError(ValueError):
    """A definition or a set of answers that does not fit the instrument."""


def text_of(value: str | Mapping[str, str], language: str | None = None) -> str:
    if isinstance(value, str):
        return value
    language = (language or get_language() or "nl")[:2]
    return value.get(language) or value.get("nl") or next(iter(value.values()), "")


def validate_definition(definition: Any) -> None:
    """Refuse a definition the forms and the scoring could not use."""
    if not isinstance(definition, dict):
        raise InstrumentError("The definition must be an object.")
    for key in ("code", "version", "name", "items", "bands"):
        if key not in definition:
            raise InstrumentError(f"The definition lacks '{key}'.")
    if not isinstance(definition["version"], int) or definition["version"] < 1:
        raise InstrumentError("'version' must be a positive whole number.")
    items = definition["items"]
    if not isinstance(items, list) or not items:
        raise InstrumentError("'items' must be a non-empty list.")
    codes = [item.get("code") for item in items if isinstance(item, dict)]
    if len(codes) != len(items) or len(set(codes)) != len(codes) or not all(codes):
        raise InstrumentError("Every item needs its own 'code'.")
    for item in items:
        _check_text(item.get("text"), f"item {item['code']}: text")
        options = item.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise InstrumentError(f"Item {item['code']} needs at least two options.")
        values = [option.get("value") for option in options]
        if not all(isinstance(value, int) and value >= 0 for value in values):
            raise InstrumentError(f"Item {item['code']}: option values are whole numbers ≥ 0.")
        if len(set(values)) != len(values):
            raise InstrumentError(f"Item {item['code']}: option values must differ.")
        for option in options:
            _check_text(option.get("label"), f"item {item['code']}: option label")
    bands = definition["bands"]
    if not isinstance(bands, list) or not bands or bands[0].get("from") != 0:
        raise InstrumentError("'bands' must start with a band from 0.")
    starts = [band.get("from") for band in bands]
    if starts != sorted(set(starts)):
        raise InstrumentError("Bands must start at increasing scores.")
    for band in bands:
        _check_text(band.get("label"), "band label")


def _check_text(value: object, where: str) -> None:
    if isinstance(value, str) and value.strip():
        return
    if isinstance(value, dict) and value and all(isinstance(text, str) for text in value.values()):
        return
    raise InstrumentError(f"{where} must be a text or a mapping of language to text.")


@dataclass(frozen=True)
class Result:
    score: int
    band: str


def score(definition: Mapping[str, Any], answers: Mapping[str, int]) -> Result:
    """The total and its band; every item must be answered with one of its options."""
    total = 0
    for item in definition["items"]:
        value = answers.get(item["code"])
        if value not in {option["value"] for option in item["options"]}:
            raise InstrumentError(f"Item {item['code']} has no valid answer.")
        total += int(value)  # type: ignore[arg-type]
    band = ""
    for candidate in definition["bands"]:
        if total >= candidate["from"]:
            band = text_of(candidate["label"], "nl")
    return Result(total, band)


def load_instrument(definition: dict[str, Any], model: Any = None) -> tuple[Any, bool]:
    """Store a definition as an Instrument; (instrument, created).

    Loading the same version again is a no-op; loading a changed definition under an
    existing version is refused — publish it as a new version instead.
    """
    validate_definition(definition)
    if model is None:
        from vk.dossiers.models import Instrument as model
    existing = model.objects.filter(code=definition["code"], version=definition["version"]).first()
    if existing is not None:
        if existing.definition != definition:
            raise InstrumentError(
                f"Version {definition['version']} of '{definition['code']}' exists with "
                "another content; give the new content a new version number."
            )
        return existing, False
    instrument = model.objects.create(
        code=definition["code"],
        version=definition["version"],
        name=text_of(definition["name"], "nl"),
        description=text_of(definition.get("description", ""), "nl"),
        definition=definition,
    )
    return instrument, True


def shipped_definitions() -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(DEFINITIONS_DIR.glob("*.json"))
    ]
