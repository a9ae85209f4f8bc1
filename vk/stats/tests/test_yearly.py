"""The yearly report and its data-quality list on a known data set: every figure as
worked out by hand in vk/stats/tests/dataset.py."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import Centre, Role
from vk.dossiers.models import Dossier, DossierHistory
from vk.stats import privacy, quality
from vk.stats.tests.dataset import EXPECTED, EXPECTED_QUALITY, YEAR, Known, at, build
from vk.stats.yearly import YearlyReport, yearly_report
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


@pytest.fixture
def known(centre_a: Centre, centre_b: Centre) -> Known:
    return build(centre_a, centre_b)


def _report_of(known: Known, *centres: Centre) -> YearlyReport:
    with time_machine.travel(TODAY, tick=False):
        return yearly_report(year=YEAR, centres=list(centres), scope="test")


def _figures(report: YearlyReport) -> dict[str, dict[str, int | None | tuple[int | None, ...]]]:
    return {
        table.key: {
            row.code: row.values if len(row.values) > 1 else row.values[0] for row in table.rows
        }
        for table in report.tables
    }


def test_every_figure_of_the_centre_is_the_hand_computed_one(known: Known) -> None:
    figures = _figures(_report_of(known, known.centre_a))
    for key, expected in EXPECTED.items():
        assert figures[key] == expected, key


def test_the_three_counting_units_stay_apart(known: Known) -> None:
    units = _report_of(known, known.centre_a).table("units")
    # One report about three children, one child reported twice.
    assert (
        units.value("reports") < units.value("unique_children") < units.value("child_registrations")
    )


def test_all_centres_count_each_report_once_in_the_centre_that_holds_it(known: Known) -> None:
    both = _figures(_report_of(known, known.centre_a, known.centre_b))
    only_b = _figures(_report_of(known, known.centre_b))
    assert only_b["units"]["reports"] == 2  # R10, and R11 handed over from A
    assert both["units"]["reports"] == EXPECTED["units"]["reports"] + 2
    # Jonas is one child in both centres; Lotte and Bram (R10) and Wout (R11) are new.
    assert both["units"]["unique_children"] == EXPECTED["units"]["unique_children"] + 3
    # Between two centres of the scope a transfer is handed over and received.
    assert both["transfers"]["to_other_centre"] == both["transfers"]["from_other_centre"] == 2


def test_the_data_quality_checks_find_the_planted_gaps(known: Known) -> None:
    with time_machine.travel(TODAY, tick=False):
        results = quality.run_checks(year=YEAR, centre_ids=[known.centre_a.pk], with_records=True)
    assert {result.key: result.count for result in results} == EXPECTED_QUALITY
    found = {result.key: [record.reference for record in result.records] for result in results}
    assert found["children_without_age"] == [known.reports["R3"].reference]
    assert found["dossiers_without_outcome"] == [known.dossiers["D2"].reference]
    assert found["mano_without_decision_date"] == [known.procedures["M5"].reference]
    assert quality.incomplete_count(results) == sum(EXPECTED_QUALITY.values())


def test_counts_only_lists_no_record(known: Known) -> None:
    with time_machine.travel(TODAY, tick=False):
        results = quality.run_checks(year=YEAR, centre_ids=[known.centre_a.pk], with_records=False)
    assert all(result.records == () for result in results)
    assert sum(result.count for result in results) == sum(EXPECTED_QUALITY.values())


def test_small_cells_are_hidden_with_one_more_where_one_alone_could_be_worked_out(
    known: Known,
) -> None:
    report = _report_of(known, known.centre_a)
    hidden = privacy.suppressed(report, below=5)
    assert hidden.suppressed_below == 5
    # Reports by type: 1, 1, 1, 2, 2 are all below 5, every one hidden.
    assert all(row.value is None for row in hidden.table("report_type").rows)
    # Problems: zeros stay, the small ones go.
    problems = {row.code: row.value for row in hidden.table("problem").rows}
    assert problems["past_abuse"] == 0 and problems["not_abuse"] == 0
    assert problems["sexual"] is None and problems["risk"] is None
    # Units are separate counts, not parts of one whole: only the 3 re-reports go.
    units = {row.code: row.value for row in hidden.table("units").rows}
    assert units == {
        "reports": 7,
        "child_registrations": 9,
        "unique_children": 8,
        "rereports": None,
    }
    # Children by age, the total column: 1, 1, 0, 3, 2, 1, 1 — all small, all hidden but
    # the zero.
    totals = [row.values[-1] for row in hidden.table("age_gender").rows]
    assert totals == [None, None, 0, None, None, None, None]
    # The centre's own report keeps every number.
    assert report.table("units").value("rereports") == 3


def test_the_all_centres_screen_counts_every_centre_also_under_row_level_security(
    known: Known,
) -> None:
    """The web request is bound to the director's centre (vk/lib/rls.py); the figures of
    all centres must still count the other centres' reports (make test-rls)."""
    director = UserFactory(centre=known.centre_a, roles=[Role.DIRECTOR])
    with time_machine.travel(TODAY, tick=False):
        response = client_for(director).get(reverse("stats:view-all-centres", args=[YEAR]))
    assert response.status_code == 200
    report = response.context["report"]
    # 7 in A and 2 in B; shown, since 9 is not a small number.
    assert report.table("units").value("reports") == EXPECTED["units"]["reports"] + 2


def test_a_dossier_reopened_after_the_year_counts_as_closed_at_its_end(known: Known) -> None:
    """The dossier as it is now says open for D5 (reopened in 2026); at the end of 2025
    it was closed. D6 was reopened in 2025 and stays open; D7, reopened in 2025 and
    closed again in 2026, was open at the end of 2025."""
    lead = known.team_lead_a

    def moves(reference: str, *rows: tuple[date, str, str]) -> Dossier:
        current = rows[-1][2]
        last_closing = max((day for day, _f, to in rows if to == "closed"), default=None)
        dossier = Dossier.objects.create(
            centre=known.centre_a,
            reference=reference,
            opened_by=lead,
            opened_at=at(rows[0][0]),
            state=current,
            closed_at=at(last_closing) if current == "closed" and last_closing else None,
            closing_outcome="help_installed" if current == "closed" else "",
            family_informed_of_retention=True,
        )
        for day, from_state, to_state in rows:
            DossierHistory.objects.create(
                dossier=dossier,
                at=at(day),
                by=lead,
                from_state=from_state,
                to_state=to_state,
                closing_outcome="help_installed" if to_state == "closed" else "",
            )
        return dossier

    opened = (date(2025, 1, 10), "", "exploration")
    moves(
        "D-T-5",
        opened,
        (date(2025, 5, 1), "exploration", "closed"),
        (date(2026, 1, 15), "closed", "exploration"),
    )
    moves(
        "D-T-6",
        opened,
        (date(2025, 4, 1), "exploration", "closed"),
        (date(2025, 6, 1), "closed", "exploration"),
    )
    moves(
        "D-T-7",
        (date(2024, 3, 1), "", "exploration"),
        (date(2025, 3, 1), "exploration", "closed"),
        (date(2025, 10, 1), "closed", "exploration"),
        (date(2026, 2, 1), "exploration", "closed"),
    )

    dossiers = _figures(_report_of(known, known.centre_a))["dossiers"]

    assert dossiers == {
        "opened": EXPECTED["dossiers"]["opened"] + 2,  # D5, D6
        "closed": EXPECTED["dossiers"]["closed"] + 3,  # D5, D6 and D7 closed in 2025
        "open_at_end": EXPECTED["dossiers"]["open_at_end"] + 2,  # D6, D7
    }
