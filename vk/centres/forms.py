from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, Discipline, PostcodeRange, Role, Team

_RANGE = re.compile(r"([0-9]+)(?:\s*[-–—]\s*([0-9]+))?")
_RANGE_SEPARATORS = re.compile(r"[,;\n]+")


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
    region = forms.CharField(
        label=_("Region (postcodes)"),
        max_length=400,
        help_text=_(
            "The postcodes your centre serves, as ranges: for example 2000-2999 or "
            "1500-1999, 3000-3499. The public website finds your centre with them."
        ),
        error_messages={"required": _("Give the postcodes your centre serves.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_region(self) -> list[tuple[int, int]]:
        return parse_region(self.cleaned_data["region"])


def format_range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def region_text(ranges: Iterable[PostcodeRange | tuple[int, int]]) -> str:
    """A centre's ranges as the region field shows them: "1500-1999, 3000-3499"."""
    pairs = [(r.first, r.last) if isinstance(r, PostcodeRange) else r for r in ranges]
    return ", ".join(format_range(first, last) for first, last in sorted(pairs))


def parse_region(text: str) -> list[tuple[int, int]]:
    """ "1500-1999, 3000-3499" as sorted (first, last) pairs; a single postcode is a
    range of one. Refuses what is not a four-digit postcode from 1000 to 9999, a range
    whose first postcode is higher than its last, and ranges that overlap each other."""
    ranges: list[tuple[int, int]] = []
    for part in _RANGE_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        match = _RANGE.fullmatch(part)
        if match is None:
            raise ValidationError(
                _(
                    "“%(part)s” is not a postcode range. Write ranges like 2000-2999, "
                    "separated by commas."
                ),
                code="invalid",
                params={"part": part[:40]},
            )
        first_text, last_text = match.group(1), match.group(2) or match.group(1)
        for postcode in (first_text, last_text):
            if len(postcode) != 4 or int(postcode) < 1000:
                raise ValidationError(
                    _("%(postcode)s is not a Belgian postcode: use four digits, 1000 to 9999."),
                    code="invalid_postcode",
                    params={"postcode": postcode[:10]},
                )
        first, last = int(first_text), int(last_text)
        if first > last:
            raise ValidationError(
                _("In %(range)s the first postcode is higher than the last."),
                code="reversed",
                params={"range": part},
            )
        ranges.append((first, last))
    if not ranges:
        raise ValidationError(_("Give the postcodes your centre serves."), code="required")
    ranges.sort()
    for (first_a, last_a), (first_b, last_b) in zip(ranges, ranges[1:], strict=False):
        if first_b <= last_a:
            raise ValidationError(
                _("%(first)s and %(second)s overlap."),
                code="overlap_own",
                params={
                    "first": format_range(first_a, last_a),
                    "second": format_range(first_b, last_b),
                },
            )
    return ranges
