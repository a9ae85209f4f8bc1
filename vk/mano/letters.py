"""Letters of the MaNo procedure, registered in the dossier's letter registry
(vk.documents.letters) when the app is ready:

- `mano_start`: to the parents, the procedure starts — what it means, who referred
  (never a reporter whose identity is confidential, nor the minor), what happens next,
  and the deadline of the decision;
- `mano_decision`: to the parents, the team's decision and its motivation;
- `mano_referrer_decision`: to the referrer, the same decision.

Each letter is offered on the dossier page while the dossier's MaNo procedure is at the
step the letter is about (`is_available`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vk.centres.models import User
from vk.documents.letters import (
    NOTE_LIMIT,
    FamilyLetterForm,
    LetterForm,
    LetterKind,
    children_first_names,
    family_context,
    join_names,
    register,
)
from vk.dossiers.models import Dossier, Relationship
from vk.mano.models import Decision, Procedure, ReferrerKind, State

START_STATES = (State.RECEIVED, State.INVESTIGATION)

# What the decision letters say: the referral to the Jeugdparket, else the decision.
PARKET = "parket"


def procedure_of(dossier: Dossier) -> Procedure | None:
    """The dossier's open MaNo procedure, else its most recent one.

    Reads `dossier.mano_procedures.all()`, so a page that prefetched them (the dossier
    page does) asks the database nothing more for the three letters.
    """
    procedures = list(dossier.mano_procedures.all())
    if not procedures:
        return None
    return max(procedures, key=lambda p: (p.is_open, p.received_on, p.pk))


def decision_of(procedure: Procedure) -> str:
    """What the team decided last: "parket" once referred there, else the decision ("")."""
    if procedure.parket_referred_on is not None:
        return PARKET
    return procedure.decision


def referrer_may_be_named(procedure: Procedure) -> bool:
    """Whether a letter to the family may say who referred.

    Not when the referral rests on a report whose reporter is confidential or
    anonymous, not when the referrer is also such a reporter of the dossier, and not
    when the minor referred: the family learns who referred only when that is safe.
    """
    if procedure.referrer_kind == ReferrerKind.MINOR:
        return False
    reports = list(procedure.dossier.reports.all())
    if procedure.report is not None:
        reports.append(procedure.report)
    name = " ".join(procedure.referrer_name.lower().split())
    for report in reports:
        if not (report.reporter_confidential or report.reporter_anonymous):
            continue
        if report.pk == procedure.report_id:
            return False
        reporter = " ".join(report.reporter_name.lower().split())
        if reporter and (reporter in name or name in reporter):
            return False
    return True


def _start_available(dossier: Dossier) -> bool:
    procedure = procedure_of(dossier)
    return dossier.is_open and procedure is not None and procedure.state in START_STATES


def _decision_available(dossier: Dossier) -> bool:
    procedure = procedure_of(dossier)
    return dossier.is_open and procedure is not None and bool(decision_of(procedure))


def _note_field(help_text: Any) -> forms.CharField:
    return forms.CharField(
        label=_("Note in the letter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        required=False,
        help_text=help_text,
    )


def _procedure_or_error(dossier: Dossier) -> Procedure:
    procedure = procedure_of(dossier)
    if procedure is None:
        raise ValidationError(_("This family has no MaNo procedure."))
    return procedure


def _family_names(dossier: Dossier) -> dict[str, Any]:
    children = children_first_names(dossier)
    return {"children": children, "children_names": join_names(children)}


# Letter: the start of the procedure, to the parents -----------------------------------


class StartLetterForm(FamilyLetterForm):
    note = _note_field(_("Optional: for example when you will call to plan a first conversation."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        procedure = _procedure_or_error(self.dossier)
        if procedure.state not in START_STATES:
            raise ValidationError(_("The procedure has gone past its start."))
        return data


def _start_context(dossier: Dossier, by: User, data: Mapping[str, Any]) -> dict[str, Any]:
    procedure = _procedure_or_error(dossier)
    named = referrer_may_be_named(procedure)
    return {
        **family_context(data),
        **_family_names(dossier),
        "procedure": procedure,
        "referrer_named": named,
        "referrer_name": procedure.referrer_name if named else "",
        "note": data["note"],
    }


# Letter: the decision, to the parents --------------------------------------------------


class DecisionLetterForm(FamilyLetterForm):
    note = _note_field(_("Optional: for example what you agreed in the last conversation."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not decision_of(_procedure_or_error(self.dossier)):
            raise ValidationError(_("The team has not decided yet."))
        return data


def _decision_context(procedure: Procedure) -> dict[str, Any]:
    decision = decision_of(procedure)
    parket = decision == PARKET
    return {
        "procedure": procedure,
        "decision": decision,
        "decided_on": procedure.parket_referred_on if parket else procedure.decision_on,
        "motivation": procedure.parket_motivation if parket else procedure.decision_motivation,
        "NOT_NECESSARY": Decision.NOT_NECESSARY.value,
        "NECESSARY": Decision.NECESSARY.value,
        "PARKET": PARKET,
    }


def _parents_decision_context(
    dossier: Dossier, by: User, data: Mapping[str, Any]
) -> dict[str, Any]:
    procedure = _procedure_or_error(dossier)
    return {
        **family_context(data),
        **_family_names(dossier),
        **_decision_context(procedure),
        "note": data["note"],
    }


# Letter: the decision, to the referrer -------------------------------------------------


class ReferrerLetterForm(LetterForm):
    """A letter to the referrer named in the procedure: no choice of addressees."""

    address = forms.CharField(
        label=_("Postal address of the referrer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        required=False,
        help_text=_("Optional: street, postcode and city, one per line, for a letter by post."),
    )
    note = _note_field(_("Optional: for example how you will keep in touch."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        procedure = _procedure_or_error(self.dossier)
        if not decision_of(procedure):
            raise ValidationError(_("The team has not decided yet."))
        if not procedure.referrer_name.strip():
            raise ValidationError(_("The procedure does not name the referrer."))
        return data


def _referrer_context(dossier: Dossier, by: User, data: Mapping[str, Any]) -> dict[str, Any]:
    procedure = _procedure_or_error(dossier)
    lines = [line.strip() for line in data["address"].splitlines() if line.strip()]
    children = dossier.members.filter(relationship=Relationship.CHILD).select_related("person")
    return {
        # The letterhead's address block prints one line per entry.
        "recipients": [{"display_name": procedure.referrer_name}]
        + [{"display_name": line} for line in lines],
        "address": None,
        "referrer_name": procedure.referrer_name,
        "children_full_names": join_names([member.person.display_name for member in children]),
        **_decision_context(procedure),
        "note": data["note"],
    }


register(
    LetterKind(
        code="mano_start",
        label=_("MaNo: start of the procedure (to the parents)"),
        file_stem=_("mano start"),
        template_name="mano/letters/mano_start.html",
        form_class=StartLetterForm,
        context=_start_context,
        is_available=_start_available,
    )
)
register(
    LetterKind(
        code="mano_decision",
        label=_("MaNo: the decision (to the parents)"),
        file_stem=_("mano decision"),
        template_name="mano/letters/mano_decision.html",
        form_class=DecisionLetterForm,
        context=_parents_decision_context,
        is_available=_decision_available,
    )
)
register(
    LetterKind(
        code="mano_referrer_decision",
        label=_("MaNo: the decision (to the referrer)"),
        file_stem=_("mano decision referrer"),
        template_name="mano/letters/mano_referrer_decision.html",
        legal_basis="mano_mandate",
        form_class=ReferrerLetterForm,
        context=_referrer_context,
        is_available=_decision_available,
    )
)
