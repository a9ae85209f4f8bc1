from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from vk.audit.models import Action, AuditEntry, Purpose
from vk.audit.services import AuditDetailError, record_event, verify_trail
from vk.centres.models import User
from vk.tests.factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


@contextmanager
def tampering_allowed() -> Iterator[None]:
    """Switch the append-only trigger off for the length of a tampering test (PostgreSQL).

    Only the owner can: the tampering plays an attacker with the owner's rights, also
    when the suite runs as the application role (`make test-rls`)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (role,) = cursor.fetchone() or ("",)
        cursor.execute("RESET ROLE")
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
            cursor.execute("SELECT session_user")
            if role and role != (cursor.fetchone() or ("",))[0]:
                cursor.execute(f"SET ROLE {role}")


def _reads(user: User, count: int) -> list[AuditEntry]:
    return [
        record_event(
            action=Action.READ,
            event="centres.staff.viewed",
            purpose=Purpose.ADMINISTRATION,
            by=user,
            obj=user,
        )
        for _ in range(count)
    ]


def test_entries_form_a_chain_per_centre() -> None:
    user_a = UserFactory()
    user_b = UserFactory(centre=CentreFactory(province="limburg"))
    first, second = _reads(user_a, 2)
    (other,) = _reads(user_b, 1)
    assert (first.chain, first.seq) == (user_a.centre_id, 1)
    assert (second.chain, second.seq) == (user_a.centre_id, 2)
    assert second.prev_hash == first.hash
    assert (other.chain, other.seq) == (user_b.centre_id, 1)
    assert verify_trail().ok


def test_entry_records_who_what_and_grounds_without_names() -> None:
    user = UserFactory(roles=["centre_admin"], first_name="Zelda", last_name="Zonderland")
    (entry,) = _reads(user, 1)
    assert entry.actor_id == user.pk
    assert entry.actor_roles == "centre_admin"
    assert entry.centre_id == user.centre_id
    assert entry.object_type == "centres.user"
    assert entry.object_id == str(user.pk)
    assert entry.purpose == "administration"
    stored = " ".join(
        str(value) for value in AuditEntry.objects.filter(pk=entry.pk).values().get().values()
    )
    assert "Zelda" not in stored
    assert "Zonderland" not in stored
    assert user.email not in stored


@pytest.mark.parametrize("value", ["Jan Peeters", "woont in de Kerkstraat", "x" * 65, 1.5])
def test_free_text_in_detail_is_refused(value: object) -> None:
    with pytest.raises(AuditDetailError):
        record_event(
            action=Action.READ,
            event="test.event",
            purpose=Purpose.SYSTEM,
            detail={"note": value},  # type: ignore[dict-item]
        )
    assert not AuditEntry.objects.exists()


def test_verify_audit_reports_an_intact_trail() -> None:
    _reads(UserFactory(), 3)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact: 3 entries" in out.getvalue()


def test_verify_audit_names_an_altered_entry() -> None:
    first, second, third = _reads(UserFactory(), 3)
    with tampering_allowed():
        AuditEntry.objects.filter(pk=second.pk).update(object_id="999")
    result = verify_trail()
    assert result.first_break is not None
    assert result.first_break.entry_id == second.pk
    assert "changed" in result.first_break.reason
    with pytest.raises(CommandError, match=f"id={second.pk}"):
        call_command("verify_audit", stdout=io.StringIO())


def test_verify_audit_names_the_entry_after_a_deleted_one() -> None:
    first, second, third = _reads(UserFactory(), 3)
    with tampering_allowed():
        AuditEntry.objects.filter(pk=second.pk).delete()
    result = verify_trail()
    assert result.first_break is not None
    assert result.first_break.entry_id == third.pk
    assert "missing" in result.first_break.reason
    with pytest.raises(CommandError, match=f"id={third.pk}"):
        call_command("verify_audit", stdout=io.StringIO())


def test_verify_audit_notices_a_rewritten_chain_link() -> None:
    first, second = _reads(UserFactory(), 2)
    with tampering_allowed():
        AuditEntry.objects.filter(pk=second.pk).update(prev_hash="f" * 64)
    result = verify_trail()
    assert result.first_break is not None
    assert result.first_break.entry_id == second.pk


@postgres_only
def test_database_refuses_to_change_an_entry() -> None:
    (entry,) = _reads(UserFactory(), 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(event="something.else")
    assert AuditEntry.objects.get(pk=entry.pk).event == "centres.staff.viewed"


@postgres_only
def test_database_refuses_to_delete_an_entry() -> None:
    (entry,) = _reads(UserFactory(), 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
