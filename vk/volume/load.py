"""The load tools of the benchmark: gunicorn with production settings, wrk, and the
server's own timing of each request (its access log).

Nothing here knows the screens; vk/volume/bench.py says what to request.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
LUA_SCRIPT = BASE_DIR / "bench" / "screen.lua"


class BenchError(Exception):
    """The benchmark cannot run or its set-up is broken (never a slow result)."""


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
    access_log_path: Path | None = None
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
        if self.access_log_path is not None:
            # Status and the worker's own time for the request in microseconds: from the
            # parsed request to the written response, without the wait for a free worker.
            command += [
                "--access-logfile",
                str(self.access_log_path),
                "--access-logformat",
                ACCESS_LOG_FORMAT,
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


# The server's own timing ---------------------------------------------------------------

ACCESS_LOG_FORMAT = "vk-timing %(s)s %(D)s"


@dataclass(frozen=True)
class ServerTimes:
    """Latency as the server measured it: gunicorn's request time per request."""

    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of values sorted in increasing order."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def server_times(lines: Sequence[str]) -> ServerTimes | None:
    """The timing of the access-log lines gunicorn wrote with ACCESS_LOG_FORMAT."""
    values = sorted(
        int(parts[2]) / 1000
        for parts in (line.split() for line in lines)
        if len(parts) == 3 and parts[0] == "vk-timing" and parts[2].isdigit()
    )
    if not values:
        return None
    return ServerTimes(
        requests=len(values),
        p50_ms=percentile(values, 0.50),
        p95_ms=percentile(values, 0.95),
        p99_ms=percentile(values, 0.99),
        max_ms=values[-1],
    )


class AccessLog:
    """Reads what gunicorn appended to its access log since the last reading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def skip(self) -> None:
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def read_new(self) -> list[str]:
        if not self.path.exists():
            return []
        with self.path.open("rb") as log:
            log.seek(self.offset)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        return complete.decode(errors="replace").splitlines()


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
