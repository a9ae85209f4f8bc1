"""Helpers of the work tests: a fixed moment and quick ways to make tasks and
appointments through the services."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from vk.centres.models import User
from vk.dossiers.models import Dossier
from vk.work import services
from vk.work.models import Appointment, Task

BRUSSELS = ZoneInfo("Europe/Brussels")
# Thursday 2 April 2026, 10:00 in Brussels; Monday 6 April is Easter Monday.
THURSDAY_BEFORE_EASTER = datetime(2026, 4, 2, 10, 0, tzinfo=BRUSSELS)
TITLE = "Schoolrapport van Mila Maes opvragen"


def make_task(dossier: Dossier, owner: User, **changes: Any) -> Task:
    fields: dict[str, Any] = {
        "by": owner,
        "owner": owner,
        "dossier": dossier,
        "title": TITLE,
        "due_in_working_days": 5,
        **changes,
    }
    if "due_on" in changes:
        del fields["due_in_working_days"]
    return services.create_task(**fields)


def make_appointment(dossier: Dossier, by: User, starts_at: datetime) -> Appointment:
    return services.plan_appointment(
        dossier=dossier,
        by=by,
        starts_at=starts_at,
        place="home_visit",
        with_whom="Sara Maes (moeder)",
    )


def local(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=BRUSSELS)
