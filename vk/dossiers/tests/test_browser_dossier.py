"""A dossier as the team works it: the team lead opens it from a triaged report; the
case worker records a conversation with an interpreter and a contact with the CLB, the
team decides, the parents agree to the help proposal, the invitation letter is made,
and the dossier is closed. Newer labels are looked up through gettext in Dutch."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from vk.centres.models import Role, User
from vk.dossiers.models import Dossier, State
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.tests.browser import csp_violations, nl
from vk.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _record_decision(page: Any, people: list[Any], question: str, action: str = "") -> None:
    section = page.get_by_role("region", name=nl("Team decisions"))
    section.get_by_text(nl("Record a team decision"), exact=True).click()
    for person in people:
        section.get_by_label(re.compile(person.get_full_name())).check()
    section.get_by_label(nl("Question to the team")).fill(question)
    section.get_by_label(nl("Decision") + ":", exact=True).fill("Gezinsbegeleiding voorstellen.")
    section.get_by_label(nl("Rationale")).fill("De moeder wil hulp; Mila is gebaat bij rust.")
    if action:
        label = nl("Follow-up action %(number)s") % {"number": 1}
        section.get_by_label(label).fill(action)
        section.get_by_label(nl("Who") + ":", exact=True).first.select_option(
            label=people[0].get_full_name()
        )
        section.get_by_label(nl("Due on")).first.fill("2099-01-15")
    section.get_by_role("button", name=nl("Save team decision")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The team decision was saved."))


def _move_to(page: Any, state: str, *, with_decision: bool = False) -> None:
    step = page.get_by_role("region", name=nl("Next step"))
    if with_decision:
        step.get_by_label(nl("Team decision")).first.select_option(index=1)
    name = nl("Move to: %(state)s") % {"state": nl(state)}
    step.get_by_role("button", name=name).click()
    expect(page.get_by_role("heading", level=1).locator("..")).to_contain_text(nl(state))


def _log_in(page: Any, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()


def test_team_opens_works_and_closes_a_dossier(page: Any, settings: Any, centre_a: Any) -> None:
    settings.DEMO = True
    settings.MFA_REQUIRED = False
    lead = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD], totp=False)
    worker = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wanda", totp=False)
    report = register_report(
        by=UserFactory(centre=centre_a, roles=[Role.INTAKE]),
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=3),
            channel="phone",
            reporter_kind="professional",
            reporter_sector="clb",
            worries="Zorgen over Mila.",
            problems=["emotional"],
        ),
        persons=[
            PersonEntry(
                role="child", first_name="Mila", last_name="Nowak", birth_date=date(2015, 6, 1)
            ),
            PersonEntry(
                role="parent", first_name="Ewa", last_name="Nowak", parental_authority=True
            ),
        ],
    )
    triage_report(
        report=report, by=lead, track="help", grounds="Zorgwekkend.", team_discussion="Team"
    )

    _log_in(page, lead)
    page.goto(f"/reports/{report.pk}/")
    page.get_by_role("link", name="Dossier openen").click()
    page.get_by_label(f"{worker.get_full_name()} (Sociaal)").check()
    page.get_by_label("Dossierverantwoordelijke").select_option(
        label=f"{worker.get_full_name()} (Sociaal)"
    )
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dossier D-ANT-")
    page.get_by_role("button", name="Afmelden").click()

    _log_in(page, worker)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Mijn dossiers"
    ).click()
    page.get_by_role("link", name=Dossier.objects.get().reference).click()
    family = page.get_by_role("table", name="Gezinssamenstelling")
    expect(family).to_contain_text("Mila Nowak")
    expect(family).to_contain_text("ouderlijk gezag")

    page.get_by_text("Gesprek toevoegen", exact=True).click()
    page.get_by_label("Plaats").select_option(label="Huisbezoek")
    page.get_by_label("Deelnemers").fill("moeder, hulpverlener, tolk")
    page.get_by_label("Gebruikte taal").fill("Pools")
    page.get_by_label("Er was een tolk aanwezig").check()
    page.get_by_label("Tolktaal").fill("Pools")
    page.get_by_label("Samenvatting").fill("Kennismaking; moeder vertelt over de spanningen thuis.")
    page.get_by_role("button", name="Gesprek opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("gesprek")
    expect(page.get_by_text("Kennismaking; moeder vertelt")).to_be_visible()

    page.get_by_text("Contact met een professional toevoegen", exact=True).click()
    page.get_by_label("Professional:", exact=True).fill("Zorgcoördinator")
    page.get_by_label("Organisatie").fill("CLB")
    page.get_by_label("Grond voor het delen").select_option(
        label="Gedeeld beroepsgeheim (zelfde zorg voor de cliënt)"
    )
    page.get_by_label("Wat we vernamen").fill("Mila is vaak afwezig op maandag.")
    page.get_by_role("button", name="Contact opslaan").click()
    expect(page.get_by_text("Mila is vaak afwezig op maandag.")).to_be_visible()
    genogram = page.get_by_role("img", name=re.compile("Genogram"))
    expect(genogram).to_be_visible()
    expect(genogram).to_contain_text("Mila Nowak")
    expect(genogram).to_contain_text("CLB")

    page.get_by_role("link", name="Tijdlijn van alles in dit dossier").click()
    expect(page.get_by_text("Kennismaking; moeder vertelt")).to_be_visible()
    expect(page.get_by_text("Mila Nowak:").first).to_be_visible()
    page.get_by_role("link", name="Gesprekken").click()
    expect(page.get_by_text("Zorgcoördinator")).to_have_count(0)
    page.get_by_role("link", name=re.compile("← Dossier")).click()

    _move_to(page, "Assessment")

    # The team decides on a help proposal, the parent with parental authority agrees.
    _record_decision(page, [worker, lead], "Welke hulp stellen we voor?", "CAW bellen")
    expect(page.get_by_role("region", name=nl("Team decisions"))).to_contain_text("CAW bellen")
    page.get_by_role("link", name=nl("Write the help proposal")).click()
    page.get_by_label(nl("Team decision")).select_option(index=1)
    page.get_by_label(nl("Agreed goals")).fill("Mila voelt zich thuis weer veilig.")
    page.get_by_label(nl("Actions")).fill("Gezinsbegeleiding; het VK volgt op.")
    page.get_by_label(nl("Referrals to services")).fill("CAW – contextbegeleiding")
    page.get_by_role("button", name=nl("Save help proposal")).click()
    proposal = page.get_by_role("region", name=nl("Help proposal"))
    expect(proposal).to_contain_text("Mila voelt zich thuis weer veilig.")
    expect(proposal).to_contain_text("CAW – contextbegeleiding")
    _move_to(page, "Help proposal", with_decision=True)

    proposal.get_by_text(nl("Record an answer to the proposal"), exact=True).click()
    proposal.get_by_label(nl("Who") + ":", exact=True).select_option(label="Ewa Nowak")
    proposal.get_by_label(nl("Agrees"), exact=True).check()
    proposal.get_by_role("button", name=nl("Save answer")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The answer was recorded."))
    answers = page.get_by_role("table", name=nl("Answers to the help proposal"))
    expect(answers.get_by_role("row", name=re.compile("Ewa Nowak"))).to_contain_text(nl("Agrees"))
    _move_to(page, "Follow-up")

    # The invitation letter for a next conversation, as a PDF with the family's name.
    page.get_by_role("link", name=nl("Invitation to a first conversation")).click()
    page.get_by_label(nl("Date and time")).fill("2099-03-02T10:30")
    page.get_by_label(nl("Place")).select_option("centre")
    with page.expect_download() as letter:
        page.get_by_role("button", name=nl("Make the letter")).click()
    pdf = PdfReader(io.BytesIO(letter.value.path().read_bytes()))
    text = " ".join(sheet.extract_text() for sheet in pdf.pages)
    assert "Ewa Nowak" in text
    assert "Mila" in text

    page.goto(f"/dossiers/{Dossier.objects.get().pk}/")
    timeline_link = page.get_by_role("link", name="Tijdlijn van alles in dit dossier")
    timeline_link.click()
    expect(page.get_by_text("Welke hulp stellen we voor?")).to_be_visible()
    page.get_by_role("link", name=re.compile("← Dossier")).click()

    _record_decision(page, [worker, lead], "Kan het dossier worden afgesloten?")
    step = page.get_by_role("region", name=nl("Next step"))
    step.get_by_text("Dossier afsluiten", exact=True).first.click()
    step.get_by_label("Reden van afsluiting").fill("Het gezin aanvaardt hulp elders.")
    step.get_by_label("Afsluitresultaat").select_option(
        label="Hulp geïnstalleerd: toeleiding geslaagd"
    )
    step.get_by_label("Toelichting bij het resultaat").fill("Thuisbegeleiding gestart")
    step.get_by_label("Het gezin kreeg uitleg over hoe lang het dossier bewaard wordt").check()
    step.get_by_label(nl("Team decision")).last.select_option(index=1)
    step.get_by_role("button", name="Dossier afsluiten").click()
    expect(page.get_by_text("bewaard tot 01/06/2050")).to_be_visible()
    expect(
        page.get_by_text("Afsluitresultaat: Hulp geïnstalleerd: toeleiding geslaagd")
    ).to_be_visible()
    assert Dossier.objects.get().state == State.CLOSED
    assert Dossier.objects.get().closing_outcome == "help_installed"
    assert csp_violations(page) == []
