from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vk.access.models import Judgement
from vk.access.services import REASON_MIN_LENGTH


class DossierSearchForm(forms.Form):
    q = forms.CharField(label=_("Family name or dossier reference"), max_length=100, min_length=2)


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this dossier now?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        max_length=2000,
        help_text=_("For example: the police call during the weekend stand-by about this family."),
        error_messages={
            "min_length": _("Say why you need this dossier now (at least a full sentence).")
        },
    )


class ReviewForm(forms.Form):
    judgement = forms.ChoiceField(
        label=_("Judgement"), choices=Judgement.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
