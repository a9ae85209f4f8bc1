"""Assessment instruments, team decisions, the help proposal with its consents, and
editing with conflict detection."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers import services
from vk.dossiers.instruments import InstrumentError, load_instrument, shipped_definitions
from vk.dossiers.models import Dossier, DossierHistory, Instrument, State
from vk.dossiers.tests.helpers import close, make_decision
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages() -> Any:
    """Service messages are matched on their English source text."""
    with translation.override("en"):
        yield


ALL_LOW = {"ernst": 1, "acuut": 0, "kwetsbaarheid": 1, "herhaling": 0}
ANSWERS = {**ALL_LOW, "bescherming": 1, "samenwerking": 0, "netwerk": 1}


def generic() -> Instrument:
    return Instrument.objects.get(code="veiligheid-algemeen", version=1)


# Instruments ----------------------------------------------------------------------


def test_the_generic_instrument_ships_with_the_migrations() -> None:
    instrument = generic()
    assert instrument.active
    assert len(instrument.definition["items"]) == 7
    assert instrument.name == "Algemene veiligheidsinschatting"


def test_a_new_instrument_version_is_a_data_change(tmp_path: Path) -> None:
    definition = shipped_definitions()[0]
    definition["version"] = 2
    definition["items"] = definition["items"][:3]
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(definition), encoding="utf-8")
    call_command("load_instrument", str(path), "--retire-older")
    assert Instrument.objects.get(code="veiligheid-algemeen", version=2).active
    assert not generic().active
    call_command("load_instrument", str(path))  # the same file again changes nothing
    assert Instrument.objects.filter(code="veiligheid-algemeen").count() == 2


def test_a_published_version_cannot_be_changed_or_be_malformed(tmp_path: Path) -> None:
    changed = shipped_definitions()[0]
    changed["items"][0]["options"][1]["value"] = 9
    with pytest.raises(InstrumentError):
        load_instrument(changed)
    broken = {**shipped_definitions()[0], "version": 3, "bands": [{"from": 2, "label": "x"}]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("load_instrument", str(path))
    assert not Instrument.objects.filter(version=3).exists()


def test_an_assessment_keeps_the_instrument_version_and_its_score(
    dossier: Dossier, worker_a: User
) -> None:
    assessment = services.record_assessment(
        dossier=dossier,
        by=worker_a,
        instrument=generic(),
        moment="intake",
        assessed_on=timezone.localdate(),
        answers=ANSWERS,
        judgement="agreements",
        difficulties="Spanningen.",
        strengths="Grootmoeder helpt.",
    )
    assert (assessment.score, assessment.band) == (4, "Laag risico")
    assert assessment.instrument.version == 1
    assert assessment.answers == ANSWERS
    with pytest.raises(services.DossierError):
        services.record_assessment(
            dossier=dossier,
            by=worker_a,
            instrument=generic(),
            moment="intake",
            assessed_on=timezone.localdate(),
            answers=ALL_LOW,  # three questions unanswered
            judgement="safe",
            difficulties="x",
            strengths="y",
        )


def test_the_assessment_form_asks_every_item_in_dutch(dossier: Dossier, worker_a: User) -> None:
    client = client_for(worker_a)
    url = reverse("dossiers:add-assessment", args=[dossier.pk])
    page = client.get(url).content.decode()
    assert "Kunnen de ouders het kind beschermen?" in page
    data = {f"item_{code}": value for code, value in ANSWERS.items()}
    incomplete = {**data, "moment": "after_exploration"}
    del incomplete["item_netwerk"]
    response = client.post(url, incomplete)
    assert response.status_code == 400
    assert "Beantwoord deze vraag." in response.content.decode()
    response = client.post(
        url,
        {
            **data,
            "moment": "after_exploration",
            "assessed_on": timezone.localdate().isoformat(),
            "judgement": "safe",
            "difficulties": "Weinig.",
            "strengths": "Veel.",
        },
    )
    assert response.status_code == 302
    assert dossier.assessments.get().moment == "after_exploration"


# Team decisions and the transitions that rest on them -----------------------------


def test_a_team_decision_takes_two_colleagues_and_a_past_date(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    common: dict[str, Any] = {
        "dossier": dossier,
        "by": worker_a,
        "question": "Hulpverleningsvoorstel?",
        "decision": "Gezinsbegeleiding voorstellen.",
        "rationale": "Ouders staan open voor hulp.",
    }
    with pytest.raises(services.DossierError):
        services.record_team_decision(
            held_on=timezone.localdate(), participants=[worker_a], **common
        )
    with pytest.raises(services.DossierError):
        services.record_team_decision(
            held_on=timezone.localdate() + timedelta(days=1),
            participants=[worker_a, team_lead_a],
            **common,
        )
    decision = services.record_team_decision(
        held_on=timezone.localdate(), participants=[worker_a, team_lead_a], **common
    )
    assert set(decision.participants.all()) == {worker_a, team_lead_a}
    assert AuditEntry.objects.filter(event="dossiers.decision.recorded").exists()


def test_the_help_proposal_and_closing_rest_on_an_unused_decision_of_this_dossier(
    dossier: Dossier, worker_a: User, help_report: Any, team_lead_a: User
) -> None:
    services.start_assessment(dossier=dossier, by=worker_a)
    decision = make_decision(dossier, worker_a)
    with pytest.raises(services.DossierError, match="help proposal"):
        services.propose_help(dossier=dossier, by=worker_a, team_decision=decision)
    services.create_help_proposal(
        dossier=dossier,
        by=worker_a,
        proposed_on=timezone.localdate(),
        goals="Rust.",
        actions="Begeleiding.",
        team_decision=decision,
        referrals=["CAW – contextbegeleiding", "  "],
    )
    with pytest.raises(services.DossierError, match="team decision"):
        services.propose_help(dossier=dossier, by=worker_a, team_decision=None)
    other = Dossier.objects.create(
        centre=dossier.centre, reference="D-ANT-2026-9999", opened_by=team_lead_a
    )
    with pytest.raises(services.DossierError, match="another dossier"):
        services.propose_help(
            dossier=dossier, by=worker_a, team_decision=make_decision(other, worker_a)
        )
    services.propose_help(dossier=dossier, by=worker_a, team_decision=decision)
    assert DossierHistory.objects.get(to_state=State.HELP_PROPOSAL).team_decision == decision
    with pytest.raises(services.DossierError, match="already used"):
        close(dossier, worker_a, team_decision=decision)
    with pytest.raises(services.DossierError, match="team"):
        close(dossier, worker_a, team_decision=None)
    close(dossier, worker_a)
    dossier.refresh_from_db()
    assert dossier.state == State.CLOSED


# Consent --------------------------------------------------------------------------


@pytest.fixture
def family_proposal(dossier: Dossier, worker_a: User) -> Any:
    """A proposal to a family with a child of 14, one of 10 (Mila), an unborn child,
    a mother with and a grandfather without parental authority."""
    today = timezone.localdate()
    teen = Person.objects.create(
        centre=dossier.centre,
        first_name="Noor",
        last_name="Maes",
        birth_date=today.replace(year=today.year - 14) - timedelta(days=3),
    )
    dossier.members.create(person=teen, relationship="child")
    grandfather = Person.objects.create(centre=dossier.centre, first_name="Jef", last_name="Maes")
    dossier.members.create(person=grandfather, relationship="grandparent")
    services.start_assessment(dossier=dossier, by=worker_a)
    return services.create_help_proposal(
        dossier=dossier,
        by=worker_a,
        proposed_on=today,
        goals="Rust.",
        actions="Begeleiding.",
        team_decision=make_decision(dossier, worker_a),
    )


def _person(dossier: Dossier, first_name: str) -> Person:
    return dossier.members.get(person__first_name=first_name).person


def _answer(proposal: Any, by: User, first_name: str, **fields: Any) -> Any:
    fields.setdefault("answer", "agreed")
    return services.record_consent(
        proposal=proposal,
        by=by,
        person=_person(proposal.dossier, first_name),
        answered_on=timezone.localdate(),
        **fields,
    )


def test_parents_with_authority_and_children_from_12_decide(
    family_proposal: Any, worker_a: User
) -> None:
    rows = {row.member.person.first_name: row for row in services.consent_overview(family_proposal)}
    assert set(rows) == {"Mila", "Noor", "Sara"}  # not the unborn child, not the grandfather
    assert rows["Noor"].required and rows["Noor"].age == 14
    assert rows["Sara"].required
    assert not rows["Mila"].required  # 10: the parents decide


def test_follow_up_waits_for_every_required_agreement(
    family_proposal: Any, dossier: Dossier, worker_a: User
) -> None:
    services.propose_help(
        dossier=dossier, by=worker_a, team_decision=make_decision(dossier, worker_a)
    )
    _answer(family_proposal, worker_a, "Sara")
    with pytest.raises(services.DossierError, match="Noor Maes has not answered"):
        services.start_follow_up(dossier=dossier, by=worker_a)
    _answer(family_proposal, worker_a, "Noor", answer="refused")
    with pytest.raises(services.DossierError, match="Noor Maes refuses"):
        services.start_follow_up(dossier=dossier, by=worker_a)
    _answer(family_proposal, worker_a, "Noor", answer="agreed")  # a new answer replaces
    services.start_follow_up(dossier=dossier, by=worker_a)
    dossier.refresh_from_db()
    assert dossier.state == State.FOLLOW_UP
    assert family_proposal.consents.count() == 2


def test_a_child_under_12_answers_only_when_judged_competent_with_a_reason(
    family_proposal: Any, worker_a: User
) -> None:
    with pytest.raises(services.DossierError, match="under 12"):
        _answer(family_proposal, worker_a, "Mila")
    with pytest.raises(services.DossierError, match="reason"):
        _answer(family_proposal, worker_a, "Mila", competence="competent")
    _answer(
        family_proposal,
        worker_a,
        "Mila",
        competence="competent",
        competence_reason="Mila begrijpt goed wat de hulp inhoudt.",
        answer="refused",
    )
    rows = {row.member.person.first_name: row for row in services.consent_overview(family_proposal)}
    assert rows["Mila"].required
    assert "Mila Maes refuses" in rows["Mila"].problem


def test_a_child_from_12_can_be_judged_not_competent_and_others_do_not_answer(
    family_proposal: Any, worker_a: User
) -> None:
    with pytest.raises(services.DossierError, match="already presumed"):
        _answer(family_proposal, worker_a, "Noor", competence="competent", competence_reason="x")
    _answer(
        family_proposal,
        worker_a,
        "Noor",
        competence="not_competent",
        competence_reason="Noor is door een beperking niet in staat dit te overzien.",
        answer="refused",
    )
    rows = {row.member.person.first_name: row for row in services.consent_overview(family_proposal)}
    assert not rows["Noor"].required and not rows["Noor"].problem
    with pytest.raises(services.DossierError, match="parental authority"):
        _answer(family_proposal, worker_a, "Jef")
    with pytest.raises(services.DossierError, match="unborn"):
        _answer(family_proposal, worker_a, "Bo")


def test_consent_is_recorded_from_the_dossier_page_with_a_dutch_message(
    family_proposal: Any, dossier: Dossier, worker_a: User
) -> None:
    client = client_for(worker_a)
    url = reverse("dossiers:record-consent", args=[dossier.pk])
    data = {
        "consent-person": _person(dossier, "Mila").pk,
        "consent-answer": "agreed",
        "consent-answered_on": timezone.localdate().isoformat(),
        "consent-competence": "presumed",
    }
    with translation.override("nl"):
        response = client.post(url, data)
    assert response.status_code == 400
    assert "Een kind jonger dan 12" in response.content.decode()
    response = client.post(url, {**data, "consent-person": _person(dossier, "Noor").pk})
    assert response.status_code == 302
    consent = family_proposal.consents.get()
    assert consent.answer == "agreed" and consent.recorded_by == worker_a
    entry = AuditEntry.objects.get(event="dossiers.consent.recorded")
    assert entry.detail["answer"] == "agreed"


# Editing with conflict detection --------------------------------------------------


def test_two_workers_editing_a_conversation_get_a_conflict_not_an_overwrite(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    conversation = services.add_conversation(
        dossier=dossier,
        by=worker_a,
        held_at=timezone.now() - timedelta(hours=2),
        place="centre",
        participants="moeder",
        summary="Eerste versie.",
    )
    colleague = UserFactory(centre=worker_a.centre, roles=[Role.CASE_WORKER])
    dossier.assignments.create(user=colleague)
    url = reverse("dossiers:edit-record", args=[dossier.pk, "conversation", conversation.pk])
    first, second = client_for(worker_a), client_for(colleague)
    assert 'name="version" value="1"' in first.get(url).content.decode()
    opened = AuditEntry.objects.get(event="dossiers.conversation.opened_for_edit")
    assert (opened.action, opened.purpose) == ("read", "assignment")
    assert 'name="version" value="1"' in second.get(url).content.decode()
    form = {
        "held_at": timezone.localtime(conversation.held_at).strftime("%Y-%m-%dT%H:%M"),
        "place": "centre",
        "participants": "moeder",
        "language": "Nederlands",
        "version": "1",
    }
    assert first.post(url, {**form, "summary": "Versie van Wanda."}).status_code == 302
    response = second.post(url, {**form, "summary": "Versie van de collega."})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Versie van Wanda." in page  # what is saved now
    assert "Versie van de collega." in page  # what the colleague typed, kept
    assert 'name="version" value="2"' in page
    conversation.refresh_from_db()
    assert conversation.summary == "Versie van Wanda."
    # Saving again, on purpose, now succeeds.
    assert second.post(url, {**form, "summary": "Samen.", "version": "2"}).status_code == 302
    conversation.refresh_from_db()
    assert (conversation.summary, conversation.row_version) == ("Samen.", 3)
    entry = AuditEntry.objects.filter(event="dossiers.conversation.updated").last()
    assert entry is not None and entry.detail["fields"] == ["summary"]


def test_a_referral_status_is_updated_and_a_closed_dossier_is_not_edited(
    dossier: Dossier, worker_a: User
) -> None:
    services.start_assessment(dossier=dossier, by=worker_a)
    proposal = services.create_help_proposal(
        dossier=dossier,
        by=worker_a,
        proposed_on=timezone.localdate(),
        goals="Rust.",
        actions="Begeleiding.",
        team_decision=make_decision(dossier, worker_a),
        referrals=["CGG"],
    )
    referral = proposal.referrals.get()
    url = reverse("dossiers:edit-record", args=[dossier.pk, "referral", referral.pk])
    client = client_for(worker_a)
    response = client.post(
        url,
        {"status": "waiting_list", "status_on": date.today().isoformat(), "version": "1"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "waiting_list"
    close(dossier, worker_a)
    assert client.get(url).status_code == 404


# Follow-up actions and the chronology ---------------------------------------------


def _decision_post(worker: User, lead: User, **actions: Any) -> dict[str, Any]:
    return {
        "decision-held_on": timezone.localdate().isoformat(),
        "decision-participants": [worker.pk, lead.pk],
        "decision-question": "Welke hulp?",
        "decision-decision": "Gezinsbegeleiding.",
        "decision-rationale": "Ouders willen hulp.",
        **{f"decision-{name}": value for name, value in actions.items()},
    }


def test_a_team_decision_s_follow_up_actions_become_tasks_or_nothing_is_saved(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    from vk.work.models import Task

    client = client_for(worker_a)
    url = reverse("dossiers:add-decision", args=[dossier.pk])
    due = (timezone.localdate() + timedelta(days=10)).isoformat()
    outsider = UserFactory(centre=worker_a.centre, roles=[Role.CASE_WORKER])
    # An owner who is not on the team: neither the decision nor a task is kept.
    response = client.post(
        url,
        _decision_post(
            worker_a, team_lead_a, action_1_title="CAW bellen", action_1_owner=outsider.pk
        )
        | {"decision-action_1_due_on": due},
    )
    assert response.status_code == 400
    assert not dossier.decisions.exists() and not Task.objects.exists()
    response = client.post(
        url,
        _decision_post(
            worker_a,
            team_lead_a,
            action_1_title="CAW bellen",
            action_1_owner=worker_a.pk,
            action_1_due_on=due,
            action_2_title="Zonder eigenaar",
        ),
    )
    assert response.status_code == 400  # the second action has no owner nor due date
    response = client.post(
        url,
        _decision_post(
            worker_a,
            team_lead_a,
            action_1_title="CAW bellen",
            action_1_owner=worker_a.pk,
            action_1_due_on=due,
        ),
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert (task.title, task.owner, task.team_decision) == (
        "CAW bellen",
        worker_a,
        dossier.decisions.get(),
    )


def test_the_chronology_holds_assessments_decisions_and_proposals(
    dossier: Dossier, worker_a: User
) -> None:
    from vk.dossiers.timeline import timeline_for

    services.start_assessment(dossier=dossier, by=worker_a)
    services.record_assessment(
        dossier=dossier,
        by=worker_a,
        instrument=generic(),
        moment="after_exploration",
        assessed_on=timezone.localdate(),
        answers=ANSWERS,
        judgement="safe",
        difficulties="Weinig.",
        strengths="Veel steun.",
    )
    services.create_help_proposal(
        dossier=dossier,
        by=worker_a,
        proposed_on=timezone.localdate(),
        goals="Rust thuis.",
        actions="Begeleiding.",
        team_decision=make_decision(dossier, worker_a),
    )
    kinds = {item.kind for item in timeline_for(dossier)}
    assert {"assessment", "decision", "proposal", "state", "report"} <= kinds
    only = timeline_for(dossier, "decision")
    assert [item.kind for item in only] == ["decision"]
    assert only[0].ages  # each item carries the children's ages on its date


def test_every_record_kind_can_be_edited(dossier: Dossier, worker_a: User) -> None:
    """The edit screen opens and saves for each kind in the registry."""
    from vk.dossiers.views import EDITABLE

    services.add_professional_contact(
        dossier=dossier,
        by=worker_a,
        contacted_at=timezone.now() - timedelta(hours=1),
        professional="Huisarts",
        organisation="Praktijk",
        method="phone",
        family_informed=True,
        secrecy_ground="consent",
        learned="Gezien.",
    )
    contact = dossier.contacts.get()
    client = client_for(worker_a)
    url = reverse("dossiers:edit-record", args=[dossier.pk, "contact", contact.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "contacted_at": timezone.localtime(contact.contacted_at).strftime("%Y-%m-%dT%H:%M"),
            "professional": "Huisarts",
            "organisation": "Praktijk De Linde",
            "method": "phone",
            "secrecy_ground": "consent",
            "family_informed": "on",
            "learned": "Gezien.",
            "version": "1",
        },
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.organisation, contact.row_version) == ("Praktijk De Linde", 2)
    for kind in EDITABLE.values():
        assert "row_version" in {field.name for field in kind.model._meta.fields}, kind.model
