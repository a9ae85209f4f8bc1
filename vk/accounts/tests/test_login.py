from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyotp
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import User
from vk.tests.factories import TEST_PASSWORD, TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def _log_in(client: Client, user: User, password: str = TEST_PASSWORD) -> Any:
    return client.post(LOGIN_URL, {"login": user.email, "password": password})


def _reauthenticate(client: Client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


def test_login_asks_for_the_authenticator_code_and_then_shows_home(case_worker_a: User) -> None:
    client = Client()
    response = _log_in(client, case_worker_a)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    # Not logged in yet: the start page still sends us to the login page.
    assert client.get("/").status_code == 302

    response = client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(TOTP_SECRET).now()})
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Welkom, Casper" in home.content.decode()
    login_entry = AuditEntry.objects.get(event="auth.login")
    assert login_entry.actor_id == case_worker_a.pk


def test_wrong_authenticator_code_does_not_log_in(case_worker_a: User) -> None:
    client = Client()
    _log_in(client, case_worker_a)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(event="auth.mfa_failed", actor_id=case_worker_a.pk).exists()


def test_wrong_password_is_refused_in_dutch_and_recorded_without_the_address(
    case_worker_a: User,
) -> None:
    response = _log_in(Client(), case_worker_a, password="not-the-password")
    assert response.status_code == 200
    assert "niet correct" in response.content.decode()
    entry = AuditEntry.objects.get(event="auth.login_failed")
    assert entry.object_id == str(case_worker_a.pk)
    assert entry.outcome == "failure"
    assert case_worker_a.email not in str(AuditEntry.objects.filter(pk=entry.pk).values().get())


def test_user_without_second_factor_must_set_one_up_first() -> None:
    user = UserFactory(roles=["centre_admin"], totp=False)
    client = Client()
    assert _log_in(client, user).status_code == 302
    for url in ["/", reverse("centres:list-staff"), reverse("accounts:security")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("accounts:setup-mfa")
    assert client.get(reverse("accounts:setup-mfa")).status_code == 200
    # Setting up a factor asks for the password once more (step-up), then opens.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))
    _reauthenticate(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_demo_without_mfa_lets_a_user_in_with_a_password_only(settings: Any) -> None:
    settings.MFA_REQUIRED = False
    settings.DEMO = True
    user = UserFactory(totp=False)
    client = Client()
    response = _log_in(client, user)
    assert response.status_code == 302
    home = client.get("/")
    assert "DEMO — fictieve gegevens" in home.content.decode()


def test_last_second_factor_cannot_be_removed(case_worker_a: User) -> None:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.get(user=case_worker_a, type=Authenticator.Type.TOTP)
    assert get_adapter().can_delete_authenticator(totp) is False


def test_signing_up_is_not_possible() -> None:
    assert Client().get("/accounts/signup/").status_code == 404


def test_failed_logins_are_throttled_per_account_and_address(case_worker_a: User) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        _log_in(attacker, case_worker_a, password="guess")
    response = _log_in(attacker, case_worker_a)  # even the right password is refused now
    assert response.status_code == 200
    assert "Te veel inlogpogingen" in response.content.decode()
    assert AuditEntry.objects.filter(event="auth.login_failed", detail__reason="throttled").exists()

    colleague_pc = Client(REMOTE_ADDR="198.51.100.20")
    response = _log_in(colleague_pc, case_worker_a)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")


START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_session_ends_after_thirty_idle_minutes(case_worker_a: User) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/")
        assert response.status_code == 302
        assert response.url.startswith(LOGIN_URL)


def test_session_ends_after_its_absolute_lifetime_even_when_active(
    case_worker_a: User, settings: Any
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        client.get("/")
        for _ in range(35):  # one click every 20 minutes: never idle for long
            traveller.shift(timedelta(minutes=20))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=25))  # 12 h 5 min after login
        response = client.get("/")
        assert response.status_code == 302
        assert response.url == reverse("account_login")
        assert client.get("/").status_code == 302
    assert AuditEntry.objects.filter(event="auth.logout", actor_id=case_worker_a.pk).exists()


def test_deactivated_user_is_logged_out_at_the_next_request(case_worker_a: User) -> None:
    client = client_for(case_worker_a)
    assert client.get("/").status_code == 200
    User.objects.filter(pk=case_worker_a.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_logout_clears_the_browser_and_is_recorded(case_worker_a: User) -> None:
    client = client_for(case_worker_a)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert AuditEntry.objects.filter(event="auth.logout").exists()


def test_adding_an_authenticator_is_recorded(django_capture_on_commit_callbacks: Any) -> None:
    user = UserFactory(totp=False)
    client = Client()
    _log_in(client, user)
    _reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    added = AuditEntry.objects.filter(event="mfa.added", actor_id=user.pk)
    assert sorted(entry.detail["type"] for entry in added) == ["recovery_codes", "totp"]
    assert client.get("/").status_code == 200


def test_totp_secret_is_encrypted_at_rest(case_worker_a: User) -> None:
    from allauth.mfa.models import Authenticator

    stored = Authenticator.objects.get(user=case_worker_a, type="totp").data["secret"]
    assert TOTP_SECRET not in stored


def test_a_code_from_the_previous_window_still_works_but_only_once(case_worker_a: User) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        code = pyotp.TOTP(TOTP_SECRET).at(START)
        traveller.shift(timedelta(seconds=31))  # the phone showed it just before it changed
        client = Client()
        _log_in(client, case_worker_a)
        assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
        assert client.get("/").status_code == 200

        again = Client()
        _log_in(again, case_worker_a)
        assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
        assert again.get("/").status_code == 302
