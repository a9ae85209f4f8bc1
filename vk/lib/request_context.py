"""The request facts that audit entries and log lines need, outside the view layer.

Middleware sets the context at the start of a request; services read it when they
record an audit entry, so their signatures stay about the domain (`by=user`).
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_ip: str | None


_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "vk_request_context", default=None
)


def current_context() -> RequestContext | None:
    return _context.get()


def set_context(context: RequestContext | None) -> contextvars.Token[RequestContext | None]:
    return _context.set(context)


def reset_context(token: contextvars.Token[RequestContext | None]) -> None:
    _context.reset(token)
