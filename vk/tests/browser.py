"""Helpers for browser tests: log a persona in the way a person would, or quickly."""

from __future__ import annotations

from typing import Any

import pyotp
from django.conf import settings
from django.test import Client
from django.utils import translation

from vk.centres.models import User
from vk.tests.factories import TEST_PASSWORD, TOTP_SECRET


def log_in_with_password_and_code(page: Any, user: User) -> None:
    page.goto("/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.get_by_label("Code").fill(pyotp.TOTP(TOTP_SECRET).now())
    page.get_by_role("button", name="Aanmelden", exact=True).click()


def log_in_quickly(page: Any, user: User) -> None:
    """Hand the browser a logged-in session (for tests about something else than login)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": page.context._vk_base_url}]
    )


def csp_violations(page: Any) -> list[str]:
    violations: list[str] = page.evaluate("window.__csp || []")
    console = [text for text in page.console_errors if "Content Security Policy" in text]
    return violations + console


def nl(message: str) -> str:
    """A message as the Dutch interface shows it (the source text until it is translated)."""
    with translation.override("nl-be"):
        return translation.gettext(message)
