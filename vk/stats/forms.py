"""The statistics screens' two forms: for whom a copy for outside the centre is made,
and after how many weeks without a conversation the dashboard lists a dossier."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vk.access.models import Disclosure
from vk.stats.dashboard import QUIET_WEEKS_DEFAULT, QUIET_WEEKS_MAX, QUIET_WEEKS_MIN


class ExternalDownloadForm(forms.Form):
    """For whom a copy for outside the centre is made: the disclosure register's recipient."""

    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=Disclosure._meta.get_field("recipient").max_length,
        help_text=_(
            "The organisation or person the figures are for, e.g. Opgroeien or Zorginspectie."
        ),
        error_messages={"required": _("Say for whom the figures are.")},
    )


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
