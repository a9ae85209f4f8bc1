"""Audit review: who looked at a file or a person, what one colleague accessed, the CSV
export for an access request, emergency accesses, unusual patterns, and that reading the
trail is recorded too. Personas: the data protection officer and the team lead review;
a colleague, a case worker and another centre get 404."""

from __future__ import annotations

import csv
import io
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from vk.access import services as access_services
from vk.audit import review
from vk.audit.models import Action, AuditEntry, Outcome, Purpose
from vk.audit.receivers import record_failed_login
from vk.audit.services import record_event
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier
from vk.mano.tests.helpers import register
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def privacy_officer_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.PRIVACY_OFFICER], first_name="Dora")


@pytest.fixture
def team_lead_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD], first_name="Bas")


def stepped_up(user: User) -> Client:
    """A client whose user confirmed their second factor a moment ago."""
    client = client_for(user)
    session = client.session
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time(), "reauthenticated": True}
    ]
    session.save()
    return client


def _read_dossier(user: User, dossier_pk: int, *, purpose: Purpose, **fields: Any) -> AuditEntry:
    return record_event(
        action=Action.READ,
        event="dossiers.dossier.viewed",
        purpose=purpose,
        by=user,
        object_type="dossiers.dossier",
        object_id=dossier_pk,
        **fields,
    )


def _urls(dossier: Dossier, staff: User) -> list[str]:
    person_pk = dossier.members.first().person_id
    return [
        reverse("audit:start-review"),
        reverse("audit:list-dossier-accesses", args=[dossier.pk]),
        reverse("audit:export-dossier-accesses", args=[dossier.pk]),
        reverse("audit:list-person-accesses", args=[person_pk]),
        reverse("audit:export-person-accesses", args=[person_pk]),
        reverse("audit:list-staff-accesses", args=[staff.pk]),
        reverse("audit:list-emergency-accesses"),
        reverse("audit:list-unusual-patterns"),
    ]


# Who looked at this file -----------------------------------------------------------


def test_who_looked_at_the_file_lists_the_team_and_oversight_with_their_grounds(
    dossier: Dossier,
    worker_a: User,
    team_lead_a: User,
    privacy_officer_a: User,
    staff_b: User,
) -> None:
    assert (
        client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code
        == 200
    )
    assert (
        client_for(team_lead_a).get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code
        == 200
    )
    conversation = record_event(
        action=Action.CREATE,
        event="dossiers.conversation.added",
        purpose=Purpose.ASSIGNMENT,
        by=worker_a,
        object_type="dossiers.conversation",
        object_id=991,
        detail={"dossier": dossier.pk},
    )
    procedure = register(dossier, team_lead_a)
    procedure_read = record_event(
        action=Action.READ,
        event="mano.procedure.viewed",
        purpose=Purpose.OVERSIGHT,
        by=team_lead_a,
        obj=procedure,
    )
    # Another centre's entry that happens to carry the same dossier id, and a read of
    # another dossier of the centre: neither belongs to this file.
    elsewhere = _read_dossier(staff_b, dossier.pk, purpose=Purpose.ASSIGNMENT)
    other_dossier = _read_dossier(worker_a, dossier.pk + 1000, purpose=Purpose.ASSIGNMENT)

    response = client_for(privacy_officer_a).get(
        reverse("audit:list-dossier-accesses", args=[dossier.pk])
    )

    assert response.status_code == 200
    rows = response.context["rows"]
    reads = {
        (row.entry.actor_id, row.entry.purpose)
        for row in rows
        if row.entry.event == "dossiers.dossier.viewed"
    }
    assert reads == {(worker_a.pk, Purpose.ASSIGNMENT), (team_lead_a.pk, Purpose.OVERSIGHT)}
    listed = {row.entry.pk for row in rows}
    assert {conversation.pk, procedure_read.pk} <= listed
    assert elsewhere.pk not in listed and other_dossier.pk not in listed
    assert [row.entry.occurred_at for row in rows] == sorted(
        (row.entry.occurred_at for row in rows), reverse=True
    )
    page = response.content.decode()
    assert worker_a.get_full_name() in page and team_lead_a.get_full_name() in page
    assert staff_b.get_full_name() not in page
    # The reviewer is not on the team and still needs no access to the dossier itself.
    assert (
        client_for(privacy_officer_a)
        .get(reverse("dossiers:view-dossier", args=[dossier.pk]))
        .status_code
        == 404
    )


def test_the_period_filter_leaves_out_older_accesses(
    dossier: Dossier, worker_a: User, privacy_officer_a: User
) -> None:
    with time_machine.travel(datetime(2026, 1, 10, 10, tzinfo=BRUSSELS)):
        old = _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    recent = _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    url = reverse("audit:list-dossier-accesses", args=[dossier.pk])
    today = recent.occurred_at.astimezone(BRUSSELS).date()

    response = client_for(privacy_officer_a).get(url, {"start": today.isoformat()})

    listed = {row.entry.pk for row in response.context["rows"]}
    assert recent.pk in listed and old.pk not in listed
    assert (
        client_for(privacy_officer_a)
        .get(url, {"start": "2026-02-01", "end": "2026-01-01"})
        .status_code
        == 400
    )


def test_the_list_is_paginated_fifty_a_page(
    dossier: Dossier, worker_a: User, privacy_officer_a: User
) -> None:
    for _ in range(55):
        _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    url = reverse("audit:list-dossier-accesses", args=[dossier.pk])
    client = client_for(privacy_officer_a)

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["rows"]) == 50
    assert first.context["page"].has_next
    assert len(second.context["rows"]) == 55 - 50 + 1  # with the entry of the first look
    assert not second.context["page"].has_next
    assert {row.entry.pk for row in first.context["rows"]}.isdisjoint(
        row.entry.pk for row in second.context["rows"]
    )
    times = [row.entry.occurred_at for row in first.context["rows"] + second.context["rows"]]
    assert times == sorted(times, reverse=True)


def test_a_page_merges_the_branches_newest_first_without_doubles(
    dossier: Dossier, worker_a: User, privacy_officer_a: User
) -> None:
    start = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    person = dossier.members.first().person
    for minute in range(6):
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            # Every third entry names both the person and the dossier: in two branches.
            record_event(
                action=Action.READ,
                event="dossiers.dossier.viewed",
                purpose=Purpose.ASSIGNMENT,
                by=worker_a,
                obj=dossier if minute % 2 == 0 else None,
                object_type="" if minute % 2 == 0 else "people.person",
                person_id=person.pk if minute % 3 == 0 else None,
                detail={} if minute % 2 == 0 else {"dossier": dossier.pk},
            )
    entries = review.reviewable(AuditEntry.objects.all())
    branches = review.person_branches(person.pk, [dossier.pk])
    expected = list(
        review.newest_first(entries.filter(review.any_of(branches))).values_list("pk", flat=True)
    )

    pages = [review.newest_page(entries, branches, number=n, size=4) for n in (1, 2, 3)]

    assert [e.pk for page in pages for e in page.entries] == expected
    assert [page.has_next for page in pages] == [True, False, False]
    assert 6 < len(expected) <= 8  # ours, and what opening the dossier recorded
    total = len(expected)
    assert (pages[1].first_index, pages[1].last_index, pages[1].total) == (5, total, total)
    assert pages[2].entries == []
    assert pages[0].total is None


def test_the_reviewer_finds_the_file_by_its_exact_reference_in_their_own_centre_only(
    dossier: Dossier, privacy_officer_a: User, centre_b: Centre, staff_b: User
) -> None:
    other = Dossier.objects.create(centre=centre_b, reference="D-LIM-2026-0001", opened_by=staff_b)
    client = client_for(privacy_officer_a)
    url = reverse("audit:start-review")

    found = client.get(url, {"reference": dossier.reference.lower()})
    not_ours = client.get(url, {"reference": other.reference})

    assert found.status_code == 302
    assert found["Location"] == reverse("audit:list-dossier-accesses", args=[dossier.pk])
    assert not_ours.status_code == 400
    assert reverse("audit:list-dossier-accesses", args=[other.pk]) not in not_ours.content.decode()


def test_who_looked_at_a_person_covers_their_dossiers(
    dossier: Dossier, worker_a: User, privacy_officer_a: User
) -> None:
    read = _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    member = dossier.members.select_related("person").first()
    client = client_for(privacy_officer_a)
    dossier_page = client.get(reverse("audit:list-dossier-accesses", args=[dossier.pk]))
    person_url = reverse("audit:list-person-accesses", args=[member.person_id])
    assert person_url in dossier_page.content.decode()

    response = client.get(person_url)

    assert response.status_code == 200
    assert read.pk in {row.entry.pk for row in response.context["rows"]}
    assert dossier.reference in response.content.decode()


def test_all_accesses_by_a_staff_member_show_the_dossier_reference(
    dossier: Dossier, worker_a: User, team_lead_a: User, privacy_officer_a: User
) -> None:
    own = _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    someone_else = _read_dossier(team_lead_a, dossier.pk, purpose=Purpose.OVERSIGHT)
    client = client_for(privacy_officer_a)
    picked = client.get(reverse("audit:start-review"), {"staff": worker_a.pk})
    assert picked["Location"] == reverse("audit:list-staff-accesses", args=[worker_a.pk])

    response = client.get(picked["Location"])

    listed = {row.entry.pk for row in response.context["rows"]}
    assert own.pk in listed and someone_else.pk not in listed
    assert dossier.reference in response.content.decode()


# Who may review --------------------------------------------------------------------


def test_the_data_protection_officer_and_the_team_lead_see_every_screen(
    dossier: Dossier, worker_a: User, team_lead_a: User, privacy_officer_a: User
) -> None:
    director = UserFactory(centre=dossier.centre, roles=[Role.DIRECTOR])
    for reviewer in (privacy_officer_a, team_lead_a, director):
        client = stepped_up(reviewer)
        for url in _urls(dossier, worker_a):
            assert client.get(url).status_code == 200, (reviewer, url)
    home = client_for(privacy_officer_a).get(reverse("accounts:home")).content.decode()
    assert reverse("audit:start-review") in home


@pytest.mark.parametrize("persona", ["colleague_a", "case_worker_a", "worker_a", "staff_b"])
def test_a_colleague_a_case_worker_and_another_centre_get_404_on_every_review_url(
    persona: str, dossier: Dossier, worker_a: User, request: pytest.FixtureRequest
) -> None:
    user: User = request.getfixturevalue(persona)
    client = stepped_up(user)
    for url in _urls(dossier, worker_a):
        assert client.get(url).status_code == 404, url
    assert (
        reverse("audit:start-review") not in client.get(reverse("accounts:home")).content.decode()
    )


def test_another_centres_team_lead_gets_404_on_this_centres_file_person_and_staff(
    dossier: Dossier, worker_a: User, team_lead_b: User
) -> None:
    client = stepped_up(team_lead_b)
    for url in _urls(dossier, worker_a):
        if "/dossiers/" in url or "/persons/" in url or "/staff/" in url:
            assert client.get(url).status_code == 404, url


def test_another_centres_reviewer_sees_none_of_this_centres_entries(
    worker_a: User, team_lead_a: User, team_lead_b: User, settings: Any
) -> None:
    settings.VK_AUDIT_UNUSUAL_DOSSIERS = 1
    for pk in (1, 2, 3):
        _read_dossier(worker_a, pk, purpose=Purpose.OVERSIGHT)
    record_failed_login(worker_a.email)

    ours, theirs = _patterns(team_lead_a), _patterns(team_lead_b)

    assert [row["staff"] for row in ours.outside_team] == [worker_a.pk]
    assert [row["staff"] for row in ours.unsuccessful] == [worker_a.pk]
    assert theirs.outside_team == [] and theirs.unsuccessful == []
    assert worker_a.pk not in {row["staff"] for row in theirs.at_night}
    picker = client_for(team_lead_b).get(reverse("audit:start-review")).context["staff_form"]
    assert worker_a not in picker.fields["staff"].queryset


def test_the_anonymous_visitor_is_sent_to_the_login(anonymous: Client) -> None:
    response = anonymous.get(reverse("audit:start-review"))
    assert response.status_code == 302 and "login" in response["Location"]


# Reading is audited ----------------------------------------------------------------


def test_viewing_the_review_writes_its_own_audit_entry(
    dossier: Dossier, privacy_officer_a: User
) -> None:
    client_for(privacy_officer_a).get(
        reverse("audit:list-dossier-accesses", args=[dossier.pk]), {"start": "2026-01-01"}
    )

    entry = AuditEntry.objects.get(event="audit.review.viewed")
    assert entry.action == Action.READ and entry.purpose == Purpose.OVERSIGHT
    assert entry.actor_id == privacy_officer_a.pk and entry.centre_id == dossier.centre_id
    assert entry.detail == {
        "screen": "dossier",
        "dossier": dossier.pk,
        "from": "2026-01-01",
        "to": None,
        "page": 1,
    }


def test_every_review_screen_is_recorded(
    dossier: Dossier, worker_a: User, privacy_officer_a: User
) -> None:
    client = client_for(privacy_officer_a)
    screens = [url for url in _urls(dossier, worker_a) if "export" not in url]
    for url in screens:
        client.get(url)
    assert AuditEntry.objects.filter(
        event="audit.review.viewed", actor_id=privacy_officer_a.pk
    ).count() == len(screens)


# The export for an access request --------------------------------------------------


def test_the_csv_export_holds_the_rows_and_is_audited(
    dossier: Dossier, worker_a: User, team_lead_a: User, privacy_officer_a: User
) -> None:
    _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    _read_dossier(team_lead_a, dossier.pk, purpose=Purpose.OVERSIGHT)
    expected = AuditEntry.objects.filter(
        object_type="dossiers.dossier", object_id=str(dossier.pk)
    ).count()

    response = stepped_up(privacy_officer_a).get(
        reverse("audit:export-dossier-accesses", args=[dossier.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    assert len(header) == 7
    staff = {line[1] for line in body}
    assert {worker_a.get_full_name(), team_lead_a.get_full_name()} <= staff
    with translation.override("nl-be"):
        grounds = {str(Purpose.ASSIGNMENT.label), str(Purpose.OVERSIGHT.label)}
    assert {line[5] for line in body} == grounds
    export = AuditEntry.objects.get(event="audit.accesses.exported")
    assert export.action == Action.EXPORT and export.purpose == Purpose.OVERSIGHT
    assert export.actor_id == privacy_officer_a.pk
    assert export.detail["dossier"] == dossier.pk and export.detail["rows"] == len(body)
    # Opening the dossier and the two reads; not the report's entries before it.
    assert len(body) == expected == 3


def test_the_export_asks_for_a_recent_reauthentication_first(
    dossier: Dossier, privacy_officer_a: User
) -> None:
    response = client_for(privacy_officer_a).get(
        reverse("audit:export-dossier-accesses", args=[dossier.pk])
    )
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not AuditEntry.objects.filter(event="audit.accesses.exported").exists()


def test_the_person_export_is_audited_with_the_person(
    dossier: Dossier, worker_a: User, privacy_officer_a: User
) -> None:
    _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    person_pk = dossier.members.first().person_id

    response = stepped_up(privacy_officer_a).get(
        reverse("audit:export-person-accesses", args=[person_pk])
    )

    assert worker_a.get_full_name() in response.content.decode("utf-8-sig")
    export = AuditEntry.objects.get(event="audit.accesses.exported")
    assert export.person_id == person_pk and export.detail["person"] == person_pk


# Emergency accesses ----------------------------------------------------------------


def test_emergency_accesses_awaiting_review_link_to_the_team_leads_judgement(
    dossier: Dossier, team_lead_a: User, privacy_officer_a: User
) -> None:
    standby = UserFactory(centre=dossier.centre, roles=[Role.CASE_WORKER], first_name="Stan")
    access = access_services.start_emergency_access(
        user=standby,
        dossier=dossier,
        reason="De politie belt over dit gezin tijdens de permanentie.",
    )
    review_url = reverse("access:review-emergency", args=[access.pk])

    for_officer = client_for(privacy_officer_a).get(reverse("audit:list-emergency-accesses"))
    for_lead = client_for(team_lead_a).get(reverse("audit:list-emergency-accesses"))

    assert list(for_officer.context["page"].object_list) == [access]
    assert standby.get_full_name() in for_officer.content.decode()
    # Judging is the team lead's (and director's) job, not the data protection officer's.
    assert review_url not in for_officer.content.decode()
    assert review_url in for_lead.content.decode()


# Unusual patterns ------------------------------------------------------------------


def _patterns(reviewer: User, **query: str) -> Any:
    response = client_for(reviewer).get(reverse("audit:list-unusual-patterns"), query)
    assert response.status_code == 200
    return response.context["patterns"]


def test_a_user_who_opened_eleven_dossiers_outside_the_team_stands_out(
    centre_a: Centre, privacy_officer_a: User, settings: Any
) -> None:
    settings.VK_AUDIT_UNUSUAL_DOSSIERS = 10
    curious = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD], first_name="Nico")
    usual = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD], first_name="Ursula")
    for pk in range(1, 12):
        _read_dossier(curious, pk, purpose=Purpose.OVERSIGHT)
        _read_dossier(curious, pk, purpose=Purpose.OVERSIGHT)  # twice: counted once
    for pk in range(1, 11):
        _read_dossier(usual, pk, purpose=Purpose.OVERSIGHT)
    for pk in range(20, 40):
        _read_dossier(usual, pk, purpose=Purpose.ASSIGNMENT)  # their own team's files

    outside = _patterns(privacy_officer_a).outside_team

    assert [(row["staff"], row["dossiers"], row["reads"]) for row in outside] == [
        (curious.pk, 11, 22)
    ]
    assert outside[0]["name"] == curious.get_full_name()


def test_an_access_at_night_stands_out(
    centre_a: Centre, worker_a: User, case_worker_a: User, privacy_officer_a: User
) -> None:
    with time_machine.travel(datetime(2026, 3, 3, 23, 30, tzinfo=BRUSSELS), tick=False):
        _read_dossier(worker_a, 1, purpose=Purpose.ASSIGNMENT)
    with time_machine.travel(datetime(2026, 3, 4, 5, 59, tzinfo=BRUSSELS), tick=False):
        _read_dossier(worker_a, 1, purpose=Purpose.ASSIGNMENT)
    with time_machine.travel(datetime(2026, 3, 4, 6, 0, tzinfo=BRUSSELS), tick=False):
        _read_dossier(case_worker_a, 1, purpose=Purpose.ASSIGNMENT)
    with time_machine.travel(datetime(2026, 3, 4, 21, 59, tzinfo=BRUSSELS), tick=False):
        _read_dossier(case_worker_a, 1, purpose=Purpose.ASSIGNMENT)

    night = _patterns(privacy_officer_a, start="2026-03-01", end="2026-03-31").at_night

    assert [(row["staff"], row["entries"]) for row in night] == [(worker_a.pk, 2)]


def test_mass_searching_within_one_hour_stands_out(
    worker_a: User, case_worker_a: User, privacy_officer_a: User, settings: Any
) -> None:
    settings.VK_AUDIT_MASS_SEARCH = 30

    def search(user: User) -> None:
        record_event(
            action=Action.SEARCH,
            event="dossiers.mine.listed",
            purpose=Purpose.ASSIGNMENT,
            by=user,
            object_type="dossiers.dossier",
            detail={"count": 3},
        )

    start = datetime(2026, 3, 3, 14, 0, tzinfo=BRUSSELS)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(31):
            search(worker_a)
            traveller.shift(timedelta(seconds=90))
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(30):
            search(case_worker_a)
            traveller.shift(timedelta(seconds=90))

    mass = _patterns(privacy_officer_a, start="2026-03-01", end="2026-03-31").mass_search

    assert [(row["staff"], row["searches"]) for row in mass] == [(worker_a.pk, 31)]
    assert mass[0]["hour"].astimezone(BRUSSELS).hour == 14


def test_refused_and_failed_actions_are_counted_per_staff_member(
    worker_a: User, privacy_officer_a: User
) -> None:
    record_failed_login(worker_a.email)
    record_failed_login(worker_a.email)
    record_event(
        action=Action.READ,
        event="dossiers.dossier.viewed",
        purpose=Purpose.ASSIGNMENT,
        by=worker_a,
        outcome=Outcome.DENIED,
        object_type="dossiers.dossier",
        object_id=1,
    )

    unsuccessful = _patterns(privacy_officer_a).unsuccessful

    assert [(row["staff"], row["failed"], row["denied"]) for row in unsuccessful] == [
        (worker_a.pk, 2, 1)
    ]


# Queries ---------------------------------------------------------------------------


def test_the_query_count_of_who_looked_does_not_grow_with_the_entries(
    dossier: Dossier,
    worker_a: User,
    privacy_officer_a: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(privacy_officer_a)
    url = reverse("audit:list-dossier-accesses", args=[dossier.pk])
    _read_dossier(worker_a, dossier.pk, purpose=Purpose.ASSIGNMENT)
    client.get(url)  # the session and the like settle on the first request
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        colleague = UserFactory(centre=dossier.centre, roles=[Role.CASE_WORKER])
        for _ in range(4):
            _read_dossier(colleague, dossier.pk, purpose=Purpose.ASSIGNMENT)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    about_the_dossier = AuditEntry.objects.filter(
        object_type="dossiers.dossier", object_id=str(dossier.pk)
    ).count()
    assert len(response.context["rows"]) == about_the_dossier == 1 + 1 + 40
