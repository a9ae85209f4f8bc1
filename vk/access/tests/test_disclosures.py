"""The disclosure register: contacts sharing information, letters and the transfer to
the Jeugdparket are recorded once, with recipient, ground, what and who decided."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.access.models import Disclosure
from vk.centres.models import User
from vk.dossiers import services
from vk.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def _contact(dossier: Dossier, by: User, ground: str) -> None:
    services.add_professional_contact(
        dossier=dossier,
        by=by,
        contacted_at=timezone.now(),
        professional="Zorgcoördinator",
        organisation="CLB Noord",
        method="phone",
        family_informed=ground == "consent",
        secrecy_ground=ground,
        learned="Mila is vaak afwezig.",
    )


def test_sharing_with_a_professional_is_registered_unless_nothing_was_shared(
    dossier: Dossier, worker_a: User
) -> None:
    _contact(dossier, worker_a, "none_shared")
    assert not Disclosure.objects.exists()
    _contact(dossier, worker_a, "case_consultation")
    disclosure = Disclosure.objects.get()
    assert disclosure.kind == "professional"
    assert disclosure.recipient == "Zorgcoördinator, CLB Noord"
    assert disclosure.legal_basis == "case_consultation"
    assert disclosure.decided_by == worker_a
    page = client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk]))
    assert "CLB Noord" in page.content.decode()


def test_a_letter_is_registered_with_its_addressees(dossier: Dossier, worker_a: User) -> None:
    sara = dossier.members.get(person__first_name="Sara")
    response = client_for(worker_a).post(
        reverse("documents:make-letter", args=[dossier.pk, "invitation"]),
        {"recipients": [sara.pk], "meeting_at": "2099-03-02T10:30", "place": "centre"},
    )
    assert response.status_code == 200
    disclosure = Disclosure.objects.get(kind="letter")
    assert disclosure.recipient == sara.person.display_name
    assert disclosure.legal_basis == "own_data"
