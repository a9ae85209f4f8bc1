"""Audit review in the browser: the data protection officer finds who looked at a
family's file, narrows it to one child, and exports the list for an access request
after confirming their second factor."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers.models import Dossier
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import TOTP_SECRET, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_data_protection_officer_answers_an_access_request(
    page: Any, dossier: Dossier, worker_a: User
) -> None:
    assert (
        client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code
        == 200
    )
    officer: User = UserFactory(
        centre=dossier.centre, roles=[Role.PRIVACY_OFFICER], first_name="Dora"
    )  # type: ignore[assignment]
    log_in_quickly(page, officer)

    page.goto("/")
    page.get_by_role("navigation", name=nl("Main menu")).get_by_role(
        "link", name=nl("Audit")
    ).click()
    search = page.get_by_role("search")
    search.get_by_label(nl("Dossier reference")).fill(dossier.reference)
    search.get_by_role("button", name=nl("Show accesses")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(dossier.reference)
    expect(page.get_by_role("table")).to_contain_text(worker_a.get_full_name())

    page.get_by_role("link", name="Mila Maes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mila Maes")
    expect(page.get_by_role("table")).to_contain_text(worker_a.get_full_name())

    page.get_by_role("link", name=nl("Export as CSV (access request)")).click()
    # Step-up: the second factor again, then the export downloads.
    page.get_by_label(re.compile("Code|Authenticator")).fill(pyotp.TOTP(TOTP_SECRET).now())
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("button", name=re.compile("Bevestig|Confirm")).click()
    exported = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert worker_a.get_full_name() in exported
    assert AuditEntry.objects.filter(event="audit.accesses.exported", actor_id=officer.pk).exists()
    assert csp_violations(page) == []
