"""Letters the centre sends, made as PDF and kept in the dossier as a document.

A letter kind is a template, a form and a function that turns the dossier and the
form's data into the template's context, registered in `LETTERS`. To add one:

1. a template `documents/letters/<code>.html` that extends `documents/letters/_letter.html`
   and fills the blocks `subject` and `body` (text through {% translate %} /
   {% blocktranslate %});
2. a form: subclass `FamilyLetterForm` for a letter to the parents with parental
   authority (it asks whom to address and checks they share an address), or
   `LetterForm` for any other addressee;
3. a context function `(dossier, by, cleaned_data) -> dict` (start from
   `family_context(cleaned_data)` for a family letter);
4. `register(LetterKind(code=..., label=..., file_stem=..., template_name=...,
   form_class=..., context=...))` at the bottom of this module.

The dossier page lists every registered letter whose `is_available(dossier)` is true;
`generate_letter` renders it, stores it encrypted as a document of kind "letter"
(audited as documents.letter.generated) and returns the PDF for download.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vk.access.disclosures import record_disclosure
from vk.access.models import DisclosureKind
from vk.audit.models import Purpose
from vk.centres.models import User
from vk.documents import services
from vk.documents.models import Document
from vk.dossiers.models import Dossier, DossierMember, Place, Relationship, State
from vk.dossiers.services import current_proposal
from vk.intake.forms import DateTimeInput
from vk.lib.pdf import render_pdf
from vk.people.models import Person

PARENT_RELATIONSHIPS = (
    Relationship.PARENT,
    Relationship.STEP_PARENT,
    Relationship.FOSTER_PARENT,
)
NOTE_LIMIT = 1000


class LetterForm(forms.Form):
    """Base of every letter form; knows the dossier the letter is for."""

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dossier = dossier


class FamilyLetterForm(LetterForm):
    """A letter to (some of) the parents with parental authority, at one address."""

    recipients = forms.ModelMultipleChoiceField(
        label=_("Addressed to"),
        queryset=DossierMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The parents with parental authority in the family composition."),
        error_messages={"required": _("Choose at least one parent with parental authority.")},
    )

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, **kwargs)
        parents = parents_with_authority(dossier)
        field = self.fields["recipients"]
        field.queryset = parents  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda member: f"{member.person.display_name} ({member.get_relationship_display()})"
        )
        field.initial = [member.pk for member in parents]

    def clean_recipients(self) -> Any:
        members = list(self.cleaned_data["recipients"])
        if len({_address_key(m.person) for m in members} - {("", "", "")}) > 1:
            raise ValidationError(
                _("These parents live at different addresses; make one letter for each address.")
            )
        return members


@dataclass(frozen=True)
class LetterKind:
    code: str
    label: str | Promise
    # Part of the PDF's file name, e.g. "invitation" (translated: "uitnodiging").
    file_stem: str | Promise
    template_name: str
    form_class: type[LetterForm]
    context: Callable[[Dossier, User, Mapping[str, Any]], dict[str, Any]]
    is_available: Callable[[Dossier], bool] = lambda dossier: True
    # The ground on which the letter's personal data leaves the centre (the register).
    legal_basis: str = "own_data"


LETTERS: dict[str, LetterKind] = {}


def register(kind: LetterKind) -> LetterKind:
    LETTERS[kind.code] = kind
    return kind


def available_letters(dossier: Dossier) -> list[LetterKind]:
    return [kind for kind in LETTERS.values() if kind.is_available(dossier)]


def generate_letter(
    *,
    kind: LetterKind,
    dossier: Dossier,
    by: User,
    purpose: Purpose,
    data: Mapping[str, Any],
) -> tuple[Document, bytes]:
    """Render the letter, keep it in the dossier and return the document and the PDF."""
    today = timezone.localdate()
    context = {
        "centre": dossier.centre,
        "dossier": dossier,
        "signer": by,
        "today": today,
        "title": str(kind.label),
        **kind.context(dossier, by, data),
    }
    pdf = render_pdf(kind.template_name, context)
    with transaction.atomic():
        document = services.store_letter(
            dossier=dossier,
            by=by,
            purpose=purpose,
            letter_kind=kind.code,
            title=str(kind.label),
            file_name=f"{dossier.reference}-{slugify(str(kind.file_stem))}-{today:%Y-%m-%d}.pdf",
            pdf=pdf,
        )
        record_disclosure(
            dossier=dossier,
            by=by,
            kind=DisclosureKind.LETTER,
            recipient=_recipient_label(context) or str(kind.label),
            legal_basis=kind.legal_basis,
            what=str(kind.label),
            source=document,
        )
    return document, pdf


def _recipient_label(context: Mapping[str, Any]) -> str:
    """The addressees as the letter names them (persons or plain address lines)."""
    recipients = context.get("recipients") or []
    names = [
        person["display_name"] if isinstance(person, dict) else person.display_name
        for person in recipients[:3]
    ]
    return ", ".join(name for name in names if name)


# Helpers for letters to the family ---------------------------------------------------


def parents_with_authority(dossier: Dossier) -> QuerySet[DossierMember]:
    return dossier.members.filter(
        relationship__in=PARENT_RELATIONSHIPS, parental_authority=True
    ).select_related("person")


def children_first_names(dossier: Dossier) -> list[str]:
    """The first names of the dossier's children, where known."""
    members = dossier.members.filter(relationship=Relationship.CHILD).select_related("person")
    return [member.person.first_name for member in members if member.person.first_name]


def family_context(data: Mapping[str, Any]) -> dict[str, Any]:
    """Addressees and their shared address, from FamilyLetterForm's cleaned data."""
    persons = [member.person for member in data["recipients"]]
    with_address = [person for person in persons if any(_address_key(person))]
    return {"recipients": persons, "address": with_address[0] if with_address else None}


def join_names(names: list[str]) -> str:
    """ "Mila", "Mila and Bo", "Mila, Bo and Lina" (the "and" translated)."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {gettext('and')} {names[-1]}"


def _address_key(person: Person) -> tuple[str, str, str]:
    return (
        " ".join(person.street.lower().split()),
        person.postcode.strip(),
        person.city.strip().lower(),
    )


# Letter 1: invitation to a first conversation ---------------------------------------


class InvitationForm(FamilyLetterForm):
    meeting_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.ChoiceField(label=_("Place"), choices=Place.choices, initial=Place.CENTRE)
    note = forms.CharField(
        label=_("Note in the letter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        required=False,
        help_text=_("Optional: for example where exactly, or what to bring."),
    )

    def clean_meeting_at(self) -> Any:
        value = self.cleaned_data["meeting_at"]
        if value < timezone.now() + timedelta(hours=1):
            raise ValidationError(_("Propose a moment in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("place") == Place.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Say where the conversation takes place."))
        return data


def _invitation_context(dossier: Dossier, by: User, data: Mapping[str, Any]) -> dict[str, Any]:
    children = children_first_names(dossier)
    return {
        **family_context(data),
        "children": children,
        "children_names": join_names(children),
        "meeting_at": timezone.localtime(data["meeting_at"]),
        "place": data["place"],
        "note": data["note"],
    }


register(
    LetterKind(
        code="invitation",
        label=_("Invitation to a first conversation"),
        file_stem=_("invitation"),
        template_name="documents/letters/invitation.html",
        form_class=InvitationForm,
        context=_invitation_context,
        is_available=lambda dossier: dossier.is_open,
    )
)


# Letter 2: the help proposal ----------------------------------------------------------


class HelpProposalLetterForm(FamilyLetterForm):
    note = forms.CharField(
        label=_("Note in the letter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        required=False,
        help_text=_("Optional: for example when you will call to hear their answer."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if current_proposal(self.dossier) is None:
            raise ValidationError(_("Write the help proposal before making its letter."))
        return data


def _help_proposal_context(dossier: Dossier, by: User, data: Mapping[str, Any]) -> dict[str, Any]:
    proposal = current_proposal(dossier)
    children = children_first_names(dossier)
    return {
        **family_context(data),
        "children": children,
        "children_names": join_names(children),
        "proposal": proposal,
        "referrals": list(proposal.referrals.all()) if proposal else [],
        "note": data["note"],
    }


register(
    LetterKind(
        code="help_proposal",
        label=_("Help proposal"),
        file_stem=_("help proposal"),
        template_name="documents/letters/help_proposal.html",
        form_class=HelpProposalLetterForm,
        context=_help_proposal_context,
        is_available=lambda dossier: (
            dossier.is_open
            and dossier.state in (State.ASSESSMENT, State.HELP_PROPOSAL, State.FOLLOW_UP)
        ),
    )
)
