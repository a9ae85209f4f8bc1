"""Letters: the invitation to a first conversation as PDF, kept in the dossier; the PDF
renderer loads nothing from outside the static directories."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import User
from vk.documents import services
from vk.documents.letters import LETTERS, InvitationForm, join_names
from vk.documents.models import Document, Kind
from vk.dossiers.models import Dossier, DossierMember, State
from vk.lib.pdf import RefusedURL, StaticFilesFetcher, static_file_for

pytestmark = pytest.mark.django_db


def _url(dossier: Dossier, kind: str = "invitation") -> str:
    return reverse("documents:make-letter", args=[dossier.pk, kind])


def _form_data(dossier: Dossier, **changes: Any) -> dict[str, Any]:
    sara = DossierMember.objects.get(dossier=dossier, person__first_name="Sara")
    meeting = timezone.localtime() + timedelta(days=7)
    return {
        "recipients": [sara.pk],
        "meeting_at": meeting.strftime("%Y-%m-%dT10:30"),
        "place": "centre",
        "note": "",
        **changes,
    }


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_team_makes_an_invitation_kept_in_the_dossier(dossier: Dossier, worker_a: User) -> None:
    client = client_for(worker_a)
    assert client.get(_url(dossier)).status_code == 200
    response = client.post(_url(dossier), _form_data(dossier))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")
    text = _text(response.content)
    assert "Vermeulen" in text
    assert "VK Antwerpen" in text
    assert "Mila" in text and "Bo" in text
    assert dossier.reference in text
    assert "03 000 00 00" in text

    document = Document.objects.get(dossier=dossier)
    assert document.kind == Kind.LETTER
    assert document.letter_kind == "invitation"
    assert document.content_type == "application/pdf"
    assert document.original_name.startswith(dossier.reference)
    assert services.read_content(document) == response.content
    download = client.get(reverse("documents:download-document", args=[dossier.pk, document.pk]))
    assert download.content == response.content

    entry = AuditEntry.objects.get(event="documents.letter.generated")
    assert entry.purpose == "assignment"
    assert entry.object_id == str(document.pk)
    assert entry.detail["letter"] == "invitation"


def test_the_letter_goes_to_the_parents_with_parental_authority_only(dossier: Dossier) -> None:
    form = InvitationForm(dossier=dossier)
    names = [choice[1] for choice in form.fields["recipients"].choices]
    assert len(names) == 1
    assert "Sara Vermeulen" in str(names[0])


def test_parents_at_different_addresses_get_separate_letters(dossier: Dossier) -> None:
    tom = DossierMember.objects.get(dossier=dossier, person__first_name="Tom")
    tom.parental_authority = True
    tom.save(update_fields=["parental_authority"])
    tom.person.street, tom.person.postcode, tom.person.city = "Andere straat 5", "2600", "Berchem"
    tom.person.save()
    sara = DossierMember.objects.get(dossier=dossier, person__first_name="Sara")
    form = InvitationForm(_form_data(dossier, recipients=[sara.pk, tom.pk]), dossier=dossier)
    assert not form.is_valid()
    assert "recipients" in form.errors


def test_a_place_elsewhere_needs_a_note_and_the_moment_lies_ahead(dossier: Dossier) -> None:
    form = InvitationForm(_form_data(dossier, place="other"), dossier=dossier)
    assert not form.is_valid()
    assert "note" in form.errors
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT10:30")
    form = InvitationForm(_form_data(dossier, meeting_at=past), dossier=dossier)
    assert not form.is_valid()
    assert "meeting_at" in form.errors


def test_a_refused_form_makes_no_letter(dossier: Dossier, worker_a: User) -> None:
    response = client_for(worker_a).post(_url(dossier), _form_data(dossier, recipients=[]))
    assert response.status_code == 400
    assert not Document.objects.exists()


@pytest.mark.parametrize("persona", ["colleague_a", "admin_a", "staff_b"])
def test_nobody_outside_the_team_makes_letters(
    dossier: Dossier, persona: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(_url(dossier)).status_code == 404
    assert client.post(_url(dossier), _form_data(dossier)).status_code == 404
    assert not Document.objects.exists()


def test_an_unknown_letter_or_a_closed_dossier_gets_404(dossier: Dossier, worker_a: User) -> None:
    client = client_for(worker_a)
    assert client.get(_url(dossier, "ransom")).status_code == 404
    Dossier.objects.filter(pk=dossier.pk).update(state=State.CLOSED)
    assert client.get(_url(dossier)).status_code == 404


def test_the_dossier_page_offers_the_letters_that_fit_its_state(
    dossier: Dossier, worker_a: User
) -> None:
    html = client_for(worker_a).get(reverse("dossiers:view-dossier", args=[dossier.pk]))
    for code, kind in LETTERS.items():
        offered = _url(dossier, code) in html.content.decode()
        assert offered == kind.is_available(dossier), code
    assert _url(dossier, "invitation") in html.content.decode()


def test_names_are_joined_as_in_a_sentence() -> None:
    assert join_names(["Mila"]) == "Mila"
    assert join_names(["Mila", "Bo", "Lina"]).startswith("Mila, Bo ")
    assert join_names(["Mila", "Bo", "Lina"]).endswith(" Lina")


# The PDF renderer's URL fetcher ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/logo.png",
        "https://example.org/static/vk/letter.css",
        "file:///etc/passwd",
        "https://static.vk.invalid/static/../../../../etc/passwd",
        "https://static.vk.invalid/static/vk/%2e%2e/%2e%2e/settings.py",
        "https://static.vk.invalid/etc/passwd",
        "data:text/css,body{color:red}",
    ],
)
def test_the_pdf_renderer_refuses_anything_but_static_files(url: str) -> None:
    with pytest.raises(RefusedURL):
        StaticFilesFetcher().fetch(url)


def test_the_pdf_renderer_serves_the_letter_stylesheet() -> None:
    response = StaticFilesFetcher().fetch("https://static.vk.invalid/static/vk/letter.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    assert static_file_for("https://static.vk.invalid/static/vk/letter.css").name == "letter.css"
