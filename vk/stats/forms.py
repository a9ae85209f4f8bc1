from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vk.access.models import Disclosure


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
