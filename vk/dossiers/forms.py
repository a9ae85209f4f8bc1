from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, Role, User
from vk.dossiers.models import ContactMethod, Place, SecrecyGround
from vk.intake.forms import TEXT_LIMIT, DateTimeInput, _now_local_input


class OpenDossierForm(forms.Form):
    case_workers = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Case workers of different disciplines who work with this family."),
        error_messages={"required": _("Choose at least one case worker.")},
    )
    of_record = forms.ModelChoiceField(
        label=_("Case worker of record"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workers = (
            User.objects.in_centre(centre)
            .with_role(Role.CASE_WORKER)
            .filter(is_active=True)
            .distinct()
        )
        for name in ("case_workers", "of_record"):
            self.fields[name].queryset = workers  # type: ignore[attr-defined]
            self.fields[name].label_from_instance = (  # type: ignore[attr-defined]
                lambda user: f"{user.get_full_name()} ({user.get_discipline_display()})"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        team = data.get("case_workers")
        if data.get("of_record") and team is not None and data["of_record"] not in team:
            self.add_error("of_record", _("The case worker of record must be on the team."))
        return data


class ConversationForm(forms.Form):
    held_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput(), initial=_now_local_input
    )
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices)
    participants = forms.CharField(
        label=_("Participants"),
        max_length=500,
        help_text=_("Who took part, e.g. mother, father, case worker."),
    )
    language = forms.CharField(label=_("Language used"), max_length=100, initial="Nederlands")
    interpreter = forms.BooleanField(label=_("An interpreter was present"), required=False)
    interpreter_language = forms.CharField(
        label=_("Interpreting language"), max_length=100, required=False
    )
    social_interpreting_service = forms.BooleanField(
        label=_("Through the social interpreting service"), required=False
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_LIMIT
    )
    observations = forms.CharField(
        label=_("Observations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    def clean_held_at(self) -> Any:
        value = self.cleaned_data["held_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(
                _("A conversation that has not taken place cannot be recorded yet.")
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("interpreter") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Say which language was interpreted."))
        return data


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )


class CloseDossierForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
    )
    outcome = forms.CharField(label=_("Outcome"), max_length=200)
    family_informed_of_retention = forms.BooleanField(
        label=_("The family was told how long the file is kept"),
        error_messages={"required": _("Tell the family how long the file is kept before closing.")},
    )
    copy_offered = forms.BooleanField(label=_("The family was offered a copy"), required=False)


class ProfessionalContactForm(forms.Form):
    contacted_at = forms.DateTimeField(
        label=_("Date and time"), widget=DateTimeInput(), initial=_now_local_input
    )
    professional = forms.CharField(
        label=_("Professional"), max_length=200, help_text=_("Name and function.")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    secrecy_ground = forms.ChoiceField(label=_("Ground for sharing"), choices=SecrecyGround.choices)
    family_informed = forms.BooleanField(
        label=_("The family knows about this contact"), required=False
    )
    learned = forms.CharField(
        label=_("What was learned"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )

    def clean_contacted_at(self) -> Any:
        value = self.cleaned_data["contacted_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("A contact cannot lie in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("secrecy_ground") == SecrecyGround.CONSENT and not data.get("family_informed"):
            self.add_error(
                "family_informed",
                _(
                    "Information shared with the family's consent means the family knows about the contact."
                ),
            )
        return data
