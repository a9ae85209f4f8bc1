"""Procedures in a given state, built through the services as the team would."""

from __future__ import annotations

from datetime import date
from typing import Any

from vk.centres.models import User
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.mano import services
from vk.mano.models import Procedure

ALL_MET = {
    "integrity_at_risk": True,
    "voluntary_help_exhausted": True,
    "referrer_team_decision": True,
    "family_informed": True,
}


def referral(**changes: Any) -> services.Referral:
    fields: dict[str, Any] = {
        "received_on": date(2026, 4, 1),
        "referrer_kind": "jeugdparket",
        "referrer_name": "Parketmagistraat jeugd, parket Antwerpen",
        "motivation_summary": "Herhaalde meldingen; het gezin weigert hulp.",
        "conditions": ALL_MET,
        "family_informed_on": date(2026, 3, 30),
        **changes,
    }
    return services.Referral(**fields)


def register(dossier: Dossier, by: User, **changes: Any) -> Procedure:
    return services.register_procedure(dossier=dossier, by=by, referral=referral(**changes))


def admit(procedure: Procedure, by: User) -> Procedure:
    return services.declare_admissible(
        procedure=procedure, by=by, team_decision=make_decision(procedure.dossier, by)
    )
