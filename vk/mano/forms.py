from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre
from vk.dossiers.forms import DecisionChoiceField, OpenDossierForm
from vk.dossiers.models import Dossier, TeamDecision
from vk.intake.forms import TEXT_LIMIT, DateInput
from vk.lib.locking import VersionField
from vk.mano.models import CONDITIONS, Procedure, ReferrerKind

CONDITION_CHOICES = [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Not known yet"))]
_ANSWER = {"yes": True, "no": False, "unknown": None}


class ReferralForm(forms.Form):
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), initial=timezone.localdate
    )
    referrer_kind = forms.ChoiceField(label=_("Referred by"), choices=ReferrerKind.choices)
    referrer_name = forms.CharField(
        label=_("Referrer (person and service)"),
        max_length=200,
        help_text=_("For example: “Zorgcoördinator, CLB Noord”."),
    )
    referrer_contact = forms.CharField(
        label=_("Referrer's contact details"), max_length=200, required=False
    )
    motivation_summary = forms.CharField(
        label=_("Summary of the motivation"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        help_text=_("What the referrer worries about and what voluntary help was tried."),
    )
    family_informed_on = forms.DateField(
        label=_("Date the family was told"), widget=DateInput(), required=False
    )
    motivation_document: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Motivation document (M-document)"),
        queryset=None,
        required=False,
        empty_label=_("— not received yet —"),
        help_text=_("Upload it under Documents in the dossier first, then choose it here."),
    )

    def __init__(self, *args: Any, dossier: Dossier | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["motivation_document"]
        if dossier is None:
            del self.fields["motivation_document"]
        else:
            field.queryset = dossier.documents.filter(health=False)  # type: ignore[attr-defined]
        for name in CONDITIONS:
            self.fields[name] = forms.ChoiceField(
                label=Procedure._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
                choices=CONDITION_CHOICES,
                widget=forms.RadioSelect,
                initial="unknown",
            )

    def condition_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in CONDITIONS]

    def conditions(self) -> dict[str, bool | None]:
        return {name: _ANSWER[self.cleaned_data[name]] for name in CONDITIONS}

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("A referral cannot be received in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("family_informed") == "yes" and not data.get("family_informed_on"):
            self.add_error("family_informed_on", _("Give the date the family was told."))
        return data


class TeamChoiceForm(OpenDossierForm):
    """The team for a procedure opened from a report, or taken over after a move: the
    same choice as when a dossier is opened."""


class StepForm(forms.Form):
    """A transition: the team decision it rests on and its text."""

    team_decision = DecisionChoiceField(
        label=_("Team decision"),
        queryset=TeamDecision.objects.none(),
        empty_label=_("— choose the team decision —"),
        error_messages={"required": _("Choose the team decision this step rests on.")},
    )
    text = forms.CharField(
        label=_("Motivation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )

    def __init__(self, *args: Any, dossier: Dossier, text_label: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["team_decision"].queryset = dossier.decisions.all()  # type: ignore[attr-defined]
        if text_label:
            self.fields["text"].label = text_label


class AdmissibleForm(StepForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, text_label=_("Justification of the conditions not met"), **kwargs)
        self.fields["text"].required = False
        self.fields["text"].help_text = _(
            "Needed when a referral condition is not met or not known."
        )


class NotNecessaryForm(StepForm):
    agreed_with_referrer = forms.BooleanField(
        label=_("Agreed with the referrer how the voluntary help goes on"),
        error_messages={"required": _("Agree with the referrer first.")},
    )


class MoveForm(forms.Form):
    to_centre = forms.ModelChoiceField(
        label=_("To the centre"), queryset=Centre.objects.none(), required=False
    )
    to_ocj = forms.CharField(label=_("Or to the OCJ"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_LIMIT
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_centre"].queryset = Centre.objects.exclude(pk=centre.pk)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("to_centre")) == bool((data.get("to_ocj") or "").strip()):
            raise ValidationError(_("Choose either another centre or an OCJ."))
        return data


class DecisionDateForm(forms.Form):
    """The decision date a decided procedure lacks, recorded afterwards."""

    version = VersionField()
    decision_on = forms.DateField(
        label=_("Date of the decision"),
        widget=DateInput(),
        help_text=_("The day the team decided, as the dossier's team decision shows it."),
    )
