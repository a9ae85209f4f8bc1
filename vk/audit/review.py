"""Reading the audit trail back: who looked at a file, what one colleague accessed, and
the unusual patterns a reviewer should look at (docs/security.md, "Audit review").

Every function takes the entries the reviewer may see (`rules.audit_entries_visible_to`)
and narrows them with one query; the patterns are GROUP BY queries, never a loop over
the trail. Resolving ids to names and labels for the page happens per page of rows.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractHour, TruncHour
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vk.audit.models import Action, AuditEntry, Outcome, Purpose
from vk.centres.models import Role, User
from vk.dossiers.models import Dossier
from vk.mano.models import Procedure
from vk.people.models import Person
from vk.work.models import Appointment, Task

# Night: from 22:00 until 06:00 local time.
NIGHT_STARTS_AT_HOUR = 22
NIGHT_ENDS_AT_HOUR = 6

# What an entry was about, by the start of its event code. The longest matching prefix
# wins; an event no prefix knows is shown by its code.
EVENT_LABELS: dict[str, Promise] = {
    "auth.login": _("Logged in"),
    "auth.logout": _("Logged out"),
    "auth.login_failed": _("Failed login"),
    "auth.mfa_failed": _("Failed two-step verification"),
    "auth.password_changed": _("Password changed"),
    "mfa": _("Two-step verification"),
    "centres.staff": _("Staff record"),
    "centres.centre": _("Centre settings"),
    "intake.queue": _("Intake queue"),
    "intake.transfers": _("Transfers"),
    "intake.report": _("Report"),
    "intake.draft": _("Draft report"),
    "intake.advice": _("Advice record"),
    "intake.person": _("Person matching"),
    "dossiers.mine": _("Dossier list"),
    "dossiers.dossier": _("Dossier"),
    "dossiers.timeline": _("Dossier timeline"),
    "dossiers.conversation": _("Conversation"),
    "dossiers.contact": _("Contact with a professional"),
    "dossiers.assessment": _("Assessment"),
    "dossiers.decision": _("Team decision"),
    "dossiers.proposal": _("Help proposal"),
    "dossiers.referral": _("Referral"),
    "dossiers.consent": _("Consent"),
    "documents.document": _("Document"),
    "work.mine": _("Work list"),
    "work.task": _("Task"),
    "work.check_ins": _("Check-ins"),
    "work.appointment": _("Appointment"),
    "mano.overview": _("MaNo overview"),
    "mano.procedure": _("MaNo procedure"),
    "mano.transfer": _("Transfer to the Jeugdparket"),
    "access.emergency": _("Emergency access"),
    "audit.review": _("Audit trail reviewed"),
    "audit.accesses": _("Audit trail exported"),
    "stats.yearly.exported": _("Yearly figures downloaded"),
}


def event_label(event: str) -> str:
    """A readable label for an event code, by its longest known prefix; else the code."""
    parts = event.split(".")
    for length in range(len(parts), 0, -1):
        label = EVENT_LABELS.get(".".join(parts[:length]))
        if label is not None:
            return str(label)
    return event


def role_labels(actor_roles: str) -> str:
    values = set(filter(None, actor_roles.split(",")))
    known = [str(role.label) for role in Role if role.value in values]
    unknown = sorted(values - set(Role.values))
    return ", ".join(known + unknown)


# Periods ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole local days, both ends included; None means open."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def last_days(cls, days: int, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=days - 1), end=today)

    def applied_to(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if self.start is not None:
            entries = entries.filter(occurred_at__gte=_local_midnight(self.start))
        if self.end is not None:
            entries = entries.filter(occurred_at__lt=_local_midnight(self.end + timedelta(days=1)))
        return entries

    def as_detail(self) -> dict[str, str | None]:
        """The period as audit detail (ISO dates are identifiers in the trail's sense)."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
        }


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=_local_zone())


def _local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# Who looked at this file -----------------------------------------------------------
#
# The review pages record themselves (REVIEW_VIEWED, naming the dossier or person they
# showed) but leave those entries out of the lists they show: otherwise every page view
# would push the list down by one row while the reviewer pages through it. They stay in
# the trail and in the reviewer's own list of accesses; exports of the list are shown.

REVIEW_VIEWED = "audit.review.viewed"
ACCESSES_EXPORTED = "audit.accesses.exported"


def about_dossiers(
    entries: QuerySet[AuditEntry], dossier_ids: Sequence[int]
) -> QuerySet[AuditEntry]:
    """Entries about these dossiers: the dossier itself, whatever names it in `detail`
    (conversations, documents, decisions …), its tasks and appointments, and its MaNo
    procedures with their transfers."""
    if not dossier_ids:
        return entries.none()
    return reviewable(entries).filter(any_of(dossier_branches(dossier_ids)))


def about_person(
    entries: QuerySet[AuditEntry], person_id: int, dossier_ids: Sequence[int]
) -> QuerySet[AuditEntry]:
    """Entries naming the person, and entries about the dossiers they are a member of."""
    return reviewable(entries).filter(any_of(person_branches(person_id, dossier_ids)))


def reviewable(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """Without the review pages' own entries (see above)."""
    return entries.exclude(event=REVIEW_VIEWED)


def any_of(branches: Sequence[Q]) -> Q:
    return reduce(operator.or_, branches) if branches else Q(pk__in=[])


def person_branches(person_id: int, dossier_ids: Sequence[int]) -> list[Q]:
    """What makes an entry about a person, as conditions that each one index answers
    in time order (see `newest_page`)."""
    return [Q(person_id=person_id), *dossier_branches(dossier_ids)]


def dossier_branches(dossier_ids: Sequence[int]) -> list[Q]:
    """What makes an entry about these dossiers, one condition per index lookup.

    The ids of their tasks, appointments and procedures are fetched first (three small
    queries). A dossier or procedure gets conditions of its own: each is one range of
    the (object_type, object_id, occurred_at) or (detail key, occurred_at) index, read
    newest first. Tasks and appointments, with few entries each, share one condition.
    """
    if not dossier_ids:
        return []
    branches: list[Q] = []
    for pk in dossier_ids:
        branches += [
            Q(object_type="dossiers.dossier", object_id=str(pk)),
            Q(detail__dossier=pk),
        ]
    for object_type, ids in (
        ("work.task", _ids_in(Task, dossier_ids)),
        ("work.appointment", _ids_in(Appointment, dossier_ids)),
    ):
        if ids:
            branches.append(Q(object_type=object_type, object_id__in=[str(pk) for pk in ids]))
    for pk in _ids_in(Procedure, dossier_ids):
        branches += [
            Q(object_type="mano.procedure", object_id=str(pk)),
            Q(detail__procedure=pk),
        ]
    return branches


def dossiers_of_person(person: Person) -> QuerySet[Dossier]:
    """The dossiers the person is a member of (persons belong to one centre)."""
    return Dossier.objects.filter(centre_id=person.centre_id, members__person=person).order_by(
        "reference"
    )


def _ids_in(
    model: type[Task] | type[Appointment] | type[Procedure], dossier_ids: Sequence[int]
) -> list[int]:
    return list(model.objects.filter(dossier_id__in=dossier_ids).values_list("pk", flat=True))


def newest_first(entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    return entries.defer("prev_hash", "hash").order_by("-occurred_at", "-pk")


# Pages of entries, newest first -----------------------------------------------------
#
# A busy file has thousands of entries. Counting them all, or sorting them all to show
# the newest fifty, reads every one of them. A page is instead merged from the newest
# entries of each branch (each an index range in time order), and no total is counted:
# the page knows whether an older page follows. Deeper than MAX_PAGES, the reviewer
# narrows the period (or exports the whole list).

MAX_PAGES = 40


@dataclass(frozen=True)
class EntryPage:
    entries: list[AuditEntry]
    number: int
    size: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.entries else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.entries)

    @property
    def total(self) -> int | None:
        """The number of entries, when this page shows the end of the list."""
        return None if self.has_next else self.last_index

    @property
    def is_deepest(self) -> bool:
        """More entries follow than the pages go: narrow the period to see them."""
        return self.has_next and self.number == MAX_PAGES


def newest_page(
    entries: QuerySet[AuditEntry], branches: Sequence[Q], *, number: int, size: int
) -> EntryPage:
    """Page `number` of the entries matching any of `branches`, newest first.

    The newest `number × size + 1` ids of each branch (one index range each; on
    PostgreSQL all in one query, elsewhere one query per branch), then the rows of the
    page.
    """
    number = max(1, min(number, MAX_PAGES))
    wanted = number * size + 1
    ranked = [
        entries.filter(branch)
        .order_by("-occurred_at", "-pk")
        .values_list("pk", "occurred_at")[:wanted]
        for branch in branches
    ]
    newest: dict[int, datetime] = {}
    if len(ranked) > 1 and connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: all branches in one statement (UNION ALL of limited index scans).
        newest.update(ranked[0].union(*ranked[1:], all=True))
    else:
        for branch_ids in ranked:
            newest.update(branch_ids)
    ordered = sorted(newest, key=lambda pk: (newest[pk], pk), reverse=True)
    shown = ordered[(number - 1) * size : number * size]
    rows = AuditEntry.objects.defer("prev_hash", "hash").in_bulk(shown)
    return EntryPage(
        entries=[rows[pk] for pk in shown if pk in rows],
        number=number,
        size=size,
        has_next=len(ordered) > number * size,
    )


# Rows for the screens and the export ------------------------------------------------


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    staff_member: str
    roles: str
    event: str
    dossier_reference: str

    @property
    def action(self) -> str:
        return str(Action(self.entry.action).label)

    @property
    def purpose(self) -> str:
        return str(Purpose(self.entry.purpose).label)

    @property
    def outcome(self) -> str:
        return str(Outcome(self.entry.outcome).label)


def rows_for(entries: Iterable[AuditEntry], *, centre_id: int) -> list[Row]:
    """The entries with staff names, role and event labels and dossier references.

    Two queries whatever the number of entries: one for the names, one for the
    references (of the reviewer's own centre only).
    """
    entries = list(entries)
    names = staff_names({entry.actor_id for entry in entries if entry.actor_id})
    dossier_ids = {pk for entry in entries if (pk := _dossier_of(entry)) is not None}
    references = (
        dict(
            Dossier.objects.filter(centre_id=centre_id, pk__in=dossier_ids).values_list(
                "pk", "reference"
            )
        )
        if dossier_ids
        else {}
    )
    return [
        Row(
            entry=entry,
            staff_member=names.get(entry.actor_id, "") if entry.actor_id else "",
            roles=role_labels(entry.actor_roles),
            event=event_label(entry.event),
            dossier_reference=references.get(_dossier_of(entry) or 0, ""),
        )
        for entry in entries
    ]


def staff_names(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return {}
    return {
        user.pk: user.get_full_name() or user.email
        for user in User.objects.filter(pk__in=wanted).only("first_name", "last_name", "email")
    }


def _dossier_of(entry: AuditEntry) -> int | None:
    if entry.object_type == "dossiers.dossier" and entry.object_id.isdigit():
        return int(entry.object_id)
    value = entry.detail.get("dossier") if isinstance(entry.detail, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# Unusual patterns ------------------------------------------------------------------


@dataclass(frozen=True)
class Patterns:
    """Per staff member: what stands out in a period. Each list holds dicts from one
    GROUP BY query, with the staff member's name added."""

    outside_team: list[dict[str, Any]]
    at_night: list[dict[str, Any]]
    mass_search: list[dict[str, Any]]
    unsuccessful: list[dict[str, Any]]


def unusual_patterns(entries: QuerySet[AuditEntry], period: Period) -> Patterns:
    in_period = period.applied_to(entries)
    patterns = Patterns(
        outside_team=list(dossiers_opened_outside_team(in_period)),
        at_night=list(accesses_at_night(in_period)),
        mass_search=list(mass_searches(in_period)),
        unsuccessful=list(unsuccessful_by_staff(in_period)),
    )
    names = staff_names(
        row["staff"]
        for rows in (
            patterns.outside_team,
            patterns.at_night,
            patterns.mass_search,
            patterns.unsuccessful,
        )
        for row in rows
    )
    for rows in (
        patterns.outside_team,
        patterns.at_night,
        patterns.mass_search,
        patterns.unsuccessful,
    ):
        for row in rows:
            row["name"] = names.get(row["staff"], "")
    return patterns


def dossiers_opened_outside_team(
    entries: QuerySet[AuditEntry],
) -> QuerySet[Any, Any]:
    """Staff who opened more than VK_AUDIT_UNUSUAL_DOSSIERS distinct dossiers on other
    grounds than being on the team (oversight, emergency)."""
    return (
        entries.filter(action=Action.READ, object_type="dossiers.dossier", actor_id__isnull=False)
        .exclude(purpose=Purpose.ASSIGNMENT)
        .values(staff=F("actor_id"))
        .annotate(dossiers=Count("object_id", distinct=True), reads=Count("pk"))
        .filter(dossiers__gt=settings.VK_AUDIT_UNUSUAL_DOSSIERS)
        .order_by("-dossiers", "staff")
    )


def accesses_at_night(entries: QuerySet[AuditEntry]) -> QuerySet[Any, Any]:
    """Staff with entries between 22:00 and 06:00 local time."""
    return (
        entries.filter(actor_id__isnull=False)
        .annotate(hour=ExtractHour("occurred_at", tzinfo=_local_zone()))
        .filter(Q(hour__gte=NIGHT_STARTS_AT_HOUR) | Q(hour__lt=NIGHT_ENDS_AT_HOUR))
        .values(staff=F("actor_id"))
        .annotate(entries=Count("pk"), first=Min("occurred_at"), last=Max("occurred_at"))
        .order_by("-entries", "staff")
    )


def mass_searches(entries: QuerySet[AuditEntry]) -> QuerySet[Any, Any]:
    """Staff who listed or searched more than VK_AUDIT_MASS_SEARCH times in one clock
    hour (local time)."""
    return (
        entries.filter(action=Action.SEARCH, actor_id__isnull=False)
        .annotate(hour=TruncHour("occurred_at", tzinfo=_local_zone()))
        .values("hour", staff=F("actor_id"))
        .annotate(searches=Count("pk"))
        .filter(searches__gt=settings.VK_AUDIT_MASS_SEARCH)
        .order_by("-searches", "staff", "hour")
    )


def unsuccessful_by_staff(entries: QuerySet[AuditEntry]) -> QuerySet[Any, Any]:
    """Refused and failed entries per staff member; a failed login counts for the
    account it aimed at (it has no actor)."""
    staff = Coalesce(
        "actor_id",
        Case(
            When(object_type="centres.user", then=Cast("object_id", BigIntegerField())),
            default=None,
            output_field=BigIntegerField(),
        ),
    )
    return (
        entries.exclude(outcome=Outcome.SUCCESS)
        .annotate(staff=staff)
        .filter(staff__isnull=False)
        .values("staff")
        .annotate(
            failed=Count("pk", filter=Q(outcome=Outcome.FAILURE)),
            denied=Count("pk", filter=Q(outcome=Outcome.DENIED)),
            last=Max("occurred_at"),
        )
        .order_by("-failed", "-denied", "staff")
    )
