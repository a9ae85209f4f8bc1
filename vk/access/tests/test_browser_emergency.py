"""Break the glass in the browser: a colleague not on the team finds the dossier, is
refused, opens it in an emergency with a reason after confirming their second factor,
sees the banner; the team lead sees the review item and closes it."""

from __future__ import annotations

import re
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from vk.access.models import EmergencyAccess
from vk.centres.models import Role, User
from vk.dossiers.models import Dossier
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import TOTP_SECRET, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_standby_colleague_breaks_the_glass_and_the_team_lead_reviews(
    page: Any, dossier: Dossier, team_lead_a: User
) -> None:
    standby: User = UserFactory(centre=dossier.centre, roles=[Role.CASE_WORKER], first_name="Stan")  # type: ignore[assignment]
    log_in_quickly(page, standby)

    page.goto(f"/dossiers/{dossier.pk}/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(dossier.reference)

    page.goto("/access/dossiers/")
    page.get_by_label(nl("Family name or dossier reference")).fill("Maes")
    page.get_by_role("button", name=nl("Search")).click()
    results = page.get_by_role("table")
    expect(results).to_contain_text(dossier.reference)
    results.get_by_role("link", name=re.compile(nl("Emergency access"))).click()

    page.get_by_label(nl("Why do you need this dossier now?")).fill(
        "De politie belt tijdens de weekendpermanentie over dit gezin."
    )
    page.get_by_role("button", name=nl("Open the dossier in an emergency")).click()
    # Step-up: the second factor is asked again, then the request goes on.
    page.get_by_label(re.compile("Code|Authenticator")).fill(pyotp.TOTP(TOTP_SECRET).now())
    page.locator("main").get_by_role("button", name=re.compile("Bevestig|Confirm")).click()

    expect(page.get_by_role("alert")).to_contain_text(nl("Emergency access"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.reference)
    assert EmergencyAccess.objects.get().user == standby

    log_in_quickly(page, team_lead_a)
    page.goto("/dossiers/")
    page.get_by_role("link", name=re.compile(nl("emergency access"), re.IGNORECASE)).click()
    page.get_by_role("link", name=dossier.reference).click()
    expect(page.get_by_text("weekendpermanentie")).to_be_visible()
    page.get_by_label(nl("Justified"), exact=True).check()
    page.get_by_role("button", name=nl("Close the review")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The review was saved."))
    assert EmergencyAccess.objects.get().judgement == "justified"
    assert csp_violations(page) == []
