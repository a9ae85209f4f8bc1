"""The MaNo letters: the start and the decision to the parents, the decision to the
referrer; offered only at their step, and never naming a confidential reporter."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from conftest import client_for
from vk.centres.models import User
from vk.documents.letters import LETTERS, available_letters
from vk.documents.models import Document
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.intake.models import Report
from vk.mano import services
from vk.mano.letters import ReferrerLetterForm
from vk.mano.models import Procedure
from vk.mano.tests.helpers import ALL_MET

pytestmark = pytest.mark.django_db

REFERRER = "Lotte Wouters, CKG De Schakel"


@pytest.fixture(autouse=True)
def _documents_and_english(settings: Any, tmp_path: Path) -> Any:
    settings.VK_DOCUMENT_ROOT = tmp_path / "documents"
    settings.VK_DOCUMENT_KEYS = []
    with translation.override("en"):
        yield


def _register(
    dossier: Dossier, by: User, report: Report | None = None, **changes: Any
) -> Procedure:
    fields: dict[str, Any] = {
        "received_on": timezone.localdate() - timedelta(days=3),
        "referrer_kind": "other_service",
        "referrer_name": REFERRER,
        "motivation_summary": "De ouders stoppen de begeleiding.",
        "conditions": ALL_MET,
        **changes,
    }
    return services.register_procedure(
        dossier=dossier, by=by, report=report, referral=services.Referral(**fields)
    )


def _admit(procedure: Procedure, by: User) -> Procedure:
    return services.declare_admissible(
        procedure=procedure,
        by=by,
        team_decision=make_decision(procedure.dossier, by),
        justification="Het M-document volgt.",
    )


def _refer(procedure: Procedure, by: User) -> Procedure:
    return services.refer_to_parket(
        procedure=procedure,
        by=by,
        team_decision=make_decision(procedure.dossier, by),
        motivation="Het gezin weigert elke hulp en Mila blijft onveilig.",
    )


def _url(dossier: Dossier, code: str) -> str:
    return reverse("documents:make-letter", args=[dossier.pk, code])


def _parent_data(dossier: Dossier, **extra: Any) -> dict[str, Any]:
    sara = dossier.members.get(person__first_name="Sara")
    return {"recipients": [sara.pk], "note": "", **extra}


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def test_the_mano_letters_are_registered() -> None:
    assert {"mano_start", "mano_decision", "mano_referrer_decision"} <= set(LETTERS)


def test_the_start_letter_names_the_family_the_referrer_and_the_deadline(
    dossier: Dossier, worker_a: User
) -> None:
    procedure = _register(dossier, worker_a)
    assert procedure.deadline is not None
    response = client_for(worker_a).post(_url(dossier, "mano_start"), _parent_data(dossier))

    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Sara Maes" in text
    assert "Mila" in text
    assert REFERRER in text
    with translation.override("nl-be"):
        deadline = formats.date_format(procedure.deadline, "j F Y")
    assert deadline in text  # the letter is made in the page's language (Dutch)
    assert str(procedure.deadline_working_days) in text
    document = Document.objects.get(dossier=dossier, letter_kind="mano_start")
    assert document.kind == "letter"


def test_the_start_letter_does_not_name_a_confidential_reporter(
    dossier: Dossier, worker_a: User, help_report: Report
) -> None:
    Report.objects.filter(pk=help_report.pk).update(
        reporter_confidential=True, reporter_name="Els Peeters"
    )
    help_report.refresh_from_db()
    _register(dossier, worker_a, report=help_report, referrer_name="Els Peeters, school")
    response = client_for(worker_a).post(_url(dossier, "mano_start"), _parent_data(dossier))

    text = _text(response.content)
    assert "Sara Maes" in text
    assert "Peeters" not in text


def test_the_decision_letter_gives_the_decision_and_its_motivation(
    dossier: Dossier, worker_a: User
) -> None:
    _refer(_admit(_register(dossier, worker_a), worker_a), worker_a)
    response = client_for(worker_a).post(_url(dossier, "mano_decision"), _parent_data(dossier))

    assert response.status_code == 200, response.content[:300]
    text = _text(response.content)
    assert "Sara Maes" in text
    assert "Het gezin weigert elke hulp en Mila blijft onveilig." in text
    with translation.override("nl-be"):  # the page's language
        decided = translation.gettext("Our team decided to refer the situation to the Jeugdparket.")
    assert decided in text


def test_the_referrer_letter_is_addressed_to_the_referrer(dossier: Dossier, worker_a: User) -> None:
    _refer(_admit(_register(dossier, worker_a), worker_a), worker_a)
    assert "recipients" not in ReferrerLetterForm(dossier=dossier).fields
    response = client_for(worker_a).post(
        _url(dossier, "mano_referrer_decision"),
        {"address": "Schakelstraat 4\n2000 Antwerpen", "note": ""},
    )

    assert response.status_code == 200, response.content[:300]
    text = _text(response.content)
    assert REFERRER in text
    assert "Schakelstraat 4" in text
    assert "Mila Maes" in text  # which family the referral was about
    assert "Het gezin weigert elke hulp en Mila blijft onveilig." in text


def test_each_letter_is_offered_only_at_its_step(dossier: Dossier, worker_a: User) -> None:
    def offered() -> set[str]:
        return {kind.code for kind in available_letters(dossier)} & {
            "mano_start",
            "mano_decision",
            "mano_referrer_decision",
        }

    assert offered() == set()
    procedure = _register(dossier, worker_a)
    assert offered() == {"mano_start"}
    client = client_for(worker_a)
    assert client.get(_url(dossier, "mano_decision")).status_code == 404

    procedure = _admit(procedure, worker_a)
    assert offered() == {"mano_start"}
    _refer(procedure, worker_a)
    assert offered() == {"mano_decision", "mano_referrer_decision"}
    assert client.get(_url(dossier, "mano_start")).status_code == 404


def test_a_colleague_outside_the_team_gets_404_on_the_mano_letters(
    dossier: Dossier, worker_a: User, colleague_a: User
) -> None:
    _register(dossier, worker_a)
    assert client_for(colleague_a).get(_url(dossier, "mano_start")).status_code == 404
