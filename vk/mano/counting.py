"""How MaNo procedures are counted for the yearly figures (see domain.md §5, addendum Q1).

- A procedure counts once, however many reports it gathers (the OCJ counting rule).
- Referrals declared not admissible are counted apart: they are not started procedures.
- Procedures and children are different units: one child can have more than one
  procedure in a year, so the unique children are counted separately. A child whose
  procedure moved to another centre is the same child (persons are followed back through
  `copied_from`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from vk.centres.models import Centre
from vk.dossiers.models import DossierMember, Relationship
from vk.mano.models import Admissibility, Procedure


@dataclass(frozen=True)
class YearFigures:
    year: int
    received: int  # every referral registered
    not_admitted: int  # declared not admissible: counted apart
    started: int  # received minus not admitted
    children_in_started: int  # child registrations: a child in two procedures counts twice
    unique_children: int
    outcomes: dict[str, int] = field(default_factory=dict)
    referred_to_parket: int = 0


def year_figures(year: int, centre: Centre | None = None) -> YearFigures:
    """Figures for referrals received in `year`, for one centre or for all centres."""
    procedures = Procedure.objects.filter(received_on__year=year)
    if centre is not None:
        procedures = procedures.filter(centre=centre)
    rows = list(
        procedures.values("pk", "dossier_id", "admissibility", "outcome", "parket_referred_on")
    )
    started = [row for row in rows if row["admissibility"] != Admissibility.NOT_ADMISSIBLE]
    members = DossierMember.objects.filter(
        dossier_id__in={row["dossier_id"] for row in started}, relationship=Relationship.CHILD
    ).values_list("dossier_id", "person_id", "person__copied_from_id")
    children_of: dict[int, set[int]] = {}
    for dossier_id, person_id, copied_from_id in members:
        children_of.setdefault(dossier_id, set()).add(copied_from_id or person_id)
    registrations = [child for row in started for child in children_of.get(row["dossier_id"], ())]
    return YearFigures(
        year=year,
        received=len(rows),
        not_admitted=len(rows) - len(started),
        started=len(started),
        children_in_started=len(registrations),
        unique_children=len(set(registrations)),
        outcomes=dict(Counter(row["outcome"] for row in started if row["outcome"])),
        referred_to_parket=sum(1 for row in started if row["parket_referred_on"]),
    )
