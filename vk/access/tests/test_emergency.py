"""Emergency access (break the glass), step-up before it, and the team lead's review."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import client_for
from vk.access import services
from vk.access.models import EmergencyAccess
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.dossiers.models import Dossier
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "De politie belt tijdens de weekendpermanentie over dit gezin."


@pytest.fixture
def standby(dossier: Dossier) -> User:
    """A case worker of the centre who is not on the family's team."""
    user: User = UserFactory(centre=dossier.centre, roles=[Role.CASE_WORKER], first_name="Stan")  # type: ignore[assignment]
    return user


def stepped_up(user: User) -> Client:
    """A client whose user confirmed their second factor a moment ago."""
    return client_for(user, stepped_up=True)


def test_the_dossier_stays_closed_until_emergency_access_is_asked(
    dossier: Dossier, standby: User
) -> None:
    client = client_for(standby)
    assert client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code == 404
    page = client.get(reverse("access:search-dossiers"), {"q": "maes"}).content.decode()
    assert dossier.reference in page
    assert reverse("access:emergency-access", args=[dossier.pk]) in page
    assert f'href="{reverse("dossiers:view-dossier", args=[dossier.pk])}"' not in page


def test_emergency_access_needs_a_recent_reauthentication(dossier: Dossier, standby: User) -> None:
    url = reverse("access:emergency-access", args=[dossier.pk])
    response = client_for(standby).post(url, {"reason": REASON})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not EmergencyAccess.objects.exists()


def test_a_reason_is_required(dossier: Dossier, standby: User) -> None:
    url = reverse("access:emergency-access", args=[dossier.pk])
    with translation.override("nl"):
        response = stepped_up(standby).post(url, {"reason": "nodig"})
    assert response.status_code == 400
    assert not EmergencyAccess.objects.exists()
    with pytest.raises(services.AccessError):
        services.start_emergency_access(user=standby, dossier=dossier, reason="  kort ")


def test_emergency_access_opens_read_only_logs_every_read_and_expires(
    dossier: Dossier, standby: User, team_lead_a: User
) -> None:
    client = stepped_up(standby)
    response = client.post(
        reverse("access:emergency-access", args=[dossier.pk]), {"reason": REASON}
    )
    assert response.status_code == 302
    access = EmergencyAccess.objects.get()
    assert access.expires_at - access.started_at == timedelta(hours=4)
    page = client.get(reverse("dossiers:view-dossier", args=[dossier.pk]))
    assert page.status_code == 200
    assert "emergency-banner" in page.content.decode()
    client.get(reverse("dossiers:view-timeline", args=[dossier.pk]))
    reads = AuditEntry.objects.filter(actor_id=standby.pk, purpose="emergency")
    assert set(reads.values_list("event", flat=True)) >= {
        "access.emergency.started",
        "dossiers.dossier.viewed",
        "dossiers.timeline.viewed",
    }
    # Read-only: adding a conversation is refused.
    response = client.post(reverse("dossiers:add-conversation", args=[dossier.pk]), {})
    assert response.status_code == 404
    # Once the four hours are over, the dossier is closed again.
    EmergencyAccess.objects.filter(pk=access.pk).update(expires_at=timezone.now())
    assert client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code == 404
    # The team lead has a review item.
    reviews = client_for(team_lead_a).get(reverse("access:emergency-reviews")).content.decode()
    assert dossier.reference in reviews


def test_the_team_lead_closes_the_review_with_a_judgement(
    dossier: Dossier, standby: User, team_lead_a: User
) -> None:
    access = services.start_emergency_access(user=standby, dossier=dossier, reason=REASON)
    url = reverse("access:review-emergency", args=[access.pk])
    assert client_for(standby).get(url).status_code == 404
    client = client_for(team_lead_a)
    assert client.get(url).status_code == 200
    response: Any = client.post(url, {"judgement": "not_justified", "note": ""})
    assert response.status_code == 400  # a negative judgement needs a note
    response = client.post(url, {"judgement": "justified", "note": ""})
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.judgement, access.reviewed_by) == ("justified", team_lead_a)
    assert AuditEntry.objects.filter(event="access.emergency.reviewed").exists()
    with pytest.raises(services.AccessError):
        services.review_emergency_access(
            access=access, by=team_lead_a, judgement="justified", note=""
        )


def test_the_team_and_other_centres_cannot_break_the_glass(
    dossier: Dossier, worker_a: User, team_lead_a: User, staff_b: User
) -> None:
    url = reverse("access:emergency-access", args=[dossier.pk])
    for user in (worker_a, team_lead_a, staff_b):
        assert stepped_up(user).get(url).status_code == 404
    with pytest.raises(services.AccessError):
        services.start_emergency_access(user=staff_b, dossier=dossier, reason=REASON)


def test_the_colleague_ends_the_emergency_access_early(dossier: Dossier, standby: User) -> None:
    access = services.start_emergency_access(user=standby, dossier=dossier, reason=REASON)
    url = reverse("access:end-emergency", args=[access.pk])
    assert (
        client_for(UserFactory(centre=dossier.centre, roles=[Role.CASE_WORKER]))
        .post(url)
        .status_code
        == 404
    )
    client = client_for(standby)
    assert client.post(url).status_code == 302
    access.refresh_from_db()
    assert access.ended_at is not None and access.reviewed_at is None  # still to be judged
    assert client.get(reverse("dossiers:view-dossier", args=[dossier.pk])).status_code == 404
