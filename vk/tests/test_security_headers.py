"""The response headers and page contents that keep a browser from leaking data."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from conftest import client_for
from vk.centres.models import User

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_authenticated_page_carries_every_security_header(admin_a: User) -> None:
    response = client_for(admin_a).get(reverse("centres:list-staff"))
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_production_adds_hsts_and_secure_cookies(settings: Any, admin_a: User) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.cookies["vk_csrftoken"]["secure"]


def test_pages_load_nothing_from_other_sites(admin_a: User) -> None:
    pages = [
        Client().get(reverse("account_login")),
        client_for(admin_a).get("/"),
        client_for(admin_a).get(reverse("centres:list-staff")),
    ]
    external = re.compile(r'(?:src|href)\s*=\s*["\'](?:https?:)?//', re.IGNORECASE)
    for response in pages:
        assert not external.search(response.content.decode())
    css = (ROOT / "vk" / "static" / "vk" / "vk.css").read_text()
    assert "url(" not in css and "@import" not in css


def test_inline_script_without_nonce_would_be_blocked() -> None:
    """No template may rely on inline code: every <script> is external or JSON data."""
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
    for template in (ROOT / "vk").rglob("*.html"):
        assert not inline.search(template.read_text()), template


def test_healthz_answers_ok_when_the_database_answers() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_503_when_the_database_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    import vk.views

    def broken_cursor() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(vk.views.connection, "cursor", broken_cursor)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert b"refused" not in response.content


def test_csp_reports_are_accepted_and_logged_without_query_strings(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = (
        '{"csp-report": {"violated-directive": "script-src", '
        '"document-uri": "https://vk.example/staff/4/?naam=Jan", "blocked-uri": "inline"}}'
    )
    response = Client().post("/csp-report", body, content_type="application/csp-report")
    assert response.status_code == 204
    assert "Jan" not in caplog.text
    assert any(record.document == "/staff/4/" for record in caplog.records)


# Production settings --------------------------------------------------------------

PRODUCTION_ENV = {
    "VK_ENVIRONMENT": "production",
    "ALLOWED_HOSTS": "vk.example.org",
    "SECRET_KEY": "x" * 20 + "-production-test-secret-key-" + "y" * 30,
    "VK_DOCUMENT_KEYS": base64.urlsafe_b64encode(b"0" * 32).decode(),
}


def _run_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if not key.startswith("VK_")}
    clean.pop("DATABASE_URL", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_development_runs_with_no_variables_at_all() -> None:
    result = _run_with({}, "check")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_check() -> None:
    result = _run_with(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"VK_DEMO": "1"}, "VK_DEMO cannot be switched on in production"),
        ({"VK_MFA_REQUIRED": "0"}, "VK_MFA_REQUIRED cannot be switched off in production"),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"VK_DEBUG": "1"}, "VK_DEBUG cannot be switched on in production"),
    ],
)
def test_production_refuses_to_start_unsafely(extra: dict[str, str], message: str) -> None:
    result = _run_with({**PRODUCTION_ENV, **extra}, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_mfa_can_only_be_switched_off_in_demo_mode() -> None:
    result = _run_with({"VK_MFA_REQUIRED": "0"}, "check")
    assert result.returncode != 0
    assert "only be switched off in demo mode" in result.stderr
    assert _run_with({"VK_MFA_REQUIRED": "0", "VK_DEMO": "1"}, "check").returncode == 0


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    from vk import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
