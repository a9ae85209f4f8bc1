"""Dossiers: opening from a triaged report, the lifecycle, need-to-know, conversations."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import product
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers import services
from vk.dossiers.models import (
    TRANSITIONS,
    Assessment,
    Dossier,
    DossierHistory,
    Instrument,
    State,
)
from vk.dossiers.tests.helpers import close, make_agreed_proposal, make_decision
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_team_lead_opens_a_dossier_with_the_family_of_the_report(
    dossier: Dossier, worker_a: User
) -> None:
    assert dossier.state == State.EXPLORATION
    assert dossier.reference.startswith("D-ANT-")
    relationships = sorted(dossier.members.values_list("relationship", flat=True))
    assert relationships == ["child", "child", "parent"]
    assert dossier.assignments.get(of_record=True).user == worker_a
    assert AuditEntry.objects.filter(event="dossiers.dossier.opened").exists()


def test_a_report_gets_one_dossier_and_only_with_the_help_track(
    dossier: Dossier, help_report: Any, team_lead_a: User, worker_a: User
) -> None:
    with pytest.raises(services.DossierError):
        services.open_dossier(
            report=help_report, by=team_lead_a, case_workers=[worker_a], of_record=worker_a
        )


def test_only_a_team_lead_of_the_centre_opens_a_dossier(
    help_report: Any, worker_a: User, staff_b: User
) -> None:
    with pytest.raises(services.DossierError):
        services.open_dossier(
            report=help_report, by=worker_a, case_workers=[worker_a], of_record=worker_a
        )
    lead_b = UserFactory(centre=staff_b.centre, roles=[Role.TEAM_LEAD])
    with pytest.raises(services.DossierError):
        services.open_dossier(
            report=help_report, by=lead_b, case_workers=[staff_b], of_record=staff_b
        )
    assert not Dossier.objects.exists()


def _propose(dossier: Dossier, by: User) -> Dossier:
    make_agreed_proposal(dossier, by)
    return services.propose_help(dossier=dossier, by=by, team_decision=make_decision(dossier, by))


SERVICE_FOR = {
    State.ASSESSMENT: lambda d, by: services.start_assessment(dossier=d, by=by),
    State.HELP_PROPOSAL: _propose,
    State.FOLLOW_UP: lambda d, by: (
        make_agreed_proposal(d, by) and services.start_follow_up(dossier=d, by=by)
    ),
    State.CLOSED: lambda d, by: close(d, by, reason="Hulp loopt.", copy_offered=True),
    State.EXPLORATION: lambda d, by: services.reopen_dossier(
        dossier=d, by=by, reason="Nieuwe zorg."
    ),
}


@pytest.mark.parametrize(("source", "target"), list(product(State.values, State.values)))
def test_every_transition_is_allowed_or_refused_as_the_map_says(
    dossier: Dossier, worker_a: User, source: str, target: str
) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=source)
    dossier.refresh_from_db()
    history_before = DossierHistory.objects.count()
    if target in TRANSITIONS[source]:
        SERVICE_FOR[State(target)](dossier, worker_a)
        dossier.refresh_from_db()
        assert dossier.state == target
        assert DossierHistory.objects.count() == history_before + 1
    else:
        with pytest.raises(services.DossierError):
            SERVICE_FOR[State(target)](dossier, worker_a)
        dossier.refresh_from_db()
        assert dossier.state == source
        assert DossierHistory.objects.count() == history_before


def test_closing_sets_each_child_s_destruction_date_at_35(dossier: Dossier, worker_a: User) -> None:
    close(
        dossier,
        worker_a,
        reason="Afgerond.",
        outcome="Veilig",
        family_informed_of_retention=True,
        copy_offered=False,
    )
    children = {
        m.person.first_name: m.destruction_date
        for m in dossier.members.filter(relationship="child")
    }
    assert children["Mila"] == date(2051, 3, 1)  # born 29 February 2016
    bo = dossier.members.get(person__first_name="Bo").person
    assert children["Bo"] == bo.expected_birth_date.replace(year=bo.expected_birth_date.year + 35)
    assert dossier.members.get(person__first_name="Sara").destruction_date is None
    services.reopen_dossier(dossier=dossier, by=worker_a, reason="Nieuwe melding.")
    assert not dossier.members.exclude(destruction_date=None).exists()


def test_closing_needs_a_reason(dossier: Dossier, worker_a: User) -> None:
    with pytest.raises(services.DossierError):
        close(
            dossier,
            worker_a,
            reason=" ",
            outcome="",
            family_informed_of_retention=True,
            copy_offered=False,
        )


# Need-to-know ----------------------------------------------------------------------


def _dossier_urls(dossier: Dossier) -> list[tuple[str, str]]:
    return [
        ("get", reverse("dossiers:view-dossier", args=[dossier.pk])),
        ("post", reverse("dossiers:change-state", args=[dossier.pk])),
        ("post", reverse("dossiers:close-dossier", args=[dossier.pk])),
        ("post", reverse("dossiers:add-conversation", args=[dossier.pk])),
        ("post", reverse("dossiers:add-contact", args=[dossier.pk])),
        ("get", reverse("dossiers:view-timeline", args=[dossier.pk])),
        ("get", reverse("dossiers:add-assessment", args=[dossier.pk])),
        ("post", reverse("dossiers:add-assessment", args=[dossier.pk])),
        ("post", reverse("dossiers:add-decision", args=[dossier.pk])),
        ("get", reverse("dossiers:add-proposal", args=[dossier.pk])),
        ("post", reverse("dossiers:record-consent", args=[dossier.pk])),
        ("post", reverse("dossiers:add-referral", args=[dossier.pk])),
        *[
            (method, reverse("dossiers:edit-record", args=[dossier.pk, kind, record.pk]))
            for kind, record in _records(dossier)
            for method in ("get", "post")
        ],
    ]


def _records(dossier: Dossier) -> list[tuple[str, Any]]:
    """One record of each editable kind in the dossier, made on first use."""
    by = dossier.assignments.get(of_record=True).user
    if not dossier.conversations.exists():
        services.add_conversation(
            dossier=dossier,
            by=by,
            held_at=timezone.now(),
            place="centre",
            participants="moeder",
            summary="Gesprek.",
        )
        proposal = make_agreed_proposal(dossier, by)
        proposal.referrals.create(service="CAW")
    proposal = dossier.proposals.get()
    return [
        ("conversation", dossier.conversations.get()),
        ("decision", proposal.team_decision),
        ("proposal", proposal),
        ("referral", proposal.referrals.get()),
    ]


@pytest.mark.parametrize(
    "persona", ["case_worker_a", "colleague_a", "admin_a", "staff_b", "admin_b"]
)
def test_nobody_outside_the_team_or_oversight_reaches_the_dossier(
    dossier: Dossier, persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    for method, url in _dossier_urls(dossier):
        assert getattr(client, method)(url, {"to": "assessment"}).status_code == 404, url
    assert dossier.reference not in client.get(reverse("dossiers:my-dossiers")).content.decode()
    dossier.refresh_from_db()
    assert dossier.state == State.EXPLORATION


def test_a_colleague_learns_only_that_the_dossier_exists_and_whom_to_contact(
    dossier: Dossier, help_report: Any, colleague_a: User, worker_a: User
) -> None:
    page = (
        client_for(colleague_a)
        .get(reverse("intake:view-report", args=[help_report.pk]))
        .content.decode()
    )
    assert dossier.reference in page
    assert worker_a.get_full_name() in page
    assert reverse("dossiers:view-dossier", args=[dossier.pk]) not in page


def test_the_team_and_oversight_open_it_with_their_own_grounds(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    assert (
        client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code
        == 200
    )
    director = UserFactory(centre=worker_a.centre, roles=[Role.DIRECTOR])
    response = client_for(director).get(reverse("dossiers:view-dossier", args=[dossier.pk]))
    assert response.status_code == 200
    purposes = list(
        AuditEntry.objects.filter(event="dossiers.dossier.viewed").values_list("purpose", flat=True)
    )
    assert purposes == ["assignment", "oversight"]
    # The director may read but not change.
    client_for(director).post(
        reverse("dossiers:change-state", args=[dossier.pk]), {"to": "assessment"}
    )
    dossier.refresh_from_db()
    assert dossier.state == State.EXPLORATION


# Conversations ---------------------------------------------------------------------


def _conversation(**changes: Any) -> dict[str, Any]:
    data = {
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "home_visit",
        "participants": "moeder, hulpverlener",
        "language": "Pools",
        "interpreter": "on",
        "interpreter_language": "Pools",
        "social_interpreting_service": "on",
        "summary": "Kennismaking; moeder vertelt over de spanningen thuis.",
    }
    data.update(changes)
    return data


def test_case_worker_records_a_conversation_with_an_interpreter(
    dossier: Dossier, worker_a: User
) -> None:
    response = client_for(worker_a).post(
        reverse("dossiers:add-conversation", args=[dossier.pk]), _conversation()
    )
    assert response.status_code == 302
    conversation = dossier.conversations.get()
    assert conversation.interpreter and conversation.interpreter_language == "Pools"
    assert AuditEntry.objects.filter(event="dossiers.conversation.added").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"interpreter_language": ""}, "welke taal"),
        ({"held_at": "2099-01-01T10:00"}, "nog niet"),
        ({"summary": ""}, "verplicht"),
    ],
)
def test_bad_conversation_input_is_refused_in_dutch(
    dossier: Dossier, worker_a: User, changes: dict[str, Any], message: str
) -> None:
    response = client_for(worker_a).post(
        reverse("dossiers:add-conversation", args=[dossier.pk]), _conversation(**changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not dossier.conversations.exists()


def test_my_dossiers_lists_the_worker_s_open_dossiers(dossier: Dossier, worker_a: User) -> None:
    page = client_for(worker_a).get(reverse("dossiers:my-dossiers")).content.decode()
    assert dossier.reference in page


# Contacts with professionals -------------------------------------------------------


def _contact(**changes: Any) -> dict[str, Any]:
    data = {
        "contact-contacted_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "contact-professional": "Zorgcoördinator",
        "contact-organisation": "CLB",
        "contact-method": "phone",
        "contact-secrecy_ground": "shared_secrecy",
        "contact-learned": "Mila is vaak afwezig op maandag.",
    }
    data.update(changes)
    return data


def test_case_worker_records_a_contact_with_the_clb(dossier: Dossier, worker_a: User) -> None:
    response = client_for(worker_a).post(
        reverse("dossiers:add-contact", args=[dossier.pk]), _contact()
    )
    assert response.status_code == 302
    contact = dossier.contacts.get()
    assert (contact.organisation, contact.secrecy_ground, contact.family_informed) == (
        "CLB",
        "shared_secrecy",
        False,
    )
    entry = AuditEntry.objects.get(event="dossiers.contact.added")
    assert entry.detail["ground"] == "shared_secrecy"
    assert "Mila" not in str(entry.detail)


def test_sharing_with_consent_means_the_family_knows(dossier: Dossier, worker_a: User) -> None:
    response = client_for(worker_a).post(
        reverse("dossiers:add-contact", args=[dossier.pk]),
        _contact(**{"contact-secrecy_ground": "consent"}),
    )
    assert response.status_code == 400
    assert "toestemming" in response.content.decode()
    assert not dossier.contacts.exists()


def test_a_colleague_outside_the_team_cannot_add_a_contact(
    dossier: Dossier, colleague_a: User
) -> None:
    response = client_for(colleague_a).post(
        reverse("dossiers:add-contact", args=[dossier.pk]), _contact()
    )
    assert response.status_code == 404
    assert not dossier.contacts.exists()


def _grow(dossier: Dossier, by: User, count: int) -> None:
    """`count` more records of every kind the dossier page lists."""
    from vk.access.models import Disclosure
    from vk.documents.models import Document
    from vk.work.models import Appointment, Task

    now = timezone.now()
    instrument = Instrument.objects.get(code="veiligheid-algemeen", version=1)
    for number in range(count):
        earlier = now - timedelta(days=number + 1)
        services.add_conversation(
            dossier=dossier,
            by=by,
            held_at=earlier,
            place="centre",
            participants="moeder",
            summary=f"Gesprek {number}.",
        )
        services.add_professional_contact(
            dossier=dossier,
            by=by,
            contacted_at=earlier,
            professional="Huisarts",
            organisation="Praktijk",
            method="phone",
            family_informed=True,
            secrecy_ground="consent",
            learned="Gezien.",
        )
        decision = make_decision(dossier, by)
        Task.objects.create(
            centre=dossier.centre,
            dossier=dossier,
            title=f"Actie {number}",
            owner=by,
            due_on=earlier.date(),
            created_by=by,
            team_decision=decision,
            done_at=earlier,
            done_by=by,
        )
        Assessment.objects.create(
            dossier=dossier,
            instrument=instrument,
            moment="intake",
            assessed_on=earlier.date(),
            score=3,
            band="midden",
            judgement="agreements",
            difficulties="Moeilijk.",
            strengths="Sterk.",
            author=by,
        )
        DossierHistory.objects.create(
            dossier=dossier, at=earlier, by=by, from_state="exploration", to_state="exploration"
        )
        Appointment.objects.create(
            centre=dossier.centre,
            dossier=dossier,
            starts_at=earlier,
            place="centre",
            with_whom="moeder",
            planned_by=by,
            status="held",
        )
        Document.objects.create(
            dossier=dossier,
            centre=dossier.centre,
            title=f"Verslag {number}",
            original_name="verslag.pdf",
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
            storage_name=f"test-{dossier.pk}-{number}-{count}",
            uploaded_by=by,
            uploaded_at=earlier,
        )
        Disclosure.objects.create(
            centre=dossier.centre,
            dossier=dossier,
            kind="letter",
            recipient="Ouders",
            legal_basis="own_data",
            what="Brief",
            decided_by=by,
            disclosed_at=earlier,
            source_type="test",
            source_id=f"{count}-{number}",
        )


def test_the_dossier_page_needs_the_same_queries_for_2_or_40_records_of_every_kind(
    dossier: Dossier, worker_a: User
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(worker_a)
    url = reverse("dossiers:view-dossier", args=[dossier.pk])
    _grow(dossier, worker_a, 2)
    make_agreed_proposal(dossier, worker_a)
    client.get(url)  # the first request of a session also registers the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(dossier, worker_a, 38)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    # 43 on PostgreSQL, two of which bind the request to its centre (row-level security);
    # 40 on SQLite. Before the panels' forms loaded lazily: 51 and 49.
    assert len(few.captured_queries) <= 45

    # What grows with the dossier's age is shown the most recent ten at a time, with the
    # count from the database and a link to the rest in the timeline.
    page = response.content.decode()
    timeline = reverse("dossiers:view-timeline", args=[dossier.pk])
    for kind, total in (
        ("conversation", 40),
        ("contact", 40),
        ("decision", 41),  # and the one the proposal rests on
        ("assessment", 40),
        ("state", 41),  # and the opening
        ("document", 40),
    ):
        assert f'href="{timeline}?kind={kind}"' in page, kind
        assert re.search(rf"{timeline}\?kind={kind}\">[^<]*\b{total}\b", page), kind
    assert page.count('<article class="record">') == 10 + 10  # assessments, decisions
    for kind in ("conversation", "contact", "assessment", "decision"):
        assert len(re.findall(rf"/{kind}/\d+/edit/", page)) == 10, kind
    assert len(re.findall(r'/download/"', page)) == 10
    assert len(re.findall(r'/work/tasks/\d+/">Actie ', page)) == 10  # the done tasks
    assert page.count("(40)") == 2  # done tasks and earlier appointments: counted
    assert len(re.findall(r'/work/appointments/\d+/"', page)) == 10
    # Disclosures (each contact is one too): the ten most recent, and how many there are.
    start = page.index('id="disclosures-heading"')
    disclosures = page[start : page.index("</section>", start)]
    assert disclosures.count("<tr>") == 1 + 10
    assert "80" in disclosures


def test_the_team_lead_sees_the_centre_s_open_dossiers_for_oversight(
    dossier: Dossier, team_lead_a: User, staff_b: User
) -> None:
    page = client_for(team_lead_a).get(reverse("dossiers:my-dossiers")).content.decode()
    assert dossier.reference in page
    assert "toezicht" in page
    assert (
        dossier.reference
        not in client_for(staff_b).get(reverse("dossiers:my-dossiers")).content.decode()
    )


# Timeline --------------------------------------------------------------------------


def test_the_timeline_shows_everything_newest_first_with_the_children_s_ages(
    dossier: Dossier, worker_a: User
) -> None:
    from vk.dossiers.timeline import timeline_for
    from vk.people.models import age_on

    services.add_conversation(
        dossier=dossier,
        by=worker_a,
        held_at=timezone.now() - timedelta(hours=2),
        place="centre",
        participants="moeder",
        summary="Eerste gesprek.",
    )
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
    items = timeline_for(dossier)
    assert [item.kind for item in items] == ["state", "contact", "conversation", "report"]
    mila = next(age for age in items[0].ages if age.name == "Mila Maes")
    assert mila.years == age_on(date(2016, 2, 29), timezone.localdate())
    bo = next(age for age in items[0].ages if age.name == "Bo Maes")
    assert bo.years is None  # not born yet
    assert [item.kind for item in timeline_for(dossier, "conversation")] == ["conversation"]
    assert age_on(date(2016, 2, 29), date(2026, 2, 28)) == 9
    assert age_on(date(2016, 2, 29), date(2026, 3, 1)) == 10


def test_the_timeline_page_is_need_to_know_and_audited(
    dossier: Dossier, worker_a: User, colleague_a: User
) -> None:
    url = reverse("dossiers:view-timeline", args=[dossier.pk])
    assert client_for(colleague_a).get(url).status_code == 404
    response = client_for(worker_a).get(url, {"kind": "state"})
    assert response.status_code == 200
    assert "Verkenning" in response.content.decode()
    assert AuditEntry.objects.get(event="dossiers.timeline.viewed").detail == {"kind": "state"}


def test_a_stale_copy_of_a_closed_dossier_gets_no_new_conversation(
    dossier: Dossier, worker_a: User
) -> None:
    stale = Dossier.objects.get(pk=dossier.pk)
    close(
        dossier,
        worker_a,
        reason="Afgerond.",
        outcome="Veilig",
        family_informed_of_retention=True,
        copy_offered=True,
    )
    with pytest.raises(services.DossierError):
        services.add_conversation(
            dossier=stale,
            by=worker_a,
            held_at=timezone.now(),
            place="centre",
            participants="moeder",
            summary="Te laat.",
        )
    assert not dossier.conversations.exists()


def test_closing_requires_telling_the_family_about_retention(
    dossier: Dossier, worker_a: User
) -> None:
    with pytest.raises(services.DossierError):
        close(
            dossier,
            worker_a,
            reason="Afgerond.",
            outcome="Veilig",
            family_informed_of_retention=False,
            copy_offered=False,
        )
    dossier.refresh_from_db()
    assert dossier.state == State.EXPLORATION
