from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client

from conftest import client_for
from vk.centres.models import User

pytestmark = pytest.mark.django_db


def test_unknown_page_answers_404_in_dutch(case_worker_a: User) -> None:
    response = client_for(case_worker_a).get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_expired_form_answers_with_a_dutch_explanation(case_worker_a: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(case_worker_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    assert "formulier is verlopen" in response.content.decode()


def test_server_error_page_needs_no_context_and_speaks_both_languages() -> None:
    page = render_to_string("500.html")
    assert "Er ging iets mis" in page
    assert "Une erreur est survenue" in page


def test_an_unknown_host_answers_400_with_the_dutch_page_not_a_server_error() -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/", HTTP_HOST="not-vk.example.org")
    assert response.status_code == 400
    assert "<html" in response.content.decode()
