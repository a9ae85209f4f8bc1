"""The dossier's chronology: everything that happened, in date order, with each child's
age on that date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vk.dossiers.models import Dossier, Relationship

KINDS: dict[str, str | Promise] = {
    "report": _("Reports"),
    "conversation": _("Conversations"),
    "contact": _("Contacts with professionals"),
    "assessment": _("Assessments"),
    "decision": _("Team decisions"),
    "proposal": _("Help proposals"),
    "document": _("Documents and letters"),
    "check_in": _("Check-ins"),
    "state": _("State changes"),
}


def _noon(day: date) -> datetime:
    """A date-only record sits at noon of its day in the chronology."""
    return timezone.make_aware(datetime.combine(day, time(12)))


@dataclass(frozen=True)
class ChildAge:
    name: str
    years: int | None  # None: not born yet on that date


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str
    title: str
    text: str
    ages: tuple[ChildAge, ...]


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def timeline_for(dossier: Dossier, kind: str = "") -> list[TimelineItem]:
    """Newest first. A fixed number of queries, however long the dossier is."""
    children = [
        (member.person.display_name, member.person.birth_date or member.person.expected_birth_date)
        for member in dossier.members.filter(relationship=Relationship.CHILD).select_related(
            "person"
        )
    ]

    def ages(moment: datetime) -> tuple[ChildAge, ...]:
        day = timezone.localtime(moment).date()
        return tuple(
            ChildAge(name, age_on(birth, day) if birth and birth <= day else None)
            for name, birth in children
            if birth is not None
        )

    items: list[TimelineItem] = []
    if kind in ("", "report"):
        for report in dossier.reports.prefetch_related("problems"):
            items.append(
                TimelineItem(
                    report.received_at,
                    "report",
                    f"{_('Report')} {report.reference} · {report.get_channel_display()}",
                    report.worries,
                    ages(report.received_at),
                )
            )
    if kind in ("", "conversation"):
        for conversation in dossier.conversations.all():
            items.append(
                TimelineItem(
                    conversation.held_at,
                    "conversation",
                    f"{_('Conversation')} · {conversation.get_place_display()} · {conversation.participants}",
                    conversation.summary,
                    ages(conversation.held_at),
                )
            )
    if kind in ("", "contact"):
        for contact in dossier.contacts.all():
            items.append(
                TimelineItem(
                    contact.contacted_at,
                    "contact",
                    f"{_('Contact')} · {contact.professional}, {contact.organisation}",
                    contact.learned,
                    ages(contact.contacted_at),
                )
            )
    if kind in ("", "assessment"):
        for assessment in dossier.assessments.select_related("instrument"):
            at = _noon(assessment.assessed_on)
            items.append(
                TimelineItem(
                    at,
                    "assessment",
                    f"{_('Assessment')} · {assessment.get_moment_display()} · "
                    f"{assessment.get_judgement_display()} ({assessment.band})",
                    f"{assessment.difficulties}\n{assessment.strengths}",
                    ages(at),
                )
            )
    if kind in ("", "decision"):
        for decision in dossier.decisions.all():
            at = _noon(decision.held_on)
            items.append(
                TimelineItem(
                    at,
                    "decision",
                    f"{_('Team decision')} · {decision.question}",
                    decision.decision,
                    ages(at),
                )
            )
    if kind in ("", "proposal"):
        for proposal in dossier.proposals.all():
            at = _noon(proposal.proposed_on)
            items.append(
                TimelineItem(at, "proposal", str(_("Help proposal")), proposal.goals, ages(at))
            )
    if kind in ("", "document"):
        from vk.documents.models import Document

        for document in Document.objects.filter(dossier=dossier):
            # A medical document's description is for the doctor on the team only.
            title = str(_("Medical document")) if document.health else document.title
            items.append(
                TimelineItem(
                    document.uploaded_at,
                    "document",
                    f"{document.get_kind_display()} · {title}",
                    "",
                    ages(document.uploaded_at),
                )
            )
    if kind in ("", "check_in"):
        from vk.work.models import Task, TaskKind

        for task in Task.objects.filter(
            dossier=dossier, kind=TaskKind.CHECK_IN, done_at__isnull=False
        ):
            assert task.done_at is not None  # noqa: S101  (filtered above)
            items.append(
                TimelineItem(
                    task.done_at,
                    "check_in",
                    f"{_('Check-in')} · {task.title}",
                    task.outcome,
                    ages(task.done_at),
                )
            )
    if kind in ("", "state"):
        for row in dossier.history.all():
            title = str(row.get_to_state_display())
            if row.from_state:
                title = f"{row.get_from_state_display()} → {title}"
            items.append(TimelineItem(row.at, "state", title, row.reason, ages(row.at)))
    items.sort(key=lambda item: item.at, reverse=True)
    return items
