"""Correcting a report for the figures: its problem classification and its children's
date of birth, age estimate, unborn state and gender — checked as the intake form checks
them, in one transaction, version-checked, with a history row and audit entries that
name the changed fields and never their values."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Role, User
from vk.dossiers.models import DossierMember
from vk.dossiers.services import open_dossier
from vk.dossiers.tests.helpers import close
from vk.intake import services
from vk.intake.models import PersonRole, Report, ReportHistory
from vk.intake.services import ChildCorrection, IntakeError
from vk.intake.tests.factories import child, parent, register
from vk.lib.locking import EditConflict
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def intake_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.INTAKE], first_name="Ine")


@pytest.fixture
def director_a(centre_a: Centre) -> User:
    return UserFactory(centre=centre_a, roles=[Role.DIRECTOR], first_name="Dirk")


@pytest.fixture
def report(intake_a: User) -> Report:
    """Received on 2 April 2026: Anna without a date of birth, Bram with one, a mother."""
    return register(
        intake_a,
        child("Anna"),
        child("Bram", birth_date=date(2019, 5, 1), gender="m"),
        parent("Sara", parental_authority=True),
    )


def _child(report: Report, first_name: str) -> Person:
    return report.persons.get(first_name=first_name)


def _correct(report: Report, by: User, **changes: Any) -> list[str]:
    """Correct with everything as it is, except `changes`."""
    arguments: dict[str, Any] = {
        "report": report,
        "by": by,
        "purpose": "intake",
        "expected_version": Report.objects.get(pk=report.pk).row_version,
        "problems": list(report.problems.values_list("category", flat=True)),
        "children": [],
        "reason": "Gegevens van de school.",
    }
    arguments.update(changes)
    return services.correct_report(**arguments)


# The service ----------------------------------------------------------------------------


def test_a_correction_changes_the_classification_and_a_childs_age_in_one_go(
    report: Report, intake_a: User
) -> None:
    anna = _child(report, "Anna")

    changed = _correct(
        report,
        intake_a,
        problems=["physical", "risk"],
        children=[ChildCorrection(person_id=anna.pk, estimated_age=7, gender="f")],
    )

    assert changed == ["problems", "estimated_birth_year", "gender"]
    assert set(report.problems.values_list("category", flat=True)) == {"physical", "risk"}
    anna.refresh_from_db()
    # An estimate is the age on the day the report came in (2026): born about 2019.
    assert (anna.estimated_birth_year, anna.gender, anna.birth_date) == (2019, "f", None)
    report.refresh_from_db()
    assert report.row_version == 2
    row = ReportHistory.objects.get(report=report, is_correction=True)
    assert row.note == "Gegevens gecorrigeerd: Gegevens van de school."
    assert (row.from_status, row.to_status, row.by) == (report.status, report.status, intake_a)


def test_the_audit_names_the_changed_fields_never_their_values(
    report: Report, intake_a: User
) -> None:
    anna = _child(report, "Anna")

    _correct(
        report,
        intake_a,
        children=[ChildCorrection(person_id=anna.pk, birth_date=date(2018, 3, 14))],
    )

    entry = AuditEntry.objects.get(event="intake.report.corrected")
    assert entry.object_id == str(report.pk)
    assert entry.detail == {"fields": ["birth_date"], "children": 1}
    person_entry = AuditEntry.objects.get(event="people.person.corrected")
    assert person_entry.person_id == anna.pk
    assert person_entry.detail == {"report": report.pk, "fields": ["birth_date"]}
    assert "2018" not in str(entry.detail) + str(person_entry.detail)


def test_a_correction_that_changes_nothing_writes_nothing(report: Report, intake_a: User) -> None:
    bram = _child(report, "Bram")

    changed = _correct(
        report,
        intake_a,
        children=[ChildCorrection(person_id=bram.pk, birth_date=date(2019, 5, 1), gender="m")],
    )

    assert changed == []
    assert Report.objects.get(pk=report.pk).row_version == 1
    assert not ReportHistory.objects.filter(report=report, is_correction=True).exists()
    assert not AuditEntry.objects.filter(event="intake.report.corrected").exists()


@pytest.mark.parametrize(
    ("correction", "message"),
    [
        (
            {"birth_date": date(2018, 1, 1), "estimated_age": 8},
            "either the date of birth or an estimated age",
        ),
        ({"is_unborn": True, "birth_date": date(2018, 1, 1)}, "unborn child has no date"),
        ({"is_unborn": True}, "expected date of birth"),
        ({"estimated_age": 40}, "between 0 and 25"),
        ({"birth_date": date(2026, 4, 3)}, "born after the report came in"),
    ],
    ids=["both", "unborn with a date", "unborn without expected date", "too old", "born later"],
)
def test_impossible_child_data_is_refused_and_nothing_is_saved(
    report: Report, intake_a: User, correction: dict[str, Any], message: str
) -> None:
    anna = _child(report, "Anna")

    with pytest.raises(IntakeError, match=message), translation.override("en"):
        _correct(
            report,
            intake_a,
            problems=["risk"],
            children=[ChildCorrection(person_id=anna.pk, **correction)],
        )

    # The classification of the same correction was not saved either.
    assert list(report.problems.values_list("category", flat=True)) == ["physical"]
    anna.refresh_from_db()
    assert (anna.birth_date, anna.estimated_birth_year, anna.is_unborn) == (None, None, False)


def test_only_the_reports_own_children_can_be_corrected(
    report: Report, intake_a: User, centre_a: Centre
) -> None:
    mother = report.persons.get(first_name="Sara")
    other = register(intake_a, child("Zoë", last_name="Janssens")).persons.get()

    for person in (mother, other):
        with pytest.raises(IntakeError), translation.override("en"):
            _correct(report, intake_a, children=[ChildCorrection(person_id=person.pk)])


def test_a_stale_form_raises_a_conflict(report: Report, intake_a: User) -> None:
    _correct(report, intake_a, problems=["risk"])

    with pytest.raises(EditConflict):
        _correct(report, intake_a, problems=["sexual"], expected_version=1)

    assert list(report.problems.values_list("category", flat=True)) == ["risk"]


def test_a_child_marked_unborn_keeps_only_the_expected_date(report: Report, intake_a: User) -> None:
    bram = _child(report, "Bram")

    _correct(
        report,
        intake_a,
        children=[
            ChildCorrection(person_id=bram.pk, is_unborn=True, expected_birth_date=date(2026, 6, 1))
        ],
    )

    bram.refresh_from_db()
    assert (bram.is_unborn, bram.birth_date, bram.expected_birth_date) == (
        True,
        None,
        date(2026, 6, 1),
    )


def test_a_corrected_date_of_birth_moves_a_closed_dossiers_destruction_date(
    report: Report, intake_a: User
) -> None:
    lead: User = UserFactory(centre=report.centre, roles=[Role.TEAM_LEAD])  # type: ignore[assignment]
    services.triage_report(
        report=report, by=lead, track="help", grounds="Hulp.", team_discussion="Ja."
    )
    dossier = open_dossier(
        report=Report.objects.get(pk=report.pk), by=lead, case_workers=[lead], of_record=lead
    )
    close(dossier, lead)
    anna = _child(report, "Anna")
    member = DossierMember.objects.get(dossier=dossier, person=anna)
    assert member.destruction_date is None  # the date of birth was unknown

    _correct(
        report,
        intake_a,
        children=[ChildCorrection(person_id=anna.pk, birth_date=date(2018, 3, 14))],
    )

    member.refresh_from_db()
    assert member.destruction_date == date(2053, 3, 14)


# The screen -------------------------------------------------------------------------


def _post(report: Report, **changes: Any) -> dict[str, Any]:
    children = list(report.involved.filter(role=PersonRole.CHILD).order_by("pk"))
    data: dict[str, Any] = {
        "version": Report.objects.get(pk=report.pk).row_version,
        "problems": ["physical"],
        "reason": "Nagekeken met de CLB-medewerker.",
        "children-TOTAL_FORMS": len(children),
        "children-INITIAL_FORMS": len(children),
    }
    for index, item in enumerate(children):
        data[f"children-{index}-person"] = item.person_id
        birth = item.person.birth_date
        data[f"children-{index}-birth_date"] = birth.isoformat() if birth else ""
        data[f"children-{index}-gender"] = item.person.gender
    data.update(changes)
    return data


def test_the_director_corrects_a_report_and_returns_to_the_quality_list(
    report: Report, director_a: User
) -> None:
    quality = reverse("stats:view-quality", args=[2026])
    url = reverse("intake:correct-report", args=[report.pk]) + f"?next={quality}"
    client = client_for(director_a)

    page = client.get(url)
    assert page.status_code == 200
    assert "Melding corrigeren" in page.content.decode()
    assert AuditEntry.objects.filter(
        event="intake.report.opened_for_correction", purpose="oversight"
    ).exists()

    response = client.post(url, _post(report, **{"children-0-estimated_age": "6", "next": quality}))

    assert response.status_code == 302
    assert response["Location"] == quality
    assert _child(report, "Anna").estimated_birth_year == 2020
    assert AuditEntry.objects.get(event="intake.report.corrected").purpose == "oversight"


def test_the_form_refuses_bad_input_in_dutch_and_keeps_what_was_typed(
    report: Report, intake_a: User
) -> None:
    url = reverse("intake:correct-report", args=[report.pk])

    response = client_for(intake_a).post(
        url,
        _post(
            report,
            problems=[],
            reason="",
            **{"children-0-birth_date": (timezone.localdate() + timedelta(days=3)).isoformat()},
        ),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies minstens één classificatie." in page
    assert "Een geboortedatum kan niet in de toekomst liggen." in page
    assert "Nagekeken" not in page  # the reason field was emptied by the test itself
    assert Report.objects.get(pk=report.pk).row_version == 1


def test_a_service_refusal_is_shown_in_dutch(report: Report, intake_a: User) -> None:
    url = reverse("intake:correct-report", args=[report.pk])

    response = client_for(intake_a).post(
        url,
        _post(report, **{"children-0-is_unborn": "on", "children-0-birth_date": "2020-01-01"}),
    )

    assert response.status_code == 400
    assert "Een ongeboren kind heeft nog geen geboortedatum of leeftijd." in (
        response.content.decode()
    )


def test_a_stale_form_is_answered_409_with_the_typed_input_kept(
    report: Report, intake_a: User
) -> None:
    url = reverse("intake:correct-report", args=[report.pk])
    stale = _post(report, problems=["sexual"], reason="Eerste correctie van de collega.")
    _correct(report, intake_a, problems=["risk"])

    response = client_for(intake_a).post(url, stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders wijzigde deze melding" in page
    assert "Eerste correctie van de collega." in page
    assert 'name="version" value="2"' in page
    assert list(report.problems.values_list("category", flat=True)) == ["risk"]


@pytest.mark.parametrize("roles", [[Role.CASE_WORKER], [Role.STATISTICS], [Role.COMPLAINTS]])
def test_who_does_not_work_intake_gets_404(
    report: Report, centre_a: Centre, roles: list[Role]
) -> None:
    user = UserFactory(centre=centre_a, roles=roles)
    url = reverse("intake:correct-report", args=[report.pk])

    client = client_for(user)
    assert client.get(url).status_code == 404
    assert client.post(url, _post(report, problems=["sexual"])).status_code == 404
    assert list(report.problems.values_list("category", flat=True)) == ["physical"]


def test_another_centre_gets_404(report: Report, centre_b: Centre) -> None:
    user = UserFactory(centre=centre_b, roles=[Role.INTAKE, Role.TEAM_LEAD, Role.DIRECTOR])

    response = client_for(user).get(reverse("intake:correct-report", args=[report.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "elsewhere",
    ["https://example.org/phish", "//example.org/phish", "/\\example.org/phish", "javascript:x"],
)
def test_next_never_leads_off_the_site(report: Report, intake_a: User, elsewhere: str) -> None:
    url = reverse("intake:correct-report", args=[report.pk])

    response = client_for(intake_a).post(url, _post(report, problems=["risk"], next=elsewhere))

    assert response["Location"] == reverse("intake:view-report", args=[report.pk])


def test_the_report_page_shows_the_correction_in_its_history(
    report: Report, intake_a: User
) -> None:
    _correct(report, intake_a, problems=["risk"], reason="Classificatie na overleg.")

    page = client_for(intake_a).get(reverse("intake:view-report", args=[report.pk]))

    content = page.content.decode()
    assert "Gegevens gecorrigeerd: Classificatie na overleg." in content
    assert reverse("intake:correct-report", args=[report.pk]) in content
