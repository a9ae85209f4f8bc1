"""The public complaint form: filing a complaint without an account, and its defences."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from vk.access.tests.test_row_level_security import as_app_role  # noqa: F401
from vk.audit.models import AuditEntry
from vk.centres.models import Centre, Province, Role
from vk.complaints import throttle
from vk.complaints.models import Channel, Complaint, Stage
from vk.complaints.notifications import mail_complaints_officers
from vk.tests.factories import CentreFactory, UserFactory
from vk.tests.page_checks import assert_no_external_assets, assert_page_basics

pytestmark = pytest.mark.django_db

URL = "/info/complaint/"


@pytest.fixture
def brussels() -> Centre:
    return CentreFactory(province=Province.BRUSSEL, name="VK Brussel (fictief)")


def _form(centre: Centre, **changes: str) -> dict[str, str]:
    data = {
        "centre": str(centre.pk),
        "complainant_role": "parent",
        "name": "Mila Fictief",
        "email": "mila@example.test",
        "phone": "",
        "address": "",
        "reply_by": "email",
        "subject": "treatment",
        "description": "Bij het tweede gesprek werd er niet naar mij geluisterd.",
        "discussed_with_helper": "yes",
        "wish": "Een nieuw gesprek met iemand anders erbij.",
        "homepage": "",
    }
    data.update(changes)
    return data


def _post(client: Client, data: dict[str, str], address: str = "192.0.2.10") -> Any:
    return client.post(URL, data, REMOTE_ADDR=address)


def test_the_form_is_a_public_page_with_labelled_fields(
    anonymous: Client, brussels: Centre
) -> None:
    response = anonymous.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert_page_basics(html)
    assert_no_external_assets(html)
    assert "no-store" in response["Cache-Control"]
    assert "Content-Security-Policy" in response


def test_the_centre_can_be_chosen_in_the_link(anonymous: Client, brussels: Centre) -> None:
    html = anonymous.get(URL, {"centre": "brussel"}).content.decode()

    assert re.search(rf'<option value="{brussels.pk}" selected>', html)


@time_machine.travel("2026-12-18 10:00 +01:00", tick=False)  # a Friday before Christmas
def test_a_complaint_is_registered_with_a_reference_and_working_day_deadlines(
    anonymous: Client, brussels: Centre
) -> None:
    response = _post(anonymous, _form(brussels))

    assert response.status_code == 302
    assert response["Location"] == reverse("complaint-form:thanks")
    complaint = Complaint.objects.get()
    assert re.fullmatch(r"K-2026-[0-9A-HJKMNP-TV-Z]{6}", complaint.reference)
    assert complaint.centre == brussels
    assert complaint.channel == Channel.WEB_FORM
    assert complaint.stage == Stage.RECEIVED
    assert complaint.received_on == date(2026, 12, 18)
    # Five working days: Mon 21, Tue 22, Wed 23, Thu 24, (Christmas), Mon 28.
    assert complaint.acknowledge_due == date(2026, 12, 28)
    assert complaint.name == "Mila Fictief"
    assert complaint.events.get().stage == Stage.RECEIVED

    thanks = anonymous.get(response["Location"])
    assert thanks.status_code == 200
    assert complaint.reference in thanks.content.decode()
    assert_page_basics(thanks.content.decode())


def test_the_audit_entry_names_no_complainant(anonymous: Client, brussels: Centre) -> None:
    _post(anonymous, _form(brussels))

    entry = AuditEntry.objects.get(event="complaints.complaint.registered")
    assert entry.centre_id == brussels.pk
    assert entry.actor_id is None
    assert "Mila" not in str(entry.detail)


def test_an_anonymous_complaint_needs_a_way_to_reply_but_no_name(
    anonymous: Client, brussels: Centre
) -> None:
    response = _post(
        anonymous,
        _form(brussels, anonymous="on", name="", email="", phone="0470 12 34 56", reply_by="phone"),
    )

    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous
    assert complaint.name == ""
    assert complaint.phone == "0470 12 34 56"


def test_a_named_complaint_needs_the_name(anonymous: Client, brussels: Centre) -> None:
    response = _post(anonymous, _form(brussels, name=""))

    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_the_chosen_way_to_reply_must_be_filled_in(anonymous: Client, brussels: Centre) -> None:
    response = _post(anonymous, _form(brussels, email="", reply_by="letter"))

    assert response.status_code == 400
    assert response.context["form"].errors["address"]
    assert not Complaint.objects.exists()


def test_a_validation_error_keeps_everything_typed(anonymous: Client, brussels: Centre) -> None:
    data = _form(brussels, description="", email="mila@example")
    response = _post(anonymous, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Mila Fictief" in html
    assert "mila@example" in html
    assert "Een nieuw gesprek met iemand anders erbij." in html
    assert re.search(r'value="treatment"[^>]*checked', html)
    assert not Complaint.objects.exists()


def test_a_robot_that_fills_the_trap_field_is_refused(anonymous: Client, brussels: Centre) -> None:
    response = _post(anonymous, _form(brussels, homepage="http://spam.example"))

    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert not AuditEntry.objects.filter(event="complaints.complaint.registered").exists()


def test_a_flood_from_one_address_is_stopped_and_keeps_the_text(
    anonymous: Client, brussels: Centre, settings: Any
) -> None:
    settings.COMPLAINT_FORM_LIMIT_PER_HOUR = 3
    for _ in range(3):
        assert _post(anonymous, _form(brussels)).status_code == 302

    refused = _post(anonymous, _form(brussels, wish="Nog een laatste poging."))

    assert refused.status_code == 429
    assert "Nog een laatste poging." in refused.content.decode()
    assert Complaint.objects.count() == 3
    # Someone else, on another connection, is not held back.
    assert _post(Client(), _form(brussels), address="198.51.100.7").status_code == 302
    assert Complaint.objects.count() == 4


def test_invalid_submissions_count_towards_the_limit_too(
    anonymous: Client, brussels: Centre, settings: Any
) -> None:
    settings.COMPLAINT_FORM_LIMIT_PER_HOUR = 2
    for _ in range(2):
        assert _post(anonymous, _form(brussels, description="")).status_code == 400

    assert _post(anonymous, _form(brussels)).status_code == 429
    assert not Complaint.objects.exists()


def test_the_limit_keeps_no_address() -> None:
    key = throttle._key("complaint-form", "192.0.2.10", 1)

    assert "192.0.2.10" not in key
    assert key != throttle._key("complaint-form", "192.0.2.11", 1)
    assert key != throttle._key("complaint-form", "192.0.2.10", 2)


def test_an_oversized_request_is_refused(anonymous: Client, brussels: Centre) -> None:
    response = _post(anonymous, _form(brussels, description="x" * 70_000))

    assert response.status_code == 413
    assert not Complaint.objects.exists()


def test_a_too_long_text_is_refused_with_a_message(anonymous: Client, brussels: Centre) -> None:
    response = _post(anonymous, _form(brussels, description="x" * 5001))

    assert response.status_code == 400
    assert response.context["form"].errors["description"]


def test_a_post_without_the_csrf_token_is_refused(brussels: Centre) -> None:
    client = Client(enforce_csrf_checks=True)

    response = _post(client, _form(brussels))

    assert response.status_code == 403
    assert not Complaint.objects.exists()


def test_the_thanks_page_without_a_complaint_sends_to_the_form(anonymous: Client) -> None:
    response = anonymous.get(reverse("complaint-form:thanks"))

    assert response.status_code == 302
    assert response["Location"] == URL


def test_the_form_is_there_in_french(brussels: Centre) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr-be"

    html = client.get(URL).content.decode()

    assert '<html lang="fr-be">' in html
    assert_page_basics(html)


def test_the_complaints_officer_gets_a_mail_without_personal_data(
    anonymous: Client, brussels: Centre
) -> None:
    officer = UserFactory(centre=brussels, roles=[Role.COMPLAINTS], email="klachten@example.test")
    UserFactory(centre=brussels, roles=[Role.CASE_WORKER], email="hulp@example.test")
    _post(anonymous, _form(brussels))
    complaint = Complaint.objects.get()

    assert mail_complaints_officers.call(complaint.pk) == 1

    [message] = mail.outbox
    assert message.to == [officer.email]
    assert complaint.reference in message.body
    assert "Mila" not in message.body
    assert "geluisterd" not in message.body


def test_without_a_complaints_officer_the_director_is_told(brussels: Centre) -> None:
    director = UserFactory(centre=brussels, roles=[Role.DIRECTOR], email="directie@example.test")
    _post(Client(), _form(brussels))

    assert mail_complaints_officers.call(Complaint.objects.get().pk) == 1
    assert mail.outbox[0].to == [director.email]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level security exists on PostgreSQL only"
)
@pytest.mark.usefixtures("as_app_role")
def test_the_form_files_into_the_register_under_row_level_security(
    anonymous: Client, brussels: Centre
) -> None:
    """An anonymous request works for no centre; filing writes into the chosen one only."""
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        Complaint.objects.create(
            centre=brussels,
            reference="K-2026-TEST00",
            channel=Channel.WEB_FORM,
            received_on=date(2026, 12, 1),
            anonymous=True,
            email="x@example.test",
            complainant_role="parent",
            subject="help",
            description="x",
            discussed_with_helper="no",
            acknowledge_due=date(2026, 12, 8),
            answer_due=date(2027, 2, 2),
        )

    assert _post(anonymous, _form(brussels)).status_code == 302

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM complaints_complaint")
        assert cursor.fetchone() == (0,)  # and the anonymous connection still sees nothing
