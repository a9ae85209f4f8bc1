"""The help-proposal letter: made from the current proposal, kept in the dossier."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import client_for
from vk.centres.models import User
from vk.documents.models import Document
from vk.dossiers import services
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision

pytestmark = pytest.mark.django_db


def _letter_url(dossier: Dossier) -> str:
    return reverse("documents:make-letter", args=[dossier.pk, "help_proposal"])


def test_the_help_proposal_letter_holds_the_goals_and_the_family_name(
    dossier: Dossier, worker_a: User
) -> None:
    services.start_assessment(dossier=dossier, by=worker_a)
    services.create_help_proposal(
        dossier=dossier,
        by=worker_a,
        proposed_on=timezone.localdate(),
        goals="Mila slaapt weer rustig.",
        actions="Gezinsbegeleiding twee keer per maand.",
        team_decision=make_decision(dossier, worker_a),
        referrals=["Centrum voor geestelijke gezondheidszorg"],
    )
    sara = dossier.members.get(person__first_name="Sara")
    response = client_for(worker_a).post(_letter_url(dossier), {"recipients": [sara.pk]})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    family_name = sara.person.display_name
    for expected in (family_name, "Mila slaapt weer rustig.", "geestelijke gezondheidszorg"):
        assert expected in text
    assert Document.objects.filter(dossier=dossier, kind="letter").count() == 1


def test_no_help_proposal_letter_before_there_is_a_proposal(
    dossier: Dossier, worker_a: User, colleague_a: User
) -> None:
    client = client_for(worker_a)
    assert client.get(_letter_url(dossier)).status_code == 404  # exploration: not offered
    services.start_assessment(dossier=dossier, by=worker_a)
    sara = dossier.members.get(person__first_name="Sara")
    response: Any = client.post(_letter_url(dossier), {"recipients": [sara.pk]})
    assert response.status_code == 400
    assert not Document.objects.filter(dossier=dossier).exists()
    assert client_for(colleague_a).get(_letter_url(dossier)).status_code == 404
