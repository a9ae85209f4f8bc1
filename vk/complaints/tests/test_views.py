"""The complaints officer's screens: who gets them (everyone else 404), the register with
its filters and constant query count, registering, the steps, the edit conflict, audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from vk.audit.models import Action, AuditEntry, Purpose
from vk.centres.models import Centre, Role, User
from vk.complaints.models import Complaint, Stage
from vk.complaints.tests.helpers import acknowledge, answer, register
from vk.dossiers.models import Dossier
from vk.tests.factories import UserFactory
from vk.tests.page_checks import assert_no_external_assets, assert_page_basics

pytestmark = pytest.mark.django_db

POSTS = ("acknowledge", "start-conversation", "start-formal", "answer", "close", "add-note")


def _urls(complaint: Complaint) -> list[tuple[str, str]]:
    """Every complaints URL with the method it answers."""
    on_complaint = [
        ("GET", reverse("complaints:detail", args=[complaint.pk])),
        ("GET", reverse("complaints:edit", args=[complaint.pk])),
        ("POST", reverse("complaints:edit", args=[complaint.pk])),
        *(("POST", reverse(f"complaints:{name}", args=[complaint.pk])) for name in POSTS),
    ]
    return [
        ("GET", reverse("complaints:register")),
        ("GET", reverse("complaints:new")),
        ("POST", reverse("complaints:new")),
        ("GET", reverse("complaints:overview")),
        *on_complaint,
    ]


def _new_post(**changes: Any) -> dict[str, Any]:
    return {
        "channel": "letter",
        "received_on": timezone.localdate().isoformat(),
        "complainant_role": "parent",
        "name": "Tom Peeters",
        "address": "Stationsstraat 10\n3500 Hasselt",
        "reply_by": "letter",
        "subject": "treatment",
        "description": "De hulpverlener was onvriendelijk aan de telefoon.",
        "discussed_with_helper": "no",
        "wish": "Excuses.",
        **changes,
    }


# Who gets the screens ------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.COMPLAINTS, Role.DIRECTOR])
def test_the_complaints_officer_and_the_director_get_every_screen(
    centre_a: Centre, officer_a: User, role: Role
) -> None:
    user = UserFactory(centre=centre_a, roles=[role])
    complaint = register(centre_a, officer_a)
    client = client_for(user)
    for method, url in _urls(complaint):
        response = client.get(url) if method == "GET" else client.post(url, {})
        # An empty POST is refused by the form (400), never by the access rule.
        assert response.status_code == (200 if method == "GET" else 400), (method, url)


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.TEAM_LEAD, Role.STATISTICS, Role.INTAKE])
def test_other_roles_get_404_on_every_complaints_url(
    centre_a: Centre, officer_a: User, role: Role
) -> None:
    complaint = register(centre_a, officer_a)
    client = client_for(UserFactory(centre=centre_a, roles=[role]))
    for method, url in _urls(complaint):
        response = client.get(url) if method == "GET" else client.post(url, _new_post())
        assert response.status_code == 404, (role, method, url)
    assert Complaint.objects.count() == 1


def test_the_officer_of_another_centre_gets_404_on_the_complaint(
    centre_a: Centre, officer_a: User, officer_b: User
) -> None:
    complaint = register(centre_a, officer_a)
    client = client_for(officer_b)
    for method, url in _urls(complaint)[4:]:
        response = client.get(url) if method == "GET" else client.post(url, {})
        assert response.status_code == 404, (method, url)
    register_page = client.get(reverse("complaints:register")).content.decode()
    assert complaint.reference not in register_page


def test_anonymous_visitors_are_sent_to_log_in(centre_a: Centre, officer_a: User) -> None:
    from django.test import Client

    complaint = register(centre_a, officer_a)
    for method, url in _urls(complaint):
        response = Client().get(url) if method == "GET" else Client().post(url, {})
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_the_officer_gets_404_on_the_dossier_a_complaint_mentions(
    dossier: Dossier, officer_a: User, director_a: User
) -> None:
    complaint = register(
        dossier.centre,
        officer_a,
        description=f"Over het dossier {dossier.reference} van het gezin Maes (Mila en Sara).",
    )
    client = client_for(officer_a)
    assert client.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 200
    for url in (
        reverse("dossiers:view-dossier", args=[dossier.pk]),
        reverse("dossiers:view-timeline", args=[dossier.pk]),
    ):
        assert client.get(url).status_code == 404, url


# The register --------------------------------------------------------------------------


@time_machine.travel("2026-06-30 10:00 +02:00", tick=False)
def test_the_register_lists_open_complaints_by_nearest_deadline_with_time_left(
    centre_a: Centre, officer_a: User
) -> None:
    overdue = register(centre_a, officer_a, received_on=date(2026, 6, 19))  # ack due 26/06
    fresh = register(centre_a, officer_a, received_on=date(2026, 6, 29))  # ack due 06/07
    acknowledged = acknowledge(
        register(centre_a, officer_a, received_on=date(2026, 6, 1)), officer_a, date(2026, 6, 2)
    )
    answered = answer(
        acknowledge(
            register(centre_a, officer_a, received_on=date(2026, 5, 4)), officer_a, date(2026, 5, 5)
        ),
        officer_a,
        date(2026, 6, 1),
    )
    client = client_for(officer_a)
    response = client.get(reverse("complaints:register"))
    assert response.status_code == 200
    listed = [row[0] for row in response.context["rows"]]
    assert listed == [overdue, fresh, acknowledged]  # open only, nearest deadline first
    page = response.content.decode()
    assert "row--overdue" in page
    assert "2 werkdagen te laat" in page  # Fri 26/06 → Tue 30/06: Mon 29, Tue 30
    assert "nog 4 werkdagen" in page  # Mon 06/07
    assert response.context["summary"] == {"open": 3, "overdue": 1}

    everything = client.get(reverse("complaints:register"), {"stage": "all"})
    assert [row[0] for row in everything.context["rows"]] == [
        overdue,
        fresh,
        acknowledged,
        answered,
    ]
    only_overdue = client.get(reverse("complaints:register"), {"stage": "all", "overdue": "on"})
    assert [row[0] for row in only_overdue.context["rows"]] == [overdue]
    by_outcome = client.get(
        reverse("complaints:register"), {"stage": "all", "outcome": "unfounded"}
    )
    assert [row[0] for row in by_outcome.context["rows"]] == [answered]
    by_stage = client.get(reverse("complaints:register"), {"stage": "acknowledged"})
    assert [row[0] for row in by_stage.context["rows"]] == [acknowledged]


def test_the_register_filters_by_year_and_pages_fifty_at_a_time(
    centre_a: Centre, officer_a: User
) -> None:
    today = timezone.localdate()
    last_year = register(centre_a, officer_a, received_on=today.replace(year=today.year - 1))
    for _ in range(51):
        register(centre_a, officer_a, received_on=today)
    client = client_for(officer_a)
    first = client.get(reverse("complaints:register"))
    assert len(first.context["rows"]) == 50
    assert first.context["page"].paginator.count == 52
    second = client.get(reverse("complaints:register"), {"page": 2})
    assert len(second.context["rows"]) == 2
    listed = {row[0].pk for row in [*first.context["rows"], *second.context["rows"]]}
    assert listed == set(Complaint.objects.values_list("pk", flat=True))
    assert "page=2" in first.content.decode()
    previous = client.get(reverse("complaints:register"), {"year": today.year - 1})
    assert [row[0] for row in previous.context["rows"]] == [last_year]
    assert client.get(reverse("complaints:register"), {"year": 1999}).status_code == 400


def _complaints(centre: Centre, officer: User, count: int) -> None:
    for number in range(count):
        complaint = register(centre, officer, channel="email", email=f"k{number}@voorbeeld.test")
        if number % 2:
            acknowledge(complaint, UserFactory(centre=centre, roles=[Role.COMPLAINTS]))


def test_the_register_needs_no_more_queries_for_thirty_complaints_than_for_three(
    centre_a: Centre, officer_a: User, django_assert_max_num_queries: Any
) -> None:
    client = client_for(officer_a)
    url = reverse("complaints:register")
    _complaints(centre_a, officer_a, 3)
    client.get(url)  # the first request of a session also registers the session
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["rows"]) == 3
    _complaints(centre_a, officer_a, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 30
    page = response.content.decode()
    for complaint in Complaint.objects.filter(handler__isnull=False):
        assert complaint.handler.get_full_name() in page


# Registering -------------------------------------------------------------------------------


def test_the_officer_registers_a_complaint_received_by_letter(
    centre_a: Centre, officer_a: User
) -> None:
    client = client_for(officer_a)
    assert client.get(reverse("complaints:new")).status_code == 200
    response = client.post(reverse("complaints:new"), _new_post())
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert (complaint.channel, complaint.name, complaint.stage) == (
        "letter",
        "Tom Peeters",
        "received",
    )
    assert complaint.events.get().by == officer_a
    entry = AuditEntry.objects.get(event="complaints.complaint.registered")
    assert (entry.actor_id, entry.purpose) == (officer_a.pk, Purpose.COMPLAINTS)


@pytest.mark.parametrize(
    "changes",
    [
        {"received_on": (timezone.localdate() + timedelta(days=1)).isoformat()},
        {"name": ""},
        {"address": ""},
        {"channel": "web_form"},
        {"description": ""},
    ],
)
def test_an_incomplete_complaint_is_refused_and_keeps_what_was_typed(
    centre_a: Centre, officer_a: User, changes: dict[str, str]
) -> None:
    response = client_for(officer_a).post(
        reverse("complaints:new"),
        _new_post(wish="Een gesprek met de teamverantwoordelijke.", **changes),
    )
    assert response.status_code == 400
    assert "Een gesprek met de teamverantwoordelijke." in response.content.decode()
    assert not Complaint.objects.exists()


def test_an_anonymous_complaint_needs_no_name(centre_a: Centre, officer_a: User) -> None:
    response = client_for(officer_a).post(
        reverse("complaints:new"), _new_post(name="", anonymous="on")
    )
    assert response.status_code == 302
    assert Complaint.objects.get().anonymous


# The complaint page and its steps ------------------------------------------------------------


def test_the_complaint_page_shows_the_details_deadlines_history_and_next_steps(
    centre_a: Centre, officer_a: User
) -> None:
    complaint = register(centre_a, officer_a, wish="Een vaste contactpersoon.")
    response = client_for(officer_a).get(reverse("complaints:detail", args=[complaint.pk]))
    page = response.content.decode()
    assert complaint.reference in page and "Een vaste contactpersoon." in page
    assert complaint.acknowledge_due.strftime("%d/%m/%Y") in page
    assert "nog 5 werkdagen" in page or "today" in page or "vandaag" in page
    assert list(response.context["steps"]) == ["acknowledge"]
    assert reverse("complaints:acknowledge", args=[complaint.pk]) in page
    assert reverse("complaints:add-note", args=[complaint.pk]) in page


def test_the_steps_through_the_page(centre_a: Centre, officer_a: User) -> None:
    complaint = register(centre_a, officer_a)
    client = client_for(officer_a)
    today = timezone.localdate().isoformat()

    def post(name: str, **data: str) -> Any:
        current = Complaint.objects.get(pk=complaint.pk)
        fields = {f"{name}-{key}": value for key, value in data.items()}
        return client.post(
            reverse(f"complaints:{name}", args=[complaint.pk]),
            {f"{name}-version": current.row_version, **fields},
        )

    # Not offered yet: refused with the reason on the page, nothing saved.
    refused = post("answer", answered_on=today, outcome="unfounded", answer_summary="x")
    assert refused.status_code == 400
    assert "not possible now" in refused.content.decode() or "niet mogelijk" in (
        refused.content.decode()
    )
    assert post("acknowledge", acknowledged_on=today, note="Brief verstuurd.").status_code == 302
    assert post("start-conversation", note="Gesprek gepland.").status_code == 302
    missing = post("answer", answered_on=today, outcome="partly", answer_summary="Uitleg.")
    assert missing.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).stage == Stage.IN_CONVERSATION
    done = post(
        "answer",
        answered_on=today,
        outcome="partly",
        answer_summary="Uitleg.",
        improvements="Nieuwe afspraak.",
    )
    assert done.status_code == 302
    assert post("close", closed_on=today, escalated_to="childrens_rights").status_code == 302
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED and complaint.escalated_to == "childrens_rights"
    assert complaint.handler == officer_a
    note = client.post(
        reverse("complaints:add-note", args=[complaint.pk]), {"note-note": "Klager tevreden."}
    )
    assert note.status_code == 302
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "Brief verstuurd." in page and "Klager tevreden." in page and "Nieuwe afspraak." in page
    assert not client.get(reverse("complaints:detail", args=[complaint.pk])).context["steps"]


def test_a_step_on_a_stale_page_answers_409_and_keeps_the_typed_note(
    centre_a: Centre, officer_a: User, director_a: User
) -> None:
    complaint = register(centre_a, officer_a)
    stale = complaint.row_version
    acknowledge(complaint, director_a)
    response = client_for(officer_a).post(
        reverse("complaints:acknowledge", args=[complaint.pk]),
        {
            "acknowledge-version": stale,
            "acknowledge-acknowledged_on": timezone.localdate().isoformat(),
            "acknowledge-note": "Mijn eigen notitie.",
        },
    )
    assert response.status_code == 409
    assert "Mijn eigen notitie." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.handler == director_a
    assert not complaint.events.filter(note="Mijn eigen notitie.").exists()


# Editing ----------------------------------------------------------------------------------


def _edit_post(complaint: Complaint, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": complaint.row_version,
        "complainant_role": complaint.complainant_role,
        "name": complaint.name,
        "email": complaint.email,
        "phone": complaint.phone,
        "address": complaint.address,
        "reply_by": complaint.reply_by,
        "subject": complaint.subject,
        "description": complaint.description,
        "discussed_with_helper": complaint.discussed_with_helper,
        "wish": complaint.wish,
        "answer_summary": complaint.answer_summary,
        "improvements": complaint.improvements,
    }
    if complaint.anonymous:
        data["anonymous"] = "on"
    return {**data, **changes}


def test_the_officer_corrects_the_details(centre_a: Centre, officer_a: User) -> None:
    complaint = register(centre_a, officer_a)
    client = client_for(officer_a)
    page = client.get(reverse("complaints:edit", args=[complaint.pk]))
    assert page.status_code == 200 and "improvements" not in page.context["form"].fields
    response = client.post(
        reverse("complaints:edit", args=[complaint.pk]),
        _edit_post(complaint, email="inge@voorbeeld.test"),
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.email == "inge@voorbeeld.test" and complaint.row_version == 2
    entry = AuditEntry.objects.get(event="complaints.complaint.changed")
    assert entry.detail == {"fields": ["email"]}


def test_an_edit_conflict_answers_409_shows_both_versions_and_saves_nothing(
    centre_a: Centre, officer_a: User, director_a: User
) -> None:
    complaint = register(centre_a, officer_a)
    url = reverse("complaints:edit", args=[complaint.pk])
    stale = _edit_post(complaint, wish="Mijn versie van de wens.")
    assert (
        client_for(director_a).post(url, _edit_post(complaint, wish="Versie directie.")).status_code
        == 302
    )
    response = client_for(officer_a).post(url, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mijn versie van de wens." in page and "Versie directie." in page
    assert "conflict__differs" in page
    complaint.refresh_from_db()
    assert complaint.wish == "Versie directie." and complaint.row_version == 2
    # The form now carries the saved version: saving again is a deliberate choice.
    assert response.context["form"]["version"].value() == "2"
    assert client_for(officer_a).post(url, {**stale, "version": 2}).status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).wish == "Mijn versie van de wens."


def test_improvements_can_be_added_after_closing(centre_a: Centre, officer_a: User) -> None:
    complaint = acknowledge(register(centre_a, officer_a), officer_a)
    complaint = answer(complaint, officer_a, complaint.received_on)
    client = client_for(officer_a)
    url = reverse("complaints:close", args=[complaint.pk])
    assert client.post(url, {"close-version": complaint.row_version}).status_code == 400
    today = timezone.localdate().isoformat()
    client.post(url, {"close-version": complaint.row_version, "close-closed_on": today})
    complaint.refresh_from_db()
    assert complaint.stage == Stage.CLOSED
    response = client.post(
        reverse("complaints:edit", args=[complaint.pk]),
        _edit_post(complaint, improvements="Onthaalscript aangepast."),
    )
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).improvements == "Onthaalscript aangepast."


# Audit ----------------------------------------------------------------------------------


def test_reading_a_complaint_is_audited_before_it_is_shown(
    centre_a: Centre, officer_a: User
) -> None:
    complaint = register(centre_a, officer_a)
    client = client_for(officer_a)
    client.get(reverse("complaints:detail", args=[complaint.pk]))
    client.get(reverse("complaints:edit", args=[complaint.pk]))
    reads = AuditEntry.objects.filter(
        action=Action.READ, object_type="complaints.complaint", object_id=str(complaint.pk)
    )
    assert reads.count() == 2
    assert {entry.purpose for entry in reads} == {Purpose.COMPLAINTS}
    assert {entry.actor_id for entry in reads} == {officer_a.pk}
    client.get(reverse("complaints:register"))
    listed = AuditEntry.objects.get(event="complaints.register.listed")
    assert listed.action == Action.SEARCH and listed.detail["count"] == 1


def test_a_refused_read_writes_no_entry(centre_a: Centre, officer_a: User, officer_b: User) -> None:
    complaint = register(centre_a, officer_a)
    client_for(officer_b).get(reverse("complaints:detail", args=[complaint.pk]))
    assert not AuditEntry.objects.filter(action=Action.READ, actor_id=officer_b.pk).exists()


def test_every_screen_has_one_h1_labelled_fields_and_no_outside_assets(
    centre_a: Centre, officer_a: User
) -> None:
    open_one = register(centre_a, officer_a)
    answered = answer(
        acknowledge(register(centre_a, officer_a), officer_a), officer_a, timezone.localdate()
    )
    client = client_for(officer_a)
    urls = [
        reverse("complaints:register"),
        reverse("complaints:new"),
        reverse("complaints:overview"),
        *(reverse("complaints:detail", args=[c.pk]) for c in (open_one, answered)),
        *(reverse("complaints:edit", args=[c.pk]) for c in (open_one, answered)),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_basics(response.content.decode())
        assert_no_external_assets(response.content.decode())
