"""The benchmark's targets and its report: the table per screen, the verdicts, the
machine and data it ran on, and the block it writes into docs/performance.md."""

from __future__ import annotations

import os
import platform
import re
from dataclasses import dataclass, field
from pathlib import Path

import django
from django.conf import settings
from django.db import connection

from vk.audit.models import AuditEntry
from vk.dossiers.models import Conversation, Dossier, ProfessionalContact
from vk.intake.models import Report
from vk.people.models import Person
from vk.volume.load import BenchError, ServerTimes, WrkResult

DOCS_PATH = Path(settings.BASE_DIR) / "docs" / "performance.md"
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
    # Issue 9: the team lead's and the director's dashboard.
    ScreenSpec("dashboard", "Dashboard", 300),
)
SPECS_BY_KEY = {spec.key: spec for spec in SCREEN_SPECS}


# Query plans --------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    queries: int
    sql: str
    ms: float
    plan: str


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
        "postgresql memory": _postgres_memory(),
        "python": platform.python_version(),
        "django": django.get_version(),
    }


def _postgres_memory() -> str:
    names = ("shared_buffers", "effective_cache_size", "work_mem", "random_page_cost")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
            [list(names)],
        )
        found = dict(cursor.fetchall())
    return ", ".join(f"{name} {found.get(name, '?')}" for name in names)


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

# Issue 9: the yearly report of all centres together, at national volume.
MAX_YEARLY_REPORT_SECONDS = 5.0


@dataclass(frozen=True)
class YearlyTiming:
    """How long the funder's yearly report of all centres took to compute, in-process."""

    year: int
    reports: int
    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[len(ordered) // 2]

    @property
    def verdict(self) -> str:
        return "PASS" if max(self.seconds) < MAX_YEARLY_REPORT_SECONDS else "MISS"


@dataclass(frozen=True)
class ScreenResult:
    spec: ScreenSpec
    result: WrkResult
    request_variants: int
    label: str = ""
    server: ServerTimes | None = None

    @property
    def title(self) -> str:
        return self.label or self.spec.title

    @property
    def judged_p95_ms(self) -> float:
        """The p95 the target is judged on: the server's own (gunicorn's request time),
        or wrk's when the server's timing is missing."""
        return self.server.p95_ms if self.server is not None else self.result.p95_ms


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
    yearly: YearlyTiming | None = None

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
        if target is not None and not screen.judged_p95_ms < target:
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
        yearly_ok = self.yearly is None or self.yearly.verdict == "PASS"
        return (
            yearly_ok
            and self.rss_verdict == "PASS"
            and all(self.verdict(r) == "PASS" for r in self.results)
        )

    @property
    def errors(self) -> int:
        return sum(r.result.errors for r in self.results)


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def render_markdown(report: BenchReport, *, with_plans: bool = True) -> str:
    m, d = report.machine, report.data
    lines = [
        f"Run of {report.date}. Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} RAM; "
        f"PostgreSQL {m['postgresql']} on the same machine "
        f"({m.get('postgresql memory', 'memory settings not read')}); Python {m['python']}, "
        f"Django {m['django']}. Load average (1 min) when the run began: {m['load']}.",
        "",
        "Data: " + ", ".join(f"{name} {value}" for name, value in d.items()) + ".",
        "",
        f"Server: {report.server}. Load: {report.load}. Sessions of "
        + ", ".join(report.centres)
        + ".",
        "",
        "| Screen | Requests/s | Server p50 ms | Server p95 ms | Server p99 ms "
        "| Client p50 / p95 ms | Errors | Throughput vs baseline | Target p95 | Result |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for screen in report.results:
        r, t = screen.result, screen.server
        share = report.share_of_baseline(r)
        target = screen.spec.p95_target_ms
        target_text = "—" if target is None else f"< {target:.0f} ms"
        if screen.spec.target_note:
            target_text += f" ({screen.spec.target_note})"
        server_cells = f"{_ms(t.p50_ms)} | {_ms(t.p95_ms)} | {_ms(t.p99_ms)}" if t else "— | — | —"
        lines.append(
            f"| {screen.title} | {r.requests_per_second:.1f} | {server_cells} "
            f"| {_ms(r.p50_ms)} / {_ms(r.p95_ms)} | {r.errors} "
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
    if report.yearly is not None:
        y = report.yearly
        lines += [
            "",
            f"Yearly report of all centres together for {y.year} ({y.reports:,} reports; every "
            "table and the data-quality counts, in-process): median "
            f"{y.median:.2f} s, slowest {max(y.seconds):.2f} s of {len(y.seconds)} runs "
            f"(target < {MAX_YEARLY_REPORT_SECONDS:.0f} s): {y.verdict}.",
        ]
    lines += [
        "",
        "Targets (issue 8, national scale, 16 clients): the server's p95 as in the table; "
        f"every screen at least {MIN_BASELINE_SHARE:.0%} of the baseline page's throughput "
        "(the mean of its two runs); no errors. *Server* latency is gunicorn's own time "
        "for a request, from the parsed request to the written response; *client* latency "
        "is wrk's, among 16 clients sharing the workers, so it also holds the time a "
        "request waits for a free worker.",
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
