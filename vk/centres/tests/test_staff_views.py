from __future__ import annotations

from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from conftest import client_for
from vk.audit.models import AuditEntry
from vk.centres.models import Role, User
from vk.centres.tasks import send_staff_invitation
from vk.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_MEMBER = {
    "first_name": "Noor",
    "last_name": "Nieuwkomer",
    "email": "Noor.Nieuwkomer@vk.test",
    "discipline": "psycho_pedagogical",
    "roles": ["case_worker"],
}


def _edit_data(member: User, **changes: Any) -> dict[str, Any]:
    data = {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "discipline": member.discipline,
        "roles": sorted(member.roles),
        "version": member.row_version,
    }
    data.update(changes)
    return data


# Who may see the staff pages -------------------------------------------------------


def test_centre_admin_sees_only_their_own_centre_s_staff(
    admin_a: User, case_worker_a: User, staff_b: User
) -> None:
    response = client_for(admin_a).get(reverse("centres:list-staff"))
    assert response.status_code == 200
    page = response.content.decode()
    assert case_worker_a.last_name in page
    assert staff_b.last_name not in page
    assert staff_b.email not in page
    entry = AuditEntry.objects.get(event="centres.staff.listed")
    assert entry.actor_id == admin_a.pk
    assert entry.purpose == "administration"


@pytest.mark.parametrize("persona", ["colleague_a", "team_lead_a", "case_worker_a"])
def test_colleague_without_admin_role_gets_404(
    persona: str, request: pytest.FixtureRequest, case_worker_a: User
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("centres:list-staff")).status_code == 404
    assert client.get(reverse("centres:create-staff")).status_code == 404
    assert client.get(reverse("centres:edit-staff", args=[case_worker_a.pk])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(anonymous: Client, case_worker_a: User) -> None:
    for url in [
        reverse("centres:list-staff"),
        reverse("centres:edit-staff", args=[case_worker_a.pk]),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("centres:edit-staff", "get"),
        ("centres:edit-staff", "post"),
        ("centres:deactivate-staff", "get"),
        ("centres:deactivate-staff", "post"),
        ("centres:reactivate-staff", "post"),
    ],
)
def test_admin_of_another_centre_never_reaches_a_staff_member(
    admin_b: User, case_worker_a: User, name: str, method: str
) -> None:
    client = client_for(admin_b)
    url = reverse(name, args=[case_worker_a.pk])
    response = getattr(client, method)(url, _edit_data(case_worker_a, last_name="Overgenomen"))
    assert response.status_code == 404
    case_worker_a.refresh_from_db()
    assert case_worker_a.last_name != "Overgenomen"
    assert case_worker_a.is_active
    assert not AuditEntry.objects.filter(object_id=str(case_worker_a.pk)).exists()


# Adding staff ---------------------------------------------------------------------


def test_admin_adds_a_colleague_who_gets_an_invitation(
    admin_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    team = TeamFactory(centre=admin_a.centre, name="Team Mechelen")
    client = client_for(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("centres:create-staff"), {**NEW_MEMBER, "teams": [team.pk]})
    assert response.status_code == 302
    member = User.objects.get(email="noor.nieuwkomer@vk.test")
    assert member.centre == admin_a.centre
    assert member.roles == {Role.CASE_WORKER}
    assert list(member.teams.all()) == [team]
    assert not member.has_usable_password()
    assert EmailAddress.objects.get(user=member).verified
    assert AuditEntry.objects.filter(
        event="centres.staff.created", object_id=str(member.pk)
    ).exists()
    assert DBTaskResult.objects.filter(task_path__endswith="send_staff_invitation").count() == 1


def test_invitation_mail_holds_a_password_link_in_dutch(admin_a: User) -> None:
    member = UserFactory(centre=admin_a.centre, first_name="Noor")
    send_staff_invitation.call(member.pk)
    (message,) = mail.outbox
    assert message.to == [member.email]
    assert "Dag Noor" in message.body
    assert "/accounts/password/reset/key/" in message.body


def test_bad_input_is_answered_in_dutch_and_nothing_is_saved(admin_a: User) -> None:
    response = client_for(admin_a).post(
        reverse("centres:create-staff"),
        {**NEW_MEMBER, "email": "geen-adres", "roles": []},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies minstens één rol." in page
    assert "geldig e-mailadres" in page
    assert 'value="Nieuwkomer"' in page  # what was typed is kept
    assert not User.objects.filter(last_name="Nieuwkomer").exists()


def test_an_address_already_in_use_is_refused(admin_a: User, staff_b: User) -> None:
    response = client_for(admin_a).post(
        reverse("centres:create-staff"), {**NEW_MEMBER, "email": staff_b.email}
    )
    assert response.status_code == 200
    assert "al in gebruik" in response.content.decode()
    assert User.objects.filter(email=staff_b.email).count() == 1


def test_teams_of_another_centre_cannot_be_chosen(admin_a: User, centre_b: Any) -> None:
    TeamFactory(centre=admin_a.centre)
    foreign = TeamFactory(centre=centre_b)
    response = client_for(admin_a).post(
        reverse("centres:create-staff"), {**NEW_MEMBER, "teams": [foreign.pk]}
    )
    assert response.status_code == 200
    assert not User.objects.filter(last_name="Nieuwkomer").exists()


# Changing staff -------------------------------------------------------------------


def test_admin_changes_roles_and_the_change_is_audited(admin_a: User, case_worker_a: User) -> None:
    client = client_for(admin_a)
    assert client.get(reverse("centres:edit-staff", args=[case_worker_a.pk])).status_code == 200
    response = client.post(
        reverse("centres:edit-staff", args=[case_worker_a.pk]),
        _edit_data(case_worker_a, roles=["case_worker", "team_lead"]),
    )
    assert response.status_code == 302
    case_worker_a.refresh_from_db()
    case_worker_a.__dict__.pop("roles", None)
    assert case_worker_a.roles == {Role.CASE_WORKER, Role.TEAM_LEAD}
    entry = AuditEntry.objects.get(event="centres.staff.updated")
    assert entry.detail["roles_added"] == ["team_lead"]
    assert AuditEntry.objects.filter(event="centres.staff.viewed").count() == 1


def test_a_colleague_s_newer_save_is_not_overwritten(admin_a: User, case_worker_a: User) -> None:
    stale_form = _edit_data(case_worker_a, last_name="Eerste")
    client_for(admin_a).post(
        reverse("centres:edit-staff", args=[case_worker_a.pk]),
        _edit_data(case_worker_a, last_name="Tweede"),
    )
    response = client_for(admin_a).post(
        reverse("centres:edit-staff", args=[case_worker_a.pk]), stale_form
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "iemand anders" in page.lower()
    assert 'value="Eerste"' in page  # the user's own input is still in the form
    case_worker_a.refresh_from_db()
    assert case_worker_a.last_name == "Tweede"


def test_the_last_centre_admin_keeps_that_role(admin_a: User) -> None:
    response = client_for(admin_a).post(
        reverse("centres:edit-staff", args=[admin_a.pk]), _edit_data(admin_a, roles=["intake"])
    )
    assert response.status_code == 200
    assert "minstens één actieve centrumbeheerder" in response.content.decode()
    admin_a.__dict__.pop("roles", None)
    assert admin_a.has_role(Role.CENTRE_ADMIN)


# Blocking accounts ----------------------------------------------------------------


def test_blocking_an_account_ends_its_sessions_at_once(admin_a: User, case_worker_a: User) -> None:
    worker_client = client_for(case_worker_a)
    assert worker_client.get("/").status_code == 200
    admin = client_for(admin_a)
    assert (
        admin.get(reverse("centres:deactivate-staff", args=[case_worker_a.pk])).status_code == 200
    )
    response = admin.post(reverse("centres:deactivate-staff", args=[case_worker_a.pk]))
    assert response.status_code == 302
    case_worker_a.refresh_from_db()
    assert not case_worker_a.is_active
    assert worker_client.get("/").status_code == 302
    assert AuditEntry.objects.filter(event="centres.staff.deactivated").exists()

    admin.post(reverse("centres:reactivate-staff", args=[case_worker_a.pk]))
    case_worker_a.refresh_from_db()
    assert case_worker_a.is_active


def test_admin_cannot_block_their_own_account(admin_a: User) -> None:
    client = client_for(admin_a)
    response = client.post(reverse("centres:deactivate-staff", args=[admin_a.pk]), follow=True)
    assert "eigen account" in response.content.decode()
    admin_a.refresh_from_db()
    assert admin_a.is_active


# Centre data ----------------------------------------------------------------------


def _centre_data(centre: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "street": "Voorbeeldstraat 9",
        "postcode": "2000",
        "city": "Antwerpen",
        "phone": "03 000 00 00",
        "email": "info@vk.test",
        "triage_deadline_working_days": 4,
        "mano_deadline_working_days": 65,
        "mano_clock_start": "received",
        "complaint_acknowledge_working_days": 5,
        "complaint_answer_working_days": 45,
        "region": "2000-2999",
        "version": centre.row_version,
    }
    data.update(changes)
    return data


def test_admin_changes_the_centre_s_deadline_norm_and_new_reports_follow_it(admin_a: User) -> None:
    from datetime import date, datetime

    from django.utils import timezone

    from vk.intake.services import PersonEntry, ReportDetails, register_report

    response = client_for(admin_a).post(
        reverse("centres:edit-centre"), _centre_data(admin_a.centre)
    )
    assert response.status_code == 302
    admin_a.centre.refresh_from_db()
    assert admin_a.centre.triage_deadline_working_days == 4
    assert AuditEntry.objects.get(event="centres.centre.updated").detail["fields"]
    report = register_report(
        by=UserFactory(centre=admin_a.centre, roles=[Role.INTAKE]),
        details=ReportDetails(
            received_at=timezone.make_aware(datetime(2026, 3, 2, 10, 0)),  # a Monday
            channel="phone",
            reporter_kind="non_professional",
            worries="Zorgen.",
            problems=["unclear"],
        ),
        persons=[PersonEntry(role="child", first_name="Noor")],
    )
    assert report.triage_due == date(2026, 3, 6)  # four working days later


def test_centre_data_refuses_bad_input_and_stale_forms(admin_a: User) -> None:
    client = client_for(admin_a)
    bad = client.post(
        reverse("centres:edit-centre"),
        _centre_data(admin_a.centre, postcode="20", triage_deadline_working_days=0),
    )
    assert bad.status_code == 200
    assert "vier cijfers" in bad.content.decode()
    stale = _centre_data(admin_a.centre, city="Mechelen")
    client.post(reverse("centres:edit-centre"), _centre_data(admin_a.centre))
    response = client.post(reverse("centres:edit-centre"), stale)
    assert "iemand anders" in response.content.decode().lower()
    admin_a.centre.refresh_from_db()
    assert admin_a.centre.city == "Antwerpen"


def test_only_the_centre_s_administrator_edits_the_centre(colleague_a: User, admin_b: User) -> None:
    assert client_for(colleague_a).get(reverse("centres:edit-centre")).status_code == 404
    client_for(admin_b).post(
        reverse("centres:edit-centre"),
        _centre_data(admin_b.centre, city="Genk", region="3500-3999"),
    )
    admin_b.centre.refresh_from_db()
    assert colleague_a.centre.city != "Genk"
