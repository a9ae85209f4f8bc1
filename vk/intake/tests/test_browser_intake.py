"""The intake as a person does it: register a report about two children, one of whom the
centre already knows, then the team lead decides the track and the report leaves the queue."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from vk.centres.management.commands.seed_demo import DEMO_PASSWORD
from vk.centres.models import User
from vk.intake.models import Report, Status
from vk.intake.services import PersonEntry, ReportDetails, register_report
from vk.tests.browser import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Any, user: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()


def test_intake_worker_registers_a_report_and_the_team_lead_triages_it(
    page: Any, settings: Any
) -> None:
    settings.DEMO = True
    settings.MFA_REQUIRED = False
    call_command("seed_demo", stdout=io.StringIO())  # the demo, with its intake queues
    intake = User.objects.get(email="onthaal.antwerpen@vk.test")
    lead = User.objects.get(email="teamverantwoordelijke.antwerpen@vk.test")
    earlier = register_report(
        by=intake,
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=200),
            channel="phone",
            reporter_kind="professional",
            reporter_sector="school",
            worries="Eerdere zorg over het kind.",
            problems=["emotional"],
        ),
        persons=[
            PersonEntry(
                role="child",
                first_name="Roosje",
                last_name="Vanderplancke",
                birth_date=date(2016, 5, 4),
            )
        ],
    )
    known_child = earlier.persons.get()

    _log_in(page, intake)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Onthaal").click()
    page.get_by_role("link", name="Melding registreren").click()

    page.get_by_label("Naam van de melder").fill("Juf An")
    page.get_by_label("Sector").select_option(label="CLB")
    first = page.get_by_role("group", name="Kind 1")
    first.get_by_label("Voornaam").fill("Roosje")
    first.get_by_label("Achternaam").fill("Vanderplanke")
    first.get_by_label("Geboortedatum:", exact=True).fill("2016-05-04")
    second = page.get_by_role("group", name="Kind 2")
    second.get_by_label("Voornaam").fill("Noah")
    second.get_by_label("Achternaam").fill("Vanderplanke")
    second.get_by_label("Leeftijd (schatting)").fill("6")  # the teacher knows no birthday
    page.get_by_label("Postcode waar het kind woont").fill("2018")
    page.get_by_label("Zorgen").fill("De leerkracht zag blauwe plekken <script>alert(1)</script>.")
    page.get_by_label("Fysieke mishandeling of verwaarlozing").check()
    page.get_by_role("button", name="Melding registreren").click()

    # Search before create: the known child is offered and must be chosen or declined.
    expect(first.get_by_role("alert")).to_contain_text("misschien al gekend")
    first.get_by_label("Roosje Vanderplancke").check()
    page.get_by_role("button", name="Melding registreren").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Melding")
    report = Report.objects.exclude(pk=earlier.pk).latest("pk")
    assert report.persons.filter(pk=known_child.pk).exists()
    assert report.persons.count() == 2
    assert report.persons.get(first_name="Noah").estimated_birth_year is not None
    expect(page.get_by_role("link", name=earlier.reference)).to_be_visible()  # known before
    expect(page.get_by_role("row", name=re.compile("Noah"))).to_contain_text("± 6 jaar (schatting)")
    expect(
        page.get_by_text("<script>alert(1)</script>", exact=False)
    ).to_be_visible()  # shown as text

    page.get_by_role("button", name="Afmelden").click()
    _log_in(page, lead)
    page.goto("/reports/")
    page.get_by_role("link", name=report.reference).click()
    page.get_by_label("Hulpverleningstraject (dossier)").check()
    page.get_by_label("Gronden").fill("Zorgwekkende signalen; ouders nog niet betrokken.")
    page.get_by_label("Teamoverleg").fill("Intaketeam dinsdag")
    page.get_by_role("button", name="Beslissing opslaan").click()

    expect(page.get_by_role("status")).to_contain_text("verliet de wachtrij")
    waiting = page.get_by_role("table", name="Meldingen die wachten op triage")
    expect(waiting.get_by_role("link", name=report.reference)).to_have_count(0)
    report.refresh_from_db()
    assert report.status == Status.TRIAGED
    assert report.track == "help"
    assert csp_violations(page) == []


def test_nothing_typed_is_lost_when_the_page_is_left(
    page: Any, settings: Any, centre_a: Any
) -> None:
    from vk.tests.factories import TEST_PASSWORD, UserFactory

    settings.DEMO = True
    settings.MFA_REQUIRED = False
    worker = UserFactory(centre=centre_a, roles=["intake"], totp=False)
    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(worker.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.goto("/reports/new/")
    page.get_by_role("group", name="Kind 1").get_by_label("Voornaam").fill("Mila")
    page.get_by_role("group", name="Kind 1").get_by_label("Leeftijd (schatting)").fill("4")
    with page.expect_response(
        lambda response: (
            "/reports/draft/" in response.url and "oproep" in (response.request.post_data or "")
        ),
        timeout=15_000,
    ):
        page.get_by_label("Zorgen").fill("De oproep viel weg midden in het gesprek.")
    expect(page.locator("#draft-status")).to_contain_text("Concept bewaard")

    page.goto("/")  # the call drops, the worker does something else, then comes back
    page.goto("/reports/new/")
    expect(page.get_by_text("Niets van wat je typte, is verloren.")).to_be_visible()
    expect(page.get_by_role("group", name="Kind 1").get_by_label("Voornaam")).to_have_value("Mila")
    expect(
        page.get_by_role("group", name="Kind 1").get_by_label("Leeftijd (schatting)")
    ).to_have_value("4")
    expect(page.get_by_label("Zorgen")).to_have_value("De oproep viel weg midden in het gesprek.")
    assert csp_violations(page) == []
