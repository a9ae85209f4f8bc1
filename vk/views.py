"""Operational endpoints: health check, CSP violation reports, session keep-alive."""

from __future__ import annotations

import json
import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from vk.accounts.middleware import last_touched, touch_session
from vk.accounts.receivers import SESSION_STARTED_KEY

logger = logging.getLogger("vk.security")

_MAX_REPORT_BYTES = 16 * 1024


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 'ok' when the database answers, 503 otherwise. Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return HttpResponse("unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@csrf_exempt
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's CSP violation report: directive and paths only, no query strings."""
    if len(request.body) > _MAX_REPORT_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if isinstance(report, dict):
        logger.warning(
            "CSP violation",
            extra={
                "directive": str(report.get("violated-directive", ""))[:100],
                "document": urlsplit(str(report.get("document-uri", ""))).path[:200],
                "blocked": urlsplit(str(report.get("blocked-uri", ""))).scheme[:20],
            },
        )
    return HttpResponse(status=204)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A Dutch page instead of Django's technical one; the reason goes to the log only."""
    logger.warning("CSRF failure", extra={"reason": reason[:100]})
    return render(request, "403_csrf.html", status=403)


@require_POST
def keep_session_alive(request: HttpRequest) -> HttpResponse:
    """Renew the idle timeout while someone types a long text (see static/vk/session.js).

    The request renews the session's idle timeout at once (other requests do so at most
    once a minute); the answer says how long it now lasts.
    The absolute lifetime is not extended. Anonymous callers learn nothing.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"seconds_left": 0}, status=401)
    touch_session(request, force=True)
    return JsonResponse({"seconds_left": session_seconds_left(request)})


def session_seconds_left(request: HttpRequest) -> int:
    """Seconds until the session ends: the idle timeout (from its last renewal) or the
    absolute lifetime."""
    started = request.session.get(SESSION_STARTED_KEY)
    touched = last_touched(request)
    idle_since = time.time() - touched if touched is not None else 0.0
    left = settings.SESSION_IDLE_SECONDS - int(max(idle_since, 0.0))
    if started is not None:
        absolute = settings.SESSION_ABSOLUTE_SECONDS - (time.time() - float(started))
        left = min(left, int(absolute))
    return max(left, 0)
