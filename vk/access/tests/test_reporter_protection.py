"""A reporter who asked that the family not learn their identity: shown to the team
only, and absent from every letter and transfer report made from the dossier."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import client_for
from vk.access import services as access_services
from vk.centres.models import Role, User
from vk.dossiers import services
from vk.dossiers.models import Dossier
from vk.dossiers.tests.helpers import make_decision
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REPORTER = "Greet Geheimhouder"
PHONE = "0470 12 34 56"


@pytest.fixture
def confidential(dossier: Dossier) -> Dossier:
    dossier.reports.update(
        reporter_confidential=True,
        reporter_name=REPORTER,
        reporter_phone=PHONE,
        reporter_organisation="Buurtwerk Noord",
    )
    return dossier


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_team_sees_the_reporter_others_only_that_it_is_confidential(
    confidential: Dossier, worker_a: User, team_lead_a: User
) -> None:
    url = reverse("dossiers:view-dossier", args=[confidential.pk])
    team_page = client_for(worker_a).get(url).content.decode()
    assert REPORTER in team_page
    oversight_page = client_for(team_lead_a).get(url).content.decode()
    assert REPORTER not in oversight_page
    standby: User = UserFactory(centre=confidential.centre, roles=[Role.CASE_WORKER])  # type: ignore[assignment]
    access_services.start_emergency_access(
        user=standby, dossier=confidential, reason="Weekendpermanentie: politie belt."
    )
    emergency_page = client_for(standby).get(url).content.decode()
    assert "emergency-banner" in emergency_page
    assert REPORTER not in emergency_page


def test_no_letter_names_the_confidential_reporter(confidential: Dossier, worker_a: User) -> None:
    sara = confidential.members.get(person__first_name="Sara")
    client = client_for(worker_a)
    invitation = client.post(
        reverse("documents:make-letter", args=[confidential.pk, "invitation"]),
        {"recipients": [sara.pk], "meeting_at": "2099-03-02T10:30", "place": "centre"},
    )
    services.start_assessment(dossier=confidential, by=worker_a)
    services.create_help_proposal(
        dossier=confidential,
        by=worker_a,
        proposed_on=timezone.localdate(),
        goals="Rust thuis.",
        actions="Begeleiding.",
        team_decision=make_decision(confidential, worker_a),
    )
    proposal = client.post(
        reverse("documents:make-letter", args=[confidential.pk, "help_proposal"]),
        {"recipients": [sara.pk]},
    )
    for response in (invitation, proposal):
        assert response.status_code == 200
        text = _text(response.content)
        assert "Maes" in text  # the family is in the letter ...
        for secret in (REPORTER, "Geheimhouder", PHONE, "Buurtwerk"):
            assert secret not in text  # ... the reporter is not
