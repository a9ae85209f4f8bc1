"""Intake screens: who may see them, bad input, search before create, audit entries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Role, User
from vk.intake.models import Report, ReportDraft, Status
from vk.intake.services import PersonEntry, ReportDetails, register_report
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.INTAKE], first_name="Ine")


@pytest.fixture
def intake_b(centre_b: Centre) -> User:
    return UserFactory(centre=centre_b, roles=[Role.INTAKE, Role.TEAM_LEAD], first_name="Ivo")


@pytest.fixture
def report_a(intake_a: User) -> Report:
    return register_report(
        by=intake_a,
        details=ReportDetails(
            received_at=timezone.now() - timedelta(days=1),
            channel="phone",
            reporter_kind="professional",
            reporter_sector="clb",
            worries="Zorgen over de thuissituatie.",
            problems=["emotional"],
        ),
        persons=[PersonEntry(role="child", first_name="Lina", last_name="Claes")],
    )


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "reporter_kind": "professional",
        "reporter_sector": "school",
        "worries": "De leerkracht maakt zich zorgen.",
        "problems": ["physical"],
        "urgency": "not_urgent",
        "risk_estimate": "not_assessed",
        "dutch_speaking_network": "unknown",
        "residence_postcode": "2600",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "adults-TOTAL_FORMS": "3",
        "adults-INITIAL_FORMS": "0",
        "adults-0-role": "parent",
        "adults-1-role": "parent",
        "adults-2-role": "parent",
        "children-0-first_name": "Noah",
        "children-0-last_name": "Wouters",
    }
    data.update(changes)
    return data


# Who may see what ------------------------------------------------------------------


def test_worker_of_another_centre_cannot_see_or_find_the_report(
    intake_b: User, report_a: Report
) -> None:
    client = client_for(intake_b)
    for name in [
        "intake:view-report",
        "intake:triage-report",
        "intake:transfer-report",
        "intake:refer-report",
    ]:
        method = client.get if name == "intake:view-report" else client.post
        assert method(reverse(name, args=[report_a.pk])).status_code == 404, name
    queue = client.get(reverse("intake:queue")).content.decode()
    assert report_a.reference not in queue
    matches = client.post(
        reverse("intake:match-persons"),
        {"row": "children-0", "children-0-first_name": "Lina", "children-0-last_name": "Claes"},
    ).content.decode()
    assert "Claes" not in matches


@pytest.mark.parametrize("persona", ["case_worker_a", "admin_a"])
def test_staff_without_an_intake_role_get_404(
    persona: str, request: pytest.FixtureRequest, report_a: Report
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("intake:queue")).status_code == 404
    assert client.get(reverse("intake:register-report")).status_code == 404
    assert client.get(reverse("intake:view-report", args=[report_a.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(anonymous: Client, report_a: Report) -> None:
    response = anonymous.get(reverse("intake:view-report", args=[report_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_intake_worker_cannot_triage(intake_a: User, report_a: Report) -> None:
    response = client_for(intake_a).post(
        reverse("intake:triage-report", args=[report_a.pk]),
        {"track": "help", "grounds": "x", "team_discussion": "y"},
    )
    assert response.status_code == 404
    report_a.refresh_from_db()
    assert report_a.status == Status.IN_QUEUE


def test_reading_and_listing_are_audited_without_search_text(
    intake_a: User, report_a: Report
) -> None:
    client = client_for(intake_a)
    client.get(reverse("intake:view-report", args=[report_a.pk]))
    client.get(reverse("intake:queue"))
    client.post(
        reverse("intake:match-persons"),
        {"row": "children-0", "children-0-first_name": "Lina", "children-0-last_name": "Claes"},
    )
    read = AuditEntry.objects.get(event="intake.report.viewed")
    assert read.object_id == str(report_a.pk)
    assert read.purpose == "intake"
    listed = AuditEntry.objects.get(event="intake.queue.listed")
    assert listed.action == "search"
    assert listed.detail["count"] >= 1
    searched = AuditEntry.objects.get(event="intake.person.matched")
    assert "Lina" not in str(searched.detail) and "Claes" not in str(searched.detail)


def test_team_lead_triages_and_the_report_leaves_the_queue(
    team_lead_a: User, report_a: Report
) -> None:
    client = client_for(team_lead_a)
    response = client.post(
        reverse("intake:triage-report", args=[report_a.pk]),
        {"track": "help", "grounds": "Zorgwekkend.", "team_discussion": "Team dinsdag"},
    )
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert (report_a.status, report_a.track) == (Status.TRIAGED, "help")
    queue = client.get(reverse("intake:queue")).context["waiting"]
    assert report_a not in queue


# Registering -----------------------------------------------------------------------


def test_intake_worker_registers_a_report(intake_a: User) -> None:
    response = client_for(intake_a).post(reverse("intake:register-report"), _form())
    assert response.status_code == 302
    report = Report.objects.get()
    assert response.url == reverse("intake:view-report", args=[report.pk])
    assert report.persons.get().last_name == "Wouters"
    assert AuditEntry.objects.filter(event="intake.report.created").exists()


@time_machine.travel(datetime(2027, 1, 11, 10, 0, tzinfo=ZoneInfo("Europe/Brussels")))
def test_an_age_estimate_becomes_the_year_of_birth_counted_from_the_receipt(
    intake_a: User,
) -> None:
    # Received in December 2026 about a child of about 8: born in 2018, so 9 in 2027.
    data = _form(received_at="2026-12-21T09:30", **{"children-0-estimated_age": "8"})

    response = client_for(intake_a).post(reverse("intake:register-report"), data)

    assert response.status_code == 302
    noah = Person.objects.get(first_name="Noah")
    assert noah.birth_date is None
    assert noah.estimated_birth_year == 2026 - 8
    page = client_for(intake_a).get(response.url).content.decode()
    assert "± 9 jaar (schatting)" in page


def test_the_intake_form_offers_the_age_estimate_for_children_only(intake_a: User) -> None:
    page = client_for(intake_a).get(reverse("intake:register-report")).content.decode()

    assert "Leeftijd (schatting)" in page
    assert 'name="children-0-estimated_age"' in page
    assert 'name="adults-0-estimated_age"' not in page


def test_a_known_child_must_be_chosen_or_declined_before_a_new_one_is_made(
    intake_a: User, report_a: Report
) -> None:
    known = report_a.persons.get()
    client = client_for(intake_a)
    data = _form(**{"children-0-first_name": "Lina", "children-0-last_name": "Klaes"})
    response = client.post(reverse("intake:register-report"), data)
    assert response.status_code == 400
    assert "Lina Claes" in response.content.decode()
    assert Report.objects.count() == 1

    data["children-0-existing_person"] = str(known.pk)
    assert client.post(reverse("intake:register-report"), data).status_code == 302
    assert Person.objects.count() == 1  # linked, not duplicated
    assert Report.objects.count() == 2

    other = _form(
        **{
            "children-0-first_name": "Lina",
            "children-0-last_name": "Klaes",
            "children-0-confirm_new": "on",
        }
    )
    assert client.post(reverse("intake:register-report"), other).status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"worries": ""}, "Dit veld is verplicht."),
        ({"problems": []}, "Kies minstens één classificatie."),
        ({"children-0-first_name": "", "children-0-last_name": ""}, "minstens één kind"),
        ({"children-0-birth_date": "2026-02-31"}, "geldige datum"),
        ({"children-0-birth_date": "2099-01-01"}, "toekomst"),
        ({"received_at": "2099-01-01T10:00"}, "toekomst"),
        ({"children-0-first_name": "x" * 10_000}, "niet meer dan 100 tekens"),
        ({"children-0-national_number": "85.07.30-033.29"}, "controlecijfers"),
        ({"reporter_sector": ""}, "sector"),
        ({"children-0-is_unborn": "on"}, "verwachte geboortedatum"),
        (
            {"children-0-birth_date": "2018-05-01", "children-0-estimated_age": "8"},
            "Geef de geboortedatum óf een geschatte leeftijd, niet allebei.",
        ),
        (
            {
                "children-0-is_unborn": "on",
                "children-0-expected_birth_date": (
                    timezone.localdate() + timedelta(days=60)
                ).isoformat(),
                "children-0-estimated_age": "0",
            },
            "Een ongeboren kind heeft nog geen leeftijd: geef de verwachte geboortedatum.",
        ),
        ({"children-0-estimated_age": "26"}, "hoogstens 25"),
        ({"children-0-estimated_age": "acht"}, "geheel getal"),
        ({"residence_postcode": "4000"}, "jouw centrum"),
        ({"residence_postcode": ""}, "jouw centrum"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_nothing_is_saved(
    intake_a: User, changes: dict[str, Any], message: str
) -> None:
    response = client_for(intake_a).post(reverse("intake:register-report"), _form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Report.objects.count() == 0
    assert Person.objects.count() == 0


def test_html_in_text_fields_is_shown_as_text(intake_a: User) -> None:
    client = client_for(intake_a)
    client.post(reverse("intake:register-report"), _form(worries="<script>alert('x')</script>"))
    report = Report.objects.get()
    page = client.get(reverse("intake:view-report", args=[report.pk])).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page


def test_a_transferred_report_appears_in_the_other_centres_queue(
    intake_a: User, intake_b: User, report_a: Report, centre_b: Centre
) -> None:
    response = client_for(intake_a).post(
        reverse("intake:transfer-report", args=[report_a.pk]),
        {"to_centre": centre_b.pk, "reason": "Gezin woont in Hasselt."},
    )
    assert response.status_code == 302
    assert (
        client_for(intake_a).get(reverse("intake:view-report", args=[report_a.pk])).status_code
        == 404
    )
    receiving = client_for(intake_b)
    assert report_a.reference in receiving.get(reverse("intake:queue")).content.decode()
    for client in (client_for(intake_a), receiving):
        assert report_a.reference in client.get(reverse("intake:list-transfers")).content.decode()


def test_an_address_outside_flanders_is_accepted_with_a_reason(intake_a: User) -> None:
    data = _form(
        residence_postcode="", competence_note="Adres nog onbekend; school ligt in Mechelen."
    )
    assert client_for(intake_a).post(reverse("intake:register-report"), data).status_code == 302
    assert Report.objects.get().competence_note.startswith("Adres nog onbekend")


# Drafts ----------------------------------------------------------------------------


def test_a_draft_is_autosaved_and_put_back_after_a_new_login(intake_a: User) -> None:
    data = _form(worries="Half getypt tijdens het gesprek")
    data["children-1-first_name"] = "Mila"
    response = client_for(intake_a).post(reverse("intake:save-draft"), data)
    assert response.status_code == 200
    assert "Concept bewaard" in response.content.decode()

    page = client_for(intake_a).get(reverse("intake:register-report")).content.decode()
    assert "Half getypt tijdens het gesprek" in page
    assert 'value="Noah"' in page and 'value="Mila"' in page
    assert "Nothing you typed" not in page  # Dutch, not the source text
    assert AuditEntry.objects.filter(event="intake.draft.created").count() == 1


def test_a_draft_keeps_an_age_estimate(intake_a: User) -> None:
    data = _form(**{"children-0-estimated_age": "8"})
    client_for(intake_a).post(reverse("intake:save-draft"), data)

    page = client_for(intake_a).get(reverse("intake:register-report")).content.decode()

    field = page[page.index('name="children-0-estimated_age"') :]
    assert field[: field.index(">")].count('value="8"') == 1


def test_registering_the_report_removes_the_draft(intake_a: User) -> None:
    client = client_for(intake_a)
    client.post(reverse("intake:save-draft"), _form())
    assert client.post(reverse("intake:register-report"), _form()).status_code == 302
    assert not ReportDraft.objects.exists()


def test_a_draft_is_seen_only_by_its_author(intake_a: User, colleague_a: User) -> None:
    client_for(intake_a).post(reverse("intake:save-draft"), _form(worries="Alleen voor mij"))
    page = client_for(colleague_a).get(reverse("intake:register-report")).content.decode()
    assert "Alleen voor mij" not in page


def test_a_draft_can_be_discarded(intake_a: User) -> None:
    client = client_for(intake_a)
    client.post(reverse("intake:save-draft"), _form())
    assert client.post(reverse("intake:discard-draft")).status_code == 302
    assert not ReportDraft.objects.exists()
    assert AuditEntry.objects.filter(event="intake.draft.discarded").exists()
