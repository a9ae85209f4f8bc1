"""manage.py run_bench: the load benchmark of the key screens (see vk/volume/bench.py)."""

from __future__ import annotations

import signal
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from vk.volume import bench, load
from vk.volume import report as bench_report


class Command(BaseCommand):
    help = (
        "Load the key screens with wrk against gunicorn (production settings) on the "
        "PostgreSQL database of DATABASE_URL and report requests/s, p50/p95/p99, errors "
        "and worker memory beside the targets of the benchmark."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--duration", type=int, default=20, help="Seconds per screen.")
        parser.add_argument("--connections", type=int, default=16, help="wrk connections.")
        parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads.")
        parser.add_argument(
            "--workers", type=int, default=bench.BenchOptions.workers, help="gunicorn workers."
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=bench.BenchOptions.threads,
            help="Threads per gunicorn worker (more than 1: gthread workers).",
        )
        parser.add_argument(
            "--centres", type=int, default=6, help="Centres whose users make the requests."
        )
        parser.add_argument(
            "--screen",
            action="append",
            default=[],
            choices=[
                spec.key for spec in bench_report.SCREEN_SPECS if spec.key != bench_report.BASELINE
            ],
            help="Only this screen (repeatable); the baseline page always runs.",
        )
        parser.add_argument(
            "--no-plans", action="store_true", help="Skip the EXPLAIN ANALYZE plans."
        )
        parser.add_argument(
            "--update-docs",
            action="store_true",
            help="Write the results between the bench markers of docs/performance.md.",
        )
        parser.add_argument(
            "--smoke",
            action="store_true",
            help="A quick check for CI: fail on any error, never update the docs.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "run_bench makes sessions and authenticators for existing users: it refuses "
                "to run with VK_ENVIRONMENT=production (it starts its own production server)."
            )
        if options["smoke"] and options["update_docs"]:
            raise CommandError("--smoke never updates the docs; leave out --update-docs.")
        bench_options = bench.BenchOptions(
            duration=options["duration"],
            connections=options["connections"],
            wrk_threads=options["wrk_threads"],
            workers=options["workers"],
            threads=options["threads"],
            centres=options["centres"],
            plans=not options["no_plans"],
            only=tuple(options["screen"]),
        )
        # A SIGTERM (a CI timeout) unwinds like Ctrl-C, so gunicorn is stopped and the
        # bench sessions are removed.
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        try:
            report = bench.run_benchmark(bench_options, say=self.stdout.write)
        except load.BenchError as error:
            raise CommandError(str(error)) from error
        self.stdout.write("")
        self.stdout.write(bench_report.render_markdown(report, with_plans=False))
        if options["update_docs"]:
            bench_report.update_docs(report)
            self.stdout.write(f"Results and query plans written to {bench_report.DOCS_PATH}.")
        if options["smoke"]:
            if report.errors:
                raise CommandError(f"Smoke benchmark: {report.errors} failed requests.")
            self.stdout.write(self.style.SUCCESS("Smoke benchmark: every request answered 200."))
