"""The dossier page's panels, as a case worker uses them: a form appears when its panel
is opened and is saved; a form with a mistake comes back with what was typed; without
JavaScript the panel's link leads to the form; a panel opened after the session ended
says so instead of showing the login page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from vk.centres.models import Centre, Role, User
from vk.dossiers.models import Dossier
from vk.tests.browser import csp_violations, log_in_quickly, nl
from vk.tests.factories import TeamFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_panel_s_form_appears_when_opened_and_is_saved(
    page: Any, dossier: Dossier, worker_a: User, team_lead_a: User, centre_a: Centre
) -> None:
    team_mate = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Tine")
    TeamFactory(centre=centre_a, name="Team Noord").members.add(worker_a, team_mate)
    elsewhere = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER], first_name="Els")
    TeamFactory(centre=centre_a, name="Team Zuid").members.add(elsewhere)
    log_in_quickly(page, worker_a)
    page.goto(f"/dossiers/{dossier.pk}/")

    section = page.get_by_role("region", name=nl("Team decisions"))
    question = section.get_by_label(nl("Question to the team"))
    expect(question).to_have_count(0)  # not on the page until the panel opens
    section.get_by_text(nl("Record a team decision"), exact=True).click()
    present = section.get_by_role("group", name=re.compile(nl("Colleagues present")))
    expect(present.get_by_label(re.compile(team_mate.get_full_name()))).to_be_visible()
    expect(present.get_by_label(re.compile(elsewhere.get_full_name()))).to_have_count(0)
    present.get_by_label(re.compile(worker_a.get_full_name())).check()
    present.get_by_label(re.compile(team_mate.get_full_name())).check()
    question.fill("Is een gezinsbegeleiding nodig?")
    section.get_by_label(nl("Decision") + ":", exact=True).fill("Gezinsbegeleiding voorstellen.")
    section.get_by_label(nl("Rationale")).fill("De moeder vraagt zelf hulp.")
    section.get_by_role("button", name=nl("Save team decision")).click()

    expect(page.get_by_role("status")).to_contain_text(nl("The team decision was saved."))
    decisions = page.get_by_role("region", name=nl("Team decisions"))
    expect(decisions).to_contain_text("Is een gezinsbegeleiding nodig?")
    expect(decisions).to_contain_text(team_mate.get_full_name())
    assert set(dossier.decisions.get().participants.all()) == {worker_a, team_mate}
    assert csp_violations(page) == []


def test_a_form_with_a_mistake_comes_back_open_with_what_was_typed(
    page: Any, dossier: Dossier, worker_a: User
) -> None:
    typed = "Mila is vaak afwezig op maandag; de zorgcoördinator maakt zich zorgen."
    log_in_quickly(page, worker_a)
    page.goto(f"/dossiers/{dossier.pk}/")
    section = page.get_by_role("region", name=nl("Contacts with professionals"))
    section.get_by_text(nl("Add a contact with a professional"), exact=True).click()
    section.get_by_label(nl("Professional") + ":", exact=True).fill("Zorgcoördinator")
    section.get_by_label(nl("Organisation")).fill("CLB")
    section.get_by_label(nl("Ground for sharing")).select_option("consent")
    section.get_by_label(nl("What was learned")).fill(typed)
    section.get_by_role("button", name=nl("Save contact")).click()

    # Shared with consent, yet the family does not know: refused, nothing lost.
    section = page.get_by_role("region", name=nl("Contacts with professionals"))
    expect(section.get_by_text(re.compile("toestemming"))).to_be_visible()
    expect(section.get_by_label(nl("What was learned"))).to_have_value(typed)
    expect(section.get_by_label(nl("Organisation"))).to_have_value("CLB")
    section.get_by_label(nl("The family knows about this contact")).check()
    section.get_by_role("button", name=nl("Save contact")).click()
    expect(page.get_by_role("status")).to_contain_text(nl("The contact was added."))
    expect(page.get_by_text(typed)).to_be_visible()
    assert dossier.contacts.get().learned == typed
    assert csp_violations(page) == []


def test_without_javascript_the_panel_leads_to_the_form(
    browser: Any, live_server: Any, dossier: Dossier, worker_a: User
) -> None:
    context = browser.new_context(
        locale="nl-BE", base_url=live_server.url, java_script_enabled=False
    )
    context._vk_base_url = live_server.url
    page = context.new_page()
    try:
        log_in_quickly(page, worker_a)
        page.goto(f"/dossiers/{dossier.pk}/")
        work = page.get_by_role("region", name=nl("Appointments and tasks"))
        work.get_by_text(nl("Add a task"), exact=True).click()
        link = re.compile(f"{nl('Open the form')}.*{nl('Add a task')}")
        work.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(nl("Add a task"))
        page.get_by_label(nl("Task") + ":", exact=True).fill("Schoolrapport opvragen")
        page.get_by_role("button", name=nl("Add task")).click()
        expect(page.get_by_role("status")).to_contain_text(nl("The task was added."))
        expect(page.get_by_role("link", name="Schoolrapport opvragen")).to_be_visible()
    finally:
        context.close()


def test_a_panel_opened_after_the_session_ended_says_so(
    page: Any, dossier: Dossier, worker_a: User
) -> None:
    log_in_quickly(page, worker_a)
    page.goto(f"/dossiers/{dossier.pk}/")
    Session.objects.all().delete()  # ended on the server (idle timeout, another tab)
    section = page.get_by_role("region", name=nl("Conversations"))
    with page.expect_response(re.compile(r"/accounts/login/")):
        section.get_by_text(nl("Add a conversation"), exact=True).click()
    dialog = page.get_by_role("dialog", name=nl("Your session is about to end"))
    expect(dialog).to_be_visible()
    ended = nl(
        "Your session has ended. What you typed is still on this page: copy it somewhere "
        "safe before you log in again."
    )
    expect(dialog.get_by_text(ended)).to_be_visible()
    # The panel keeps its link (which leads through the login back to the form).
    expect(section.get_by_role("link", name=re.compile(nl("Open the form")))).to_be_visible()
    expect(section.get_by_label(nl("Summary"))).to_have_count(0)
    assert csp_violations(page) == []
