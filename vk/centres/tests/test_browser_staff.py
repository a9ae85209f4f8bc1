"""A centre administrator adds a colleague, corrects a mistake and blocks an account."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from vk.centres.models import User
from vk.tests.browser import csp_violations, log_in_with_password_and_code
from vk.tests.factories import TeamFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_adds_a_colleague_and_blocks_an_account(
    page: Any, admin_a: User, case_worker_a: User
) -> None:
    TeamFactory(centre=admin_a.centre, name="Team Mechelen")
    log_in_with_password_and_code(page, admin_a)
    page.get_by_role("link", name="Medewerkers beheren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Medewerkers")

    page.get_by_role("link", name="Medewerker toevoegen").click()
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("Nieuwkomer")
    page.get_by_label("E-mailadres van het werk").fill("geen-adres")
    page.get_by_label("Discipline").select_option(label="Psychologisch-pedagogisch")
    page.get_by_role("button", name="Toevoegen en uitnodiging versturen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_text("Kies minstens één rol.")).to_be_visible()
    expect(page.get_by_label("Voornaam")).to_have_value("Noor")  # nothing typed is lost

    page.get_by_label("E-mailadres van het werk").fill("noor.nieuwkomer@vk.test")
    page.get_by_label("Hulpverlener").check()
    page.get_by_label("Team Mechelen").check()
    page.get_by_role("button", name="Toevoegen en uitnodiging versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Noor Nieuwkomer")
    row = page.get_by_role("row", name="Nieuwkomer, Noor")
    expect(row).to_contain_text("Team Mechelen")

    page.get_by_role("link", name=f"Bewerken {case_worker_a.get_full_name()}").click()
    page.get_by_role("link", name="Dit account blokkeren").click()
    page.get_by_role("button", name="Account blokkeren").click()
    expect(page.get_by_role("heading", name="Geblokkeerde accounts")).to_be_visible()
    case_worker_a.refresh_from_db()
    assert not case_worker_a.is_active

    page.get_by_role("link", name="Gegevens van het centrum").click()
    page.get_by_label("Telefoon").fill("03 123 45 67")
    page.get_by_label("Triagetermijn (werkdagen)").fill("4")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("opgeslagen")
    expect(page.get_by_label("Telefoon")).to_have_value("03 123 45 67")
    assert csp_violations(page) == []
