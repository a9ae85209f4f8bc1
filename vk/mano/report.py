"""The transfer report to the Jeugdparket (overdrachtsverslag): what it holds, what it
leaves out unless the team ticks it, and the PDF.

`sensitive_items(procedure)` lists what may only go to the Jeugdparket when the team
includes it explicitly: the identity of a reporter whose report was confidential or
anonymous, contacts with professionals the family does not know about (third-party
notes), and documents flagged as a confidential source, only about third parties or
under the agogic exception. Medical documents are never offered. Everything else is
always in the report.

`assemble(procedure, ...)` builds the report's content as plain values. A withheld
reporter stays out of it entirely: the report says "reporter: confidential", and their
name, organisation, phone and e-mail are also blanked wherever they occur in the free
text (motivations, summaries, decisions, the referrer) — the team types those texts and
might have named the reporter. The identification of the children and parents is never
blanked (a parent who reported in confidence is still a parent). The same content feeds
the HTML preview and the PDF; its `fingerprint` lets approval check that the approver
read what is stored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vk.centres.models import User
from vk.documents.models import Document
from vk.dossiers.models import Dossier, DossierMember, Relationship
from vk.intake.models import Report
from vk.lib.pdf import render_pdf
from vk.mano.models import CONDITIONS, Procedure, State
from vk.people.models import Person

# The letter kind of the stored PDF (Document.letter_kind); never listed in an annex.
TRANSFER_LETTER_KIND = "mano_parket_report"
PDF_TEMPLATE = "mano/transfer/report_pdf.html"

REPORTER = "reporter"
CONTACT = "contact"
DOCUMENT = "document"

PARENTS = (Relationship.PARENT, Relationship.STEP_PARENT, Relationship.FOSTER_PARENT)
SENSITIVE_DOCUMENT = (
    Q(confidential_source=True) | Q(third_party_only=True) | Q(agogic_exception=True)
)


# The review ------------------------------------------------------------------------


@dataclass(frozen=True)
class SensitiveItem:
    """Something the team must tick to send it; `code` is what a transfer stores."""

    code: str
    kind: str
    label: str
    reason: str

    @property
    def field_name(self) -> str:
        return "include_" + self.code.replace(":", "_")


def sensitive_items(procedure: Procedure) -> list[SensitiveItem]:
    """Everything in the procedure's file that is left out unless ticked, in page order."""
    dossier = procedure.dossier
    items = [
        SensitiveItem(
            code=f"{REPORTER}:{report.pk}",
            kind=REPORTER,
            label=_("Identity of the reporter of report %(reference)s of %(date)s")
            % {"reference": report.reference, "date": _day(report.received_at)},
            reason=(
                _("The reporter wished to stay anonymous.")
                if report.reporter_anonymous
                else _("The reporter's identity is confidential towards the family.")
            ),
        )
        for report in _reports(procedure)
        if _is_confidential(report) and _identity(report)
    ]
    items += [
        SensitiveItem(
            code=f"{CONTACT}:{contact.pk}",
            kind=CONTACT,
            label=f"{_day(contact.contacted_at)} · {contact.professional} ({contact.organisation})",
            reason=_("The family does not know about this contact (third-party information)."),
        )
        for contact in dossier.contacts.filter(family_informed=False).order_by("contacted_at", "pk")
    ]
    items += [
        SensitiveItem(
            code=f"{DOCUMENT}:{document.pk}",
            kind=DOCUMENT,
            label=f"{document.title} ({_day(document.uploaded_at)})",
            reason=", ".join(document.flag_labels),
        )
        for document in _annex_documents(dossier).filter(SENSITIVE_DOCUMENT)
    ]
    return items


# The content -----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    name: str
    relationship: str
    birth: str
    address: str
    parental_authority: bool


@dataclass(frozen=True)
class ReportRow:
    reference: str
    received_on: date
    channel: str
    reporter: str
    # None: the identity is withheld ("reporter: confidential").
    identity: tuple[str, ...] | None


@dataclass(frozen=True)
class Entry:
    """A dated line: a conversation, a contact, a team decision."""

    on: date
    heading: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class ProposalRow:
    proposed_on: date
    goals: str
    actions: str
    referrals: tuple[str, ...]


@dataclass(frozen=True)
class AnnexRow:
    title: str
    added_on: date
    kind: str


@dataclass(frozen=True)
class TransferReport:
    procedure_reference: str
    dossier_reference: str
    recipient: str
    legal_basis: str
    children: tuple[PersonRow, ...]
    parents: tuple[PersonRow, ...]
    # The referral
    referrer_kind: str
    referrer: str
    referrer_contact: str
    received_on: date
    motivation_summary: str
    conditions: tuple[tuple[str, str], ...]
    admissibility_on: date | None
    conditions_justification: str
    reports: tuple[ReportRow, ...]
    # The help so far
    proposals: tuple[ProposalRow, ...]
    conversations: tuple[Entry, ...]
    contacts: tuple[Entry, ...]
    # The decisions
    decisions: tuple[Entry, ...]
    decision: str
    decision_on: date | None
    decision_motivation: str
    parket_referred_on: date | None
    parket_motivation: str
    annex: tuple[AnnexRow, ...]
    included: tuple[str, ...]
    withheld: int

    @property
    def fingerprint(self) -> str:
        """A hash of the whole content: changes when anything in the report changes."""
        content = json.dumps(asdict(self), default=str, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(content.encode()).hexdigest()


def assemble(
    procedure: Procedure, *, recipient: str, legal_basis: str, included: Collection[str]
) -> TransferReport:
    """The report's content with the sensitive items in `included` and nothing else."""
    dossier = procedure.dossier
    included = set(included)
    offered = {item.code for item in sensitive_items(procedure)}
    reports = _reports(procedure)
    withheld_reports = [
        report
        for report in reports
        if _is_confidential(report) and f"{REPORTER}:{report.pk}" not in included
    ]
    blank = _Blanker(term for report in withheld_reports for term in _identity(report))
    referrer_withheld = procedure.report_id is not None and any(
        report.pk == procedure.report_id for report in withheld_reports
    )
    contacts = [
        contact
        for contact in dossier.contacts.order_by("contacted_at", "pk")
        if contact.family_informed or f"{CONTACT}:{contact.pk}" in included
    ]
    annex = [
        document
        for document in _annex_documents(dossier)
        if not _is_sensitive(document) or f"{DOCUMENT}:{document.pk}" in included
    ]
    members = list(dossier.members.select_related("person").order_by("pk"))
    return TransferReport(
        procedure_reference=procedure.reference,
        dossier_reference=dossier.reference,
        recipient=recipient.strip(),
        legal_basis=legal_basis.strip(),
        children=tuple(
            _person_row(member) for member in members if member.relationship == Relationship.CHILD
        ),
        parents=tuple(_person_row(member) for member in members if member.relationship in PARENTS),
        referrer_kind=procedure.get_referrer_kind_display(),
        referrer=_("confidential") if referrer_withheld else blank(procedure.referrer_name),
        referrer_contact="" if referrer_withheld else blank(procedure.referrer_contact),
        received_on=procedure.received_on,
        motivation_summary=blank(procedure.motivation_summary),
        conditions=tuple(
            (
                str(procedure._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
                _yes_no(getattr(procedure, name)),
            )
            for name in CONDITIONS
        ),
        admissibility_on=procedure.admissibility_on,
        conditions_justification=blank(procedure.conditions_justification),
        reports=tuple(
            ReportRow(
                reference=report.reference,
                received_on=timezone.localdate(report.received_at),
                channel=report.get_channel_display(),
                reporter=" · ".join(
                    part
                    for part in (
                        report.get_reporter_kind_display(),
                        report.get_reporter_sector_display(),
                    )
                    if part
                ),
                identity=None
                if report in withheld_reports
                else tuple(blank(part) for part in _identity(report)),
            )
            for report in reports
        ),
        proposals=tuple(
            ProposalRow(
                proposed_on=proposal.proposed_on,
                goals=blank(proposal.goals),
                actions=blank(proposal.actions),
                referrals=tuple(
                    blank(f"{referral.service} ({referral.get_status_display()})")
                    for referral in proposal.referrals.all()
                ),
            )
            for proposal in dossier.proposals.order_by("proposed_on", "pk").prefetch_related(
                "referrals"
            )
        ),
        conversations=tuple(
            Entry(
                on=timezone.localdate(conversation.held_at),
                heading=conversation.get_place_display(),
                text=blank(conversation.summary),
            )
            for conversation in dossier.conversations.order_by("held_at", "pk")
        ),
        contacts=tuple(
            Entry(
                on=timezone.localdate(contact.contacted_at),
                heading=blank(
                    f"{contact.professional} ({contact.organisation}) · "
                    f"{contact.get_method_display()}"
                ),
                text=blank(contact.learned),
                note=""
                if contact.family_informed
                else _("The family does not know about this contact."),
            )
            for contact in contacts
        ),
        decisions=tuple(
            Entry(
                on=row.team_decision.held_on,
                heading=_step_label(row.to_state),
                text=blank(row.team_decision.decision),
                note=blank(row.team_decision.rationale),
            )
            for row in procedure.history.filter(team_decision__isnull=False)
            .select_related("team_decision")
            .order_by("at", "pk")
            if row.team_decision is not None
        ),
        decision=procedure.get_decision_display() if procedure.decision else "",
        decision_on=procedure.decision_on,
        decision_motivation=blank(procedure.decision_motivation),
        parket_referred_on=procedure.parket_referred_on,
        # Referred straight from the investigation, the decision's motivation is this one.
        parket_motivation=""
        if procedure.parket_motivation.strip() == procedure.decision_motivation.strip()
        else blank(procedure.parket_motivation),
        annex=tuple(
            AnnexRow(
                title=blank(document.title),
                added_on=timezone.localdate(document.uploaded_at),
                kind=document.get_kind_display(),
            )
            for document in annex
        ),
        included=tuple(sorted(included & offered)),
        withheld=len(offered - included),
    )


def render_report_pdf(
    report: TransferReport, *, procedure: Procedure, signer: User, today: date
) -> bytes:
    """The report as an A4 PDF on the centre's letterhead, signed by `signer`."""
    return render_pdf(
        PDF_TEMPLATE,
        {
            "report": report,
            "centre": procedure.centre,
            "dossier": procedure.dossier,
            "signer": signer,
            "today": today,
            "title": _("Transfer report to the Jeugdparket"),
            # The letterhead's address block: the Jeugdparket, without a street address.
            "recipients": [{"display_name": report.recipient}],
            "address": None,
        },
    )


# Internals -------------------------------------------------------------------------


def _reports(procedure: Procedure) -> list[Report]:
    """The procedure's own report and the dossier's reports, oldest first."""
    reports = {report.pk: report for report in procedure.dossier.reports.all()}
    if procedure.report is not None:
        reports.setdefault(procedure.report.pk, procedure.report)
    return sorted(reports.values(), key=lambda report: (report.received_at, report.pk))


def _is_confidential(report: Report) -> bool:
    return report.reporter_confidential or report.reporter_anonymous


def _identity(report: Report) -> tuple[str, ...]:
    """What identifies the reporter: name, organisation, phone, e-mail (where known)."""
    return tuple(
        value.strip()
        for value in (
            report.reporter_name,
            report.reporter_organisation,
            report.reporter_phone,
            report.reporter_email,
        )
        if value.strip()
    )


def _annex_documents(dossier: Dossier) -> QuerySet[Document]:
    """The dossier's documents an annex may list: never medical, never earlier reports."""
    return (
        dossier.documents.filter(health=False)
        .exclude(letter_kind=TRANSFER_LETTER_KIND)
        .order_by("uploaded_at", "pk")
    )


def _is_sensitive(document: Document) -> bool:
    return document.confidential_source or document.third_party_only or document.agogic_exception


def _person_row(member: DossierMember) -> PersonRow:
    person = member.person
    return PersonRow(
        name=person.display_name,
        relationship=member.get_relationship_display(),
        birth=_birth(person),
        address=", ".join(
            part for part in (person.street, f"{person.postcode} {person.city}".strip()) if part
        ),
        parental_authority=member.parental_authority,
    )


def _birth(person: Person) -> str:
    if person.birth_date:
        return f"{person.birth_date:%d/%m/%Y}"
    if person.is_unborn and person.expected_birth_date:
        return _("expected %(date)s") % {"date": f"{person.expected_birth_date:%d/%m/%Y}"}
    if person.estimated_birth_year is not None:
        # The year, not an age: the report reads the same on the day it is approved.
        return _("estimated year of birth %(year)s") % {"year": person.estimated_birth_year}
    return _("unknown")


def _step_label(to_state: str) -> str:
    labels = {
        State.INVESTIGATION: _("Admissibility of the referral"),
        State.MANDATED_FOLLOW_UP: _("Help is socially necessary: mandated follow-up"),
        State.REFERRED_TO_PARKET: _("Referral to the Jeugdparket"),
        State.CLOSED: _("Closing"),
    }
    return labels.get(State(to_state), str(State(to_state).label))


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("not known")
    return _("yes") if value else _("no")


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d/%m/%Y}"


class _Blanker:
    """Replaces a withheld reporter's name, organisation, phone and e-mail in free text.

    Case and spacing of names do not matter; a phone number matches however its digits
    are grouped. Terms shorter than three characters are ignored (they would blank
    ordinary words).
    """

    def __init__(self, terms: Iterable[str]) -> None:
        patterns = []
        for term in terms:
            digits = re.sub(r"\D", "", term)
            if len(digits) >= 6 and not re.search(r"[A-Za-z@]", term):
                patterns.append(r"[\s./-]*".join(digits))
            elif len(term) >= 3:
                patterns.append(r"\s+".join(re.escape(word) for word in term.split()))
        self._pattern = (
            re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
            if patterns
            else None
        )

    def __call__(self, text: str) -> str:
        if self._pattern is None or not text:
            return text
        return self._pattern.sub(_("[confidential]"), text)
