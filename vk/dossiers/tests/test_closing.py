"""Closing with a coded outcome (afsluitresultaat): the service and the close form require
it, the dossier page, its history and the timeline show it, reopening keeps it in the
history. And a child known only by an age estimate on the dossier's pages."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.access.services import start_emergency_access
from vk.audit.models import AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.dossiers import services
from vk.dossiers.genogram import genogram_for
from vk.dossiers.models import ClosingOutcome, Dossier, DossierHistory, State
from vk.dossiers.tests.helpers import close, make_decision
from vk.dossiers.timeline import timeline_for
from vk.people.models import Person
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _close_post(dossier: Dossier, by: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "close-reason": "De hulp loopt via de thuisbegeleiding.",
        "close-closing_outcome": ClosingOutcome.HELP_INSTALLED,
        "close-outcome": "Thuisbegeleiding gestart",
        "close-family_informed_of_retention": "on",
        "close-team_decision": make_decision(dossier, by).pk,
    }
    data.update(changes)
    return data


# The service ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["", "closed", "Veilig"], ids=["empty", "a state", "free text"])
def test_closing_without_a_coded_outcome_is_refused(
    dossier: Dossier, worker_a: User, code: str
) -> None:
    with pytest.raises(services.DossierError, match="afsluitresultaat"):
        close(dossier, worker_a, closing_outcome=code)

    dossier.refresh_from_db()
    assert dossier.state == State.EXPLORATION
    assert not DossierHistory.objects.filter(dossier=dossier, to_state=State.CLOSED).exists()


def test_the_outcome_other_needs_an_explanation(dossier: Dossier, worker_a: User) -> None:
    with pytest.raises(services.DossierError, match="Andere"):
        close(dossier, worker_a, closing_outcome=ClosingOutcome.OTHER, outcome="  ")

    close(dossier, worker_a, closing_outcome=ClosingOutcome.OTHER, outcome="Gezin onbereikbaar")
    dossier.refresh_from_db()
    assert (dossier.closing_outcome, dossier.outcome) == ("other", "Gezin onbereikbaar")


def test_closing_records_the_coded_outcome_on_the_dossier_and_its_history_row(
    dossier: Dossier, worker_a: User
) -> None:
    close(
        dossier,
        worker_a,
        closing_outcome=ClosingOutcome.REFERRED_TO_OCJ,
        outcome="Het OCJ neemt over",
    )

    dossier.refresh_from_db()
    assert dossier.closing_outcome == ClosingOutcome.REFERRED_TO_OCJ
    assert dossier.outcome == "Het OCJ neemt over"
    row = dossier.history.get(to_state=State.CLOSED)
    assert (row.closing_outcome, row.outcome) == (
        ClosingOutcome.REFERRED_TO_OCJ,
        "Het OCJ neemt over",
    )


def test_the_explanation_is_optional(dossier: Dossier, worker_a: User) -> None:
    close(dossier, worker_a, closing_outcome=ClosingOutcome.CONCERNS_NOT_CONFIRMED, outcome="")

    dossier.refresh_from_db()
    assert (dossier.state, dossier.closing_outcome) == (State.CLOSED, "concerns_not_confirmed")


def test_reopening_empties_the_closing_fields_and_the_history_keeps_the_outcome(
    dossier: Dossier, worker_a: User
) -> None:
    close(dossier, worker_a, closing_outcome=ClosingOutcome.FAMILY_REFUSED_HELP, outcome="Nee")
    services.reopen_dossier(dossier=dossier, by=worker_a, reason="Nieuwe melding.")

    dossier.refresh_from_db()
    assert (dossier.state, dossier.closing_outcome, dossier.outcome) == (State.EXPLORATION, "", "")
    assert dossier.closed_at is None
    first = dossier.history.get(to_state=State.CLOSED)
    assert (first.closing_outcome, first.outcome) == (ClosingOutcome.FAMILY_REFUSED_HELP, "Nee")

    # Closed again: each closing keeps its own outcome.
    close(dossier, worker_a, closing_outcome=ClosingOutcome.HELP_INSTALLED, outcome="")
    closings = dossier.history.filter(to_state=State.CLOSED).order_by("at", "pk")
    assert [row.closing_outcome for row in closings] == ["family_refused_help", "help_installed"]
    reopened = dossier.history.get(to_state=State.EXPLORATION, from_state=State.CLOSED)
    assert reopened.closing_outcome == ""


def test_an_open_dossier_cannot_carry_a_closing_outcome(dossier: Dossier) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(closing_outcome=ClosingOutcome.OTHER)


# The close form ---------------------------------------------------------------------


def test_the_close_form_refuses_a_missing_coded_outcome_in_dutch(
    dossier: Dossier, worker_a: User
) -> None:
    url = reverse("dossiers:close-dossier", args=[dossier.pk])
    data = _close_post(dossier, worker_a, **{"close-closing_outcome": ""})

    response = client_for(worker_a).post(url, data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies het afsluitresultaat: waartoe het traject leidde." in page
    assert "De hulp loopt via de thuisbegeleiding." in page  # nothing typed is lost
    dossier.refresh_from_db()
    assert dossier.state == State.EXPLORATION


def test_the_close_form_asks_an_explanation_for_other(dossier: Dossier, worker_a: User) -> None:
    url = reverse("dossiers:close-dossier", args=[dossier.pk])
    data = _close_post(dossier, worker_a, **{"close-closing_outcome": "other", "close-outcome": ""})

    response = client_for(worker_a).post(url, data)

    assert response.status_code == 400
    assert "Licht het afsluitresultaat ‘Andere’ toe." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.is_open


def test_the_close_form_offers_every_outcome_in_dutch(dossier: Dossier, worker_a: User) -> None:
    response = client_for(worker_a).get(
        reverse("dossiers:view-form", args=[dossier.pk, "close"]), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert "Afsluitresultaat" in page
    assert "Toelichting bij het resultaat" in page
    for code in ClosingOutcome.values:
        assert f'value="{code}"' in page
    assert "Hulp geïnstalleerd: toeleiding geslaagd" in page


def test_a_closed_dossier_shows_its_outcome_on_the_page_and_in_its_history(
    dossier: Dossier, worker_a: User
) -> None:
    client = client_for(worker_a)
    data = _close_post(dossier, worker_a)
    assert (
        client.post(reverse("dossiers:close-dossier", args=[dossier.pk]), data).status_code == 302
    )

    page = client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).content.decode()

    assert "Afsluitresultaat: <strong>Hulp geïnstalleerd: toeleiding geslaagd</strong>" in page
    assert "Thuisbegeleiding gestart" in page
    history = page[page.index('id="history-heading"') :]
    assert "Afgesloten · Hulp geïnstalleerd: toeleiding geslaagd" in history


def test_a_dossier_closed_without_coded_outcome_says_it_was_not_recorded(
    dossier: Dossier, worker_a: User
) -> None:
    close(dossier, worker_a)
    # As for a dossier closed before the outcome was coded.
    Dossier.objects.filter(pk=dossier.pk).update(closing_outcome="")

    page = client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk]))

    assert (
        'Afsluitresultaat: <span class="badge">niet geregistreerd</span>' in page.content.decode()
    )


def test_the_timeline_shows_the_closing_outcome(dossier: Dossier, worker_a: User) -> None:
    close(dossier, worker_a, closing_outcome=ClosingOutcome.FAMILY_MOVED, outcome="Naar Gent")

    closing = next(item for item in timeline_for(dossier, "state") if "→" in item.title)

    assert closing.title.endswith(f" · {ClosingOutcome.FAMILY_MOVED.label}")
    assert "Naar Gent" in closing.text


# A child known only by an age estimate ----------------------------------------------


def _estimate_child(dossier: Dossier, year: int) -> Person:
    mila = dossier.members.get(person__first_name="Mila").person
    Person.objects.filter(pk=mila.pk).update(birth_date=None, estimated_birth_year=year)
    mila.refresh_from_db()
    return mila


def test_the_dossier_page_shows_an_estimated_age(dossier: Dossier, worker_a: User) -> None:
    year = timezone.localdate().year - 8
    _estimate_child(dossier, year)

    page = client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk]))

    family = page.content.decode()
    family = family[family.index('id="family-heading"') : family.index('id="team-heading"')]
    assert "± 8 jaar (schatting)" in family
    assert "ongeboren, verwacht op" in family  # Bo, unborn


def test_the_timeline_and_genogram_mark_an_estimated_age(dossier: Dossier, worker_a: User) -> None:
    year = timezone.localdate().year - 8
    _estimate_child(dossier, year)
    close(dossier, worker_a)

    ages = timeline_for(dossier, "state")[0].ages
    mila = next(age for age in ages if age.name == "Mila Maes")
    assert (mila.years, mila.estimated) == (8, True)
    assert f"± {year}" in genogram_for(dossier)
    page = client_for(worker_a).get(reverse("dossiers:view-timeline", args=[dossier.pk]))
    assert "Mila Maes: ± 8 jaar" in page.content.decode()


# Recording or correcting the outcome afterwards (data quality) ------------------------


def _closed_without_outcome(dossier: Dossier, by: User) -> Dossier:
    """Closed before the outcome was required: the gap the data-quality list finds."""
    close(dossier, by)
    Dossier.objects.filter(pk=dossier.pk).update(closing_outcome="", outcome="")
    DossierHistory.objects.filter(dossier=dossier, to_state=State.CLOSED).update(
        closing_outcome="", outcome=""
    )
    return Dossier.objects.get(pk=dossier.pk)


def _outcome_url(dossier: Dossier) -> str:
    return reverse("dossiers:correct-closing-outcome", args=[dossier.pk])


def test_the_outcome_is_recorded_on_the_dossier_and_its_closing_row(
    dossier: Dossier, worker_a: User
) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)

    changed = services.correct_closing_outcome(
        dossier=dossier,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        expected_version=dossier.row_version,
        closing_outcome=ClosingOutcome.HELP_INSTALLED,
        outcome="Thuisbegeleiding",
    )

    assert changed == ["closing_outcome", "outcome"]
    dossier.refresh_from_db()
    assert (dossier.closing_outcome, dossier.outcome) == ("help_installed", "Thuisbegeleiding")
    row = dossier.history.get(to_state=State.CLOSED)
    assert (row.closing_outcome, row.outcome) == ("help_installed", "Thuisbegeleiding")
    entry = AuditEntry.objects.get(event="dossier.closing_outcome.corrected")
    assert entry.detail == {
        "fields": ["closing_outcome", "outcome"],
        "from": "",
        "to": "help_installed",
    }


def test_only_the_latest_closing_is_corrected(dossier: Dossier, worker_a: User) -> None:
    close(dossier, worker_a, closing_outcome=ClosingOutcome.FAMILY_REFUSED_HELP)
    services.reopen_dossier(dossier=dossier, by=worker_a, reason="Nieuwe melding.")
    close(Dossier.objects.get(pk=dossier.pk), worker_a)
    dossier.refresh_from_db()

    services.correct_closing_outcome(
        dossier=dossier,
        by=worker_a,
        purpose=Purpose.ASSIGNMENT,
        expected_version=dossier.row_version,
        closing_outcome=ClosingOutcome.CONCERNS_NOT_CONFIRMED,
    )

    closings = dossier.history.filter(to_state=State.CLOSED).order_by("at", "pk")
    assert [row.closing_outcome for row in closings] == [
        "family_refused_help",
        "concerns_not_confirmed",
    ]


def test_an_open_dossier_has_no_outcome_to_correct(dossier: Dossier, worker_a: User) -> None:
    with pytest.raises(services.DossierError, match="afgesloten"):
        services.correct_closing_outcome(
            dossier=dossier,
            by=worker_a,
            purpose=Purpose.ASSIGNMENT,
            expected_version=dossier.row_version,
            closing_outcome=ClosingOutcome.HELP_INSTALLED,
        )
    assert client_for(worker_a).get(_outcome_url(dossier)).status_code == 404


def test_a_stale_outcome_form_gets_409_and_keeps_the_choice(
    dossier: Dossier, worker_a: User, team_lead_a: User
) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)
    stale = {"version": dossier.row_version, "closing_outcome": "other", "outcome": "Verhuisd"}
    services.correct_closing_outcome(
        dossier=dossier,
        by=team_lead_a,
        purpose=Purpose.OVERSIGHT,
        expected_version=dossier.row_version,
        closing_outcome=ClosingOutcome.HELP_INSTALLED,
    )

    response = client_for(worker_a).post(_outcome_url(dossier), stale)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Verhuisd" in page
    dossier.refresh_from_db()
    assert dossier.closing_outcome == "help_installed"


def test_the_outcome_form_asks_an_explanation_for_other_in_dutch(
    dossier: Dossier, worker_a: User
) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)

    response = client_for(worker_a).post(
        _outcome_url(dossier),
        {"version": dossier.row_version, "closing_outcome": "other", "outcome": ""},
    )

    assert response.status_code == 400
    assert "Licht het afsluitresultaat ‘Andere’ toe." in response.content.decode()


def test_the_director_records_the_outcome_and_returns_where_she_came_from(
    dossier: Dossier, worker_a: User, centre_a: Centre
) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)
    director = UserFactory(centre=centre_a, roles=[Role.DIRECTOR])
    quality = reverse("stats:view-quality", args=[2026])
    client = client_for(director)

    page = client.get(_outcome_url(dossier) + f"?next={quality}")
    assert page.status_code == 200
    assert (
        "Afsluitresultaat registreren"
        in client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).content.decode()
    )

    response = client.post(
        _outcome_url(dossier),
        {
            "version": dossier.row_version,
            "closing_outcome": "safe_without_help",
            "outcome": "",
            "next": quality,
        },
    )

    assert (response.status_code, response["Location"]) == (302, quality)
    assert Dossier.objects.get(pk=dossier.pk).closing_outcome == "safe_without_help"
    assert AuditEntry.objects.get(event="dossier.closing_outcome.corrected").purpose == (
        Purpose.OVERSIGHT
    )


@pytest.mark.parametrize(
    "roles",
    [[Role.CASE_WORKER], [Role.INTAKE], [Role.STATISTICS], [Role.COMPLAINTS]],
    ids=["case worker not on the team", "intake", "statistics", "complaints"],
)
def test_who_is_not_on_the_team_nor_oversight_gets_404(
    dossier: Dossier, worker_a: User, centre_a: Centre, roles: list[Role]
) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)
    client = client_for(UserFactory(centre=centre_a, roles=roles))

    assert client.get(_outcome_url(dossier)).status_code == 404
    post = {"version": dossier.row_version, "closing_outcome": "help_installed"}
    assert client.post(_outcome_url(dossier), post).status_code == 404
    assert Dossier.objects.get(pk=dossier.pk).closing_outcome == ""


def test_an_emergency_access_cannot_record_the_outcome(
    dossier: Dossier, worker_a: User, centre_a: Centre
) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)
    colleague = UserFactory(centre=centre_a, roles=[Role.CASE_WORKER])
    start_emergency_access(user=colleague, dossier=dossier, reason="Crisis: de politie belt.")

    client = client_for(colleague)
    assert client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code == 200
    assert client.get(_outcome_url(dossier)).status_code == 404


def test_another_centre_gets_404(dossier: Dossier, worker_a: User, centre_b: Centre) -> None:
    dossier = _closed_without_outcome(dossier, worker_a)
    other = UserFactory(centre=centre_b, roles=[Role.TEAM_LEAD, Role.DIRECTOR])

    assert client_for(other).get(_outcome_url(dossier)).status_code == 404
