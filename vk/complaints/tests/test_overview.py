"""The yearly overview: figures of a small known set, computed by hand."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from conftest import client_for
from vk.audit.models import Action, AuditEntry
from vk.centres.models import Centre, User
from vk.complaints import services
from vk.complaints.models import Channel
from vk.complaints.overview import Line, Share, year_overview
from vk.complaints.tests.helpers import acknowledge, answer, close, register

pytestmark = pytest.mark.django_db

TODAY = "2026-06-30 10:00 +02:00"


@pytest.fixture
def known_set(centre_a: Centre, centre_b: Centre, officer_a: User, officer_b: User) -> None:
    """Seven complaints of 2026 in centre A, one of 2025 and one of centre B."""
    with time_machine.travel(TODAY, tick=False):
        # A: on time throughout; 20 working days to the answer; well-founded.
        a = register(centre_a, officer_a, received_on=date(2026, 1, 5))
        a = acknowledge(a, officer_a, date(2026, 1, 7))
        answer(a, officer_a, date(2026, 2, 2), "well_founded", "Brief aangepast.")
        # B: acknowledged late (due 19/01), answered late (due 16/03) after 54 days.
        b = register(
            centre_a,
            officer_a,
            received_on=date(2026, 1, 12),
            channel=Channel.EMAIL,
            subject="treatment",
            complainant_role="minor",
        )
        b = acknowledge(b, officer_a, date(2026, 1, 20))
        b = answer(b, officer_a, date(2026, 3, 27), "unfounded")
        close(b, officer_a, date(2026, 3, 30), escalated_to="opgroeipunt")
        # C: partly well-founded after 10 working days.
        c = register(
            centre_a,
            officer_a,
            received_on=date(2026, 2, 2),
            channel=Channel.LETTER,
            subject="rights",
        )
        c = acknowledge(c, officer_a, date(2026, 2, 3))
        answer(c, officer_a, date(2026, 2, 16), "partly", "Inzage sneller geregeld.")
        # D: not acknowledged, its deadline (08/06) passed.
        register(centre_a, officer_a, received_on=date(2026, 6, 1), complainant_role="other")
        # E: from the website yesterday, still within its deadline.
        register(
            centre_a,
            None,
            received_on=date(2026, 6, 29),
            channel=Channel.WEB_FORM,
            subject="accessibility",
            complainant_role="person_of_trust",
        )
        # F: in formal handling past its answer deadline (06/05).
        f = register(centre_a, officer_a, received_on=date(2026, 3, 2), channel=Channel.EMAIL)
        f = acknowledge(f, officer_a, date(2026, 3, 3))
        services.start_formal_handling(complaint=f, by=officer_a, expected_version=f.row_version)
        # I: anonymous, not admissible, answered after 2 working days.
        i = register(
            centre_a,
            officer_a,
            received_on=date(2026, 4, 1),
            channel=Channel.EMAIL,
            subject="other",
            complainant_role="professional",
            anonymous=True,
            name="",
        )
        i = acknowledge(i, officer_a, date(2026, 4, 2))
        i = answer(i, officer_a, date(2026, 4, 3), "not_admissible")
        close(i, officer_a, date(2026, 4, 3))
        # Not counted: another year, another centre.
        register(centre_a, officer_a, received_on=date(2025, 12, 15))
        register(centre_b, officer_b, received_on=date(2026, 3, 2))


def _counts(lines: list[Line]) -> dict[str, int]:
    return {line.code: line.count for line in lines}


def test_the_yearly_figures_equal_the_hand_count(known_set: None, centre_a: Centre) -> None:
    figures = year_overview(centre=centre_a, year=2026, today=date(2026, 6, 30))
    assert figures.received == 7
    assert _counts(figures.by_channel) == {
        "web_form": 1,
        "phone": 2,
        "letter": 1,
        "email": 3,
        "in_person": 0,
    }
    assert _counts(figures.by_subject) == {
        "help": 3,
        "treatment": 1,
        "rights": 1,
        "accessibility": 1,
        "other": 1,
    }
    assert _counts(figures.by_complainant) == {
        "minor": 1,
        "parent": 3,
        "family": 0,
        "person_of_trust": 1,
        "professional": 1,
        "other": 1,
    }
    assert _counts(figures.by_stage) == {
        "received": 2,
        "acknowledged": 0,
        "in_conversation": 0,
        "formal": 1,
        "answered": 2,
        "closed": 2,
    }
    assert _counts(figures.by_outcome) == {
        "well_founded": 1,
        "partly": 1,
        "unfounded": 1,
        "not_admissible": 1,
    }
    assert (figures.answered, figures.still_open) == (4, 3)
    # Acknowledged: A, C, F, I on time, B late; D overdue; E not due yet.
    assert figures.acknowledged_on_time == Share(4, 6)
    assert figures.acknowledged_on_time.percent == 67
    # Answered: A, C, I on time, B late; F overdue; D and E not due yet.
    assert figures.answered_on_time == Share(3, 5)
    assert figures.answered_on_time.percent == 60
    # Lead times 2, 10, 20, 54 working days.
    assert figures.median_working_days == 15
    assert [(i.reference[:6], i.text) for i in figures.improvements] == [
        ("K-2026", "Brief aangepast."),
        ("K-2026", "Inzage sneller geregeld."),
    ]


def test_a_year_without_complaints_has_zeros_and_no_shares(centre_a: Centre) -> None:
    figures = year_overview(centre=centre_a, year=2024)
    assert figures.received == 0 and figures.median_working_days is None
    assert figures.answered_on_time.percent is None
    assert all(line.count == 0 for line in figures.by_channel)


def test_the_overview_page_is_printable_and_audited(
    known_set: None, officer_a: User, director_a: User
) -> None:
    with time_machine.travel(TODAY, tick=False):
        response = client_for(director_a).get(reverse("complaints:overview"), {"year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    assert "print-report" in page and "complaints/overview.css" in page
    assert "Inzage sneller geregeld." in page and "67%" in page
    entry = AuditEntry.objects.get(event="complaints.overview.viewed")
    assert entry.action == Action.SEARCH and entry.detail == {"year": 2026, "count": 7}
    assert (
        client_for(officer_a).get(reverse("complaints:overview"), {"year": "x"}).status_code == 400
    )


def test_the_overview_defaults_to_this_year(centre_a: Centre, officer_a: User) -> None:
    with time_machine.travel(TODAY, tick=False):
        response = client_for(officer_a).get(reverse("complaints:overview"))
    assert response.context["figures"].year == 2026
