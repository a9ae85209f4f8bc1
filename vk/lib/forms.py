"""Form helpers shared by the apps."""

from __future__ import annotations

from django import forms


def errors_as_text(form: forms.Form) -> str:
    """All of a form's error messages in one line, for a message after a redirect."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)
