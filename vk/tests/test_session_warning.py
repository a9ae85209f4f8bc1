"""The session keep-alive and the warning before a session ends (no typed text lost)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import client_for
from vk.accounts.receivers import SESSION_STARTED_KEY
from vk.centres.models import User
from vk.tests.browser import csp_violations, log_in_quickly


@pytest.mark.django_db
def test_keep_alive_renews_an_active_session_and_tells_how_long_it_lasts(
    case_worker_a: User, settings: Any
) -> None:
    client = client_for(case_worker_a)
    url = reverse("keep-session-alive")
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    assert 0 < response.json()["seconds_left"] <= settings.SESSION_IDLE_SECONDS
    # Near the end of the absolute lifetime the answer is what is left of it.
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_SECONDS + 90
    session.save()
    assert client.post(url).json()["seconds_left"] <= 90


@pytest.mark.django_db
def test_keep_alive_tells_an_anonymous_caller_nothing(client: Any) -> None:
    response = client.post(reverse("keep-session-alive"))
    assert response.status_code == 401
    assert response.json() == {"seconds_left": 0}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_warns_before_the_session_ends_and_can_extend_it(
    page: Any, settings: Any, case_worker_a: User
) -> None:
    settings.SESSION_IDLE_SECONDS = 124  # the warning comes two minutes before the end
    log_in_quickly(page, case_worker_a)
    page.goto("/account/security/")
    warning = page.get_by_role("dialog", name="Je sessie loopt bijna af")
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("over twee minuten")
    with page.expect_response("**/session/keep-alive") as renewal:
        warning.get_by_role("button", name="Aangemeld blijven").click()
    assert renewal.value.ok
    expect(warning).to_be_hidden()
    assert csp_violations(page) == []
