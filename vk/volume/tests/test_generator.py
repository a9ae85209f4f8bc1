"""The volume generator on PostgreSQL: smoke scale inside the test database.

One generation serves the whole module (it takes a few seconds); every test looks at it
from another side: proportions, constraints, the audit chains, the derived columns the
app computes, and the app's own screens on the generated data.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from stdnum.be import nn

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.audit.services import entry_hash, verify_trail
from vk.centres.models import Centre, Province, Role, User
from vk.dossiers.models import (
    Assignment,
    ClosingOutcome,
    Conversation,
    Dossier,
    DossierMember,
    ProfessionalContact,
)
from vk.intake.models import Report, ReportPerson, Transfer
from vk.lib.workdays import add_working_days
from vk.mano.models import Procedure
from vk.people.models import Person
from vk.people.names import name_key
from vk.volume import audit as chains
from vk.volume.bulk import BulkLoad
from vk.volume.context import WorkDays
from vk.volume.families import national_number
from vk.volume.generator import GenerationRefused, Summary, generate

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the generator writes with PostgreSQL's COPY"
)

APP_ROLE = "vk_app_suite"


@pytest.fixture(scope="module")
def smoke(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Summary]:
    """Smoke scale, generated once in a transaction that is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        as_app_role = os.environ.get("VK_TEST_AS_APP_ROLE") == "1"
        if as_app_role:  # the generator works as the tables' owner, as a command does
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")
        summary = generate("smoke", seed=7)
        if as_app_role:
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {APP_ROLE}")
        yield summary
        transaction.set_rollback(True)


def test_smoke_generates_the_expected_proportions(smoke: Summary, db: None) -> None:
    counts = smoke.counts
    assert counts["intake_report"] == Report.objects.count() == 300
    assert counts["audit_auditentry"] == AuditEntry.objects.count() == 4000
    assert counts["centres_user"] == User.objects.count() == 6 * 12
    assert 60 <= Dossier.objects.count() <= 140
    persons = Person.objects.count()
    children = ReportPerson.objects.filter(role="child").values("person").distinct().count()
    assert 2 * 200 <= persons <= 5 * 200
    assert children >= 200
    # Child registrations outnumber unique children: families are reported again.
    assert ReportPerson.objects.filter(role="child").count() > children
    large = [pk for ids in smoke.large_dossier_ids.values() for pk in ids]
    assert len(large) >= 6
    for pk in large:
        assert Conversation.objects.filter(dossier_id=pk).count() == 200
    talks = Conversation.objects.count() + ProfessionalContact.objects.count()
    assert 1500 <= talks <= 3500
    per_centre = Counter(Report.objects.values_list("centre__province", flat=True))
    assert per_centre.most_common(1)[0][0] == Province.ANTWERPEN
    assert min(per_centre, key=per_centre.__getitem__) == Province.LIMBURG


def test_most_reports_are_triaged_and_a_queue_waits(smoke: Summary, db: None) -> None:
    today = timezone.localdate()
    for centre in Centre.objects.all():
        waiting = Report.objects.in_centre(centre).in_queue()
        assert 1 <= waiting.count() <= 45
    assert Report.objects.overdue(today).exists()
    assert Report.objects.filter(status="triaged").count() > 0.8 * Report.objects.count()
    open_dossiers = Dossier.objects.open()
    assert open_dossiers.exists()
    assert Dossier.objects.filter(state="closed").count() > open_dossiers.count()
    for dossier in open_dossiers:
        assert dossier.assignments.filter(of_record=True, user__is_active=True).count() == 1


def test_every_foreign_key_and_constraint_holds(smoke: Summary, db: None) -> None:
    # Deferred foreign keys would only be checked at commit: check them now.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for dossier in Dossier.objects.filter(state="closed")[:50]:
        closing = dossier.history.get(to_state="closed")
        assert closing.team_decision is not None
        assert dossier.closed_at is not None
    for procedure in Procedure.objects.filter(state="closed"):
        assert procedure.outcome


def test_closed_dossiers_carry_a_coded_outcome_and_their_history_keeps_it(
    smoke: Summary, db: None
) -> None:
    closed = Dossier.objects.filter(state="closed")
    coded = closed.exclude(closing_outcome="")
    # About 1% closed "before the outcome was coded"; the rest have a code of the app's.
    assert coded.count() >= 0.9 * closed.count()
    outcomes = Counter(coded.values_list("closing_outcome", flat=True))
    assert set(outcomes) <= set(ClosingOutcome.values)
    assert len(outcomes) >= 4
    assert outcomes.most_common(1)[0][0] == ClosingOutcome.HELP_INSTALLED
    assert not Dossier.objects.open().exclude(closing_outcome="").exists()
    for dossier in closed.order_by("pk")[:50]:
        row = dossier.history.get(to_state="closed")
        assert (row.closing_outcome, row.outcome) == (dossier.closing_outcome, dossier.outcome)
        assert row.reason == dossier.close_reason


def test_some_children_have_an_age_estimate_instead_of_a_date_of_birth(
    smoke: Summary, db: None
) -> None:
    estimated = Person.objects.exclude(estimated_birth_year=None)
    assert estimated.exists()
    for person in estimated:
        assert person.birth_date is None and not person.is_unborn
        assert ReportPerson.objects.filter(person=person, role="child").exists()
        age = person.age_on(timezone.localdate(person.created_at))
        assert age is not None and 0 <= age <= 18


def test_the_audit_chains_verify(smoke: Summary, db: None) -> None:
    result = verify_trail()
    assert result.ok, result.first_break
    assert result.entries == 4000
    assert sorted(head.chain for head in result.heads) == sorted(
        Centre.objects.values_list("pk", flat=True)
    )


def test_sample_hashes_equal_entry_hash(smoke: Summary, db: None) -> None:
    sample = list(AuditEntry.objects.order_by("?")[:300])
    for entry in sample:
        assert entry_hash(entry) == entry.hash
    assert {entry.event for entry in sample} >= {"dossiers.dossier.viewed", "auth.login"}


def test_payload_is_what_entry_hash_hashes() -> None:
    entry = AuditEntry(
        chain=3,
        seq=41,
        occurred_at=timezone.now(),
        action="read",
        event="dossiers.dossier.viewed",
        outcome="success",
        purpose="assignment",
        actor_id=12,
        actor_roles="case_worker,team_lead",
        centre_id=3,
        object_type="dossiers.dossier",
        object_id="977",
        person_id=None,
        client_ip="10.3.1.4",
        request_id="0f" * 16,
        detail={"kind": "all", "dossier": 977},
        prev_hash="ab" * 32,
    )
    text = chains.payload(
        action=entry.action,
        actor=entry.actor_id,
        roles=entry.actor_roles,
        centre=entry.centre_id,
        chain=entry.chain,
        ip=entry.client_ip,
        detail='{"dossier":977,"kind":"all"}',
        event=entry.event,
        object_id=entry.object_id,
        object_type=entry.object_type,
        at=entry.occurred_at.astimezone(timezone.UTC).isoformat(timespec="microseconds"),
        outcome=entry.outcome,
        person=entry.person_id,
        purpose=entry.purpose,
        request=entry.request_id,
        seq=entry.seq,
    )
    assert chains.chain_hash(entry.prev_hash, text) == entry_hash(entry)


def test_person_columns_are_computed_as_the_app_does(smoke: Summary, db: None) -> None:
    persons = list(Person.objects.order_by("?")[:500])
    for person in persons:
        assert person.name_key == name_key(person.first_name, person.last_name)
        assert not (person.is_unborn and person.birth_date)
        if person.national_number_index:
            assert len(person.national_number_index) == 64
            assert person.national_number_mask.startswith("••.••.••-•••.")
    assert any(person.national_number_index for person in persons)
    assert len({person.last_name for person in persons}) > 30


def test_deadlines_count_belgian_working_days(smoke: Summary, db: None) -> None:
    transferred = set(Transfer.objects.values_list("report_id", flat=True))
    reports = Report.objects.exclude(pk__in=transferred).order_by("?")[:200]
    for report in reports:
        received = timezone.localdate(report.received_at)
        assert report.triage_due == add_working_days(received, 5)
    for procedure in Procedure.objects.all():
        assert procedure.deadline == add_working_days(procedure.received_on, 65)


def test_the_app_screens_work_on_the_generated_data(smoke: Summary, db: None) -> None:
    centre_id, (large, *_others) = next(iter(smoke.large_dossier_ids.items()))
    worker = Assignment.objects.get(dossier_id=large, of_record=True).user
    assert worker.has_role(Role.CASE_WORKER)
    client = client_for(worker)
    assert client.get(reverse("dossiers:view-dossier", args=[large])).status_code == 200
    assert client.get(reverse("work:my-work")).status_code == 200
    intake = smoke.users("intake", centre_id)[0]
    queue = client_for(User.objects.get(pk=intake.id)).get(reverse("intake:queue"))
    assert queue.status_code == 200
    person = Person.objects.get(pk=smoke.most_accessed_person_ids[0])
    lead = smoke.users("team_lead", person.centre_id)[0]
    lead_client = client_for(User.objects.get(pk=lead.id))
    assert lead_client.get(reverse("mano:overview")).status_code == 200
    accesses = lead_client.get(reverse("audit:list-person-accesses", args=[person.pk]))
    assert accesses.status_code == 200


def test_bench_users_have_open_dossiers_on_their_team(smoke: Summary, db: None) -> None:
    for centre in Centre.objects.all():
        for user in smoke.users("case_worker", centre.pk):
            assert Dossier.objects.open().filter(assignments__user_id=user.id).exists()
        assert smoke.users("team_lead", centre.pk)
        assert smoke.users("intake", centre.pk)
        assert smoke.users("director", centre.pk)
    most_read = smoke.most_accessed_person_ids[0]
    assert DossierMember.objects.filter(person_id=most_read, relationship="child").exists()


def _index_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else ""


def test_a_bulk_load_drops_the_name_search_index_and_builds_it_again(db: None) -> None:
    # A large load (no transaction) drops every secondary index of the loaded tables
    # and rebuilds it from its definition; the GIN trigram index is one of them.
    as_app_role = os.environ.get("VK_TEST_AS_APP_ROLE") == "1"
    if as_app_role:  # dropping an index needs the tables' owner
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
    load = BulkLoad(bulk=True)
    try:
        load.prepare(["people_person"])
        dropped = [name for _table, name, _definition in load.dropped_indexes]
        assert "person_centre_name_trgm" in dropped
        assert _index_definition("person_centre_name_trgm") == ""

        load.restore_indexes()

        definition = _index_definition("person_centre_name_trgm")
        assert "USING gin (centre_id, name_key gin_trgm_ops)" in definition
    finally:
        load.finish()
        if as_app_role:
            with connection.cursor() as cursor:
                cursor.execute(f"SET ROLE {APP_ROLE}")


def test_a_database_with_generated_data_is_refused(smoke: Summary, db: None) -> None:
    with pytest.raises(GenerationRefused, match="already holds generated data"):
        generate("smoke")


def test_production_is_refused(settings: Any, db: None) -> None:
    settings.PRODUCTION = True
    with pytest.raises(GenerationRefused, match="production"):
        generate("smoke")


def test_sqlite_is_refused(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(GenerationRefused, match="PostgreSQL"):
        generate("smoke")


def test_national_numbers_are_valid() -> None:
    rng = random.Random(3)
    for _ in range(300):
        birth = date(1960, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        digits = national_number(birth.isoformat(), rng.random() < 0.5, rng.randrange(498))
        assert nn.is_valid(digits), digits
        assert nn.get_birth_date(digits) == birth


def test_working_days_table_equals_the_app_calendar() -> None:
    first, last = date(2016, 1, 1), date(2027, 12, 31)
    table = WorkDays(first, last)
    day = date(2016, 1, 4)
    while day < date(2026, 12, 1):
        epoch = (day - date(1970, 1, 1)).days
        for count in (1, 5, 45, 65):
            expected = add_working_days(day, count)
            assert table.add(epoch, count) == (expected - date(1970, 1, 1)).days
        day += timedelta(days=13)
