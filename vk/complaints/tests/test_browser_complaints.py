"""A complaint received by phone, handled as the complaints officer would: registered,
acknowledged, answered as partly well-founded with what the centre changed, closed, and
found in the register and the yearly overview. Labels are looked up through gettext in
Dutch."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vk.centres.models import Centre, User
from vk.complaints.models import Complaint, Stage
from vk.tests.browser import csp_violations, log_in_quickly, nl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page: Any, summary: str, fill: dict[str, str] | None = None) -> None:
    steps = page.get_by_role("region", name=nl("Next step"))
    details = steps.locator("details", has_text=nl(summary))
    if not details.evaluate("element => element.open"):
        details.get_by_text(nl(summary)).click()
    form = details.locator("form")
    for label, value in (fill or {}).items():
        field = form.get_by_label(nl(label))
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=nl(value))
        else:
            field.fill(value)
    form.get_by_role("button", name=nl("Save this step")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The complaint was updated."))


def test_a_phone_complaint_from_registration_to_the_yearly_overview(
    page: Any, settings: Any, centre_a: Centre, officer_a: User
) -> None:
    settings.MFA_REQUIRED = False
    log_in_quickly(page, officer_a)
    page.goto("/complaints/")
    page.get_by_role("link", name=nl("Register a complaint")).click()
    page.get_by_label(nl("Received through")).select_option(label=nl("Phone"))
    page.get_by_label(nl("Who complains")).select_option(label=nl("A parent"))
    page.get_by_label(nl("Name") + ":", exact=True).fill("Inge Demeester")
    page.get_by_label(nl("Phone") + ":", exact=True).fill("0470 12 34 56")
    page.get_by_label(nl("About")).select_option(label=nl("How I was treated or spoken to"))
    page.get_by_label(nl("Discussed with the helper first")).select_option(label=nl("No"))
    page.get_by_label(nl("What happened")).fill("De hulpverlener kwam twee keer niet opdagen.")
    page.get_by_role("button", name=nl("Register the complaint")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(nl("Complaint"))
    complaint = Complaint.objects.get()
    expect(page.get_by_role("region", name=nl("Deadlines"))).to_contain_text(
        complaint.acknowledge_due.strftime("%d/%m/%Y")
    )

    _step(page, "Acknowledge receipt", {"Note": "Ontvangstbevestiging per telefoon."})
    _step(
        page,
        "Record the answer",
        {
            "Outcome": "Partly well-founded",
            "The answer in short": "Excuses; vaste afspraken met de hulpverlener.",
            "What the centre changed": "Afspraken thuis worden de dag ervoor bevestigd.",
        },
    )
    _step(page, "Close the complaint")
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED and complaint.handler == officer_a
    history = page.get_by_role("region", name=nl("History"))
    expect(history).to_contain_text("Ontvangstbevestiging per telefoon.")

    page.get_by_role("link", name=nl("Complaints register")).click()
    page.get_by_label(nl("Stage")).select_option(label=nl("All complaints"))
    page.get_by_role("button", name=nl("Show")).click()
    expect(page.get_by_role("table")).to_contain_text(complaint.reference)

    page.get_by_role("link", name=nl("Yearly overview")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(timezone.localdate().year))
    expect(page.get_by_role("region", name=nl("What the centre changed"))).to_contain_text(
        "Afspraken thuis worden de dag ervoor bevestigd."
    )
    expect(page.get_by_role("button", name=nl("Print"))).to_be_visible()
    assert csp_violations(page) == []
