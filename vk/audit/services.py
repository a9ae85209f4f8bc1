"""Writing and verifying the audit trail.

`record_event` is the only way entries are written. It runs in its own (or the
caller's) transaction, takes the chain's lock, links the entry to its predecessor and
refuses free text in `detail`, so a careless call cannot put a name in the trail.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone

from vk.audit.models import Action, AuditEntry, Outcome, Purpose
from vk.lib.request_context import current_context

if TYPE_CHECKING:
    from vk.centres.models import User

GENESIS_HASH = "0" * 64
SYSTEM_CHAIN = 0
# First key of PostgreSQL's two-key advisory lock; the second key is the chain.
_ADVISORY_LOCK_CLASS = 7513

_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:/-]{0,64}$")
type DetailValue = int | bool | None | str | Sequence[int | str]


class AuditDetailError(ValueError):
    """Raised when a caller tries to put something other than identifiers in an entry."""


def record_event(
    *,
    action: Action,
    event: str,
    purpose: Purpose,
    by: User | None = None,
    centre_id: int | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    person_id: int | None = None,
    outcome: Outcome = Outcome.SUCCESS,
    detail: Mapping[str, DetailValue] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail and return it."""
    clean_detail = _checked_detail(detail or {})
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if centre_id is None and by is not None:
        centre_id = by.centre_id
    context = current_context()
    chain = centre_id or SYSTEM_CHAIN

    with transaction.atomic():
        _lock_chain(chain)
        last = AuditEntry.objects.filter(chain=chain).order_by("-seq").values("seq", "hash").first()
        entry = AuditEntry(
            chain=chain,
            seq=(last["seq"] + 1) if last else 1,
            occurred_at=timezone.now(),
            action=action,
            event=event,
            outcome=outcome,
            purpose=purpose,
            actor_id=by.pk if by is not None and by.pk else None,
            actor_roles=",".join(sorted(by.roles)) if by is not None and by.pk else "",
            centre_id=centre_id,
            object_type=object_type,
            object_id=str(object_id),
            person_id=person_id,
            client_ip=_normalised_ip(context.client_ip) if context else None,
            request_id=context.request_id if context else "",
            detail=clean_detail,
            prev_hash=last["hash"] if last else GENESIS_HASH,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
    return entry


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the predecessor's hash and every field of the entry except its row id."""
    payload = json.dumps(
        {
            "chain": entry.chain,
            "seq": entry.seq,
            "occurred_at": entry.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "action": entry.action,
            "event": entry.event,
            "outcome": entry.outcome,
            "purpose": entry.purpose,
            "actor_id": entry.actor_id,
            "actor_roles": entry.actor_roles,
            "centre_id": entry.centre_id,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "person_id": entry.person_id,
            "client_ip": _normalised_ip(entry.client_ip),
            "request_id": entry.request_id,
            "detail": entry.detail,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256((entry.prev_hash + payload).encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    chain: int
    seq: int
    entry_id: int
    reason: str


@dataclass(frozen=True)
class ChainHead:
    chain: int
    seq: int
    hash: str


@dataclass(frozen=True)
class Verification:
    entries: int
    heads: list[ChainHead]
    first_break: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_trail() -> Verification:
    """Recompute every chain and report the first entry that does not fit."""
    checked = 0
    heads: list[ChainHead] = []
    chains = AuditEntry.objects.order_by("chain").values_list("chain", flat=True).distinct()
    for chain in chains:
        expected_seq, prev_hash = 1, GENESIS_HASH
        for entry in _entries_of(chain):
            checked += 1
            problem = _problem_with(entry, expected_seq, prev_hash)
            if problem:
                return Verification(checked, heads, ChainBreak(chain, entry.seq, entry.pk, problem))
            expected_seq, prev_hash = entry.seq + 1, entry.hash
        heads.append(ChainHead(chain, expected_seq - 1, prev_hash))
    return Verification(checked, heads, None)


def _problem_with(entry: AuditEntry, expected_seq: int, prev_hash: str) -> str:
    if entry.seq != expected_seq:
        return f"entries {expected_seq}..{entry.seq - 1} of this chain are missing"
    if entry.prev_hash != prev_hash:
        return "the stored link to the previous entry does not match"
    if entry_hash(entry) != entry.hash:
        return "the entry's content was changed after it was written"
    return ""


def _entries_of(chain: int) -> Iterator[AuditEntry]:
    return AuditEntry.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=5000)


def _lock_chain(chain: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_ADVISORY_LOCK_CLASS, chain])
    # SQLite: transactions begin IMMEDIATE (see settings), so writers are serialised.


def _normalised_ip(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _checked_detail(detail: Mapping[str, Any]) -> dict[str, DetailValue]:
    for key, value in detail.items():
        if not _IDENTIFIER.match(key):
            raise AuditDetailError(f"audit detail key {key!r} is not an identifier")
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if item is None or isinstance(item, bool | int):
                continue
            if isinstance(item, str) and _IDENTIFIER.match(item):
                continue
            raise AuditDetailError(f"audit detail {key!r} holds something other than an identifier")
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in detail.items()
    }
