"""The load benchmark of the key screens (`manage.py run_bench`, `make bench`).

It works on whatever PostgreSQL database DATABASE_URL names (filled by `generate_volume`
or `seed_demo`) and asks that database what to request: the largest open dossiers of
each centre with their case worker, case workers from the median to the heaviest caseload, the
person with the most audit entries and a team lead of that centre, an intake worker, the
director (for the dashboard, when the centre has one), and common names to misspell for
the person search.

One run: give the bench users a second factor if they have none, make a logged-in
session for each (as allauth would after a password and a TOTP code), start gunicorn
with production settings on a free local port, check every request once (each must
answer 200), load each screen with wrk (`bench/screen.lua`), read the workers' memory,
and report the numbers beside the targets. Sessions and the authenticators the bench
added are removed at the end; the audit entries the load wrote stay (append-only).
"""

from __future__ import annotations

import os
import random
import re
import secrets
import shutil
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

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession
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
from vk.people.models import Person
from vk.volume.load import (
    AccessLog,
    BenchError,
    WebServer,
    http_status,
    production_environment,
    run_wrk,
    server_times,
)
from vk.volume.report import (
    BASELINE,
    SCREEN_SPECS,
    BenchReport,
    Plan,
    ScreenResult,
    ScreenSpec,
    YearlyTiming,
    data_description,
    execution_ms,
    machine_description,
)

BASE_DIR = Path(settings.BASE_DIR)


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
    director: User | None = None

    @property
    def users(self) -> list[User]:
        found = [self.intake, self.team_lead, *self.case_workers]
        found += [self.director] if self.director else []
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


# Which case workers ask for their worklist, as ranks in the centre's caseloads.
CASELOAD_RANKS = (0.5, 0.9, 1.0)


def _case_workers(centre: Centre, count: int) -> list[User]:
    """Case workers of the centre at the median, the 90th percentile and the top of the
    open caseloads. A worklist is as long as its owner's caseload: the median is the
    usual page, the busiest the extreme one."""
    ranked = list(
        User.objects.filter(centre=centre, is_active=True, role_grants__role=Role.CASE_WORKER)
        .annotate(
            caseload=Count("assignments", filter=Q(assignments__dossier__state__in=OPEN_STATES))
        )
        .filter(caseload__gt=0)
        .order_by("caseload", "pk")
    )
    if len(ranked) <= count:
        return ranked
    picks = {round(share * (len(ranked) - 1)) for share in CASELOAD_RANKS[:count]}
    return [ranked[index] for index in sorted(picks)]


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
        workers = _case_workers(centre, dossiers_per_centre)
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
                    director=_active_with_role(centre, Role.DIRECTOR),
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
        by_key["dashboard"] += [
            _get("/statistics/dashboard/", user, sessions)
            for user in (t.team_lead, t.director)
            if user is not None
        ]
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
        access_log_path = work_dir / "access.log"
        access_log_path.unlink(missing_ok=True)
        server = WebServer(
            workers=options.workers,
            threads=options.threads,
            env=env,
            log_path=work_dir / "gunicorn.log",
            access_log_path=access_log_path,
        )
        say(
            f"Starting gunicorn ({server.workers} {server.worker_class} workers × "
            f"{server.threads} threads) …"
        )
        try:
            server.start()
            verify_requests(server.port, screens)
            results = _load_screens(server, screens, options, work_dir, say)
            rss = server.worker_rss_mb()
        finally:
            server.stop()
            access_log_path.unlink(missing_ok=True)
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
        yearly=measure_yearly_report(say),
    )


def _load_screens(
    server: WebServer,
    screens: Sequence[Screen],
    options: BenchOptions,
    work_dir: Path,
    say: Callable[[str], None],
) -> list[ScreenResult]:
    """wrk on each screen in turn (the baseline first and again last), with the server's
    own timing of the requests of that screen from its access log."""
    assert server.access_log_path is not None  # noqa: S101  (set by run_benchmark)
    access_log = AccessLog(server.access_log_path)
    results = []
    baseline = next(s for s in screens if s.key == BASELINE)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        for screen, label in [
            (baseline, "Start page (baseline, before)"),
            *[(s, "") for s in screens if s.key != BASELINE],
            (baseline, "Start page (baseline, after)"),
        ]:
            requests_file = Path(tmp) / f"{screen.key}.lua"
            requests_file.write_text(requests_as_lua(screen.requests), encoding="utf-8")
            say(f"  {label or screen.spec.title}: {options.duration} s …")
            access_log.skip()
            result = run_wrk(
                url=server.url,
                requests_file=requests_file,
                duration=options.duration,
                connections=options.connections,
                threads=options.wrk_threads,
            )
            time.sleep(0.5)  # the workers write the last lines of the run
            timing = server_times(access_log.read_new())
            results.append(ScreenResult(screen.spec, result, len(screen.requests), label, timing))
    return results


def measure_yearly_report(say: Callable[[str], None], runs: int = 3) -> YearlyTiming:
    """Compute last year's report of all centres (as the statistics screen does) a few
    times in this process and keep the times."""
    from vk.stats.views import all_centres_report

    year = timezone.localdate().year - 1
    say(f"Yearly report of all centres for {year}, {runs} times …")
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        report = all_centres_report(year)
        seconds.append(time.perf_counter() - started)
    counted = report.table("units").value("reports") or 0
    return YearlyTiming(year=year, reports=counted, seconds=tuple(seconds))
