"""Filters of the audit review screens; all are GET forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vk.audit.review import Period
from vk.centres.models import User, UserQuerySet


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(_("The start of the period lies after its end."))
        return data

    def period(self, default: Period | None = None) -> Period:
        """The chosen period; the default when nothing (or nothing valid) was chosen."""
        fallback = default or Period()
        if not self.is_valid():
            return fallback
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start is None and end is None:
            return fallback
        return Period(start=start, end=end)


class DossierReferenceForm(forms.Form):
    reference = forms.CharField(
        label=_("Dossier reference"),
        max_length=20,
        help_text=_("Exactly as on the dossier, for example D-ANT-2026-0001."),
    )

    def clean_reference(self) -> str:
        return str(self.cleaned_data["reference"]).strip().upper()


class StaffMemberForm(forms.Form):
    staff = forms.ModelChoiceField(
        label=_("Staff member"), queryset=User.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, staff: UserQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff.order_by("last_name", "first_name")  # type: ignore[attr-defined]
