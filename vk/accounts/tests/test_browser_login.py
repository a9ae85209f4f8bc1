"""A person logs in with an authenticator app and lands on their start page, in Dutch."""

from __future__ import annotations

import io
import re
from typing import Any

import pyotp
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from vk.centres.models import User
from vk.tests.browser import csp_violations, log_in_with_password_and_code
from vk.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_with_authenticator_code_shows_the_dutch_start_page(
    page: Any, case_worker_a: User
) -> None:
    log_in_with_password_and_code(page, case_worker_a)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Casper")
    expect(page.locator("html")).to_have_attribute("lang", "nl-be")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible()
    assert csp_violations(page) == []


def test_pages_raise_no_content_security_policy_violation(page: Any, admin_a: User) -> None:
    log_in_with_password_and_code(page, admin_a)
    for link in ["Medewerkers", "Mijn account"]:
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/accounts/2fa/")
    assert page.evaluate("document.styleSheets.length") >= 2  # our own CSS did load
    assert page.evaluate("typeof window.htmx") == "object"  # the vendored htmx ran
    assert csp_violations(page) == []


def test_new_colleague_sets_up_an_authenticator_app_before_anything_else(page: Any) -> None:
    user = UserFactory(totp=False, first_name="Nina")
    page.goto("/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")

    page.get_by_role("link", name="Gebruik een authenticatie-app").click()
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)  # step-up: password once more
    page.get_by_role("button", name="Bevestigen").click()
    secret = page.locator("#authenticator_secret").input_value()
    expect(page.get_by_role("img", name=re.compile(secret))).to_be_visible()  # the QR code
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activeer").click()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Nina")
    assert csp_violations(page) == []


def test_demo_user_logs_in_behind_the_demo_banner(page: Any, settings: Any) -> None:
    settings.DEMO = True
    settings.MFA_REQUIRED = False
    call_command("seed_demo", "--without-reports", stdout=io.StringIO())
    page.goto("/")
    expect(page.get_by_role("note")).to_have_text("DEMO — fictieve gegevens")
    page.get_by_label("E-mailadres").fill("onthaal.antwerpen@vk.test")
    page.get_by_label("Wachtwoord").fill("vk-demo-2026")
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    expect(page.get_by_text("VK Antwerpen").first).to_be_visible()
    expect(page.get_by_role("note")).to_have_text("DEMO — fictieve gegevens")


def test_the_interface_switches_to_french(page: Any, case_worker_a: User) -> None:
    log_in_with_password_and_code(page, case_worker_a)
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue, Casper")
    expect(page.locator("html")).to_have_attribute("lang", "fr-be")
