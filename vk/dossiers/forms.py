from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre, Role, Team, User, UserQuerySet
from vk.dossiers.instruments import text_of
from vk.dossiers.models import (
    AssessmentMoment,
    Assignment,
    ClosingOutcome,
    Competence,
    ConsentAnswer,
    ContactMethod,
    Dossier,
    HelpProposal,
    Instrument,
    Place,
    ReferralStatus,
    SafetyJudgement,
    SecrecyGround,
    TeamDecision,
)
from vk.intake.forms import TEXT_LIMIT, DateInput, DateTimeInput, _now_local_input
from vk.lib.locking import VersionField


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


class DecisionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: TeamDecision) -> str:
        return f"{obj.held_on:%d/%m/%Y} · {obj.decision[:80]}"


def _decision_field(required: bool = True) -> DecisionChoiceField:
    return DecisionChoiceField(
        label=_("Team decision"),
        queryset=TeamDecision.objects.none(),
        required=required,
        empty_label=_("— choose the team decision —"),
        error_messages={"required": _("Choose the team decision this step rests on.")},
    )


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    team_decision = _decision_field(required=False)

    def __init__(self, *args: Any, decisions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["team_decision"].queryset = decisions  # type: ignore[attr-defined]


def _outcome_explained(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("closing_outcome") == ClosingOutcome.OTHER and not data.get("outcome"):
        form.add_error("outcome", _("Explain the closing outcome “Other”."))
    return data


class CloseDossierForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
    )
    closing_outcome = forms.ChoiceField(
        label=_("Closing outcome"),
        choices=[("", _("— choose the outcome —")), *ClosingOutcome.choices],
        help_text=_("What the trajectory came to; the yearly report counts it."),
        error_messages={"required": _("Choose the closing outcome: what the trajectory came to.")},
    )
    outcome = forms.CharField(
        label=_("Explanation of the outcome"),
        max_length=200,
        required=False,
        help_text=_("Optional; required for “Other”."),
    )
    family_informed_of_retention = forms.BooleanField(
        label=_("The family was told how long the file is kept"),
        error_messages={"required": _("Tell the family how long the file is kept before closing.")},
    )
    copy_offered = forms.BooleanField(label=_("The family was offered a copy"), required=False)
    team_decision = _decision_field()

    def __init__(self, *args: Any, decisions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if decisions is not None:
            self.fields["team_decision"].queryset = decisions  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        return _outcome_explained(self, super().clean() or {})


class ClosingOutcomeForm(forms.Form):
    """A closed dossier's coded outcome, recorded or corrected afterwards."""

    version = VersionField()
    closing_outcome = CloseDossierForm.base_fields["closing_outcome"]
    outcome = CloseDossierForm.base_fields["outcome"]

    def clean(self) -> dict[str, Any]:
        return _outcome_explained(self, super().clean() or {})


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


# Edit forms carry the version they were loaded with.


class EditConversationForm(ConversationForm):
    version = VersionField()


class EditContactForm(ProfessionalContactForm):
    version = VersionField()


class AssessmentForm(forms.Form):
    """The fixed part of an assessment; the instrument's items are added per version."""

    moment = forms.ChoiceField(label=_("Moment"), choices=AssessmentMoment.choices)
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        for item in instrument.definition["items"]:
            self.fields[f"item_{item['code']}"] = forms.TypedChoiceField(
                label=text_of(item["text"]),
                choices=[(option["value"], text_of(option["label"])) for option in item["options"]],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer this question.")},
            )
        self.fields["judgement"] = forms.ChoiceField(
            label=_("Safety judgement of the team"),
            choices=SafetyJudgement.choices,
            widget=forms.RadioSelect,
            help_text=_("The score informs this judgement; it does not replace it."),
        )
        self.fields["difficulties"] = forms.CharField(
            label=_("Difficulties"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=TEXT_LIMIT,
        )
        self.fields["strengths"] = forms.CharField(
            label=_("Strengths"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=TEXT_LIMIT,
        )

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("item_")]

    def answers(self) -> dict[str, int]:
        return {
            name.removeprefix("item_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }

    def clean_assessed_on(self) -> Any:
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise ValidationError(_("An assessment cannot be dated in the future."))
        return value


class EditAssessmentForm(forms.Form):
    judgement = forms.ChoiceField(
        label=_("Safety judgement of the team"), choices=SafetyJudgement.choices
    )
    difficulties = forms.CharField(
        label=_("Difficulties"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )
    strengths = forms.CharField(
        label=_("Strengths"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_LIMIT
    )
    version = VersionField()


class StaffChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.get_discipline_display()})"


def colleagues_for(
    dossier: Dossier, *, present: Collection[int] | QuerySet[Any] | None = None
) -> UserQuerySet:
    """Who can be ticked as present at a team discussion of this dossier: the active
    members of the centre's teams that the dossier's assigned staff belong to, and the
    assigned staff themselves; when none of them belongs to a team, every active staff
    member of the centre. `present`: those already recorded (an edit keeps them, also
    when they have left since)."""
    assigned = Assignment.objects.filter(dossier=dossier).values("user_id")
    teams = Team.objects.in_centre(dossier.centre).filter(members__in=assigned)
    members = Team.members.through.objects.filter(team__in=teams).values("user_id")
    in_centre = User.objects.in_centre(dossier.centre)
    colleagues = in_centre.filter(is_active=True).filter(
        Q(pk__in=members) | Q(pk__in=assigned) | ~Exists(teams)
    )
    if present is not None:
        colleagues = colleagues | in_centre.filter(pk__in=present)
    return colleagues.order_by("last_name", "first_name", "pk")


class TeamDecisionForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the team discussion"), widget=DateInput(), initial=timezone.localdate
    )
    participants = StaffChoiceField(
        label=_("Colleagues present"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the colleagues who took part.")},
    )
    other_participants = forms.CharField(
        label=_("Others present"),
        max_length=300,
        required=False,
        help_text=_("For example a trainee or an external expert, with their role."),
    )
    question = forms.CharField(
        label=_("Question to the team"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
    )
    decision = forms.CharField(
        label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMIT
    )

    def __init__(self, *args: Any, colleagues: UserQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = colleagues  # type: ignore[attr-defined]

    def clean_held_on(self) -> Any:
        value = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise ValidationError(
                _("A team discussion that has not taken place cannot be recorded.")
            )
        return value

    def clean_participants(self) -> Any:
        value = self.cleaned_data["participants"]
        if len(value) < 2:
            raise ValidationError(_("A team decision is taken by at least two colleagues."))
        return value


ACTION_ROWS = 3


class NewTeamDecisionForm(TeamDecisionForm):
    """A new team decision with up to ACTION_ROWS follow-up actions (tasks)."""

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{number}_title"] = forms.CharField(
                label=_("Follow-up action %(number)s") % {"number": number},
                max_length=200,
                required=False,
            )
            owner = forms.ModelChoiceField(
                label=_("Who"), queryset=team, required=False, empty_label="—"
            )
            owner.label_from_instance = lambda user: user.get_full_name()  # type: ignore[method-assign, assignment]
            self.fields[f"action_{number}_owner"] = owner
            self.fields[f"action_{number}_due_on"] = forms.DateField(
                label=_("Due on"), widget=DateInput(), required=False
            )

    def action_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"action_{n}_{part}"] for part in ("title", "owner", "due_on")]
            for n in range(1, ACTION_ROWS + 1)
        ]

    def actions(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "title": data[f"action_{n}_title"],
                "owner": data[f"action_{n}_owner"],
                "due_on": data[f"action_{n}_due_on"],
            }
            for n in range(1, ACTION_ROWS + 1)
            if data.get(f"action_{n}_title")
        ]

    def decision_data(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not name.startswith("action_")
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, ACTION_ROWS + 1):
            if data.get(f"action_{n}_title"):
                if not data.get(f"action_{n}_owner"):
                    self.add_error(f"action_{n}_owner", _("Say who does this."))
                due = data.get(f"action_{n}_due_on")
                if not due:
                    self.add_error(f"action_{n}_due_on", _("Give the date it is due."))
                elif due < timezone.localdate():
                    self.add_error(f"action_{n}_due_on", _("The due date lies in the past."))
        return data


class EditTeamDecisionForm(TeamDecisionForm):
    version = VersionField()


class HelpProposalForm(forms.Form):
    proposed_on = forms.DateField(
        label=_("Date of the proposal"), widget=DateInput(), initial=timezone.localdate
    )
    team_decision = _decision_field()
    goals = forms.CharField(
        label=_("Agreed goals"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        help_text=_("What should be different for the children, in the family's words."),
    )
    actions = forms.CharField(
        label=_("Actions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_LIMIT,
        help_text=_("Who does what: the family, the centre, other services."),
    )
    referrals = forms.CharField(
        label=_("Referrals to services"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
        help_text=_("One service per line, e.g. “CAW – contextbegeleiding”."),
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team_decision"].queryset = dossier.decisions.all()  # type: ignore[attr-defined]

    def clean_referrals(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["referrals"].splitlines()]
        services = [line for line in lines if line]
        if any(len(line) > 200 for line in services):
            raise ValidationError(_("Keep each service under 200 characters."))
        return services


class EditHelpProposalForm(forms.Form):
    goals = HelpProposalForm.base_fields["goals"]
    actions = HelpProposalForm.base_fields["actions"]
    version = VersionField()


class ReferralForm(forms.Form):
    service = forms.CharField(label=_("Service"), max_length=200)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReferralStatus.choices)
    status_on = forms.DateField(label=_("Since"), widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = VersionField()


class ConsentForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Who"), coerce=int, choices=())
    answer = forms.ChoiceField(
        label=_("Answer"), choices=ConsentAnswer.choices, widget=forms.RadioSelect
    )
    answered_on = forms.DateField(
        label=_("Date of the answer"), widget=DateInput(), initial=timezone.localdate
    )
    competence = forms.ChoiceField(
        label=_("Does the child decide?"),
        choices=Competence.choices,
        initial=Competence.PRESUMED,
        help_text=_(
            "From 12 a child is presumed to decide on the help; the helper may judge "
            "otherwise, with a reason."
        ),
    )
    competence_reason = forms.CharField(
        label=_("Reason for the competence judgement"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, proposal: HelpProposal, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.fields["person"].choices = people  # type: ignore[attr-defined]

    def clean_answered_on(self) -> Any:
        value = self.cleaned_data["answered_on"]
        if value > timezone.localdate():
            raise ValidationError(_("An answer cannot be dated in the future."))
        if value < self.proposal.proposed_on:
            raise ValidationError(_("The answer cannot come before the proposal."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("competence") not in (None, Competence.PRESUMED)
            and not (data.get("competence_reason") or "").strip()
        ):
            self.add_error(
                "competence_reason", _("Give the reason for judging the child's competence.")
            )
        return data
