"""A member of the public reads the family page, finds the Brussels centre for postcode
1080, files a complaint and gets a reference number; the centre's complaints officer
then finds it in the register, acknowledges and answers it. In Dutch, as a person would."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from vk.centres.models import Province, Role
from vk.complaints.models import Complaint, Outcome, Stage
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import CentreFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_complaint_from_the_public_form_to_the_officer_s_answer(page: Any, settings: Any) -> None:
    settings.MFA_REQUIRED = False
    brussels = CentreFactory(
        province=Province.BRUSSEL, name="VK Brussel (fictief)", city="Brussel", phone="02 000 00 00"
    )
    CentreFactory(province=Province.ANTWERPEN, name="VK Antwerpen (fictief)")
    officer = UserFactory(centre=brussels, roles=[Role.COMPLAINTS], first_name="Klara")

    # A parent who got an invitation reads what will happen.
    page.goto("/info/")
    page.get_by_role("navigation").get_by_role("link", name=nl("You are invited")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nl-be"

    # They look up which centre serves their postcode.
    page.get_by_role("navigation").get_by_role("link", name=nl("Contact")).click()
    page.get_by_label(nl("Postcode")).fill("1080")
    page.get_by_role("button", name=nl("Find the centre")).click()
    expect(page.get_by_role("main")).to_contain_text("VK Brussel (fictief)")
    expect(page.get_by_role("main")).to_contain_text("SOS Enfants")

    # They are unhappy and file a complaint; a first attempt misses the description.
    page.get_by_role("navigation").get_by_role("link", name=nl("Complaints")).click()
    page.get_by_role("main").get_by_role("link", name=nl("Complaint form")).first.click()
    page.get_by_label(nl("Which centre is your complaint about?")).select_option(
        label="VK Brussel (fictief)"
    )
    page.get_by_label(nl("How I was treated or spoken to")).check()
    page.get_by_label(nl("Yes, but we did not find a solution")).check()
    page.get_by_label(nl("What would you like to happen?")).fill("Een gesprek met de directie.")
    page.get_by_label(nl("A parent")).check()
    page.get_by_label(nl("Your name")).fill("Nora Fictief")
    page.get_by_label(nl("E-mail address")).fill("nora@example.test")
    page.get_by_label(nl("E-mail"), exact=True).check()
    page.get_by_role("button", name=nl("Send my complaint")).click()
    expect(page.get_by_role("alert")).to_contain_text(nl("Tell us what happened."))
    expect(page.get_by_label(nl("What would you like to happen?"))).to_have_value(
        "Een gesprek met de directie."
    )
    page.get_by_label(nl("What happened?")).fill("Niemand belde terug na het eerste gesprek.")
    page.get_by_role("button", name=nl("Send my complaint")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Your complaint was received"))
    reference = page.locator("#complaint-reference").inner_text().strip()
    assert re.fullmatch(r"K-\d{4}-[0-9A-Z]{6}", reference)
    assert csp_violations(page) == []

    # The complaints officer of the Brussels centre acknowledges and answers it.
    page.context.clear_cookies()
    log_in_quickly(page, officer)
    page.goto("/complaints/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)

    steps = page.get_by_role("region", name=nl("Next step"))
    steps.locator("details", has_text=nl("Acknowledge receipt")).get_by_role(
        "button", name=nl("Save this step")
    ).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The complaint was updated."))

    answer = page.get_by_role("region", name=nl("Next step")).locator(
        "details", has_text=nl("Record the answer")
    )
    if not answer.evaluate("element => element.open"):
        answer.get_by_text(nl("Record the answer")).click()
    answer.get_by_label(nl("Outcome")).select_option(label=nl("Partly well-founded"))
    answer.get_by_label(nl("The answer in short")).fill("Excuses; de terugbelafspraak liep mis.")
    answer.get_by_label(nl("What the centre changed")).fill("Terugbellen staat nu in Mijn werk.")
    answer.get_by_role("button", name=nl("Save this step")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The complaint was updated."))

    complaint = Complaint.objects.get(reference=reference)
    assert complaint.centre == brussels
    assert complaint.stage == Stage.ANSWERED
    assert complaint.outcome == Outcome.PARTLY
    assert complaint.handler == officer
    assert csp_violations(page) == []
