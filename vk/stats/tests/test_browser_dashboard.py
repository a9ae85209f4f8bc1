"""The director opens the dashboard from the start page, reads its sections, looks
further back for dossiers without a conversation and opens one of them. In Dutch,
elements found by role and label as a person would."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vk.centres.models import Centre, Role, User
from vk.stats.tests.helpers import make_complaint, make_dossier, make_report
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_director_reads_the_dashboard_and_opens_a_quiet_dossier(
    page: Any, settings: Any, centre_a: Centre
) -> None:
    settings.MFA_REQUIRED = False
    director: User = UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dina")  # type: ignore[assignment]
    worker: User = UserFactory(
        centre=centre_a, roles=[Role.CASE_WORKER], first_name="Wout", last_name="Wouters"
    )  # type: ignore[assignment]
    now, today = timezone.now(), timezone.localdate()
    ten_weeks = make_dossier(
        centre_a, director, team=(worker,), of_record=worker, opened=now - timedelta(weeks=10)
    )
    three_weeks = make_dossier(
        centre_a, director, team=(worker,), of_record=worker, opened=now - timedelta(weeks=3)
    )
    make_report(centre_a, director, due=today - timedelta(days=3))
    make_complaint(
        centre_a,
        stage="received",
        acknowledge_due=today - timedelta(days=1),
        answer_due=today + timedelta(days=40),
    )
    log_in_quickly(page, director)

    page.goto("/")
    page.get_by_role("link", name=nl("Dashboard"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(nl("Dashboard"))
    for section in (
        "Intake queue",
        "MaNo decisions on time",
        "Emergency accesses to review",
        "Complaints",
        "Triage decided on time, per month",
        "Open dossiers per case worker",
        "Dossiers without a conversation",
        "Overdue tasks",
    ):
        expect(page.get_by_role("region", name=nl(section), exact=True)).to_be_visible()
    queue = page.get_by_role("region", name=nl("Intake queue"), exact=True)
    overdue = queue.get_by_role("row", name=re.compile(nl("Past their triage deadline")))
    expect(overdue).to_contain_text("1")
    caseload = page.get_by_role("region", name=nl("Open dossiers per case worker"), exact=True)
    expect(caseload.get_by_role("row", name=re.compile("Wout Wouters"))).to_contain_text("2")
    expect(caseload.get_by_role("img", name=nl("Open dossiers per case worker"))).to_be_visible()

    quiet = page.get_by_role("region", name=nl("Dossiers without a conversation"), exact=True)
    expect(quiet.get_by_label(nl("Weeks without a conversation"))).to_have_value("6")
    expect(quiet.get_by_role("link", name=ten_weeks.reference)).to_be_visible()
    expect(quiet.get_by_role("link", name=three_weeks.reference)).to_have_count(0)

    quiet.get_by_label(nl("Weeks without a conversation")).fill("2")
    quiet.get_by_role("button", name=nl("Show")).click()

    expect(page).to_have_url(re.compile(r"weeks=2"))
    quiet = page.get_by_role("region", name=nl("Dossiers without a conversation"), exact=True)
    expect(quiet.get_by_label(nl("Weeks without a conversation"))).to_have_value("2")
    expect(quiet.get_by_role("link", name=ten_weeks.reference)).to_be_visible()
    quiet.get_by_role("link", name=three_weeks.reference).click()

    expect(page).to_have_url(re.compile(rf"/dossiers/{three_weeks.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(three_weeks.reference)
    assert csp_violations(page) == []
