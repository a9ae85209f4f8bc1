"""The demo's year of history: figures to show, the quality examples, run twice safely."""

from __future__ import annotations

import pytest

from vk.centres.models import Centre, Province, Role
from vk.stats import quality
from vk.stats.demo_data import REPORTS, seed_history_demo
from vk.stats.yearly import yearly_report
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_history_fills_last_year_with_every_kind_and_the_quality_examples(
    centre_a: Centre,
) -> None:
    lead = UserFactory(centre=centre_a, roles=[Role.TEAM_LEAD])
    workers = [UserFactory(centre=centre_a, roles=[Role.CASE_WORKER]) for _ in range(3)]
    intake = UserFactory(centre=centre_a, roles=[Role.INTAKE])

    def seed() -> int:
        return seed_history_demo(
            centre_a, intake_worker=intake, team_lead=lead, case_workers=workers, year=2025
        )

    assert seed() == REPORTS[Province(centre_a.province)]
    assert seed() == 0  # a second run adds nothing
    report = yearly_report(year=2025, centres=[centre_a], scope=centre_a.name)
    units = {row.code: row.value for row in report.table("units").rows}
    assert units["reports"] == REPORTS[Province(centre_a.province)]
    assert units["child_registrations"] > units["reports"]
    assert units["rereports"] > 0
    for key in ("report_type", "problem", "reporter", "triage_track", "closing_outcome"):
        assert sum(row.value or 0 for row in report.table(key).rows) > 0, key
    ages = {row.code: row.values[-1] for row in report.table("age_gender").rows}
    assert ages["unborn"] and ages["18+"] and ages["unknown"]
    checks = quality.run_checks(year=2025, centre_ids=[centre_a.pk], with_records=True)
    found = {check.key: check.count for check in checks}
    assert found["children_without_age"] >= 1
    assert found["reports_without_classification"] == 1
    assert found["dossiers_without_outcome"] == 1
