"""Forms of the intake screens. Every rule gives a Dutch message; nothing is saved
until every form on the page is valid."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre
from vk.intake.competence import competence_for
from vk.intake.models import (
    Channel,
    PersonRole,
    ProblemCategory,
    ReferralTarget,
    ReporterKind,
    ReporterSector,
    RiskEstimate,
    Track,
    Urgency,
)
from vk.intake.services import MAX_ESTIMATED_AGE, ChildCorrection, PersonEntry, ReportDetails
from vk.lib.locking import VersionField
from vk.people.identifiers import clean_national_number
from vk.people.models import Gender

TEXT_LIMIT = 20_000
OLDEST_BIRTH_DATE = date(1990, 1, 1)


def checked_birth_date(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise ValidationError(_("A date of birth cannot lie in the future."))
    if value and value < OLDEST_BIRTH_DATE:
        raise ValidationError(_("This date of birth is too far in the past; check the year."))
    return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _now_local_input() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


class ReportForm(forms.Form):
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=DateTimeInput(), initial=_now_local_input
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    reporter_kind = forms.ChoiceField(
        label=_("Reporter"),
        choices=ReporterKind.choices,
        widget=forms.RadioSelect,
        initial=ReporterKind.PROFESSIONAL,
    )
    reporter_sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", "—"), *ReporterSector.choices],
        required=False,
        help_text=_("For professionals."),
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    reporter_organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    reporter_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    reporter_email = forms.EmailField(label=_("E-mail"), required=False)
    reporter_anonymous = forms.BooleanField(
        label=_("The reporter wishes to stay anonymous"), required=False
    )
    reporter_confidential = forms.BooleanField(
        label=_("Keep the reporter's identity confidential towards the family"), required=False
    )
    worries = forms.CharField(
        label=_("Worries"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_LIMIT,
        help_text=_(
            "What the reporter saw or heard, in their words; facts apart from impressions."
        ),
    )
    problems = forms.MultipleChoiceField(
        label=_("Problem classification"),
        choices=ProblemCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A classification at report, not a diagnosis. Several may apply."),
        error_messages={"required": _("Choose at least one classification.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.NOT_URGENT,
    )
    risk_estimate = forms.ChoiceField(
        label=_("First risk estimate"),
        choices=RiskEstimate.choices,
        initial=RiskEstimate.NOT_ASSESSED,
    )
    residence_postcode = forms.CharField(
        label=_("Postcode where the child lives"),
        max_length=10,
        required=False,
        help_text=_("Used to check which centre is competent."),
    )
    competence_note = forms.CharField(
        label=_("Why does your centre handle this report?"),
        max_length=500,
        required=False,
        help_text=_("Required when the address is unknown, abroad or in Wallonia."),
    )
    family_languages = forms.CharField(
        label=_("Languages spoken in the family"), max_length=200, required=False
    )
    interpreter_needed = forms.BooleanField(label=_("An interpreter is needed"), required=False)
    dutch_speaking_network = forms.NullBooleanField(
        label=_("Link with a Dutch-speaking network (Brussels)"),
        widget=forms.Select(
            choices=[("unknown", _("Unknown")), ("true", _("Yes")), ("false", _("No"))]
        ),
        required=False,
    )

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("The moment of receipt cannot lie in the future."))
        if value < timezone.now() - timedelta(days=366):
            raise ValidationError(
                _("The moment of receipt lies more than a year ago; check the date.")
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reporter_kind") == ReporterKind.PROFESSIONAL and not data.get(
            "reporter_sector"
        ):
            self.add_error("reporter_sector", _("Choose the professional's sector."))
        if data.get("reporter_kind") == ReporterKind.NON_PROFESSIONAL:
            data["reporter_sector"] = ""
        if "residence_postcode" in data and not data.get("competence_note", "").strip():
            competence = competence_for(data["residence_postcode"])
            if competence.centre is None:
                self.add_error(
                    "competence_note",
                    _(
                        "No Flemish centre is competent for this address: say why your centre handles it."
                    ),
                )
        return data

    def details(self) -> ReportDetails:
        data = self.cleaned_data
        return ReportDetails(
            received_at=data["received_at"],
            channel=data["channel"],
            reporter_kind=data["reporter_kind"],
            reporter_sector=data["reporter_sector"],
            reporter_anonymous=data["reporter_anonymous"],
            reporter_confidential=data["reporter_confidential"],
            reporter_name=data["reporter_name"],
            reporter_organisation=data["reporter_organisation"],
            reporter_phone=data["reporter_phone"],
            reporter_email=data["reporter_email"],
            worries=data["worries"],
            problems=data["problems"],
            urgency=data["urgency"],
            risk_estimate=data["risk_estimate"],
            family_languages=data["family_languages"],
            interpreter_needed=data["interpreter_needed"],
            dutch_speaking_network=data["dutch_speaking_network"],
            residence_postcode=data["residence_postcode"].strip(),
            competence_note=data["competence_note"].strip(),
        )


class PersonForm(forms.Form):
    """One person on the intake form; an existing person may be picked from the matches."""

    role_choices: list[tuple[str, Any]] = []

    existing_person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(label=_("None of these: this is a new person"), required=False)
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    national_number = forms.CharField(
        label=_("National register number"),
        max_length=20,
        required=False,
        help_text=_("Only if known. It is never shown in lists."),
    )

    def clean_birth_date(self) -> date | None:
        return checked_birth_date(self.cleaned_data.get("birth_date"))

    def clean_national_number(self) -> str:
        value = self.cleaned_data.get("national_number", "").strip()
        return clean_national_number(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("existing_person"):
            return data
        named = data.get("first_name") or data.get("last_name") or self._is_unborn(data)
        if not named and not self.errors:
            raise ValidationError(
                _("Give at least a first or last name (or mark the child as unborn).")
            )
        return data

    def _is_unborn(self, data: dict[str, Any]) -> bool:
        return bool(data.get("is_unborn"))

    def entry(self, role: str) -> PersonEntry:
        data = self.cleaned_data
        return PersonEntry(
            role=role,
            existing_person_id=data.get("existing_person") or None,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            birth_date=data.get("birth_date"),
            is_unborn=bool(data.get("is_unborn")),
            expected_birth_date=data.get("expected_birth_date"),
            estimated_age=data.get("estimated_age"),
            extended_minority=bool(data.get("extended_minority")),
            gender=data.get("gender", ""),
            street=data.get("street", ""),
            postcode=data.get("postcode", "").strip(),
            city=data.get("city", ""),
            national_number=data.get("national_number", ""),
            parental_authority=bool(data.get("parental_authority")),
        )


class ChildForm(PersonForm):
    estimated_age = forms.IntegerField(
        label=_("Age (estimate)"),
        min_value=0,
        max_value=MAX_ESTIMATED_AGE,
        required=False,
        help_text=_("In years, only when the date of birth is not known."),
    )
    is_unborn = forms.BooleanField(label=_("Unborn"), required=False)
    expected_birth_date = forms.DateField(
        label=_("Expected date of birth"), required=False, widget=DateInput()
    )
    extended_minority = forms.BooleanField(label=_("Extended minority"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("estimated_age") is not None and not data.get("existing_person"):
            if data.get("is_unborn"):
                self.add_error(
                    "estimated_age",
                    _("An unborn child has no age yet: give the expected date of birth."),
                )
            elif data.get("birth_date"):
                self.add_error(
                    "estimated_age",
                    _("Give either the date of birth or an estimated age, not both."),
                )
        if data.get("is_unborn") and not data.get("existing_person"):
            expected = data.get("expected_birth_date")
            if data.get("birth_date"):
                self.add_error("birth_date", _("An unborn child has no date of birth yet."))
            if not expected:
                self.add_error("expected_birth_date", _("Give the expected date of birth."))
            elif not (
                timezone.localdate() - timedelta(days=31)
                <= expected
                <= timezone.localdate() + timedelta(days=300)
            ):
                self.add_error(
                    "expected_birth_date",
                    _("The expected date of birth must lie within the coming ten months."),
                )
        return data

    def entry(self, role: str = PersonRole.CHILD) -> PersonEntry:
        return super().entry(role)


class AdultForm(PersonForm):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[
            (value, label) for value, label in PersonRole.choices if value != PersonRole.CHILD
        ],
        initial=PersonRole.PARENT,
    )
    parental_authority = forms.BooleanField(label=_("Has parental authority"), required=False)

    def has_changed(self) -> bool:
        # The role select always has a value; only a name or another field means a person.
        return any(name in self.changed_data for name in self.fields if name != "role")

    def entry(self, role: str = "") -> PersonEntry:
        return super().entry(self.cleaned_data["role"])


class PersonFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Every row is an optional row, also when a draft filled it in beforehand: a row the
    worker empties again is simply skipped."""

    def initial_form_count(self) -> int:
        return super().initial_form_count() if self.is_bound else 0


ChildFormSet = forms.formset_factory(
    ChildForm, formset=PersonFormSet, extra=3, max_num=12, validate_max=True
)
AdultFormSet = forms.formset_factory(
    AdultForm, formset=PersonFormSet, extra=3, max_num=12, validate_max=True
)


class TriageForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices, widget=forms.RadioSelect)
    referral_target = forms.ChoiceField(
        label=_("Referred to"),
        choices=[("", "—"), *ReferralTarget.choices],
        required=False,
        help_text=_("Only for a referral elsewhere."),
    )
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )
    team_discussion = forms.CharField(
        label=_("Team discussion"),
        max_length=200,
        help_text=_("Which team discussion took the decision (date, meeting)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("track") == Track.REFERRAL and not data.get("referral_target"):
            self.add_error("referral_target", _("Say where the report is referred to."))
        return data


class TransferForm(forms.Form):
    to_centre = forms.ModelChoiceField(label=_("Competent centre"), queryset=Centre.objects.none())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Without names: the receiving centre sees the report itself."),
    )

    def __init__(self, *args: Any, current_centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_centre"].queryset = Centre.objects.exclude(pk=current_centre.pk)  # type: ignore[attr-defined]


class ReferralForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class AdviceForm(forms.Form):
    questions = forms.CharField(
        label=_("Questions asked"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )
    advice_given = forms.CharField(
        label=_("Advice given"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    agreed_follow_up = forms.CharField(
        label=_("Agreed follow-up"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class AdviceContactForm(forms.Form):
    at = forms.DateTimeField(label=_("Date"), widget=DateTimeInput(), initial=_now_local_input)
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )

    def clean_at(self) -> Any:
        value = self.cleaned_data["at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("A contact cannot lie in the future."))
        return value


class ReportCorrectionForm(forms.Form):
    """What the yearly figures count of a report, corrected afterwards (data quality)."""

    version = VersionField()
    problems = ReportForm.base_fields["problems"]
    reason = forms.CharField(
        label=_("What was corrected and why"),
        max_length=150,
        help_text=_("Kept in the report's history, for example: date of birth from the school."),
    )


class ChildCorrectionForm(forms.Form):
    """One child of the report: date of birth or an age estimate, unborn, gender."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    estimated_age = forms.IntegerField(
        label=_("Age (estimate)"),
        min_value=0,
        max_value=MAX_ESTIMATED_AGE,
        required=False,
        help_text=_("Age when the report came in, only when the date of birth is not known."),
    )
    is_unborn = forms.BooleanField(label=_("Unborn when reported"), required=False)
    expected_birth_date = forms.DateField(
        label=_("Expected date of birth"), required=False, widget=DateInput()
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)

    def clean_birth_date(self) -> date | None:
        return checked_birth_date(self.cleaned_data.get("birth_date"))

    def correction(self) -> ChildCorrection:
        data = self.cleaned_data
        return ChildCorrection(
            person_id=data["person"],
            birth_date=data.get("birth_date"),
            estimated_age=data.get("estimated_age"),
            is_unborn=bool(data.get("is_unborn")),
            expected_birth_date=data.get("expected_birth_date"),
            gender=data.get("gender", ""),
        )


ChildCorrectionFormSet = forms.formset_factory(ChildCorrectionForm, extra=0, max_num=50)
