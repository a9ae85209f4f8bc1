"""Closing with a coded outcome (afsluitresultaat): the service and the close form require
it, the dossier page, its history and the timeline show it, reopening keeps it in the
history. And a child known only by an age estimate on the dossier's pages."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.centres.models import User
from vk.dossiers import services
from vk.dossiers.genogram import genogram_for
from vk.dossiers.models import ClosingOutcome, Dossier, DossierHistory, State
from vk.dossiers.tests.helpers import close, make_decision
from vk.dossiers.timeline import timeline_for
from vk.people.models import Person

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
