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


class CentreSettingsForm(forms.Form):
    """What a centre administrator keeps up to date about their own centre."""

    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[0-9]{4}$",
        required=False,
        error_messages={"invalid": _("A Belgian postcode has four digits.")},
    )
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=200,
        required=False,
        help_text=_("Shown on the centre's public page, e.g. working days 9:00–17:00."),
    )
    triage_deadline_working_days = forms.IntegerField(
        label=_("Triage deadline (working days)"),
        min_value=1,
        max_value=30,
        help_text=_("Working days from receipt within which the team decides the track."),
    )
    mano_deadline_working_days = forms.IntegerField(
        label=_("MaNo decision deadline (working days)"),
        min_value=10,
        max_value=130,
        help_text=_("Working days within which the centre decides whether help is necessary."),
    )
    mano_clock_start = forms.ChoiceField(
        label=_("The MaNo deadline counts from"),
        choices=[
            ("received", _("Receipt of the referral")),
            ("admissible", _("The admissibility decision")),
        ],
        help_text=_("Counting from receipt is the safe choice: it is never late."),
    )
    complaint_acknowledge_working_days = forms.IntegerField(
        label=_("Complaint acknowledgement (working days)"),
        min_value=1,
        max_value=30,
        help_text=_("Working days from receipt within which a complaint is acknowledged."),
    )
    complaint_answer_working_days = forms.IntegerField(
        label=_("Complaint answer (working days)"),
        min_value=5,
        max_value=130,
        help_text=_("Working days from receipt within which the complainant gets an answer."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
