"""Operational endpoints: health check and CSP violation reports."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

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
