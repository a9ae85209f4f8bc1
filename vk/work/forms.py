from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from vk.centres.models import User
from vk.dossiers.models import Place
from vk.intake.forms import TEXT_LIMIT, DateInput, DateTimeInput
from vk.lib.locking import VersionField
from vk.lib.workdays import add_working_days
from vk.work.services import MAX_CHECK_IN_SPACING, MAX_CHECK_INS, QUICK_DUE_WORKING_DAYS

ON_A_DATE = "date"


class OwnerField(forms.ChoiceField):
    """A choice among the given colleagues; cleans to the User. Built from a list, so
    rendering it costs no query."""

    def __init__(self, *, owners: Sequence[User] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_owners(owners)

    def set_owners(self, owners: Sequence[User]) -> None:
        self._owners = {str(user.pk): user for user in owners}
        self.choices = [(str(user.pk), user.get_full_name()) for user in owners]

    def clean(self, value: Any) -> User:
        key = super().clean(value)
        return self._owners[key]


class _OwnedForm(forms.Form):
    def __init__(self, *args: Any, owners: Sequence[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(OwnerField, self.fields["owner"]).set_owners(owners)


class TaskForm(_OwnedForm):
    """A new task: due on a date, or in a few working days (the quick choices)."""

    # Prefixed: it shares the dossier page with other forms.
    prefix = "task"

    title = forms.CharField(label=_("Task"), max_length=200)
    owner = OwnerField(label=_("Who"))
    due_in = forms.ChoiceField(label=_("Due"), widget=forms.RadioSelect, initial="5")
    due_on = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        required=False,
        help_text=_("Only what the owner needs to do the task."),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        choices: list[tuple[str, str]] = []
        for days in QUICK_DUE_WORKING_DAYS:
            label = ngettext(
                "in %(days)d working day (%(date)s)", "in %(days)d working days (%(date)s)", days
            ) % {
                "days": days,
                "date": formats.date_format(add_working_days(today, days), "D d/m"),
            }
            choices.append((str(days), label))
        choices.append((ON_A_DATE, str(_("on the date below"))))
        self.fields["due_in"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("due_in") == ON_A_DATE:
            if not data.get("due_on"):
                self.add_error("due_on", _("Choose the date the task is due."))
            elif data["due_on"] < timezone.localdate():
                self.add_error("due_on", _("The due date lies in the past."))
        return data

    def due(self) -> dict[str, Any]:
        """The due date as the keyword arguments of services.create_task."""
        choice = self.cleaned_data["due_in"]
        if choice == ON_A_DATE:
            return {"due_on": self.cleaned_data["due_on"]}
        return {"due_in_working_days": int(choice)}


class TaskEditForm(_OwnedForm):
    version = VersionField()
    title = forms.CharField(label=_("Task"), max_length=200)
    owner = OwnerField(label=_("Who"))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        required=False,
    )


class CompleteTaskForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    def __init__(self, *args: Any, outcome_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        field.required = outcome_required
        if outcome_required:
            field.help_text = _("How is it going with the family? What was agreed?")
            field.error_messages["required"] = _("Write down the outcome of the check-in.")


class CheckInPlanForm(_OwnedForm):
    prefix = "check_ins"
    owner = OwnerField(label=_("Who"))
    count = forms.IntegerField(
        label=_("Number of check-ins"), min_value=1, max_value=MAX_CHECK_INS, initial=3
    )
    every_working_days = forms.IntegerField(
        label=_("Every … working days"),
        min_value=1,
        max_value=MAX_CHECK_IN_SPACING,
        initial=10,
        help_text=_("The first check-in falls this many working days from today."),
    )
    description = forms.CharField(
        label=_("What to check"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )


class _AppointmentFields(forms.Form):
    # Labels differ from the conversation form's, which shares the dossier page.
    starts_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    place = forms.ChoiceField(label=_("Where"), choices=Place.choices)
    with_whom = forms.CharField(
        label=_("With whom"),
        max_length=300,
        help_text=_("Who is invited, e.g. mother, father, CLB."),
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )

    # A new appointment cannot lie in the past; a changed one is checked by the service
    # (only when its time changes: a started appointment keeps its time).
    refuse_past = False

    def clean_starts_at(self) -> Any:
        value = self.cleaned_data["starts_at"]
        if self.refuse_past and value < timezone.now() - timedelta(minutes=5):
            raise ValidationError(_("An appointment cannot be planned in the past."))
        return value


class AppointmentForm(_AppointmentFields):
    prefix = "appointment"  # it shares the dossier page with other forms
    refuse_past = True


class AppointmentEditForm(_AppointmentFields):
    version = VersionField()


class StatusChangeForm(forms.Form):
    """Cancel or "did not take place": only the version the page was loaded with."""

    version = VersionField()
