"""Records written straight to the tables, whatever the dossier's state, closing, and
the panels of the dossier page."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vk.centres.models import Role, User
from vk.dossiers import services
from vk.dossiers.models import ClosingOutcome, Consent, Dossier, HelpProposal, TeamDecision
from vk.tests.factories import UserFactory


def make_decision(dossier: Dossier, by: User) -> TeamDecision:
    """A team decision written straight to the table (whatever the dossier's state)."""
    decision = TeamDecision.objects.create(
        dossier=dossier,
        held_on=timezone.localdate(),
        question="Wat nu?",
        decision="Zo verder.",
        rationale="Omdat.",
        author=by,
    )
    lead: User = UserFactory(centre=by.centre, roles=[Role.TEAM_LEAD])  # type: ignore[assignment]
    decision.participants.set([by, lead])
    return decision


def make_agreed_proposal(dossier: Dossier, by: User) -> HelpProposal:
    """A help proposal the parent with parental authority agreed to (Mila is under 12)."""
    proposal = HelpProposal.objects.create(
        dossier=dossier,
        proposed_on=timezone.localdate(),
        goals="Rust thuis.",
        actions="Gezinsbegeleiding.",
        team_decision=make_decision(dossier, by),
        author=by,
    )
    Consent.objects.create(
        proposal=proposal,
        person=dossier.members.get(person__first_name="Sara").person,
        answer="agreed",
        answered_on=timezone.localdate(),
        recorded_by=by,
    )
    return proposal


def close(dossier: Dossier, by: User, **changes: Any) -> Dossier:
    fields: dict[str, Any] = {
        "reason": "Afgerond.",
        "closing_outcome": ClosingOutcome.SAFE_WITHOUT_HELP,
        "outcome": "Veilig",
        "family_informed_of_retention": True,
        "copy_offered": False,
        **changes,
    }
    fields.setdefault("team_decision", make_decision(dossier, by))
    return services.close_dossier(dossier=dossier, by=by, **fields)


def panel_url(dossier: Dossier, kind: str) -> str:
    """The URL a panel of the dossier page fetches its form from."""
    return reverse("dossiers:view-form", args=[dossier.pk, kind])


def open_panel(client: Client, dossier: Dossier, kind: str) -> Any:
    """What htmx receives when the panel is first opened: the form alone."""
    return client.get(panel_url(dossier, kind), headers={"HX-Request": "true"})
