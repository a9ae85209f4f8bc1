"""The load benchmark's own parts: wrk's summary, the report, the docs block, the bench
sessions and the requests it builds. gunicorn and wrk themselves run in `make
bench-smoke`, never here."""

from __future__ import annotations

import random
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from vk.centres.models import Role, User
from vk.dossiers.models import Conversation, Dossier
from vk.dossiers.tests.fixtures import dossier, help_report, worker_a  # noqa: F401
from vk.people.models import Person
from vk.tests.factories import UserFactory
from vk.volume import bench, load
from vk.volume import report as bench_report

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL only"
)

WRK_OUTPUT = """Running 20s test @ http://127.0.0.1:40123
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    45.10ms   12.02ms 210.33ms   80.12%
  4210 requests in 20.01s, 52.10MB read
Requests/sec:    210.40
Transfer/sec:      2.60MB
wrk-json: {"requests": 4210, "duration_us": 20010000, "bytes": 54630000, \
"latency_us": {"p50": 43120, "p95": 71890, "p99": 120400, "max": 210330, "mean": 45100.2}, \
"not_200": 3, "status_errors": 1, \
"socket_errors": {"connect": 0, "read": 1, "write": 0, "timeout": 2}}
"""


def result(rps: float, p95: float, *, errors: int = 0) -> load.WrkResult:
    return load.WrkResult(
        requests=int(rps * 20),
        duration_s=20.0,
        p50_ms=p95 / 2,
        p95_ms=p95,
        p99_ms=p95 * 1.5,
        max_ms=p95 * 2,
        not_200=errors,
        status_errors=errors,
        socket_errors=0,
    )


def timing(p95: float) -> load.ServerTimes:
    return load.ServerTimes(requests=100, p50_ms=p95 / 3, p95_ms=p95, p99_ms=p95 * 2, max_ms=999)


def report(*screens: tuple[Any, ...], rss: list[float] | None = None, yearly: Any = None) -> Any:
    return bench_report.BenchReport(
        date="2026-11-23",
        machine={
            "cores": "2",
            "load": "0.3",
            "cpu": "Test CPU",
            "memory": "24.0 GB",
            "postgresql": "15.20",
            "python": "3.12.1",
            "django": "6.1.3",
        },
        data={"database size": "1 GB", "reports": "10", "audit entries": "99"},
        server="gunicorn, 4 sync workers × 1 threads, production settings",
        load="wrk, 16 connections, 2 threads, 20 s per screen",
        centres=["VK Antwerpen", "VK Limburg"],
        results=[
            bench_report.ScreenResult(bench_report.SPECS_BY_KEY[key], wrk, 3, "", *server)
            for key, wrk, *server in screens
        ],
        worker_rss_mb=[120.0, 130.0] if rss is None else rss,
        yearly=yearly,
        plans={
            "dossier": bench_report.Plan(
                queries=51, sql="SELECT 1", ms=2.5, plan="Result  (actual time=0.001)"
            )
        },
    )


def test_wrk_summary_line_is_read_from_its_output() -> None:
    parsed = load.parse_wrk_output(WRK_OUTPUT)

    assert parsed.requests == 4210
    assert parsed.duration_s == pytest.approx(20.01)
    assert parsed.requests_per_second == pytest.approx(210.39, abs=0.01)
    assert (parsed.p50_ms, parsed.p95_ms, parsed.p99_ms) == (43.12, 71.89, 120.4)
    assert parsed.not_200 == 3
    assert parsed.socket_errors == 3
    assert parsed.errors == 6


def test_wrk_output_without_summary_is_an_error() -> None:
    with pytest.raises(load.BenchError, match="no summary"):
        load.parse_wrk_output("Running 20s test @ http://127.0.0.1:1\n")


def test_markdown_table_marks_each_screen_against_its_target() -> None:
    text = bench_report.render_markdown(
        report(
            (bench_report.BASELINE, result(200, 30), timing(12)),
            # The server's p95 (60 ms) is judged, not wrk's (110 ms, with the queue).
            ("person-search", result(120, 110), timing(60)),
            ("intake-queue", result(120, 80), timing(120)),
            ("dossier", result(30, 140)),
            ("who-looked", result(100, 300, errors=2)),
        )
    )

    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines()}
    assert (
        "| 200.0 | 4.0 | 12 | 24 | 15 / 30 | 0 | 100% | — | PASS |" in rows["Start page (baseline)"]
    )
    assert "Load average (1 min) when the run began: 0.3." in text
    assert "| 20 | 60 | 120 | 55 / 110 | 0 | 60% | < 100 ms | PASS |" in rows["Person search"]
    assert "| 60% | < 100 ms | MISS (p95) |" in rows["Intake queue"]
    # Without the server's timing wrk's p95 is judged.
    assert "| — | — | — | 70 / 140 |" in rows["Dossier page"]
    # 30 requests/s is 15% of the baseline's 200: below the 20% floor.
    assert "| 15% | < 150 ms | MISS (throughput) |" in rows["Dossier page"]
    assert "| 2 | 50% | < 250 ms | MISS (p95, errors) |" in rows["Who looked at this file"]
    assert "2 workers, sum 250 MB, largest 130 MB (target < 250 MB per worker): PASS" in text
    assert "2 cores (Test CPU), 24.0 GB RAM" in text
    assert "<summary>Dossier page: 51 queries" in text
    assert "Result  (actual time=0.001)" in text


def test_share_is_taken_of_the_mean_of_the_two_baseline_runs() -> None:
    both = report(
        (bench_report.BASELINE, result(220, 30)),
        ("worklist", result(100, 80)),
        (bench_report.BASELINE, result(180, 30)),
    )

    assert both.baseline_rps() == pytest.approx(200)
    assert both.share_of_baseline(result(100, 80)) == pytest.approx(0.5)


def test_workers_above_the_memory_target_miss_it() -> None:
    heavy = report((bench_report.BASELINE, result(200, 30)), rss=[260.0, 120.0])

    assert heavy.rss_verdict == "MISS"
    assert not heavy.passed


def test_docs_block_between_the_markers_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    docs = tmp_path / "performance.md"
    docs.write_text(
        "# Performance\n\nBefore.\n\n<!-- bench:start -->\nold run\n<!-- bench:end -->\n\nAfter.\n"
    )

    bench_report.update_docs(report((bench_report.BASELINE, result(200, 30))), docs)

    text = docs.read_text()
    assert text.startswith("# Performance\n\nBefore.\n\n<!-- bench:start -->\nRun of 2026-11-23.")
    assert "old run" not in text
    assert text.count("<!-- bench:start -->") == 1
    assert text.endswith("<!-- bench:end -->\n\nAfter.\n")


def test_docs_without_markers_are_refused() -> None:
    with pytest.raises(load.BenchError, match="not found"):
        bench_report.replace_between_markers("# Performance\n", "table")


def test_the_project_docs_carry_the_markers() -> None:
    text = bench_report.DOCS_PATH.read_text(encoding="utf-8")

    assert bench_report.replace_between_markers(text, "x").count(bench_report.MARKER_START) == 1


def test_request_file_for_wrk_escapes_quotes_and_accents() -> None:
    lua = bench.requests_as_lua(
        [
            bench.BenchRequest("GET", "/", (("Cookie", 'vk_session="a\\b"'),)),
            bench.BenchRequest("POST", "/reports/matches/", (), "last_name=Duboi%C3%A9", 1),
            bench.BenchRequest("GET", "/x", (("X-Name", "Ségolène"),)),
        ]
    )

    assert lua.startswith("return {\n")
    assert '["Cookie"] = "vk_session=\\034a\\092b\\034"' in lua
    assert 'body = "last_name=Duboi%C3%A9"' in lua
    assert '"S\\195\\169gol\\195\\168ne"' in lua
    assert lua.count("body = nil") == 2


def test_a_centre_without_a_director_asks_the_dashboard_of_its_team_lead_only() -> None:
    lead, director = User(pk=1, email="lead@vk.test"), User(pk=2, email="director@vk.test")
    sessions = bench.BenchSessions(keys={1: "a", 2: "b"}, csrf="c")

    def targets(with_director: User | None) -> bench.CentreTargets:
        return bench.CentreTargets(
            centre=None,
            intake=lead,
            team_lead=lead,
            case_workers=[],
            large_dossiers=[],
            watched_person=Person(pk=9),
            names=[],
            director=with_director,
        )

    without = {s.key: s for s in bench.build_screens([targets(None)], sessions)}
    both = {s.key: s for s in bench.build_screens([targets(director)], sessions)}

    assert [r.user_id for r in without["dashboard"].requests] == [1]
    assert [r.user_id for r in both["dashboard"].requests] == [1, 2]
    assert {r.path for r in both["dashboard"].requests} == {"/statistics/dashboard/"}
    assert bench_report.SPECS_BY_KEY["dashboard"].p95_target_ms == 300


def test_misspelled_names_differ_from_the_name_and_are_reproducible() -> None:
    names = ["Peeters", "Janssens", "Maes", "Van den Bossche", "Yildiz", "Ali"]

    first = [bench.misspell(name, random.Random(8)) for name in names]  # noqa: S311
    again = [bench.misspell(name, random.Random(8)) for name in names]  # noqa: S311

    assert first == again
    assert all(typo.lower() != name.lower() for typo, name in zip(first, names, strict=True))


# With the database ----------------------------------------------------------------


def cookies_of(request: bench.BenchRequest) -> SimpleCookie:
    return SimpleCookie(dict(request.headers)["Cookie"])


def as_wrk_would(request: bench.BenchRequest) -> int:
    """Send a bench request through Django with its own cookies and headers, CSRF
    checked, and return the status."""
    client = Client(enforce_csrf_checks=True)
    client.cookies = cookies_of(request)
    headers = {k: v for k, v in request.headers if k not in {"Cookie", "Content-Type"}}
    if request.method == "POST":
        response = client.post(
            request.path,
            request.body,
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    else:
        response = client.get(request.path, headers=headers)
    return response.status_code


def case_worker(**fields: Any) -> User:
    return UserFactory(roles=[Role.CASE_WORKER], **fields)


@pytest.fixture
def mfa_required(settings: Any) -> None:
    settings.MFA_REQUIRED = True
    settings.DEMO = False


@pytest.fixture
def busy_dossier(dossier: Dossier, worker_a: User) -> Dossier:  # noqa: F811
    Conversation.objects.bulk_create(
        Conversation(
            dossier=dossier,
            held_at=dossier.opened_at,
            place="office",
            participants="Moeder",
            summary=f"Gesprek {i}",
            author=worker_a,
        )
        for i in range(3)
    )
    return dossier


@postgres_only
@pytest.mark.django_db
def test_bench_session_opens_my_work_under_mandatory_mfa(mfa_required: None) -> None:
    worker = case_worker(totp=False)

    sessions = bench.open_sessions([worker], secret_key=settings.SECRET_KEY)
    request = bench._get("/work/", worker, sessions)

    assert as_wrk_would(request) == 200
    assert Authenticator.objects.filter(user=worker, type=Authenticator.Type.TOTP).exists()


@postgres_only
@pytest.mark.django_db
def test_without_a_second_factor_the_session_is_sent_to_set_one_up(mfa_required: None) -> None:
    worker = case_worker(totp=False)

    key = bench.create_session(worker, secret_key=settings.SECRET_KEY)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get("/work/")

    assert response.status_code == 302
    assert response["Location"] == "/account/two-step-verification/"


@postgres_only
@pytest.mark.django_db
def test_a_session_signed_with_another_secret_key_is_not_logged_in(mfa_required: None) -> None:
    worker = case_worker()

    key = bench.create_session(worker, secret_key="another-" + "k" * 60)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    response = client.get("/work/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@postgres_only
@pytest.mark.django_db
def test_closing_removes_the_sessions_and_only_the_authenticators_the_bench_added(
    mfa_required: None,
) -> None:
    with_app = case_worker()
    without = case_worker(totp=False)

    sessions = bench.open_sessions([with_app, without], secret_key=settings.SECRET_KEY)
    bench.close_sessions(sessions)

    assert not Session.objects.filter(session_key__in=sessions.keys.values()).exists()
    assert Authenticator.objects.filter(user=with_app).exists()
    assert not Authenticator.objects.filter(user=without).exists()


@postgres_only
@pytest.mark.django_db
def test_requests_are_found_in_the_database_and_each_answers_200(
    mfa_required: None,
    busy_dossier: Dossier,
    worker_a: User,  # noqa: F811
    team_lead_a: User,
    centre_a: Any,
) -> None:
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    targets = bench.find_targets()
    sessions = bench.open_sessions(
        {u.pk: u for t in targets for u in t.users}.values(), secret_key=settings.SECRET_KEY
    )
    screens = {screen.key: screen for screen in bench.build_screens(targets, sessions)}

    (found,) = targets
    assert found.large_dossiers == [(busy_dossier, worker_a)]
    assert found.team_lead == team_lead_a
    assert found.intake.role_grants.filter(role=Role.INTAKE).exists()
    assert found.watched_person.first_name == "Mila"  # a child of the largest dossier
    assert set(screens) == {spec.key for spec in bench_report.SCREEN_SPECS}
    assert [r.path for r in screens["dossier"].requests] == [f"/dossiers/{busy_dossier.pk}/"]
    assert screens["dossier"].requests[0].user_id == worker_a.pk
    assert screens["timeline"].requests[0].path == f"/dossiers/{busy_dossier.pk}/timeline/"
    assert [r.user_id for r in screens["intake-queue"].requests] == [team_lead_a.pk]
    assert found.director == director
    assert [(r.path, r.user_id) for r in screens["dashboard"].requests] == [
        ("/statistics/dashboard/", team_lead_a.pk),
        ("/statistics/dashboard/", director.pk),
    ]
    assert screens["who-looked"].requests[0].path == f"/audit/persons/{found.watched_person.pk}/"
    searches = screens["person-search"].requests
    assert {r.user_id for r in searches} == {found.intake.pk}
    assert all(r.method == "POST" and "X-CSRFToken" in dict(r.headers) for r in searches)
    # a last name searched on its own is always misspelled
    assert not [r.body for r in searches if r.body.endswith("first_name=&adults-1-last_name=Maes")]
    assert not [
        r.body for r in searches if r.body.endswith("first_name=&children-0-last_name=Maes")
    ]
    for screen in screens.values():
        for request in screen.requests:
            assert as_wrk_would(request) == 200, (screen.key, request.method, request.path)


@postgres_only
@pytest.mark.django_db
def test_explain_returns_the_plan_and_changes_nothing(centre_a: Any) -> None:
    plan = bench.explain(
        f"UPDATE centres_centre SET name = 'Veranderd' WHERE id = {int(centre_a.pk)}"  # noqa: S608
    )
    centre_a.refresh_from_db()

    assert "Execution Time" in plan
    assert centre_a.name == "VK Antwerpen"


def test_server_times_are_read_from_the_timing_lines_of_the_access_log() -> None:
    lines = [f"vk-timing 200 {ms * 1000}" for ms in range(1, 101)]
    lines += ["a line of something else", "vk-timing 200 not-a-number"]

    times = load.server_times(lines)

    assert times == load.ServerTimes(
        requests=100, p50_ms=50.0, p95_ms=95.0, p99_ms=99.0, max_ms=100.0
    )
    assert load.server_times(["nothing to read"]) is None


def test_the_access_log_is_read_in_parts_and_never_half_a_line(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    path.write_text("vk-timing 200 1000\n")
    log = load.AccessLog(path)
    log.skip()
    with path.open("a") as out:
        out.write("vk-timing 200 2000\nvk-timing 200 30")
    assert log.read_new() == ["vk-timing 200 2000"]
    with path.open("a") as out:
        out.write("00\n")
    assert log.read_new() == ["vk-timing 200 3000"]
    assert log.read_new() == []


@postgres_only
@pytest.mark.django_db
def test_explain_runs_the_query_under_the_settings_its_request_made() -> None:
    queries = [
        {"sql": "SELECT set_config('vk.scope', 'all', false)", "time": "0.000"},
        {"sql": "SELECT set_config('pg_trgm.similarity_threshold', '0.449999', true)"},
        {"sql": "SELECT 1", "time": "0.000"},
    ]
    settings = bench.local_settings(queries)

    query = "SELECT 1 WHERE current_setting('pg_trgm.similarity_threshold') = '0.449999'"

    with_settings, without = bench.explain(query, settings), bench.explain(query)

    assert settings == [queries[1]["sql"]]  # the session-wide one is not replayed
    assert "rows=1 loops=1" in with_settings
    assert "rows=0 loops=1" in without
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pg_trgm.similarity_threshold')")
        assert cursor.fetchone()[0] == "0.3"  # rolled back with the explained query


def test_the_yearly_report_time_is_judged_on_its_slowest_run() -> None:
    quick = bench_report.YearlyTiming(year=2025, reports=130_000, seconds=(1.2, 0.9, 1.4))
    slow = bench_report.YearlyTiming(year=2025, reports=130_000, seconds=(1.2, 5.3, 1.4))
    text = bench_report.render_markdown(
        report((bench_report.BASELINE, result(200, 30)), yearly=quick)
    )
    assert "Yearly report of all centres together for 2025 (130,000 reports" in text
    assert "median 1.20 s, slowest 1.40 s of 3 runs (target < 5 s): PASS" in text
    assert slow.verdict == "MISS" and slow.median == 1.4
