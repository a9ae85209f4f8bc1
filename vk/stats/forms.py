"""The dashboard's one choice: after how many weeks without a conversation a dossier is
listed (a GET form)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vk.stats.dashboard import QUIET_WEEKS_DEFAULT, QUIET_WEEKS_MAX, QUIET_WEEKS_MIN

WEEKS_MESSAGE = format_lazy(
    _("Give a number of weeks from {low} to {high}."), low=QUIET_WEEKS_MIN, high=QUIET_WEEKS_MAX
)


class QuietWeeksForm(forms.Form):
    weeks = forms.IntegerField(
        label=_("Weeks without a conversation"),
        min_value=QUIET_WEEKS_MIN,
        max_value=QUIET_WEEKS_MAX,
        initial=QUIET_WEEKS_DEFAULT,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), WEEKS_MESSAGE
        ),
    )

    def weeks_or_default(self) -> int:
        """The weeks chosen; the default when none (or none valid) was chosen."""
        if self.is_bound and self.is_valid():
            weeks: int = self.cleaned_data["weeks"]
            return weeks
        return QUIET_WEEKS_DEFAULT
