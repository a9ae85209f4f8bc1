"""The dossier's chronology: everything that happened, in date order, with each child's
age on that date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vk.dossiers.models import Dossier, Relationship

KINDS: dict[str, str | Promise] = {
    "report": _("Reports"),
    "conversation": _("Conversations"),
    "contact": _("Contacts with professionals"),
    "state": _("State changes"),
}


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
    if kind in ("", "state"):
        for row in dossier.history.all():
            title = str(row.get_to_state_display())
            if row.from_state:
                title = f"{row.get_from_state_display()} → {title}"
            items.append(TimelineItem(row.at, "state", title, row.reason, ages(row.at)))
    items.sort(key=lambda item: item.at, reverse=True)
    return items
