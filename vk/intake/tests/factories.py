"""Builders for intake tests: report details, person entries and registered reports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from vk.centres.models import Centre, User
from vk.intake.models import Channel, PersonRole, ProblemCategory, Report, ReporterKind
from vk.intake.services import PersonEntry, ReportDetails, register_report
from vk.people.models import Person

# Thursday 2 April 2026, 10:00 in Brussels; Easter Monday (6 April) follows.
THURSDAY_2_APRIL_2026 = datetime(2026, 4, 2, 10, 0)


def received(moment: datetime = THURSDAY_2_APRIL_2026) -> datetime:
    """An aware datetime in the project's time zone (Europe/Brussels)."""
    return timezone.make_aware(moment)


def report_details(**overrides: Any) -> ReportDetails:
    fields: dict[str, Any] = {
        "received_at": received(),
        "channel": Channel.PHONE,
        "reporter_kind": ReporterKind.PROFESSIONAL,
        "reporter_sector": "school",
        "worries": "Fictional concern for a test.",
        "problems": [ProblemCategory.PHYSICAL],
    }
    fields.update(overrides)
    return ReportDetails(**fields)


def child(first_name: str, last_name: str = "Peeters", **fields: Any) -> PersonEntry:
    return PersonEntry(role=PersonRole.CHILD, first_name=first_name, last_name=last_name, **fields)


def existing_child(person: Person) -> PersonEntry:
    return PersonEntry(role=PersonRole.CHILD, existing_person_id=person.pk)


def parent(first_name: str, last_name: str = "Peeters", **fields: Any) -> PersonEntry:
    return PersonEntry(role=PersonRole.PARENT, first_name=first_name, last_name=last_name, **fields)


def register(by: User, *persons: PersonEntry, **details: Any) -> Report:
    """Register a report; one child 'Anna Peeters' when no persons are given."""
    return register_report(
        by=by,
        details=report_details(**details),
        persons=list(persons) or [child("Anna")],
    )


def make_person(
    centre: Centre, first_name: str, last_name: str = "Peeters", **fields: Any
) -> Person:
    person = Person(centre=centre, first_name=first_name, last_name=last_name, **fields)
    person.refresh_name_key()
    person.save()
    return person
