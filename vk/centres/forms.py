from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, Discipline, Role, Team


class StaffMemberForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    email = forms.EmailField(
        label=_("Work e-mail address"),
        help_text=_("The staff member logs in with this address and receives the invitation."),
    )
    discipline = forms.ChoiceField(
        label=_("Discipline"), choices=[("", _("— choose —")), *Discipline.choices]
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one role.")},
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centre_teams = Team.objects.in_centre(centre)
        if centre_teams.exists():
            self.fields["teams"].queryset = centre_teams  # type: ignore[attr-defined]
        else:
            del self.fields["teams"]
