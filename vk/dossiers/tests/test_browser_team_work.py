"""The screens the dossier walk does not pass through, clicked as a case worker would:
a safety assessment on the generic instrument, editing a conversation, and a task from
the dossier page that is done from Mijn werk."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from vk.centres.models import User
from vk.dossiers import services
from vk.dossiers.instruments import load_instrument, shipped_definitions
from vk.dossiers.models import Dossier
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.work.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assessment_edit_and_task_as_a_case_worker(
    page: Any, dossier: Dossier, worker_a: User
) -> None:
    # Transactional tests empty the tables between tests, also the instrument the
    # migrations shipped: load it again (idempotent).
    for definition in shipped_definitions():
        load_instrument(definition)
    services.add_conversation(
        dossier=dossier,
        by=worker_a,
        held_at=timezone.now() - timedelta(hours=3),
        place="centre",
        participants="moeder",
        summary="Eerste versie van het verslag.",
    )
    log_in_quickly(page, worker_a)
    page.goto(f"/dossiers/{dossier.pk}/")

    # A safety assessment: every question answered, the team's own judgement.
    page.get_by_role(
        "link", name=re.compile(nl("New assessment with %(name)s") % {"name": ""})
    ).click()
    for group in page.locator("fieldset fieldset").all():
        group.get_by_role("radio").first.check()
    page.get_by_label(nl("Moment")).select_option("after_exploration")
    page.get_by_role("group", name=re.compile(nl("Safety judgement of the team"))).get_by_label(
        nl("Safe with agreements")
    ).check()
    page.get_by_label(nl("Difficulties")).fill("Spanningen tussen de ouders.")
    page.get_by_label(nl("Strengths")).fill("Grootmoeder springt bij.")
    page.get_by_role("button", name=nl("Save assessment")).click()
    assessments = page.get_by_role(
        "region", name=nl("Assessment: difficulties, strengths and safety")
    )
    expect(assessments).to_contain_text("Grootmoeder springt bij.")
    expect(assessments).to_contain_text(nl("Safe with agreements"))

    # Editing a conversation keeps the version; the page shows the new text.
    conversations = page.get_by_role("region", name=nl("Conversations"))
    conversations.get_by_role("link", name=re.compile(nl("Edit"))).first.click()
    page.get_by_label(nl("Summary")).fill("Verbeterde versie van het verslag.")
    page.get_by_role("button", name=nl("Save changes")).click()
    expect(page.get_by_text("Verbeterde versie van het verslag.")).to_be_visible()

    # A task from the dossier page, done from Mijn werk.
    work = page.get_by_role("region", name=nl("Appointments and tasks"))
    work.get_by_text(nl("Add a task"), exact=True).click()
    work.get_by_label(nl("Task") + ":", exact=True).fill("School bellen over de afwezigheden")
    work.get_by_role("button", name=nl("Add task")).click()
    expect(page.get_by_role("link", name="School bellen over de afwezigheden")).to_be_visible()
    page.get_by_role("navigation", name=nl("Main menu")).get_by_role(
        "link", name=nl("My work")
    ).click()
    page.get_by_role("button", name=re.compile(nl("Mark done"))).first.click()
    expect(page.get_by_role("status")).to_contain_text(nl("The task was marked done."))
    assert Task.objects.get().done_at is not None
    assert csp_violations(page) == []
