"""From the data-quality list to fixed records: a team lead follows each check's link,
corrects the record, comes back to the list, and the list and the yearly figures follow.
On the known data set of vk/stats/tests/dataset.py."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import Centre, Role
from vk.intake.models import PersonRole
from vk.stats import quality
from vk.stats.tests.dataset import EXPECTED, EXPECTED_QUALITY, YEAR, Known, build
from vk.stats.yearly import yearly_report
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def known(centre_a: Centre, centre_b: Centre) -> Known:
    return build(centre_a, centre_b)


def _links(page: str) -> dict[str, str]:
    """The quality list's record links: reference → href."""
    return {
        reference: unescape(href)
        for href, reference in re.findall(r'<a href="([^"]*\?next=[^"]*)">([^<]+)</a>', page)
    }


def test_a_team_lead_fixes_every_gap_from_the_list_and_the_figures_follow(known: Known) -> None:
    client = client_for(known.team_lead_a)
    listing = reverse("stats:view-quality", args=[YEAR])
    r3, d2, m5 = known.reports["R3"], known.dossiers["D2"], known.procedures["M5"]

    with time_machine.travel(TODAY, tick=False):
        links = _links(client.get(listing).content.decode())
        # Each gap links to the screen that fixes it, and back to the list.
        back = f"?next={listing.replace('/', '%2F')}"
        assert links[r3.reference] == reverse("intake:correct-report", args=[r3.pk]) + back
        assert links[d2.reference] == (
            reverse("dossiers:correct-closing-outcome", args=[d2.pk]) + back
        )
        assert links[m5.reference] == reverse("mano:record-decision-date", args=[m5.pk]) + back
        # An impossible date links to the record itself.
        d4 = known.dossiers["D4"]
        assert links[d4.reference] == reverse("dossiers:view-dossier", args=[d4.pk]) + back

        noor = r3.involved.get(role=PersonRole.CHILD)
        answers = [
            client.post(
                links[r3.reference],
                {
                    "version": r3.row_version,
                    "problems": ["risk"],
                    "reason": "Leeftijd en classificatie na het gesprek met de school.",
                    "children-TOTAL_FORMS": 1,
                    "children-INITIAL_FORMS": 1,
                    "children-0-person": noor.person_id,
                    "children-0-estimated_age": 10,
                    "children-0-gender": "f",
                    "next": listing,
                },
            ),
            client.post(
                links[d2.reference],
                {"version": d2.row_version, "closing_outcome": "help_installed", "next": listing},
            ),
            client.post(
                links[m5.reference],
                {"version": m5.row_version, "decision_on": "2025-12-01", "next": listing},
            ),
        ]
        assert [(answer.status_code, answer["Location"]) for answer in answers] == [
            (302, listing)
        ] * 3

        results = quality.run_checks(year=YEAR, centre_ids=[known.centre_a.pk], with_records=False)
        report = yearly_report(year=YEAR, centres=[known.centre_a], scope="test")

    assert {result.key: result.count for result in results} == {
        **EXPECTED_QUALITY,
        "children_without_age": 0,
        "reports_without_classification": 0,
        "dossiers_without_outcome": 0,
        "mano_without_decision_date": 0,
    }
    assert quality.incomplete_count(results) == EXPECTED_QUALITY["impossible_dossier_dates"]
    assert report.table("problem").value("risk") == EXPECTED["problem"]["risk"] + 1
    ages = {row.code: row.values for row in report.table("age_gender").rows}
    assert ages["unknown"] == (0, 0, 0, 0, 0)
    assert ages["unborn"] == (0, 0, 0, 1, 1)
    assert ages["6-11"] == (3, 1, 0, 0, 4)  # Noor, about 10, a girl
    outcomes = report.table("closing_outcome")
    assert outcomes.value("help_installed") == 3
    assert outcomes.value("not_recorded") == 0


def test_the_statistics_role_sees_counts_and_no_link(known: Known) -> None:
    statistician = UserFactory(centre=known.centre_a, roles=[Role.STATISTICS])

    with time_machine.travel(TODAY, tick=False):
        page = client_for(statistician).get(reverse("stats:view-quality", args=[YEAR]))

    assert _links(page.content.decode()) == {}
    assert known.reports["R3"].reference not in page.content.decode()
