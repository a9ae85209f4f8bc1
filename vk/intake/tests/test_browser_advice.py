"""The advice track as a person walks it: the team lead decides "advice", records the
advice and a follow-up contact, then converts it into a help trajectory; and both centres
see a transfer in their transfer log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vk.centres.models import Role
from vk.intake.models import AdviceStatus, Report
from vk.intake.services import PersonEntry, ReportDetails, register_report, transfer_report
from vk.tests.browser import csp_violations
from vk.tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _report(by: Any) -> Report:
    return register_report(
        by=by,
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=1),
            channel="phone",
            reporter_kind="professional",
            reporter_sector="school",
            worries="Een leerkracht twijfelt of ze zich zorgen moet maken.",
            problems=["unclear"],
        ),
        persons=[PersonEntry(role="child", first_name="Daan")],
    )


def test_advice_is_given_followed_up_and_converted(
    page: Any, settings: Any, centre_a: Any, centre_b: Any
) -> None:
    settings.DEMO = True
    settings.MFA_REQUIRED = False
    intake = UserFactory(centre=centre_a, roles=[Role.INTAKE])
    lead = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD], totp=False)
    report = _report(intake)
    transferred = _report(intake)
    transfer_report(
        report=transferred, by=intake, to_centre=centre_b, reason="Gezin woont in Genk."
    )

    page.goto("/accounts/login/")
    page.get_by_label("E-mailadres").fill(lead.email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.goto(f"/reports/{report.pk}/")
    page.get_by_label("Advies aan de melder").check()
    page.get_by_label("Gronden").fill("De school kan zelf verder met ons advies.")
    page.get_by_label("Teamoverleg").fill("Intaketeam maandag")
    page.get_by_role("button", name="Beslissing opslaan").click()

    page.goto(f"/reports/{report.pk}/")
    page.get_by_role("link", name="Adviesfiche openen").click()
    page.get_by_label("Gegeven advies").fill("Gesprek met de ouders aangaan; signalen noteren.")
    page.get_by_role("button", name="Advies opslaan").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.get_by_label("Samenvatting").fill("Leerkracht belde terug: ouders staan open voor hulp.")
    page.get_by_role("button", name="Contact toevoegen").click()
    expect(page.get_by_text("ouders staan open voor hulp")).to_be_visible()
    page.get_by_role("button", name="Omzetten naar een hulpverleningstraject").click()
    expect(page.get_by_role("status")).to_contain_text("hulpverleningstraject")
    report.refresh_from_db()
    assert report.track == "help"
    assert report.advice.status == AdviceStatus.CONVERTED
    expect(page.get_by_text("ouders staan open voor hulp")).to_be_visible()  # history kept

    page.goto("/reports/")
    page.get_by_role("link", name="Overdrachten van en naar andere centra").click()
    expect(page.get_by_role("row", name=transferred.reference)).to_contain_text(
        "Gezin woont in Genk."
    )
    assert csp_violations(page) == []
