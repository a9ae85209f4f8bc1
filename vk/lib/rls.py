"""Row-level security on PostgreSQL: the second line of defence behind vk/access/rules.py.

Every table with family data carries a policy (migration `access.0004_row_level_security`):
a row is visible and writable only when its centre is the request's centre, or when the
connection works for all centres (the task worker, management commands, migrations).

- A web request sets `vk.centre_id` to the user's centre and clears `vk.scope` at its
  start and restores both at its end (`RowLevelSecurityMiddleware`). Without a centre,
  queries return nothing.
- Other processes (worker, commands, tests) start their connections with
  `vk.scope = all`; the web process does not (`vk/wsgi.py` marks it with VK_PROCESS=web).
- A service that legitimately writes into another centre — handing a report or a MaNo
  procedure to the competent centre — does so inside `all_centres()`.

The policies bind only the application's database role; the owner of the tables (who
runs the migrations) and superusers are not bound. See docs/deployment.md for the two
roles. SQLite (the demo) has no row-level security and relies on the access rule alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponse

CENTRE = "vk.centre_id"
SCOPE = "vk.scope"
ALL = "all"


def _postgres(conn: BaseDatabaseWrapper = connection) -> bool:
    return conn.vendor == "postgresql"


def _set(values: dict[str, str]) -> None:
    """Set the given settings for the session, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join("set_config(%s, %s, false)" for _ in values),
            [item for pair in values.items() for item in pair],
        )


def _swap(values: dict[str, str]) -> dict[str, str]:
    """Set the given settings and return their previous values, in one query."""
    names = list(values)
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH previous AS MATERIALIZED (SELECT "  # noqa: S608  (bound parameters only)
            + ", ".join(f"current_setting(%s, true) AS p{i}" for i in range(len(names)))
            + ") SELECT "
            + ", ".join(f"p{i}" for i in range(len(names)))
            + ", "
            + ", ".join("set_config(%s, %s, false)" for _ in names)
            + " FROM previous",
            [*names, *[item for pair in values.items() for item in pair]],
        )
        row = cursor.fetchone() or ()
    return {name: row[i] or "" for i, name in enumerate(names)}


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Processes other than the web server work for all centres."""
    if _postgres(connection) and os.environ.get("VK_PROCESS") != "web":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, false)", [SCOPE, ALL])


@contextmanager
def all_centres() -> Iterator[None]:
    """Inside a request: write into another centre (a hand-over to the competent centre)."""
    if not _postgres():
        yield
        return
    previous = _swap({SCOPE: ALL})
    try:
        yield
    finally:
        _set(previous)


class RowLevelSecurityMiddleware:
    """Bind the request's queries to the user's centre (after authentication)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if not _postgres() or user is None or not user.is_authenticated:
            # Anonymous requests read no family data; in the web process the connection
            # carries no scope and no centre, so row-level security shows them nothing.
            return self.get_response(request)
        previous = _swap({SCOPE: "", CENTRE: str(getattr(user, "centre_id", None) or "")})
        try:
            return self.get_response(request)
        finally:
            _set(previous)
