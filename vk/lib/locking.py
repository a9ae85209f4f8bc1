"""Optimistic locking for edit forms: a version number instead of a silent overwrite.

Every editable record has a `row_version`. The edit form carries the version it was
loaded with (`VersionField`); the service re-reads the record under a row lock and calls
`save_versioned`, which refuses the change with `EditConflict` when someone else saved
in between. The view then shows `conflict_rows` — what is saved now beside what the
user typed — through the template `includes/conflict.html`, keeping the typed input in
the form with the new version, so that saving again is a deliberate choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record since the form was opened; the message is for the user."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _(
                "Someone else changed this while you were editing. Your changes were not "
                "saved yet: compare them with the saved version below and save again."
            )
        )


class VersionField(forms.IntegerField):
    """The hidden `row_version` an edit form was loaded with."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)


def save_versioned(
    locked: models.Model, *, expected_version: int, changes: Mapping[str, object]
) -> list[str]:
    """Apply `changes` to a row locked with select_for_update, or raise EditConflict.

    Returns the names of the fields whose value changed (for the audit entry). The
    version goes up even when nothing changed, so a second stale form still conflicts.
    """
    if locked.row_version != expected_version:  # type: ignore[attr-defined]
        raise EditConflict
    changed = sorted(name for name, value in changes.items() if getattr(locked, name) != value)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.row_version += 1  # type: ignore[attr-defined]
    locked.save(update_fields=[*changes, "row_version"])
    return changed


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    yours: str

    @property
    def differs(self) -> bool:
        return self.saved != self.yours


def conflict_rows(form: forms.Form, current: object, names: Iterable[str]) -> list[ConflictRow]:
    """Field by field: the saved value beside the value in the (bound) form."""
    rows = []
    for name in names:
        field = form.fields[name]
        saved = getattr(current, name)
        yours = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if yours is None:
            yours = form.data.get(form.add_prefix(name), "")
        rows.append(ConflictRow(str(field.label), _display(field, saved), _display(field, yours)))
    return rows


def _display(field: forms.Field, value: object) -> str:
    if isinstance(field, forms.BooleanField):
        return _("yes") if value in (True, "on", "true", "True") else _("no")
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): str(label) for key, label in field.choices}  # type: ignore[misc, union-attr]
        if isinstance(value, list | tuple):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), "" if value is None else str(value))
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y %H:%M" if hasattr(value, "hour") else "%d/%m/%Y")
    return "" if value is None else str(value)


def refreshed_after_conflict[F: forms.Form](
    make_form: Callable[[Any], F],
    data: Any,
    current: Any,
    error: EditConflict,
    names: Iterable[str],
    *,
    version_field: str = "version",
) -> tuple[F, list[ConflictRow]]:
    """After an EditConflict: the form again with what the user typed and the version now
    saved (so saving again is a conscious choice), and the rows comparing the two."""
    refreshed = data.copy()
    refreshed[version_field] = str(current.row_version)
    form = make_form(refreshed)
    form.is_valid()
    rows = conflict_rows(form, current, names)
    form.add_error(None, str(error))
    return form, rows
