from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import User
from vk.intake.forms import DateInput
from vk.lib.locking import VersionField

from .models import (
    SUMMARY_LIMIT,
    Activity,
    AwarenessAction,
    AwarenessKind,
    Coaching,
    Sector,
    Theme,
    Training,
    date_problem,
)

# The years offered in the list filter and the overview: this one and the nine before.
YEARS_BACK = 9


class StaffField(forms.ChoiceField):
    """One colleague among the given ones; cleans to the User. Built from a list, so
    rendering it costs no query."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._staff: dict[str, User] = {}

    def set_staff(self, staff: Sequence[User]) -> None:
        self._staff = {str(user.pk): user for user in staff}
        self.choices = [("", "—"), *((str(user.pk), user.get_full_name()) for user in staff)]

    def clean(self, value: Any) -> User | None:
        key = super().clean(value)
        return self._staff.get(key) if key else None


class StaffMultipleField(forms.MultipleChoiceField):
    """Colleagues among the given ones, as checkboxes; cleans to a list of Users."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._staff: dict[str, User] = {}

    def set_staff(self, staff: Sequence[User]) -> None:
        self._staff = {str(user.pk): user for user in staff}
        self.choices = [(str(user.pk), user.get_full_name()) for user in staff]

    def clean(self, value: Any) -> list[User]:
        keys = super().clean(value)
        return [self._staff[key] for key in keys]


class ActivityForm(forms.Form):
    """The fields of one kind of activity; `version` only when editing."""

    model: ClassVar[type[Activity]]
    staff_field: ClassVar[str]

    version = VersionField()
    date = forms.DateField(label=_("Date"), widget=DateInput())

    def __init__(
        self, *args: Any, staff: Sequence[User], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(StaffField | StaffMultipleField, self.fields[self.staff_field]).set_staff(staff)
        if not editing:
            del self.fields["version"]

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        problem = date_problem(self.model, day, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem)
        return day

    def values(self) -> dict[str, Any]:
        """The cleaned values of the model's fields, for the services."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


def _count(label: Any, *, minimum: int, message: Any, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=1_000_000,
        required=required,
        error_messages={"min_value": message},
    )


class CoachingForm(ActivityForm):
    model = Coaching
    staff_field = "coached_by"

    coached_by = StaffField(
        label=_("Coached by"),
        error_messages={"required": _("Choose the colleague who gave the coaching.")},
    )
    sector = forms.ChoiceField(
        label=_("Sector of the professional"),
        choices=[("", "—"), *Sector.choices],
        error_messages={"required": _("Choose the sector of the professional.")},
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The kind or name of the organisation, e.g. primary school, CLB, GP."),
    )
    theme = forms.ChoiceField(
        label=_("Theme of the question"),
        choices=[("", "—"), *Theme.choices],
        error_messages={"required": _("Choose what the question was about.")},
    )
    contacts = _count(_("Number of contacts"), minimum=1, message=_("Count at least one contact."))
    duration_minutes = _count(
        _("Duration (minutes)"),
        minimum=1,
        message=_("The duration is at least one minute; leave it empty if not known."),
        required=False,
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=SUMMARY_LIMIT,
        required=False,
        help_text=_(
            "What the question was and what was advised, in a few lines. Do not type the "
            "names of the family or the child, or anything else that identifies them."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].initial = 1
        self.fields["date"].help_text = _("The day of the (first) contact; not in the future.")


class TrainingForm(ActivityForm):
    model = Training
    staff_field = "trainers"

    topic = forms.CharField(label=_("Topic"), max_length=200)
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=200,
        help_text=_("Who the session was for, e.g. teachers, childcare workers, GPs."),
    )
    organisations = forms.CharField(
        label=_("Organisations"),
        max_length=300,
        help_text=_("The service or services that took part."),
    )
    participants = _count(
        _("Number of participants"),
        minimum=1,
        message=_("Count at least one participant (expected, for a planned session)."),
    )
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.25"),
        required=False,
        error_messages={"min_value": _("A session lasts at least a quarter of an hour.")},
    )
    trainers = StaffMultipleField(
        label=_("Trainers of the centre"),
        error_messages={"required": _("Choose at least one trainer of the centre.")},
    )
    external_trainers = forms.CharField(
        label=_("External trainers"),
        max_length=300,
        required=False,
        help_text=_("Trainers from outside the centre, if any."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].help_text = _("A date in the future registers a planned session.")


class AwarenessForm(ActivityForm):
    model = AwarenessAction
    staff_field = "staff"

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *AwarenessKind.choices],
        error_messages={"required": _("Choose the kind of action.")},
    )
    audience = forms.CharField(
        label=_("Audience"),
        max_length=200,
        help_text=_("Who the action was meant for, e.g. parents, students, the general public."),
    )
    reach = _count(
        _("People reached"),
        minimum=0,
        message=_("The number of people reached cannot be negative."),
        required=False,
    )
    staff = StaffMultipleField(label=_("Staff members of the centre"), required=False)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=SUMMARY_LIMIT,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reach"].help_text = _("An estimate is fine; leave empty if not known.")
        self.fields["date"].help_text = _("A date in the future registers a planned action.")


# Lists ----------------------------------------------------------------------------


def year_choices(today: date) -> list[tuple[str, str]]:
    years = range(today.year + 1, today.year - YEARS_BACK - 1, -1)
    return [(str(year), str(year)) for year in years]


class ListFilterForm(forms.Form):
    """The filters of a list: year, a period, the staff member, and per kind its choices."""

    year = forms.ChoiceField(label=_("Year"), required=False)
    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    staff = StaffField(label=_("Staff member"), required=False)

    def __init__(
        self,
        *args: Any,
        staff: Sequence[User],
        choice_filters: Sequence[tuple[str, Any, Any]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("All years")),
            *year_choices(timezone.localdate()),
        ]
        cast(StaffField, self.fields["staff"]).set_staff(staff)
        self.choice_names = [name for name, _label, _choices in choice_filters]
        for name, label, choices in choice_filters:
            self.fields[name] = forms.ChoiceField(
                label=label, choices=[("", _("All")), *choices], required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period lies before its start."))
        return data


class YearForm(forms.Form):
    year = forms.ChoiceField(label=_("Year"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices(timezone.localdate())  # type: ignore[attr-defined]
