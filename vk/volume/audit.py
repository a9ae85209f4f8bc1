"""Audit entries for the generated data: one valid hash chain per centre.

A chain continues after the centre's existing entries (its last `seq` and hash). The
entries are a realistic mix of what the application records: logins, dossier reads by
the assigned team and by team leads, timelines, conversations, worklists, the intake
queue, report reads, searches, MaNo screens and audit reviews. Each month's dossier
entries go to the dossiers open in that month, weighted by a per-dossier "heat" so that
a few families are looked at very often.

`payload` reproduces `vk.audit.services.entry_hash` without building model instances:
the same JSON (sorted keys, no spaces, ASCII) written as one format string. Every value
is an identifier, a number or null, so nothing needs JSON escaping; the tests compare
the result with `entry_hash` on rows read back from the database.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vk.volume.bulk import NULL, CopyWriter

GENESIS_HASH = "0" * 64
COLUMNS = [
    "id",
    "chain",
    "seq",
    "occurred_at",
    "action",
    "event",
    "outcome",
    "purpose",
    "actor_id",
    "actor_roles",
    "centre_id",
    "object_type",
    "object_id",
    "person_id",
    "client_ip",
    "request_id",
    "detail",
    "prev_hash",
    "hash",
]
_PAYLOAD = (
    '{{"action":"{action}","actor_id":{actor},"actor_roles":"{roles}","centre_id":{centre},'
    '"chain":{chain},"client_ip":{ip},"detail":{detail},"event":"{event}",'
    '"object_id":"{object_id}","object_type":"{object_type}","occurred_at":"{at}",'
    '"outcome":"{outcome}","person_id":{person},"purpose":"{purpose}",'
    '"request_id":"{request}","seq":{seq}}}'
)
MONTH = 30 * 86400
WORK_START = 7 * 3600  # 08:00 or 09:00 in Brussels
WORK_SECONDS = 10 * 3600


def payload(
    *,
    action: str,
    actor: int | None,
    roles: str,
    centre: int | None,
    chain: int,
    ip: str | None,
    detail: str,
    event: str,
    object_id: str,
    object_type: str,
    at: str,
    outcome: str,
    person: int | None,
    purpose: str,
    request: str,
    seq: int,
) -> str:
    """The JSON that `entry_hash` hashes after the previous hash (`detail` is canonical
    JSON already: sorted keys, no spaces)."""
    return _PAYLOAD.format(
        action=action,
        actor="null" if actor is None else actor,
        roles=roles,
        centre="null" if centre is None else centre,
        chain=chain,
        ip="null" if ip is None else f'"{ip}"',
        detail=detail,
        event=event,
        object_id=object_id,
        object_type=object_type,
        at=at,
        outcome=outcome,
        person="null" if person is None else person,
        purpose=purpose,
        request=request,
        seq=seq,
    )


def chain_hash(prev_hash: str, text: str) -> str:
    return hashlib.sha256((prev_hash + text).encode("ascii")).hexdigest()


@dataclass
class ChainJob:
    """Everything one centre's chain needs; plain lists so that it pickles quickly."""

    chain: int
    first_id: int
    start_seq: int
    prev_hash: str
    count: int
    seed: int
    start_s: int
    end_s: int
    first_day: int
    last_day: int
    # Staff: (id, roles as the trail stores them: sorted, comma-separated)
    intake: list[tuple[int, str]] = field(default_factory=list)
    workers: list[tuple[int, str]] = field(default_factory=list)
    leads: list[tuple[int, str]] = field(default_factory=list)
    directors: list[tuple[int, str]] = field(default_factory=list)
    others: list[tuple[int, str]] = field(default_factory=list)
    # Dossiers, index-aligned
    d_id: list[int] = field(default_factory=list)
    d_open: list[int] = field(default_factory=list)
    d_close: list[int] = field(default_factory=list)
    d_heat: list[float] = field(default_factory=list)
    d_worker: list[int] = field(default_factory=list)
    d_second: list[int] = field(default_factory=list)
    d_lead: list[int] = field(default_factory=list)
    d_conv_first: list[int] = field(default_factory=list)
    d_conv_count: list[int] = field(default_factory=list)
    # Reports, sorted by receipt
    r_id: list[int] = field(default_factory=list)
    r_received: list[int] = field(default_factory=list)
    # MaNo procedures: (id, start, end)
    procedures: list[tuple[int, int, int]] = field(default_factory=list)
    hot_persons: list[int] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)


@dataclass
class ChainResult:
    chain: int
    entries: int
    seconds: float
    head_seq: int
    head_hash: str
    dossier_reads: list[tuple[int, int]]


# (event, action, purpose, kind, weight); kind says which object and actor it needs.
EVENTS: list[tuple[str, str, str, str, float]] = [
    ("auth.login", "login", "self", "login", 9.0),
    ("auth.logout", "logout", "self", "login", 6.0),
    ("auth.login_failed", "login_failed", "self", "failed", 0.3),
    ("dossiers.dossier.viewed", "read", "assignment", "dossier", 30.0),
    ("dossiers.timeline.viewed", "read", "assignment", "timeline", 5.0),
    ("dossiers.conversation.opened_for_edit", "read", "assignment", "conversation", 3.0),
    ("dossiers.conversation.created", "create", "assignment", "conversation", 4.0),
    ("dossiers.mine.listed", "search", "assignment", "mine", 6.0),
    ("work.mine.listed", "search", "assignment", "work", 8.0),
    ("intake.queue.listed", "search", "intake", "queue", 6.0),
    ("intake.report.viewed", "read", "intake", "report", 7.0),
    ("intake.person.matched", "search", "intake", "match", 4.0),
    ("mano.overview.listed", "search", "oversight", "mano_overview", 1.0),
    ("mano.procedure.viewed", "read", "assignment", "procedure", 1.0),
    ("audit.review.viewed", "read", "oversight", "review", 0.4),
]


def write_chain(job: ChainJob, database: dict[str, Any] | None) -> ChainResult:
    """Generate the chain and COPY it: through `database` (a separate connection, used
    by the worker process) or, when None, through Django's connection."""
    started = time.perf_counter()
    if database is None:
        from django.db import connection

        connection.ensure_connection()
        writer = CopyWriter(connection.connection, threaded=False)
        result = _write(job, writer)
    else:
        import psycopg

        with psycopg.connect(**database, autocommit=True) as raw:
            raw.execute("SET synchronous_commit = off")
            writer = CopyWriter(raw, threaded=True)
            try:
                result = _write(job, writer)
            finally:
                writer.close()
    result.seconds = time.perf_counter() - started
    return result


def _write(job: ChainJob, writer: CopyWriter) -> ChainResult:
    """Generate the chain month by month and COPY it in blocks.

    This loop runs twenty million times at national scale, so it is written for speed:
    one function, local names, `random()` instead of `randrange`, the JSON payload and
    the COPY line as f-strings (the same text `payload()` builds).
    """
    columns = ", ".join(f'"{column}"' for column in COLUMNS)
    statement = f"COPY audit_auditentry ({columns}) FROM STDIN"
    lines: list[str] = []
    reads: Counter[int] = Counter()

    def flush() -> None:
        if lines:
            writer.write(statement, "\n".join(lines) + "\n")
            lines.clear()

    rng = random.Random(job.seed)  # noqa: S311  (fictional data, not secrets)
    rand = rng.random
    bits = rng.getrandbits
    sha = hashlib.sha256
    first_day, last_day = job.first_day - 1, job.last_day + 1
    day_texts = [_day_text(day) for day in range(first_day, last_day + 1)]
    iso_seconds = [
        f"T{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
    ]
    ips = [f"10.{job.chain % 256}.{i // 250}.{i % 250 + 1}" for i in range(4000)]
    chain = job.chain
    centre = str(chain)
    prev = job.prev_hash
    seq = job.start_seq - 1
    pk = job.first_id - 1
    kind_weights = [event[4] for event in EVENTS]
    everyone = job.workers * 3 + job.intake * 2 + job.leads + job.directors + job.others
    desk = job.intake + job.leads
    oversight = job.leads + job.directors
    casework = job.leads + job.workers
    workers = job.workers or job.leads
    d_id, d_heat, d_worker, d_second = job.d_id, job.d_heat, job.d_worker, job.d_second
    d_conv_first, d_conv_count, roles_of = job.d_conv_first, job.d_conv_count, job.roles
    hot = job.hot_persons
    order = sorted(range(len(d_id)), key=job.d_open.__getitem__)
    next_open = 0
    active: list[int] = []
    days = _working_days(job)
    buckets = max(1, (job.end_s - job.start_s) // MONTH + 1)
    per_bucket = _spread(job.count, [1.0 + 0.6 * index / buckets for index in range(buckets)])
    kinds = list(range(len(EVENTS)))
    for bucket, count in enumerate(per_bucket):
        if count == 0:
            continue
        start = job.start_s + bucket * MONTH
        end = min(job.end_s, start + MONTH)
        while next_open < len(order) and job.d_open[order[next_open]] < end:
            active.append(order[next_open])
            next_open += 1
        active = [d for d in active if job.d_close[d] >= start]
        heat_cum = list(itertools.accumulate(d_heat[d] for d in active))
        heat_total = heat_cum[-1] if heat_cum else 0.0
        first_report = bisect.bisect_left(job.r_received, start - MONTH)
        report_span = bisect.bisect_left(job.r_received, end) - first_report
        open_procs = [p[0] for p in job.procedures if p[1] < end and p[2] >= start]
        bucket_days = [d for d in days if start - 86400 < d < end] or [start - start % 86400]
        window = len(bucket_days) * WORK_SECONDS
        moments = sorted(int(rand() * window) for _ in range(count))
        chosen = rng.choices(kinds, weights=kind_weights, k=count)
        for offset, kind in zip(moments, chosen, strict=True):
            event, action, purpose, _kind, _weight = EVENTS[kind]
            outcome = "success"
            person = "null"
            object_type = object_id = ""
            detail = "{}"
            if kind in _DOSSIER_KINDS and active:
                dossier = active[bisect.bisect_left(heat_cum, rand() * heat_total)]
                reads[d_id[dossier]] += 1
                draw = rand()
                if draw < 0.6:
                    actor = d_worker[dossier]
                    roles = roles_of[actor]
                elif draw < 0.85:
                    actor = d_second[dossier]
                    roles = roles_of[actor]
                else:
                    actor, roles = oversight[int(rand() * len(oversight))]
                    purpose = "oversight"
                if kind in (_CONVERSATION_READ, _CONVERSATION_CREATE):
                    if d_conv_count[dossier]:
                        object_type = "dossiers.conversation"
                        object_id = str(d_conv_first[dossier] + int(rand() * d_conv_count[dossier]))
                        detail = f'{{"dossier":{d_id[dossier]}}}'
                        if kind == _CONVERSATION_CREATE:
                            actor = d_worker[dossier]
                            roles = roles_of[actor]
                            purpose = "assignment"
                    else:
                        event, action = "dossiers.dossier.viewed", "read"
                        object_type, object_id = "dossiers.dossier", str(d_id[dossier])
                else:
                    object_type, object_id = "dossiers.dossier", str(d_id[dossier])
                    if kind == _TIMELINE:
                        detail = '{"kind":"all"}'
                    elif rand() < 0.002:
                        outcome = "denied"
            elif kind == _REPORT and report_span > 0:
                actor, roles = desk[int(rand() * len(desk))]
                object_type = "intake.report"
                object_id = str(job.r_id[first_report + int(rand() * report_span)])
            elif kind == _PROCEDURE and open_procs:
                actor, roles = casework[int(rand() * len(casework))]
                object_type, object_id = (
                    "mano.procedure",
                    str(open_procs[int(rand() * len(open_procs))]),
                )
            elif kind == _QUEUE:
                actor, roles = desk[int(rand() * len(desk))]
                detail = f'{{"count":{5 + int(rand() * 50)},"list":"queue"}}'
            elif kind == _MATCH:
                actor, roles = desk[int(rand() * len(desk))]
                detail = f'{{"searched":{1 + int(rand() * 4)},"unresolved":0}}'
            elif kind == _MANO_OVERVIEW:
                actor, roles = oversight[int(rand() * len(oversight))]
                detail = f'{{"closed":false,"count":{len(open_procs)}}}'
            elif kind == _REVIEW and hot:
                actor, roles = oversight[int(rand() * len(oversight))]
                person = str(hot[int(rand() * len(hot))])
                object_type = "audit.auditentry"
                detail = f'{{"page":1,"person":{person},"screen":"person"}}'
            elif kind == _MINE:
                actor, roles = workers[int(rand() * len(workers))]
                object_type = "dossiers.dossier"
                detail = f'{{"count":{1 + int(rand() * 30)},"oversight":0}}'
            elif kind == _WORK:
                actor, roles = workers[int(rand() * len(workers))]
                object_type = "work.task"
                detail = (
                    f'{{"appointments":{int(rand() * 6)},"check_ins":{int(rand() * 3)},'
                    f'"dossiers":{1 + int(rand() * 30)},"tasks":{int(rand() * 12)}}}'
                )
            elif kind == _FAILED:
                actor, roles = everyone[int(rand() * len(everyone))]
                outcome = "failure"
                object_type, object_id = "centres.user", str(actor)
                detail = '{"known_account":true,"reason":"password"}'
            else:
                actor, roles = everyone[int(rand() * len(everyone))]
                if kind not in (_LOGIN, _LOGOUT):
                    event, action, purpose = "auth.login", "login", "self"
            if kind == _FAILED:
                actor_text, actor_copy = "null", NULL
            else:
                actor_text = actor_copy = str(actor)
            day_index, second = divmod(offset, WORK_SECONDS)
            moment = bucket_days[day_index] + WORK_START + second
            if moment > job.end_s:
                moment = job.end_s - int(rand() * 3600)
            day, second = divmod(moment, 86400)
            at = f"{day_texts[day - first_day]}{iso_seconds[second]}.{int(rand() * 1e6):06d}+00:00"
            ip = ips[int(rand() * 4000)]
            request = f"{bits(128):032x}"
            seq += 1
            pk += 1
            text = (
                f'{{"action":"{action}","actor_id":{actor_text},"actor_roles":"{roles}",'
                f'"centre_id":{centre},"chain":{chain},"client_ip":"{ip}","detail":{detail},'
                f'"event":"{event}","object_id":"{object_id}","object_type":"{object_type}",'
                f'"occurred_at":"{at}","outcome":"{outcome}","person_id":{person},'
                f'"purpose":"{purpose}","request_id":"{request}","seq":{seq}}}'
            )
            new_hash = sha((prev + text).encode()).hexdigest()
            lines.append(
                f"{pk}\t{chain}\t{seq}\t{at}\t{action}\t{event}\t{outcome}\t{purpose}\t"
                f"{actor_copy}\t{roles}\t{centre}\t{object_type}\t{object_id}\t"
                f"{NULL if person == 'null' else person}\t{ip}\t{request}\t{detail}\t"
                f"{prev}\t{new_hash}"
            )
            prev = new_hash
            if len(lines) >= 20_000:
                flush()
    flush()
    return ChainResult(
        chain=chain,
        entries=seq - job.start_seq + 1,
        seconds=0.0,
        head_seq=seq,
        head_hash=prev,
        dossier_reads=reads.most_common(10),
    )


_LOGIN = 0
_LOGOUT = 1
_FAILED = 2
_DOSSIER = 3
_TIMELINE = 4
_CONVERSATION_READ = 5
_CONVERSATION_CREATE = 6
_MINE = 7
_WORK = 8
_QUEUE = 9
_REPORT = 10
_MATCH = 11
_MANO_OVERVIEW = 12
_PROCEDURE = 13
_REVIEW = 14
_DOSSIER_KINDS = frozenset({_DOSSIER, _TIMELINE, _CONVERSATION_READ, _CONVERSATION_CREATE})


def _day_text(day: int) -> str:
    return (date(1970, 1, 1) + timedelta(days=day)).isoformat()


def _working_days(job: ChainJob) -> list[int]:
    """Start (UTC seconds) of each Monday-to-Friday in the job's range."""
    return [day * 86400 for day in range(job.first_day, job.last_day + 1) if (day + 3) % 7 < 5]


def _spread(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers that add up."""
    scale = total / sum(weights)
    counts = [int(weight * scale) for weight in weights]
    remainder = total - sum(counts)
    for index in range(remainder):
        counts[-1 - index % len(counts)] += 1
    return counts
