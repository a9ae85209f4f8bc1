"""The forms of the dossier page that wait in a closed panel (`<details>`).

The page renders none of them: each panel fetches its form with htmx when it is first
opened, from `dossiers:view-form` (one view for every kind, with the access rule and
the conditions of the POST it serves). Without JavaScript the panel holds a link to the
same URL, which then answers a page of its own with the form. When a POST fails
validation, its view renders the dossier page with that form bound, inline and open
(`render_dossier_page(..., bound=...)` in vk/dossiers/views.py), so nothing typed is lost.

Each app registers the forms it owns: the dossier's below, tasks and appointments in
vk/work/panels.py, documents in vk/documents/panels.py (imported from their
AppConfig.ready). A form's POST target, field names and prefix are the form's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from vk.centres.models import User
from vk.dossiers import services
from vk.dossiers.forms import (
    CloseDossierForm,
    ConsentForm,
    ConversationForm,
    NewTeamDecisionForm,
    ProfessionalContactForm,
    ReferralForm,
    colleagues_for,
)
from vk.dossiers.models import TRANSITIONS, Dossier, HelpProposal, State, TeamDecision


@dataclass(frozen=True)
class PanelForm:
    kind: str  # in the URL: dossiers/<pk>/forms/<kind>/
    title: str | Promise  # the panel's summary, and the heading of the page of its own
    template: str  # the form's partial; it is given `form` and `dossier`
    # The unbound form for this dossier and user; None when it is not offered now
    # (e.g. no help proposal to answer yet). The dossier is open and the user may
    # change it: the view checked that.
    build: Callable[[Dossier, User], forms.Form | None]
    anchor: str  # the section of the dossier page it belongs to


PANELS: dict[str, PanelForm] = {}


def register(panel: PanelForm) -> PanelForm:
    PANELS[panel.kind] = panel
    return panel


@dataclass(frozen=True)
class Slot:
    """A panel on one dossier page: its URL, and the bound form after a failed POST."""

    dossier_pk: int
    panel: PanelForm
    form: forms.Form | None = None

    @cached_property
    def url(self) -> str:
        return reverse("dossiers:view-form", args=[self.dossier_pk, self.panel.kind])


def slots_for(dossier: Dossier, bound: Mapping[str, forms.Form] | None = None) -> dict[str, Slot]:
    """Every registered panel for the page's template, by kind (`panels.conversation`)."""
    bound = bound or {}
    return {kind: Slot(dossier.pk, panel, bound.get(kind)) for kind, panel in PANELS.items()}


# The dossier's own forms -------------------------------------------------------------


def decision_form(dossier: Dossier, data: Any = None) -> NewTeamDecisionForm:
    """A new team decision: colleagues present from the teams of the assigned staff,
    follow-up actions for someone on the dossier's team."""
    team = User.objects.filter(assignments__dossier=dossier, is_active=True).order_by(
        "last_name", "first_name"
    )
    return NewTeamDecisionForm(
        data, prefix="decision", colleagues=colleagues_for(dossier), team=team
    )


def consent_form(
    proposal: HelpProposal, rows: list[services.ConsentRow], data: Any = None
) -> ConsentForm:
    people = [(row.member.person_id, row.member.person.display_name) for row in rows]
    return ConsentForm(data, prefix="consent", proposal=proposal, people=people)


def decision_choices(decisions: list[TeamDecision]) -> Any:
    """A queryset of exactly these decisions, for a form's choice field."""
    return TeamDecision.objects.filter(pk__in=[decision.pk for decision in decisions])


def _consent(dossier: Dossier, user: User) -> ConsentForm | None:
    proposal = services.current_proposal(dossier)
    if proposal is None:
        return None
    return consent_form(proposal, services.consent_overview(proposal))


def _referral(dossier: Dossier, user: User) -> ReferralForm | None:
    if services.current_proposal(dossier) is None:
        return None
    return ReferralForm(prefix="referral")


def _close(dossier: Dossier, user: User) -> CloseDossierForm | None:
    if State.CLOSED not in TRANSITIONS.get(dossier.state, set()):
        return None
    return CloseDossierForm(
        prefix="close", decisions=decision_choices(services.unused_decisions(dossier))
    )


register(
    PanelForm(
        "conversation",
        _("Add a conversation"),
        "dossiers/_conversation_form.html",
        lambda dossier, user: ConversationForm(),
        "conversations-heading",
    )
)
register(
    PanelForm(
        "contact",
        _("Add a contact with a professional"),
        "dossiers/_contact_form.html",
        lambda dossier, user: ProfessionalContactForm(prefix="contact"),
        "contacts-heading",
    )
)
register(
    PanelForm(
        "decision",
        _("Record a team decision"),
        "dossiers/_decision_form.html",
        lambda dossier, user: decision_form(dossier),
        "decisions-heading",
    )
)
register(
    PanelForm(
        "consent",
        _("Record an answer to the proposal"),
        "dossiers/_consent_form.html",
        _consent,
        "proposal-heading",
    )
)
register(
    PanelForm(
        "referral",
        _("Add a referral"),
        "dossiers/_referral_form.html",
        _referral,
        "proposal-heading",
    )
)
register(
    PanelForm("close", _("Close the dossier"), "dossiers/_close_form.html", _close, "state-heading")
)
