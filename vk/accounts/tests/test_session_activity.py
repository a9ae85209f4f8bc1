"""The idle timeout and the "active sessions" record are renewed at most once a minute,
at once when the client changes, and never so late that a session ends unannounced."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from vk.centres.models import User
from vk.tests.factories import TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _expiry(client: Any) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _last_seen(client: Any) -> datetime:
    return UserSession.objects.get(session_key=client.session.session_key).last_seen_at


def test_requests_within_a_minute_write_neither_the_session_nor_its_record(
    case_worker_a: User,
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        client.get("/")
        expiry, seen = _expiry(client), _last_seen(client)
        traveller.shift(timedelta(seconds=50))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        writes = [q["sql"] for q in queries if q["sql"].startswith(("UPDATE", "INSERT"))]
        assert writes == []
        assert (_expiry(client), _last_seen(client)) == (expiry, seen)


def test_a_request_after_a_minute_renews_the_idle_timeout_and_the_last_seen_time(
    case_worker_a: User,
) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        client.get("/")
        expiry = _expiry(client)
        traveller.shift(timedelta(seconds=61))
        client.get("/")
        assert _expiry(client) == expiry + timedelta(seconds=61)
        assert _last_seen(client) == START + timedelta(seconds=61)


def test_an_active_user_is_never_logged_out_for_being_idle(case_worker_a: User) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        for _ in range(40):  # a click every 50 seconds: each within a minute of a renewal
            traveller.shift(timedelta(seconds=50))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200


def test_a_new_address_or_browser_is_recorded_at_once(case_worker_a: User) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        client.get("/", REMOTE_ADDR="10.0.0.1")
        traveller.shift(timedelta(seconds=5))
        client.get("/", REMOTE_ADDR="10.0.0.2")
        record = UserSession.objects.get(session_key=client.session.session_key)
        assert record.ip == "10.0.0.2"
        assert record.last_seen_at == START + timedelta(seconds=5)
        traveller.shift(timedelta(seconds=5))
        client.get("/", REMOTE_ADDR="10.0.0.2", HTTP_USER_AGENT="Another browser")
        record.refresh_from_db()
        assert record.user_agent == "Another browser"


def test_the_time_left_counts_from_the_last_renewal(case_worker_a: User, settings: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        client.get("/")
        traveller.shift(timedelta(seconds=40))
        client.get("/")  # within the minute: not renewed
        response = client.get("/")
        assert response.context["session_seconds_left"] == settings.SESSION_IDLE_SECONDS - 40


def test_keep_alive_renews_at_once(case_worker_a: User, settings: Any) -> None:
    with time_machine.travel(START, tick=False) as traveller:
        client = client_for(case_worker_a)
        client.get("/")
        expiry = _expiry(client)
        traveller.shift(timedelta(seconds=20))
        answer = client.post(reverse("keep-session-alive")).json()
        assert answer["seconds_left"] == settings.SESSION_IDLE_SECONDS
        assert _expiry(client) == expiry + timedelta(seconds=20)


def test_the_second_factor_is_looked_up_until_found_then_remembered() -> None:
    user = UserFactory(totp=False)
    client = client_for(user)
    assert client.get("/").url == reverse("accounts:setup-mfa")
    assert client.get("/").url == reverse("accounts:setup-mfa")  # asked again: still none
    TOTP.activate(user, TOTP_SECRET)
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "mfa_authenticator" in q["sql"]]
