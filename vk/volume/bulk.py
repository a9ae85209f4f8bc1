"""Streaming rows into PostgreSQL with COPY, and the chores around a bulk load.

Rows arrive as pre-formatted lines of COPY's text format (tab-separated, `\\N` for
NULL); `Table` buffers them and sends large blocks, one COPY statement per block, so
the generator may interleave tables freely. Primary keys are allocated here (after the
highest existing id and the sequence), and the sequences are moved past them at the end.

For a large load (outside a transaction) `BulkLoad` also drops the tables' secondary
indexes and builds them again afterwards, and switches off the per-row foreign-key
triggers (`session_replication_role = replica`, superuser only); `check_foreign_keys`
then proves every reference with one anti-join per foreign key instead.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection

BLOCK_ROWS = 20_000
NULL = "\\N"


def esc(text: str) -> str:
    """A value for COPY's text format (for text that may hold tabs or newlines)."""
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        return (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


class CopyWriter:
    """COPY blocks on one psycopg connection; with `threaded`, in a background thread, so
    that Python builds the next block while the server parses this one."""

    def __init__(self, raw: Any, threaded: bool) -> None:
        self.raw = raw
        self.seconds = 0.0
        self.queue: queue.Queue[tuple[str, str] | None] | None = None
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        if threaded:
            self.queue = queue.Queue(maxsize=6)
            self.thread = threading.Thread(target=self._run, name="copy-writer", daemon=True)
            self.thread.start()

    def write(self, statement: str, block: str) -> None:
        if self.error is not None:
            raise RuntimeError("COPY failed") from self.error
        if self.queue is None:
            self._copy(statement, block)
        else:
            self.queue.put((statement, block))

    def close(self) -> None:
        """Wait until every block is in the database."""
        if self.queue is not None and self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.queue = None
        if self.error is not None:
            raise RuntimeError("COPY failed") from self.error

    def _run(self) -> None:
        assert self.queue is not None  # noqa: S101  (set before the thread starts)
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self._copy(*item)
                except BaseException as error:  # noqa: BLE001  (reported by write/close)
                    self.error = error

    def _copy(self, statement: str, block: str) -> None:
        started = time.perf_counter()
        with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
            copy.write(block)
        self.seconds += time.perf_counter() - started


def boolean(value: bool | None) -> str:
    if value is None:
        return NULL
    return "t" if value else "f"


def opt(value: object) -> str:
    return NULL if value is None else str(value)


class Clock:
    """Fast text for dates and moments, from whole seconds (or days) since the epoch.

    Formatting millions of datetimes with strftime is slow; a day's text and a second's
    text are looked up and joined instead. Everything is UTC (`+00`).
    """

    def __init__(self, first_day: date, last_day: date) -> None:
        self.epoch_day = (first_day - date(1970, 1, 1)).days
        count = (last_day - first_day).days + 1
        self._days = [(first_day + timedelta(days=i)).isoformat() for i in range(count)]
        self._first = first_day
        self._seconds = [
            f" {h:02d}:{m:02d}:{s:02d}+00" for h in range(24) for m in range(60) for s in range(60)
        ]
        self._iso_seconds = [
            f"T{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)
        ]

    def day_text(self, day: int) -> str:
        """Days since the epoch → 'YYYY-MM-DD' (outside the table: computed)."""
        index = day - self.epoch_day
        if 0 <= index < len(self._days):
            return self._days[index]
        return (date(1970, 1, 1) + timedelta(days=day)).isoformat()

    def moment(self, second: int) -> str:
        """Seconds since the epoch → 'YYYY-MM-DD HH:MM:SS+00'."""
        day, rest = divmod(second, 86400)
        return self.day_text(day) + self._seconds[rest]

    def audit_moment(self, microsecond: int) -> str:
        """Microseconds since the epoch → what `entry_hash` hashes:
        datetime.isoformat(timespec="microseconds") in UTC."""
        second, micro = divmod(microsecond, 1_000_000)
        day, rest = divmod(second, 86400)
        return f"{self.day_text(day)}{self._iso_seconds[rest]}.{micro:06d}+00:00"


def to_seconds(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp())


def to_day(day: date) -> int:
    return (day - date(1970, 1, 1)).days


class Table:
    """Buffered COPY into one table; ids allocated from `next_id`."""

    def __init__(self, load: BulkLoad, name: str, columns: str) -> None:
        self.load = load
        self.name = name
        self.columns = columns
        self.lines: list[str] = []
        self.rows = 0
        self.next_id = 0  # set by BulkLoad.allocate
        self.first_id = 0

    def take_id(self) -> int:
        pk = self.next_id
        self.next_id += 1
        return pk

    def add(self, line: str) -> None:
        self.lines.append(line)
        if len(self.lines) >= BLOCK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        block = "\n".join(self.lines) + "\n"
        self.rows += len(self.lines)
        self.lines = []
        self.load.copy(self.name, self.columns, block)


@dataclass
class BulkLoad:
    """One load into the default database: tables, ids, indexes, sequences."""

    bulk: bool
    tables: dict[str, Table] = field(default_factory=dict)
    dropped_indexes: list[tuple[str, str, str]] = field(default_factory=list)
    writer: CopyWriter | None = None

    def table(self, name: str, columns: Iterable[str]) -> Table:
        table = Table(self, name, ", ".join(f'"{column}"' for column in columns))
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT coalesce(max(id), 0) FROM "{name}"'  # noqa: S608  (our table names)
            )
            highest = cursor.fetchone()[0]
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [name])
            sequence = cursor.fetchone()[0]
            if sequence:
                cursor.execute(f"SELECT last_value, is_called FROM {sequence}")  # noqa: S608
                last_value, is_called = cursor.fetchone()
                highest = max(highest, last_value if is_called else last_value - 1)
        table.first_id = table.next_id = highest + 1
        self.tables[name] = table
        return table

    def copy(self, name: str, columns: str, block: str) -> None:
        if self.writer is None:
            connection.ensure_connection()
            self.writer = CopyWriter(connection.connection, threaded=self.bulk)
        self.writer.write(f'COPY "{name}" ({columns}) FROM STDIN', block)

    def flush_all(self) -> None:
        """Send every buffered row and wait until the database has them all."""
        for table in self.tables.values():
            table.flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    # Before and after -------------------------------------------------------------

    def prepare(self, names: Iterable[str]) -> None:
        """Session settings for a fast load; in bulk mode drop secondary indexes."""
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            if not self.bulk:
                return
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET session_replication_role = replica")
            for name in names:
                cursor.execute(
                    """
                    SELECT i.relname, pg_get_indexdef(i.oid)
                    FROM pg_index x
                    JOIN pg_class i ON i.oid = x.indexrelid
                    WHERE x.indrelid = %s::regclass
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
                    """,
                    [name],
                )
                for index_name, definition in cursor.fetchall():
                    self.dropped_indexes.append((name, index_name, definition))
                    cursor.execute(f'DROP INDEX IF EXISTS "{index_name}"')

    def restore_indexes(self, tables: Iterable[str] | None = None) -> None:
        """Build the dropped indexes (of these tables) again, exactly as they were."""
        wanted = None if tables is None else set(tables)
        pending = [item for item in self.dropped_indexes if wanted is None or item[0] in wanted]
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '512MB'")
            for _table, _name, definition in pending:
                cursor.execute(
                    definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1).replace(
                        "CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", 1
                    )
                )
            self.dropped_indexes = [item for item in self.dropped_indexes if item not in pending]
            cursor.execute("RESET maintenance_work_mem")

    def finish(self) -> None:
        """Move every sequence past the allocated ids; switch the triggers back on."""
        self.flush_all()
        with connection.cursor() as cursor:
            for table in self.tables.values():
                if table.next_id == table.first_id:
                    continue
                cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table.name])
                sequence = cursor.fetchone()[0]
                if sequence:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, table.next_id - 1])
            if self.bulk:
                cursor.execute("RESET session_replication_role")
            else:
                # Foreign keys are deferred to the commit; check them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute("RESET synchronous_commit")

    def check_foreign_keys(self, names: Iterable[str]) -> list[str]:
        """Every foreign key of these tables points at an existing row: the problems."""
        problems = []
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT c.conname, c.conrelid::regclass::text, a.attname,
                       c.confrelid::regclass::text, fa.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
                WHERE c.contype = 'f' AND array_length(c.conkey, 1) = 1
                  AND c.conrelid::regclass::text = ANY(%s)
                """,
                [list(names)],
            )
            for name, table, column, target, target_column in cursor.fetchall():
                cursor.execute(
                    f'SELECT count(*) FROM "{table}" t WHERE t."{column}" IS NOT NULL'  # noqa: S608
                    f' AND NOT EXISTS (SELECT 1 FROM "{target}" p'
                    f' WHERE p."{target_column}" = t."{column}")'
                )
                missing = cursor.fetchone()[0]
                if missing:
                    problems.append(f"{name}: {missing} rows of {table}.{column} point nowhere")
        return problems

    def analyze(self, names: Iterable[str]) -> None:
        with connection.cursor() as cursor:
            for name in names:
                cursor.execute(f'ANALYZE "{name}"')
