"""The forms of the dossier page's panels (vk/dossiers/panels.py): the page renders none
of them; each is fetched when its panel opens, under the rule of the POST it serves; a
POST that fails shows its form inline, open and as typed. And who can be ticked as
present at a team discussion."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier, State, TeamDecision
from vk.dossiers.panels import PANELS, decision_form
from vk.dossiers.tests.helpers import close, make_agreed_proposal, open_panel, panel_url
from vk.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

# Each panel's form and where it posts to.
TARGETS = {
    "conversation": ("dossiers:add-conversation", "pk"),
    "contact": ("dossiers:add-contact", "pk"),
    "decision": ("dossiers:add-decision", "pk"),
    "consent": ("dossiers:record-consent", "pk"),
    "referral": ("dossiers:add-referral", "pk"),
    "close": ("dossiers:close-dossier", "pk"),
    "appointment": ("work:plan-appointment", "dossier_pk"),
    "task": ("work:create-dossier-task", "dossier_pk"),
    "check_ins": ("work:plan-check-ins", "dossier_pk"),
    "document": ("documents:upload-document", "dossier_pk"),
}
KINDS = sorted(TARGETS)
# The form controls a person fills in (hidden inputs are not).
CONTROL = re.compile(r"<(?:textarea|select)\b|<input\b(?![^>]*type=\"hidden\")")


def target(dossier: Dossier, kind: str) -> str:
    name, argument = TARGETS[kind]
    return reverse(name, kwargs={argument: dossier.pk})


@pytest.fixture
def working(dossier: Dossier, worker_a: User) -> Dossier:
    """In the follow-up, with a help proposal: every panel is offered."""
    make_agreed_proposal(dossier, worker_a)
    Dossier.objects.filter(pk=dossier.pk).update(state=State.FOLLOW_UP)
    dossier.refresh_from_db()
    return dossier


def test_every_registered_panel_is_tested_here() -> None:
    assert sorted(PANELS) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_opening_a_panel_fetches_its_form_alone(
    working: Dossier, worker_a: User, kind: str
) -> None:
    response = open_panel(client_for(worker_a), working, kind)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # only the form, swapped into the panel
    assert f'action="{target(working, kind)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert CONTROL.search(html)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("kind", KINDS)
def test_without_javascript_the_panel_s_link_opens_a_page_with_the_form(
    working: Dossier, worker_a: User, kind: str
) -> None:
    response = client_for(worker_a).get(panel_url(working, kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<h1>[^<]*" + re.escape(str(PANELS[kind].title)), html)
    assert f'action="{target(working, kind)}"' in html
    assert f'href="{reverse("dossiers:view-dossier", args=[working.pk])}#' in html


@pytest.mark.parametrize("kind", KINDS)
def test_a_team_lead_opens_every_panel_for_oversight(
    working: Dossier, team_lead_a: User, kind: str
) -> None:
    assert open_panel(client_for(team_lead_a), working, kind).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["colleague_a", "staff_b", "director"])
def test_nobody_who_may_not_change_the_dossier_gets_a_form(
    working: Dossier, kind: str, persona: str, request: pytest.FixtureRequest, centre_a: Centre
) -> None:
    if persona == "director":  # reads the dossier for oversight, does not change it
        user = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    else:
        user = request.getfixturevalue(persona)
    client = client_for(user)
    assert open_panel(client, working, kind).status_code == 404
    assert client.get(panel_url(working, kind)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_closed_dossier_offers_no_form(working: Dossier, worker_a: User, kind: str) -> None:
    close(working, worker_a)
    client = client_for(worker_a)
    assert open_panel(client, working, kind).status_code == 404
    assert client.get(panel_url(working, kind)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_is_sent_to_log_in(working: Dossier, kind: str) -> None:
    response = Client().get(panel_url(working, kind))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_form_or_one_not_offered_now_is_404(dossier: Dossier, worker_a: User) -> None:
    client = client_for(worker_a)
    assert (
        client.get(reverse("dossiers:view-form", args=[dossier.pk, "nothing"])).status_code == 404
    )
    # In the exploration, without a help proposal: no answer to record, no referral,
    # no check-ins to plan.
    for kind in ("consent", "referral", "check_ins"):
        assert open_panel(client, dossier, kind).status_code == 404
    assert open_panel(client, dossier, "conversation").status_code == 200


def test_the_page_holds_no_form_field_until_a_panel_opens(working: Dossier, worker_a: User) -> None:
    html = client_for(worker_a).get(reverse("dossiers:view-dossier", args=[working.pk]))
    page = html.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert CONTROL.findall(main) == []
    for kind in KINDS:
        url = panel_url(working, kind)
        assert f'hx-get="{url}" hx-trigger="toggle once"' in main
        assert f'<a href="{url}">' in main  # without JavaScript: the page of its own
        assert target(working, kind) not in main


# A POST that fails: the dossier page with that form, open, as typed ----------------

TYPED = "Wat ik typte blijft staan 4711"


def _failing_posts(dossier: Dossier, worker: User) -> dict[str, dict[str, Any]]:
    now = timezone.localtime()
    mila = dossier.members.get(person__first_name="Mila").person_id
    return {
        "conversation": {
            "held_at": "2099-01-01T10:00",
            "place": "centre",
            "participants": "moeder",
            "language": "Nederlands",
            "summary": TYPED,
        },
        "contact": {
            "contact-contacted_at": now.strftime("%Y-%m-%dT%H:%M"),
            "contact-professional": "Huisarts",
            "contact-organisation": "Praktijk",
            "contact-method": "phone",
            "contact-secrecy_ground": "consent",  # but the family was not told
            "contact-learned": TYPED,
        },
        "decision": {
            "decision-held_on": now.date().isoformat(),
            "decision-participants": [worker.pk],  # one colleague is not a team
            "decision-question": TYPED,
            "decision-decision": "Zo verder.",
            "decision-rationale": "Omdat.",
        },
        "consent": {
            "consent-person": mila,  # 10: the parents decide
            "consent-answer": "agreed",
            "consent-answered_on": now.date().isoformat(),
            "consent-competence": "presumed",
            "consent-note": TYPED,
        },
        "referral": {"referral-service": "", "referral-note": TYPED},
        "close": {"close-reason": TYPED, "close-outcome": "Veilig"},
        "check_ins": {
            "check_ins-owner": worker.pk,
            "check_ins-count": "99",
            "check_ins-every_working_days": "5",
            "check_ins-description": TYPED,
        },
    }


@pytest.mark.parametrize(
    "kind", ["conversation", "contact", "decision", "consent", "referral", "close", "check_ins"]
)
def test_a_failed_post_shows_its_form_inline_open_and_as_typed(
    working: Dossier, worker_a: User, kind: str
) -> None:
    response = client_for(worker_a).post(
        target(working, kind), _failing_posts(working, worker_a)[kind]
    )
    assert response.status_code == 400
    page = response.content.decode()
    opened = re.findall(r'<details class="form-panel" open>', page)
    assert len(opened) == 1
    panel = page[page.index(opened[0]) : page.index("</details>", page.index(opened[0]))]
    assert f'action="{target(working, kind)}"' in panel
    assert TYPED in panel
    assert 'class="errorlist' in panel or 'class="form-errors"' in panel
    # The other panels stay closed and are fetched when opened.
    assert page.count('hx-trigger="toggle once"') == len(KINDS) - 1
    assert panel_url(working, kind) not in page.replace(panel, "")


# Colleagues present at a team discussion -------------------------------------------


def _choices(dossier: Dossier) -> set[User]:
    return set(decision_form(dossier).fields["participants"].queryset)


def test_colleagues_present_are_the_teams_of_the_assigned_staff(
    dossier: Dossier, worker_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    team_mate = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    gone = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], is_active=False)
    elsewhere = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])  # in no team
    TeamFactory(centre=centre_a, name="Team Noord").members.add(worker_a, team_mate, gone)
    TeamFactory(centre=centre_a, name="Team Zuid").members.add(elsewhere)
    psychologist = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])  # assigned, no team
    dossier.assignments.create(user=psychologist)

    assert _choices(dossier) == {worker_a, team_mate, psychologist}
    form = open_panel(client_for(worker_a), dossier, "decision").content.decode()
    assert team_mate.get_full_name() in form
    assert elsewhere.get_full_name() not in form

    client = client_for(worker_a)
    post = {
        "decision-held_on": timezone.localdate().isoformat(),
        "decision-question": "Welke hulp?",
        "decision-decision": "Gezinsbegeleiding.",
        "decision-rationale": "Ouders willen hulp.",
    }
    url = reverse("dossiers:add-decision", args=[dossier.pk])
    refused = client.post(url, {**post, "decision-participants": [worker_a.pk, elsewhere.pk]})
    assert refused.status_code == 400
    assert not dossier.decisions.exists()
    saved = client.post(url, {**post, "decision-participants": [worker_a.pk, team_mate.pk]})
    assert saved.status_code == 302
    assert set(dossier.decisions.get().participants.all()) == {worker_a, team_mate}


def test_without_teams_every_active_colleague_of_the_centre_can_be_present(
    dossier: Dossier, worker_a: User, team_lead_a: User, centre_a: Centre, centre_b: Centre
) -> None:
    intake = UserFactory(centre=centre_a, roles=[Role.INTAKE])
    UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], is_active=False)
    UserFactory(centre=centre_b, roles=[Role.CASE_WORKER])
    # A team the assigned staff are not in changes nothing.
    TeamFactory(centre=centre_a, name="Team Zuid").members.add(intake)
    active = set(User.objects.filter(centre=centre_a, is_active=True))
    assert {worker_a, team_lead_a, intake} <= active
    assert _choices(dossier) == active


def test_editing_a_decision_keeps_those_recorded_as_present(
    dossier: Dossier, worker_a: User, centre_a: Centre
) -> None:
    outsider: User = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])  # type: ignore[assignment]
    decision = TeamDecision.objects.create(
        dossier=dossier,
        held_on=timezone.localdate(),
        question="Wat nu?",
        decision="Zo verder.",
        rationale="Omdat.",
        author=worker_a,
    )
    decision.participants.set([worker_a, outsider])
    team_mate = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    TeamFactory(centre=centre_a, name="Team Noord").members.add(worker_a, team_mate)
    stranger = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    TeamFactory(centre=centre_a, name="Team Zuid").members.add(outsider, stranger)

    client = client_for(worker_a)
    url = reverse("dossiers:edit-record", args=[dossier.pk, "decision", decision.pk])
    page = client.get(url).content.decode()
    assert outsider.get_full_name() in page  # recorded as present, outside the teams now
    assert team_mate.get_full_name() in page
    assert stranger.get_full_name() not in page
    post = {
        "version": decision.row_version,
        "held_on": decision.held_on.isoformat(),
        "participants": [worker_a.pk, outsider.pk],
        "question": "Wat nu precies?",
        "decision": decision.decision,
        "rationale": decision.rationale,
    }
    assert client.post(url, post).status_code == 302
    assert client.post(url, {**post, "participants": [worker_a.pk, stranger.pk]}).status_code == 400
    decision.refresh_from_db()
    assert decision.question == "Wat nu precies?"
    assert set(decision.participants.all()) == {worker_a, outsider}
