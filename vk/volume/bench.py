"""The load benchmark of the key screens (`manage.py run_bench`, `make bench`).

It works on whatever PostgreSQL database DATABASE_URL names (filled by `generate_volume`
or `seed_demo`) and asks that database what to request: the largest open dossiers of
each centre with their case worker, the case workers with the heaviest caseload, the
person with the most audit entries and a team lead of that centre, an intake worker,
and common names to misspell for the person search.

One run: give the bench users a second factor if they have none, make a logged-in
session for each (as allauth would after a password and a TOTP code), start gunicorn
with production settings on a free local port, check every request once (each must
answer 200), load each screen with wrk (`bench/screen.lua`), read the workers' memory,
and report the numbers beside the targets. Sessions and the authenticators the bench
added are removed at the end; the audit entries the load wrote stay (append-only).
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import django
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django.utils.crypto import get_random_string

from vk.accounts.receivers import SESSION_STARTED_KEY
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import (
    OPEN_STATES,
    Assignment,
    Conversation,
    Dossier,
    DossierMember,
    ProfessionalContact,
    Relationship,
)
from vk.intake.models import Report
from vk.people.models import Person

BASE_DIR = Path(settings.BASE_DIR)
LUA_SCRIPT = BASE_DIR / "bench" / "screen.lua"
DOCS_PATH = BASE_DIR / "docs" / "performance.md"
MARKER_START = "<!-- bench:start -->"
MARKER_END = "<!-- bench:end -->"

# Targets of issue 8, for national-scale data and 16 clients.
MIN_BASELINE_SHARE = 0.20
MAX_WORKER_RSS_MB = 250.0
# The MaNo overview has no target of its own in the issue: the general page target of
# docs/performance.md (page views p95 < 300 ms) applies.
GENERAL_PAGE_P95_MS = 300.0


@dataclass(frozen=True)
class ScreenSpec:
    key: str
    title: str
    p95_target_ms: float | None
    target_note: str = ""


BASELINE = "baseline"
SCREEN_SPECS = (
    ScreenSpec(BASELINE, "Start page (baseline)", None),
    ScreenSpec("person-search", "Person search", 100),
    ScreenSpec("intake-queue", "Intake queue", 100),
    ScreenSpec("worklist", "My worklist", 100),
    ScreenSpec("dossier", "Dossier page", 150),
    ScreenSpec("timeline", "Dossier timeline", 150),
    ScreenSpec("mano", "MaNo overview", GENERAL_PAGE_P95_MS, "general page target"),
    ScreenSpec("who-looked", "Who looked at this file", 250),
)
SPECS_BY_KEY = {spec.key: spec for spec in SCREEN_SPECS}


class BenchError(Exception):
    """The benchmark cannot run or its set-up is broken (never a slow result)."""


# What to request -------------------------------------------------------------------


@dataclass
class CentreTargets:
    """The users and records of one centre that the screens are requested for."""

    centre: Centre
    intake: User
    team_lead: User
    case_workers: list[User]
    large_dossiers: list[tuple[Dossier, User]]
    watched_person: Person
    names: list[tuple[str, str]]

    @property
    def users(self) -> list[User]:
        found = [self.intake, self.team_lead, *self.case_workers]
        found += [worker for _, worker in self.large_dossiers]
        return list({user.pk: user for user in found}.values())


def _active_with_role(centre: Centre, role: Role) -> User | None:
    return (
        User.objects.filter(centre=centre, is_active=True, role_grants__role=role)
        .order_by("pk")
        .first()
    )


def _count_of(model: Any) -> Subquery:
    return Subquery(
        model.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def _large_dossiers(centre: Centre, count: int) -> list[tuple[Dossier, User]]:
    """The centre's open dossiers with the most conversations and contacts, each with
    a team member (the case worker of record first)."""
    dossiers = (
        Dossier.objects.filter(centre=centre, state__in=OPEN_STATES)
        .annotate(
            size=Coalesce(_count_of(Conversation), Value(0))
            + Coalesce(_count_of(ProfessionalContact), Value(0))
        )
        .order_by("-size", "pk")
    )
    found: list[tuple[Dossier, User]] = []
    for dossier in dossiers[: count * 3]:
        assignment = (
            Assignment.objects.filter(dossier=dossier, user__is_active=True)
            .select_related("user")
            .order_by("-of_record", "pk")
            .first()
        )
        if assignment is not None:
            found.append((dossier, assignment.user))
        if len(found) == count:
            break
    return found


def _busiest_case_workers(centre: Centre, count: int) -> list[User]:
    """Case workers of the centre with the most open dossiers on their team."""
    return list(
        User.objects.filter(centre=centre, is_active=True, role_grants__role=Role.CASE_WORKER)
        .annotate(
            caseload=Count("assignments", filter=Q(assignments__dossier__state__in=OPEN_STATES))
        )
        .order_by("-caseload", "pk")[:count]
    )


def _most_accessed_person(centre: Centre, fallback: Dossier | None) -> Person | None:
    """The person of the centre named by the most audit entries; without any, a child
    of the centre's largest dossier."""
    busiest = (
        AuditEntry.objects.filter(centre_id=centre.pk, person_id__isnull=False)
        .values("person_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "person_id")[:5]
    )
    for row in busiest:
        person = Person.objects.filter(centre=centre, pk=row["person_id"] or 0).first()
        if person is not None:
            return person
    if fallback is None:
        return None
    child_first = Case(When(relationship=Relationship.CHILD, then=0), default=1)
    member = (
        DossierMember.objects.filter(dossier=fallback)
        .select_related("person")
        .order_by(child_first, "pk")
        .first()
    )
    return member.person if member else None


def _common_names(centre: Centre, count: int) -> list[tuple[str, str]]:
    """Pairs of the centre's most common first and last names: the hardest searches,
    because common names have the most near neighbours."""
    persons = Person.objects.filter(centre=centre)
    last = [
        row["last_name"]
        for row in persons.exclude(last_name="")
        .values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "last_name")[:count]
    ]
    first = [
        row["first_name"]
        for row in persons.exclude(first_name="")
        .values("first_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "first_name")[:count]
    ]
    if not last or not first:
        return []
    return [(first[i % len(first)], last[(i * 3) % len(last)]) for i in range(count)]


def find_targets(
    *, centres: int = 6, dossiers_per_centre: int = 3, names_per_centre: int = 12
) -> list[CentreTargets]:
    """Ask the database what to request, for up to `centres` centres (the ones with the
    most open dossiers first). Centres without an intake worker, a team lead, an open
    dossier with an active team member or persons are left out."""
    candidates = Centre.objects.annotate(
        open_dossiers=Count("dossiers", filter=Q(dossiers__state__in=OPEN_STATES))
    ).order_by("-open_dossiers", "pk")
    found: list[CentreTargets] = []
    for centre in candidates:
        intake = _active_with_role(centre, Role.INTAKE)
        team_lead = _active_with_role(centre, Role.TEAM_LEAD)
        large = _large_dossiers(centre, dossiers_per_centre)
        workers = _busiest_case_workers(centre, dossiers_per_centre)
        person = _most_accessed_person(centre, large[0][0] if large else None)
        names = _common_names(centre, names_per_centre)
        if intake and team_lead and large and workers and person and names:
            found.append(
                CentreTargets(
                    centre=centre,
                    intake=intake,
                    team_lead=team_lead,
                    case_workers=workers,
                    large_dossiers=large,
                    watched_person=person,
                    names=names,
                )
            )
        if len(found) == centres:
            break
    if not found:
        raise BenchError(
            "No centre has what the benchmark needs (an intake worker, a team lead, an open "
            "dossier with a team, persons). Fill the database with generate_volume or "
            "seed_demo first."
        )
    return found


# Misspelled names -------------------------------------------------------------------

_SOUNDS_ALIKE = (
    ("ij", "y"),
    ("y", "ij"),
    ("ae", "a"),
    ("ck", "k"),
    ("c", "k"),
    ("k", "c"),
    ("dt", "d"),
    ("ou", "oe"),
    ("ee", "e"),
    ("s", "z"),
    ("v", "f"),
    ("th", "t"),
)


def misspell(name: str, rng: random.Random) -> str:
    """The name as someone might type it from a phone call: a letter dropped, doubled
    or swapped, or a sound written another way. Never the name itself."""
    if len(name) < 3:
        return name + name[-1:]
    lower = name.lower()
    alike = [(a, b) for a, b in _SOUNDS_ALIKE if a in lower[1:]]
    for _ in range(10):
        choice = rng.randrange(4 if alike else 3)
        i = rng.randrange(1, len(name) - 1)
        if choice == 0:
            typed = name[:i] + name[i + 1 :]
        elif choice == 1:
            typed = name[:i] + name[i] + name[i:]
        elif choice == 2:
            typed = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        else:
            old, new = rng.choice(alike)
            at = lower.index(old, 1)
            typed = name[:at] + new + name[at + len(old) :]
        if typed.lower() != lower:
            return typed
    return name + "e"


# Sessions ---------------------------------------------------------------------------


def ensure_second_factor(user: User) -> Authenticator | None:
    """Give the user an authenticator app when they have no second factor, so that the
    mandatory-MFA middleware lets them in; returns the authenticator made, if any."""
    has_one = (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
    if has_one:
        return None
    return TOTP.activate(user, generate_totp_secret()).instance


def create_session(user: User, *, secret_key: str) -> str:
    """A session as allauth leaves it after a password and a TOTP code, signed with the
    SECRET_KEY of the server that will read it. Returns the session key."""
    engine = import_module(settings.SESSION_ENGINE)
    now = time.time()
    with override_settings(SECRET_KEY=secret_key):
        store = engine.SessionStore()
        store[SESSION_KEY] = user._meta.pk.value_to_string(user)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store[SESSION_STARTED_KEY] = now
        store["account_authentication_methods_user"] = str(user.pk)
        store["account_authentication_methods"] = [
            {"method": "password", "at": now, "email": user.email},
            {"method": "mfa", "type": "totp", "at": now},
        ]
        store.create()
    key: str = store.session_key
    return key


def new_csrf_secret() -> str:
    return get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


@dataclass
class BenchSessions:
    """The bench's logged-in sessions (user pk -> session key) and its CSRF secret."""

    keys: dict[int, str]
    csrf: str
    added_authenticators: list[int] = field(default_factory=list)

    def cookie(self, user: User) -> str:
        return (
            f"{settings.SESSION_COOKIE_NAME}={self.keys[user.pk]}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf}"
        )


def open_sessions(users: Iterable[User], *, secret_key: str) -> BenchSessions:
    sessions = BenchSessions(keys={}, csrf=new_csrf_secret())
    for user in users:
        added = ensure_second_factor(user)
        if added is not None:
            sessions.added_authenticators.append(added.pk)
        sessions.keys[user.pk] = create_session(user, secret_key=secret_key)
    return sessions


def close_sessions(sessions: BenchSessions) -> None:
    """Remove what the bench added: its sessions and the authenticators it made."""
    engine = import_module(settings.SESSION_ENGINE)
    for key in sessions.keys.values():
        engine.SessionStore(session_key=key).delete()
    UserSession.objects.filter(session_key__in=list(sessions.keys.values())).delete()
    Authenticator.objects.filter(pk__in=sessions.added_authenticators).delete()


# Requests per screen ----------------------------------------------------------------


@dataclass(frozen=True)
class BenchRequest:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: str = ""
    user_id: int = 0


@dataclass
class Screen:
    spec: ScreenSpec
    requests: list[BenchRequest]

    @property
    def key(self) -> str:
        return self.spec.key


def _get(path: str, user: User, sessions: BenchSessions) -> BenchRequest:
    return BenchRequest("GET", path, (("Cookie", sessions.cookie(user)),), user_id=user.pk)


def _search(
    first_name: str, last_name: str, row: str, user: User, sessions: BenchSessions
) -> BenchRequest:
    """The htmx request the intake form sends when a person row changes."""
    body = urlencode({"row": row, f"{row}-first_name": first_name, f"{row}-last_name": last_name})
    headers = (
        ("Cookie", sessions.cookie(user)),
        ("X-CSRFToken", sessions.csrf),
        ("HX-Request", "true"),
        ("Content-Type", "application/x-www-form-urlencoded"),
    )
    return BenchRequest("POST", "/reports/matches/", headers, body, user_id=user.pk)


def _person_searches(
    targets: CentreTargets, sessions: BenchSessions, rng: random.Random
) -> Iterator[BenchRequest]:
    for i, (first, last) in enumerate(targets.names):
        row = "children-0" if i % 2 == 0 else "adults-1"
        if i % 3 == 0:
            yield _search(first, misspell(last, rng), row, targets.intake, sessions)
        elif i % 3 == 1:
            yield _search(misspell(first, rng), last, row, targets.intake, sessions)
        else:
            yield _search("", misspell(last, rng), row, targets.intake, sessions)


def build_screens(
    targets: Sequence[CentreTargets], sessions: BenchSessions, *, seed: int = 8
) -> list[Screen]:
    """The requests of every screen, over all centres; the same data and seed give the
    same requests."""
    rng = random.Random(seed)  # noqa: S311  (reproducible typos, not secrets)
    by_key: dict[str, list[BenchRequest]] = {spec.key: [] for spec in SCREEN_SPECS}
    for t in targets:
        by_key[BASELINE] += [_get("/", user, sessions) for user in t.users]
        by_key["person-search"] += list(_person_searches(t, sessions, rng))
        by_key["intake-queue"].append(_get("/reports/", t.team_lead, sessions))
        by_key["worklist"] += [_get("/work/", user, sessions) for user in t.case_workers]
        for dossier, worker in t.large_dossiers:
            by_key["dossier"].append(_get(f"/dossiers/{dossier.pk}/", worker, sessions))
            by_key["timeline"].append(_get(f"/dossiers/{dossier.pk}/timeline/", worker, sessions))
        by_key["mano"].append(_get("/mano/", t.team_lead, sessions))
        by_key["who-looked"].append(
            _get(f"/audit/persons/{t.watched_person.pk}/", t.team_lead, sessions)
        )
    return [Screen(spec, by_key[spec.key]) for spec in SCREEN_SPECS]


def _lua_string(value: str) -> str:
    """A Lua string literal; everything outside printable ASCII as a decimal escape."""
    out = []
    for byte in value.encode():
        char = chr(byte)
        if char in '"\\' or not 32 <= byte < 127:
            out.append(f"\\{byte:03d}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def requests_as_lua(requests: Sequence[BenchRequest]) -> str:
    """The request list that bench/screen.lua loads with dofile()."""
    lines = ["return {"]
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers)
        body = _lua_string(r.body) if r.body else "nil"
        lines.append(
            f"  {{method = {_lua_string(r.method)}, path = {_lua_string(r.path)}, "
            f"headers = {{{headers}}}, body = {body}}},"
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


# wrk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    not_200: int
    status_errors: int
    socket_errors: int

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def errors(self) -> int:
        """Answers other than 200 (a 4xx/5xx also counts in status_errors) and
        connection errors and timeouts."""
        return self.not_200 + self.socket_errors


def parse_wrk_output(output: str) -> WrkResult:
    """The summary line bench/screen.lua printed in done()."""
    lines = [line for line in output.splitlines() if line.startswith("wrk-json: ")]
    if not lines:
        raise BenchError("wrk printed no summary (is bench/screen.lua in use?):\n" + output)
    data = json.loads(lines[-1].removeprefix("wrk-json: "))
    latency = data["latency_us"]
    return WrkResult(
        requests=int(data["requests"]),
        duration_s=data["duration_us"] / 1e6,
        p50_ms=latency["p50"] / 1000,
        p95_ms=latency["p95"] / 1000,
        p99_ms=latency["p99"] / 1000,
        max_ms=latency["max"] / 1000,
        not_200=int(data["not_200"]),
        status_errors=int(data["status_errors"]),
        socket_errors=sum(int(n) for n in data["socket_errors"].values()),
    )


def run_wrk(
    *,
    url: str,
    requests_file: Path,
    duration: int,
    connections: int,
    threads: int,
) -> WrkResult:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk is not installed (Debian: apt-get install wrk).")
    command = [
        wrk,
        f"-c{connections}",
        f"-t{threads}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_SCRIPT),
        url,
        "--",
        str(requests_file),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return parse_wrk_output(done.stdout)


# gunicorn ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def production_environment(
    *, database_url: str, secret_key: str, static_root: Path
) -> dict[str, str]:
    """The environment of the bench's web server: production settings with bench-only
    secrets, plain HTTP on the loopback address."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"VK_DEMO", "VK_MFA_REQUIRED", "VK_DEBUG", "VK_TASKS_BACKEND"}
        and not name.endswith("_FILE")
    }
    env.update(
        VK_ENVIRONMENT="production",
        VK_PROCESS="web",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        VK_SSL_REDIRECT="0",
        VK_DOCUMENT_KEYS=Fernet.generate_key().decode(),
        VK_STATIC_ROOT=str(static_root),
        VK_LOG_LEVEL="WARNING",
        DATABASE_URL=database_url,
    )
    return env


@dataclass
class WebServer:
    """gunicorn (vk.wsgi) on a free local port; stopped by stop() whatever happened."""

    workers: int
    threads: int
    env: dict[str, str]
    log_path: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def worker_class(self) -> str:
        return "gthread" if self.threads > 1 else "sync"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, timeout: float = 60) -> None:
        self.port = _free_port()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "vk.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            self.worker_class,
            "--timeout",
            "60",
            "--graceful-timeout",
            "5",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError("gunicorn stopped while starting:\n" + self._log_tail())
            try:
                if http_status(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError("gunicorn did not answer /healthz in time:\n" + self._log_tail())

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (not the master), from /proc."""
        if self.process is None:
            return []
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children")
        pids = children.read_text().split() if children.exists() else _children_of(pid)
        return [rss for rss in (_rss_mb(int(child)) for child in pids) if rss is not None]

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])
        except OSError:
            return "(no log)"


def _children_of(pid: int) -> list[str]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(stat.parent.name)
    return found


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def http_status(
    port: int, method: str, path: str, headers: Mapping[str, str] | None = None, body: str = ""
) -> tuple[int, str]:
    """Status and Location of one request, redirects not followed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body.encode() or None, headers=dict(headers or {}))
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location", "")
    finally:
        conn.close()


def verify_requests(port: int, screens: Sequence[Screen]) -> None:
    """Every request once; anything but 200 stops the benchmark (a 302 to the login page
    means a broken session, a 404 a request outside the user's access)."""
    failures = []
    for screen in screens:
        if not screen.requests:
            failures.append(f"{screen.spec.title}: no requests")
        for r in screen.requests:
            status, location = http_status(port, r.method, r.path, dict(r.headers), r.body)
            if status != 200:
                where = f" -> {location}" if location else ""
                failures.append(f"{screen.spec.title}: {r.method} {r.path} {status}{where}")
    if failures:
        shown = "\n  ".join(failures[:15])
        more = f"\n  … and {len(failures) - 15} more" if len(failures) > 15 else ""
        raise BenchError(f"Requests that do not answer 200:\n  {shown}{more}")


# Query plans ------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    queries: int
    sql: str
    ms: float
    plan: str


_IGNORED_SQL = ("set_config(", "current_setting(", "pg_advisory", "SAVEPOINT", "RELEASE")
# A setting for the current transaction only; the plans of the queries after it depend on it.
_LOCAL_SETTING = re.compile(r"\bset_config\(.*,\s*true\)\s*$", re.IGNORECASE | re.DOTALL)


def _normalised(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    return re.sub(r"\b\d+(\.\d+)?\b", "?", sql)


def _run_once(client: Client, r: BenchRequest) -> int:
    headers = {k: v for k, v in r.headers if k not in {"Cookie", "Content-Type"}}
    if r.method == "POST":
        response = client.post(
            r.path, r.body, content_type="application/x-www-form-urlencoded", headers=headers
        )
    else:
        response = client.get(r.path, headers=headers)
    status: int = response.status_code
    return status


def _captured(r: BenchRequest, users: Mapping[int, User]) -> list[dict[str, str]]:
    """The queries of one request, run in this process with Django's test client
    (once to warm up, once measured)."""
    client = Client()
    key = create_session(users[r.user_id], secret_key=settings.SECRET_KEY)
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    try:
        _run_once(client, r)
        with CaptureQueriesContext(connection) as captured:
            status = _run_once(client, r)
    finally:
        import_module(settings.SESSION_ENGINE).SessionStore(session_key=key).delete()
        UserSession.objects.filter(session_key=key).delete()
    if status != 200:
        raise BenchError(f"{r.method} {r.path} answered {status} in the test client")
    return list(captured.captured_queries)


def local_settings(queries: Sequence[Mapping[str, str]]) -> list[str]:
    """The settings a request made for its own transaction (`set_config(…, true)`),
    which the plans of its queries depend on (the person search's trigram threshold)."""
    return [q["sql"] for q in queries if _LOCAL_SETTING.search(q["sql"])]


def explain(sql: str, local: Sequence[str] = ()) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a query, after the statements that set its
    transaction's settings (`local_settings`); rolled back whatever it was."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in local:
            cursor.execute(statement)
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        lines = [row[0] for row in cursor.fetchall()]
        transaction.set_rollback(True)
    return "\n".join(lines)


def capture_plans(screens: Sequence[Screen]) -> dict[str, Plan]:
    """For each screen, the plan of its slowest query that the baseline page does not
    also run (the session, user, role and second-factor lookups every page shares)."""
    users = User.objects.in_bulk({r.user_id for s in screens for r in s.requests})
    plans: dict[str, Plan] = {}
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        baseline = next(s for s in screens if s.key == BASELINE)
        shared = {_normalised(q["sql"]) for q in _captured(baseline.requests[0], users)}
        for screen in screens:
            if screen.key == BASELINE or not screen.requests:
                continue
            queries = _captured(screen.requests[0], users)
            own = [
                q
                for q in queries
                if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
                and not any(marker in q["sql"] for marker in _IGNORED_SQL)
                and _normalised(q["sql"]) not in shared
            ]
            # The captured times have a resolution of 1 ms: explain the five slowest
            # and keep the one whose execution takes longest.
            own.sort(key=lambda q: float(q["time"]), reverse=True)
            local = local_settings(queries)
            explained = [(q["sql"], explain(q["sql"], local)) for q in own[:5]]
            if explained:
                sql, plan = max(explained, key=lambda pair: execution_ms(pair[1]))
                plans[screen.key] = Plan(
                    queries=len(queries), sql=sql, ms=execution_ms(plan), plan=plan
                )
    return plans


def execution_ms(plan: str) -> float:
    found = re.search(r"Execution Time: ([0-9.]+) ms", plan)
    return float(found.group(1)) if found else 0.0


# Machine and data -------------------------------------------------------------------


def machine_description() -> dict[str, str]:
    cpu = platform.processor() or "unknown"
    memory = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        row = cursor.fetchone()
    postgres = str(row[0]).split()[0] if row else "unknown"
    return {
        "cores": str(len(os.sched_getaffinity(0))),
        "load": f"{os.getloadavg()[0]:.1f}",
        "memory": memory,
        "cpu": cpu,
        "postgresql": postgres,
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def data_description() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        row = cursor.fetchone()
    return {
        "database size": str(row[0]) if row else "unknown",
        "reports": f"{Report.objects.count():,}",
        "persons": f"{Person.objects.count():,}",
        "dossiers": f"{Dossier.objects.count():,}",
        "conversations + contacts": (
            f"{Conversation.objects.count() + ProfessionalContact.objects.count():,}"
        ),
        "audit entries": f"{AuditEntry.objects.count():,}",
    }


# The report -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreenResult:
    spec: ScreenSpec
    result: WrkResult
    request_variants: int
    label: str = ""

    @property
    def title(self) -> str:
        return self.label or self.spec.title


@dataclass
class BenchReport:
    date: str
    machine: dict[str, str]
    data: dict[str, str]
    server: str
    load: str
    centres: list[str]
    results: list[ScreenResult]
    worker_rss_mb: list[float]
    plans: dict[str, Plan] = field(default_factory=dict)

    def baseline_rps(self) -> float:
        """The baseline page's throughput: the mean of its runs (before and after the
        screens, so that a disturbance of the machine shows as two different numbers)."""
        runs = [r.result.requests_per_second for r in self.results if r.spec.key == BASELINE]
        return sum(runs) / len(runs) if runs else 0.0

    def share_of_baseline(self, result: WrkResult) -> float | None:
        base = self.baseline_rps()
        return result.requests_per_second / base if base else None

    def verdict(self, screen: ScreenResult) -> str:
        """PASS, or MISS with what missed: the p95 target, the share of the baseline's
        throughput, errors."""
        missed = []
        target = screen.spec.p95_target_ms
        if target is not None and not screen.result.p95_ms < target:
            missed.append("p95")
        share = self.share_of_baseline(screen.result)
        if screen.spec.key != BASELINE and (share is None or share < MIN_BASELINE_SHARE):
            missed.append("throughput")
        if screen.result.errors:
            missed.append("errors")
        return "PASS" if not missed else "MISS (" + ", ".join(missed) + ")"

    @property
    def rss_verdict(self) -> str:
        if not self.worker_rss_mb:
            return "MISS (not measured)"
        return "PASS" if max(self.worker_rss_mb) < MAX_WORKER_RSS_MB else "MISS"

    @property
    def passed(self) -> bool:
        return self.rss_verdict == "PASS" and all(self.verdict(r) == "PASS" for r in self.results)

    @property
    def errors(self) -> int:
        return sum(r.result.errors for r in self.results)


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def render_markdown(report: BenchReport, *, with_plans: bool = True) -> str:
    m, d = report.machine, report.data
    lines = [
        f"Run of {report.date}. Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM; "
        f"PostgreSQL {m['postgresql']} on the same machine; Python {m['python']}, "
        f"Django {m['django']}. Load average (1 min) when the run began: {m['load']}.",
        "",
        "Data: " + ", ".join(f"{name} {value}" for name, value in d.items()) + ".",
        "",
        f"Server: {report.server}. Load: {report.load}. Sessions of "
        + ", ".join(report.centres)
        + ".",
        "",
        "| Screen | Requests/s | p50 ms | p95 ms | p99 ms | Errors "
        "| Throughput vs baseline | Target p95 | Result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for screen in report.results:
        r = screen.result
        share = report.share_of_baseline(r)
        target = screen.spec.p95_target_ms
        target_text = "—" if target is None else f"< {target:.0f} ms"
        if screen.spec.target_note:
            target_text += f" ({screen.spec.target_note})"
        lines.append(
            f"| {screen.title} | {r.requests_per_second:.1f} | {_ms(r.p50_ms)} "
            f"| {_ms(r.p95_ms)} | {_ms(r.p99_ms)} | {r.errors} "
            f"| {'—' if share is None else f'{share:.0%}'} | {target_text} "
            f"| {report.verdict(screen)} |"
        )
    rss = report.worker_rss_mb
    if rss:
        lines += [
            "",
            f"Web workers' memory at the end (VmRSS): {len(rss)} workers, "
            f"sum {sum(rss):.0f} MB, largest {max(rss):.0f} MB "
            f"(target < {MAX_WORKER_RSS_MB:.0f} MB per worker): {report.rss_verdict}.",
        ]
    lines += [
        "",
        "Targets (issue 8, national scale, 16 clients): p95 as in the table; every screen "
        f"at least {MIN_BASELINE_SHARE:.0%} of the baseline page's throughput (the mean of "
        f"its two runs); no errors. Latencies are measured by wrk among the concurrent "
        "clients, so they include the time a request waits for a free worker.",
    ]
    if with_plans and report.plans:
        lines += [
            "",
            "Query plans: the slowest query of each screen that the baseline "
            "page does not run, measured once in-process, with `EXPLAIN (ANALYZE, "
            "BUFFERS)`.",
            "",
        ]
        for screen in report.results:
            plan = report.plans.get(screen.spec.key)
            if plan is None or screen.spec.key == BASELINE:
                continue
            sql = plan.sql if len(plan.sql) <= 3000 else plan.sql[:3000] + " …"
            lines += [
                "<details>",
                f"<summary>{screen.spec.title}: {plan.queries} queries; the slowest of its "
                f"own executes in {plan.ms:.1f} ms</summary>",
                "",
                "```sql",
                sql,
                "```",
                "",
                "```",
                plan.plan,
                "```",
                "",
                "</details>",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"


def replace_between_markers(text: str, block: str) -> str:
    """The text with everything between the bench markers replaced by `block`."""
    start = text.find(MARKER_START)
    end = text.find(MARKER_END)
    if start < 0 or end < 0 or end < start:
        raise BenchError(f"{MARKER_START} … {MARKER_END} not found in order")
    head = text[: start + len(MARKER_START)]
    return head + "\n" + block.strip("\n") + "\n" + text[end:]


def update_docs(report: BenchReport, path: Path = DOCS_PATH) -> None:
    path.write_text(
        replace_between_markers(path.read_text(encoding="utf-8"), render_markdown(report)),
        encoding="utf-8",
    )


# The run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchOptions:
    duration: int = 20
    connections: int = 16
    wrk_threads: int = 2
    workers: int = 4
    threads: int = 1
    centres: int = 6
    plans: bool = True
    only: tuple[str, ...] = ()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BenchError("The benchmark needs PostgreSQL (set DATABASE_URL).")
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        raise BenchError("Set DATABASE_URL to the benchmark's PostgreSQL database.")
    return url


def collect_static(env: Mapping[str, str]) -> None:
    """Production serves static files from the manifest collectstatic writes."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=dict(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError("collectstatic failed:\n" + done.stdout + done.stderr)


@contextmanager
def _bench_sessions(users: Iterable[User], secret_key: str) -> Iterator[BenchSessions]:
    sessions = open_sessions(users, secret_key=secret_key)
    try:
        yield sessions
    finally:
        close_sessions(sessions)


def run_benchmark(options: BenchOptions, say: Callable[[str], None]) -> BenchReport:
    database_url = _database_url()
    if shutil.which("wrk") is None:
        raise BenchError("wrk is not installed (Debian: apt-get install wrk).")
    work_dir = Path(settings.VAR_DIR) / "bench"
    work_dir.mkdir(parents=True, exist_ok=True)
    secret_key = "bench-only-" + secrets.token_urlsafe(48)

    say("Finding what to request …")
    targets = find_targets(centres=options.centres)
    users = {user.pk: user for t in targets for user in t.users}
    env = production_environment(
        database_url=database_url, secret_key=secret_key, static_root=work_dir / "static"
    )
    say("Collecting static files for production settings …")
    collect_static(env)
    with _bench_sessions(users.values(), secret_key) as sessions:
        screens = build_screens(targets, sessions)
        if options.only:
            screens = [s for s in screens if s.key in {BASELINE, *options.only}]
        plans = capture_plans(screens) if options.plans else {}
        server = WebServer(
            workers=options.workers,
            threads=options.threads,
            env=env,
            log_path=work_dir / "gunicorn.log",
        )
        say(
            f"Starting gunicorn ({server.workers} {server.worker_class} workers × "
            f"{server.threads} threads) …"
        )
        try:
            server.start()
            verify_requests(server.port, screens)
            results = []
            with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
                # The baseline runs first and again last.
                baseline = next(s for s in screens if s.key == BASELINE)
                for screen, label in [
                    (baseline, "Start page (baseline, before)"),
                    *[(s, "") for s in screens if s.key != BASELINE],
                    (baseline, "Start page (baseline, after)"),
                ]:
                    requests_file = Path(tmp) / f"{screen.key}.lua"
                    requests_file.write_text(requests_as_lua(screen.requests), encoding="utf-8")
                    say(f"  {label or screen.spec.title}: {options.duration} s …")
                    result = run_wrk(
                        url=server.url,
                        requests_file=requests_file,
                        duration=options.duration,
                        connections=options.connections,
                        threads=options.wrk_threads,
                    )
                    results.append(ScreenResult(screen.spec, result, len(screen.requests), label))
            rss = server.worker_rss_mb()
        finally:
            server.stop()
    return BenchReport(
        date=timezone.localdate().isoformat(),
        machine=machine_description(),
        data=data_description(),
        server=(
            f"gunicorn, {options.workers} {server.worker_class} workers × "
            f"{options.threads} threads, production settings"
        ),
        load=(
            f"wrk, {options.connections} connections, {options.wrk_threads} threads, "
            f"{options.duration} s per screen"
        ),
        centres=[t.centre.name for t in targets],
        results=results,
        worker_rss_mb=rss,
        plans=plans,
    )
