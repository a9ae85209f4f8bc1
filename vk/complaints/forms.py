"""The complaints officer's forms: the register's filter, registering a complaint received
by phone, letter, e-mail or in person, one form per step, the edit form."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.complaints.models import (
    NEEDS_IMPROVEMENTS,
    Channel,
    ComplainantRole,
    Complaint,
    DiscussedWithHelper,
    Escalation,
    Outcome,
    ReplyBy,
    Stage,
    Subject,
)
from vk.complaints.services import EDITABLE_FIELDS, ComplaintDetails, ComplaintEdit
from vk.intake.forms import DateInput
from vk.lib.locking import VersionField

OPEN = "open"
ALL = "all"
PAGE_SIZE = 50


class RegisterFilterForm(forms.Form):
    """The register's filter (GET): stage, year of receipt, outcome, only overdue."""

    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[(OPEN, _("Open complaints")), (ALL, _("All complaints")), *Stage.choices],
    )
    year = forms.TypedChoiceField(label=_("Received in"), required=False, coerce=int)
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any outcome")), *Outcome.choices]
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any year")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The cleaned filter, with the defaults of an empty form (open complaints)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "stage": data.get("stage") or OPEN,
            "year": data.get("year") or None,
            "outcome": data.get("outcome") or "",
            "overdue": bool(data.get("overdue")),
        }


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


def _not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise ValidationError(_("The date cannot lie in the future."))


class ComplainantFields(forms.Form):
    """Who complains and about what: shared by registering and editing."""

    complainant_role = forms.ChoiceField(label=_("Who complains"), choices=ComplainantRole.choices)
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        help_text=_("The complainant does not want to give a name."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    address = forms.CharField(
        label=_("Postal address"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reply_by = forms.ChoiceField(
        label=_("Reply by"), required=False, choices=[("", _("No preference")), *ReplyBy.choices]
    )
    subject = forms.ChoiceField(label=_("About"), choices=Subject.choices)
    description = forms.CharField(
        label=_("What happened"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In the complainant's words."),
    )
    discussed_with_helper = forms.ChoiceField(
        label=_("Discussed with the helper first"), choices=DiscussedWithHelper.choices
    )
    wish = forms.CharField(
        label=_("What the complainant would like"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("anonymous") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give a name, or mark the complaint as anonymous."))
        if not any((data.get(name) or "").strip() for name in ("email", "phone", "address")):
            raise ValidationError(
                _("Give at least one way to reach the complainant: e-mail, phone or address.")
            )
        return data


class NewComplaintForm(ComplainantFields):
    channel = forms.ChoiceField(
        label=_("Received through"),
        choices=[(value, label) for value, label in Channel.choices if value != Channel.WEB_FORM],
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[_not_in_future],
    )

    field_order = ["channel", "received_on"]

    def details(self) -> ComplaintDetails:
        data = self.cleaned_data
        return ComplaintDetails(
            complainant_role=data["complainant_role"],
            subject=data["subject"],
            description=data["description"],
            discussed_with_helper=data["discussed_with_helper"],
            wish=data["wish"],
            anonymous=data["anonymous"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            reply_by=data["reply_by"],
        )


class EditComplaintForm(ComplainantFields):
    version = VersionField()
    answer_summary = forms.CharField(
        label=_("The answer in short"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    improvements = forms.CharField(
        label=_("What the centre changed"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Improvements the complaint led to; they can be added after closing too."),
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.complaint = complaint
        if not complaint.outcome:
            # Only an answered complaint has an answer and improvements.
            del self.fields["answer_summary"]
            del self.fields["improvements"]

    @classmethod
    def initial_for(cls, complaint: Complaint) -> dict[str, Any]:
        return {"version": complaint.row_version} | {
            name: getattr(complaint, name) for name in EDITABLE_FIELDS
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.complaint.outcome:
            if not (data.get("answer_summary") or "").strip():
                self.add_error("answer_summary", _("Summarise the answer the complainant got."))
            if self.complaint.outcome in NEEDS_IMPROVEMENTS and not (
                (data.get("improvements") or "").strip()
            ):
                self.add_error(
                    "improvements",
                    _("The complaint is (partly) well-founded: say what the centre changed."),
                )
        return data

    def edit(self) -> ComplaintEdit:
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name, "") for name in EDITABLE_FIELDS}
        values["anonymous"] = bool(data.get("anonymous"))
        return ComplaintEdit(**values)

    def conflict_fields(self) -> list[str]:
        """The fields compared on the conflict screen."""
        return [name for name in EDITABLE_FIELDS if name in self.fields]


# Steps ------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step: the version the page was loaded with and an optional note."""

    version = VersionField()
    note = forms.CharField(
        label=_("Note"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AcknowledgeForm(StepForm):
    acknowledged_on = forms.DateField(
        label=_("Acknowledged on"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[_not_in_future],
    )
    field_order = ["acknowledged_on", "note"]


class AnswerForm(StepForm):
    answered_on = forms.DateField(
        label=_("Answered on"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[_not_in_future],
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("— choose the outcome —")), *Outcome.choices]
    )
    answer_summary = forms.CharField(
        label=_("The answer in short"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4})
    )
    improvements = forms.CharField(
        label=_("What the centre changed"),
        max_length=6000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the complaint is well-founded or partly well-founded."),
    )
    field_order = ["answered_on", "outcome", "answer_summary", "improvements"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") in NEEDS_IMPROVEMENTS and not (
            (data.get("improvements") or "").strip()
        ):
            self.add_error(
                "improvements",
                _("The complaint is (partly) well-founded: say what the centre changed."),
            )
        return data


class CloseForm(StepForm):
    closed_on = forms.DateField(
        label=_("Closed on"),
        widget=DateInput(),
        initial=timezone.localdate,
        validators=[_not_in_future],
    )
    escalated_to = forms.ChoiceField(
        label=_("The complainant went on to"), required=False, choices=Escalation.choices
    )
    field_order = ["closed_on", "escalated_to", "note"]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
