"""The dossier's chronology: everything that happened, in date order, with each child's
age on that date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vk.dossiers.models import Dossier, Relationship
from vk.people.models import Person, age_on

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
    estimated: bool = False  # from an age estimate, not a date of birth


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str
    title: str
    text: str
    ages: tuple[ChildAge, ...]
    pk: int = 0


def _child_age(person: Person, day: date) -> ChildAge | None:
    """The child's age on `day` (an unborn child's from the expected date); None when
    nothing is known of it."""
    if person.is_unborn:
        expected = person.expected_birth_date
        if expected is None:
            return None
        years = age_on(expected, day) if expected <= day else None
        return ChildAge(person.display_name, years)
    if person.birth_date is None and person.estimated_birth_year is None:
        return None
    estimated = person.birth_date is None
    return ChildAge(person.display_name, person.age_on(day), estimated)


# The order of the kinds among items at the same moment (and the cursor's tie-break).
RANK = {kind: rank for rank, kind in enumerate(KINDS)}
PAGE_SIZE = 50


@dataclass(frozen=True)
class Cursor:
    """Where a page of the chronology ends: items strictly older come next."""

    at: datetime
    rank: int
    pk: int

    def encode(self) -> str:
        return f"{self.at.isoformat()}_{self.rank}_{self.pk}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        try:
            at, rank, pk = text.rsplit("_", 2)
            moment = datetime.fromisoformat(at)
        except ValueError:
            return None
        if timezone.is_naive(moment) or not rank.isdigit() or not pk.isdigit():
            return None
        return cls(moment, int(rank), int(pk))

    def admits(self, at: datetime, kind: str, pk: int) -> bool:
        return (at, RANK[kind], pk) < (self.at, self.rank, self.pk)


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    next_cursor: Cursor | None  # None: this is the oldest page


def timeline_for(dossier: Dossier, kind: str = "") -> list[TimelineItem]:
    """The whole chronology, newest first."""
    return timeline_page(dossier, kind, limit=None).items


def timeline_page(
    dossier: Dossier, kind: str = "", cursor: Cursor | None = None, limit: int | None = PAGE_SIZE
) -> TimelinePage:
    """One page of the chronology, newest first: at most `limit` items older than
    `cursor`. Keyset paging: every kind is read from its index, newest first, at most
    `limit + 1` rows each, so a page costs the same in a dossier of 20 or 2,000 records.
    A fixed number of queries, however long the dossier is."""
    children = [
        member.person
        for member in dossier.members.filter(relationship=Relationship.CHILD).select_related(
            "person"
        )
    ]

    def ages(moment: datetime) -> tuple[ChildAge, ...]:
        day = timezone.localtime(moment).date()
        return tuple(
            age for age in (_child_age(person, day) for person in children) if age is not None
        )

    def newest(queryset: QuerySet[Any], field: str, of_kind: str) -> QuerySet[Any]:
        """The rows of one kind after the cursor, newest first, at most limit + 1."""
        if cursor is not None:
            older = Q(**{f"{field}__lt": cursor.at})
            if RANK[of_kind] < cursor.rank:
                older |= Q(**{field: cursor.at})
            elif RANK[of_kind] == cursor.rank:
                older |= Q(**{field: cursor.at, "pk__lt": cursor.pk})
            queryset = queryset.filter(older)
        queryset = queryset.order_by(f"-{field}", "-pk")
        return queryset[: limit + 1] if limit is not None else queryset

    wanted = (kind,) if kind else tuple(KINDS)
    found: list[tuple[TimelineItem, int]] = []

    def add(at: datetime, of_kind: str, pk: int, title: str, text: str) -> None:
        found.append((TimelineItem(at, of_kind, title, text, ages(at), pk), RANK[of_kind]))

    if "report" in wanted:
        for report in newest(dossier.reports.all(), "received_at", "report"):
            add(
                report.received_at,
                "report",
                report.pk,
                f"{_('Report')} {report.reference} · {report.get_channel_display()}",
                report.worries,
            )
    if "conversation" in wanted:
        for conversation in newest(dossier.conversations.all(), "held_at", "conversation"):
            add(
                conversation.held_at,
                "conversation",
                conversation.pk,
                f"{_('Conversation')} · {conversation.get_place_display()} · "
                f"{conversation.participants}",
                conversation.summary,
            )
    if "contact" in wanted:
        for contact in newest(dossier.contacts.all(), "contacted_at", "contact"):
            add(
                contact.contacted_at,
                "contact",
                contact.pk,
                f"{_('Contact')} · {contact.professional}, {contact.organisation}",
                contact.learned,
            )
    # Records kept by date sit at noon of their day; a dossier holds few of them, so
    # they are read whole and the cursor is applied here.
    if "assessment" in wanted:
        for assessment in dossier.assessments.select_related("instrument"):
            add(
                _noon(assessment.assessed_on),
                "assessment",
                assessment.pk,
                f"{_('Assessment')} · {assessment.get_moment_display()} · "
                f"{assessment.get_judgement_display()} ({assessment.band})",
                f"{assessment.difficulties}\n{assessment.strengths}",
            )
    if "decision" in wanted:
        for decision in dossier.decisions.all():
            add(
                _noon(decision.held_on),
                "decision",
                decision.pk,
                f"{_('Team decision')} · {decision.question}",
                decision.decision,
            )
    if "proposal" in wanted:
        for proposal in dossier.proposals.all():
            add(
                _noon(proposal.proposed_on),
                "proposal",
                proposal.pk,
                str(_("Help proposal")),
                proposal.goals,
            )
    if "document" in wanted:
        from vk.documents.models import Document

        for document in newest(Document.objects.filter(dossier=dossier), "uploaded_at", "document"):
            # A medical document's description is for the doctor on the team only.
            title = str(_("Medical document")) if document.health else document.title
            add(
                document.uploaded_at,
                "document",
                document.pk,
                f"{document.get_kind_display()} · {title}",
                "",
            )
    if "check_in" in wanted:
        from vk.work.models import Task, TaskKind

        check_ins = Task.objects.filter(
            dossier=dossier, kind=TaskKind.CHECK_IN, done_at__isnull=False
        )
        for task in newest(check_ins, "done_at", "check_in"):
            assert task.done_at is not None  # noqa: S101  (filtered above)
            add(task.done_at, "check_in", task.pk, f"{_('Check-in')} · {task.title}", task.outcome)
    if "state" in wanted:
        for row in newest(dossier.history.all(), "at", "state"):
            title = str(row.get_to_state_display())
            if row.from_state:
                title = f"{row.get_from_state_display()} → {title}"
            if row.closing_outcome:
                title = f"{title} · {row.get_closing_outcome_display()}"
            text = "\n".join(part for part in (row.reason, row.outcome) if part)
            add(row.at, "state", row.pk, title, text)

    rows = [
        (item, rank)
        for item, rank in found
        if cursor is None or cursor.admits(item.at, item.kind, item.pk)
    ]
    rows.sort(key=lambda row: (row[0].at, row[1], row[0].pk), reverse=True)
    if limit is None or len(rows) <= limit:
        return TimelinePage([item for item, _rank in rows], None)
    last, rank = rows[limit - 1]
    return TimelinePage([item for item, _rank in rows[:limit]], Cursor(last.at, rank, last.pk))
