"""Registering, changing and deleting activities through the screens, with the
validation messages, the edit conflict and the access rule per role and centre."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import client_for
from vk.activities import services
from vk.activities.models import AwarenessAction, Coaching, Training
from vk.activities.tests.conftest import awareness_values, coaching_values, training_values
from vk.audit.models import Action, AuditEntry, Purpose
from vk.centres.models import User
from vk.tests.browser import nl

pytestmark = pytest.mark.django_db


def _errors(response: Any) -> str:
    """The form's messages as the Dutch page shows them (compare with `nl()`)."""
    form = response.context["form"]
    return " ".join(str(message) for messages in form.errors.values() for message in messages)


def _coaching_post(user: User, **changes: Any) -> dict[str, Any]:
    return {
        "date": "2026-03-12",
        "coached_by": str(user.pk),
        "sector": "health_care",
        "organisation": "Huisartsenpraktijk",
        "theme": "physical_abuse",
        "contacts": "2",
        "duration_minutes": "45",
        "summary": "Letsel en uitleg besproken.",
        **changes,
    }


def test_case_worker_registers_a_coaching(case_worker_a: User) -> None:
    client = client_for(case_worker_a)
    assert client.get(reverse("activities:coaching-new")).status_code == 200
    response = client.post(reverse("activities:coaching-new"), _coaching_post(case_worker_a))
    assert response.status_code == 302
    coaching = Coaching.objects.get()
    assert coaching.centre_id == case_worker_a.centre_id
    assert coaching.created_by == case_worker_a
    assert (coaching.sector, coaching.contacts, coaching.duration_minutes) == ("health_care", 2, 45)
    entry = AuditEntry.objects.get(event="activities.coaching.created")
    assert (entry.action, entry.purpose, entry.object_id) == (
        Action.CREATE,
        Purpose.ASSIGNMENT,
        str(coaching.pk),
    )
    assert "Letsel" not in str(entry.detail)


def test_intake_worker_registers_a_training_with_two_trainers(
    colleague_a: User, case_worker_a: User
) -> None:
    response = client_for(colleague_a).post(
        reverse("activities:training-new"),
        {
            "date": "2026-03-02",
            "topic": "Praten met ouders over zorgen",
            "target_group": "Kinderbegeleiders",
            "organisations": "Kinderopvang De Vlinder",
            "participants": "14",
            "hours": "2.5",
            "trainers": [str(colleague_a.pk), str(case_worker_a.pk)],
            "external_trainers": "",
        },
    )
    assert response.status_code == 302
    training = Training.objects.get()
    assert set(training.trainers.all()) == {colleague_a, case_worker_a}
    assert str(training.hours) == "2.50"


def test_a_planned_awareness_action_is_allowed_and_marked_planned(team_lead_a: User) -> None:
    client = client_for(team_lead_a)
    response = client.post(
        reverse("activities:awareness-new"),
        {"date": "2026-05-04", "kind": "stand", "audience": "Gezinsbeurs", "reach": ""},
    )
    assert response.status_code == 302
    action = AwarenessAction.objects.get()
    assert action.reach is None
    assert action.is_planned()
    listing = client.get(reverse("activities:awareness-list"))
    assert listing.context["page"][0].planned
    assert 'class="badge"' in listing.content.decode()


def test_a_coaching_in_the_future_is_refused_with_a_clear_message(case_worker_a: User) -> None:
    response = client_for(case_worker_a).post(
        reverse("activities:coaching-new"), _coaching_post(case_worker_a, date="2026-03-17")
    )
    assert response.status_code == 400
    assert nl(
        "A coaching is registered once it took place: the date lies in the future."
    ) in _errors(response)
    assert not Coaching.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"contacts": "0"}, nl("Count at least one contact.")),
        (
            {"duration_minutes": "0"},
            nl("The duration is at least one minute; leave it empty if not known."),
        ),
        ({"sector": ""}, nl("Choose the sector of the professional.")),
        ({"theme": ""}, nl("Choose what the question was about.")),
        ({"date": "0205-03-01"}, nl("This date lies too far in the past; check the year.")),
        ({"summary": "x" * 2001}, "2000"),
    ],
)
def test_coaching_validation_messages(
    case_worker_a: User, changes: dict[str, str], message: str
) -> None:
    response = client_for(case_worker_a).post(
        reverse("activities:coaching-new"), _coaching_post(case_worker_a, **changes)
    )
    assert response.status_code == 400
    assert message in _errors(response)
    assert not Coaching.objects.exists()


def test_training_needs_participants_and_a_trainer(case_worker_a: User) -> None:
    response = client_for(case_worker_a).post(
        reverse("activities:training-new"),
        {
            "date": "2026-03-02",
            "topic": "Signalen",
            "target_group": "Leerkrachten",
            "organisations": "School",
            "participants": "0",
        },
    )
    assert response.status_code == 400
    assert nl("Count at least one participant (expected, for a planned session).") in _errors(
        response
    )
    assert nl("Choose at least one trainer of the centre.") in _errors(response)
    assert not Training.objects.exists()


def test_awareness_reach_cannot_be_negative(case_worker_a: User) -> None:
    response = client_for(case_worker_a).post(
        reverse("activities:awareness-new"),
        {"date": "2026-03-02", "kind": "media", "audience": "Luisteraars", "reach": "-5"},
    )
    assert response.status_code == 400
    assert nl("The number of people reached cannot be negative.") in _errors(response)


def test_a_colleague_of_another_centre_cannot_be_named(case_worker_a: User, staff_b: User) -> None:
    response = client_for(case_worker_a).post(
        reverse("activities:coaching-new"), _coaching_post(staff_b)
    )
    assert response.status_code == 400
    assert not Coaching.objects.exists()


def test_editing_a_coaching_saves_and_audits_the_changed_fields(
    case_worker_a: User, team_lead_a: User
) -> None:
    coaching = services.register_activity(
        model=Coaching, by=case_worker_a, values=coaching_values(case_worker_a)
    )
    client = client_for(team_lead_a)
    page = client.get(reverse("activities:coaching-edit", args=[coaching.pk]))
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    response = client.post(
        reverse("activities:coaching-edit", args=[coaching.pk]),
        _coaching_post(case_worker_a, date="2026-03-10", version="1", contacts="3"),
    )
    assert response.status_code == 302
    coaching.refresh_from_db()
    assert (coaching.contacts, coaching.row_version, coaching.sector) == (3, 2, "health_care")
    entry = AuditEntry.objects.get(event="activities.coaching.changed")
    # A team lead changing a colleague's registration does so as oversight.
    assert entry.purpose == Purpose.OVERSIGHT
    assert "contacts" in entry.detail["fields"]


def test_editing_training_trainers(case_worker_a: User, colleague_a: User) -> None:
    training = services.register_activity(
        model=Training, by=case_worker_a, values=training_values(case_worker_a)
    )
    response = client_for(case_worker_a).post(
        reverse("activities:training-edit", args=[training.pk]),
        {
            "version": "1",
            "date": "2026-02-10",
            "topic": "Signalen herkennen",
            "target_group": "Leerkrachten",
            "organisations": "Scholengroep",
            "participants": "20",
            "trainers": [str(colleague_a.pk)],
        },
    )
    assert response.status_code == 302
    assert list(training.trainers.all()) == [colleague_a]
    entry = AuditEntry.objects.get(event="activities.training.changed")
    assert entry.detail["fields"] == ["trainers"]


def test_a_stale_edit_answers_409_keeps_the_input_and_saves_nothing(
    case_worker_a: User, team_lead_a: User
) -> None:
    coaching = services.register_activity(
        model=Coaching, by=case_worker_a, values=coaching_values(case_worker_a)
    )
    # The team lead saves first, from the version both loaded.
    services.update_activity(
        activity=coaching,
        by=team_lead_a,
        expected_version=1,
        values=coaching_values(case_worker_a, contacts=2),
    )
    response = client_for(case_worker_a).post(
        reverse("activities:coaching-edit", args=[coaching.pk]),
        _coaching_post(case_worker_a, date="2026-03-10", version="1", organisation="Kinderarts"),
    )
    content = response.content.decode()
    assert response.status_code == 409
    differing = [(row.saved, row.yours) for row in response.context["conflict"] if row.differs]
    assert ("Basisschool", "Kinderarts") in differing
    assert 'id="conflict-heading"' in content
    assert 'value="Kinderarts"' in content
    assert 'name="version" value="2"' in content
    coaching.refresh_from_db()
    assert (coaching.organisation, coaching.contacts, coaching.row_version) == (
        "Basisschool",
        2,
        2,
    )
    assert AuditEntry.objects.filter(event="activities.coaching.changed").count() == 1


def test_the_registrant_deletes_after_confirming(case_worker_a: User) -> None:
    action = services.register_activity(
        model=AwarenessAction, by=case_worker_a, values=awareness_values(case_worker_a)
    )
    client = client_for(case_worker_a)
    url = reverse("activities:awareness-delete", args=[action.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "activities/activity_delete.html" in [t.name for t in confirm.templates]
    assert AwarenessAction.objects.filter(pk=action.pk).exists()
    assert client.post(url).status_code == 302
    assert not AwarenessAction.objects.filter(pk=action.pk).exists()
    entry = AuditEntry.objects.get(event="activities.awarenessaction.deleted")
    assert (entry.action, entry.object_id) == (Action.DELETE, str(action.pk))


def test_a_team_lead_deletes_a_colleagues_registration(
    case_worker_a: User, team_lead_a: User
) -> None:
    training = services.register_activity(
        model=Training, by=case_worker_a, values=training_values(case_worker_a)
    )
    url = reverse("activities:training-delete", args=[training.pk])
    assert client_for(team_lead_a).post(url).status_code == 302
    assert not Training.objects.exists()


def test_another_colleague_may_edit_but_not_delete(
    case_worker_a: User, colleague_a: User, director_a: User
) -> None:
    coaching = services.register_activity(
        model=Coaching, by=case_worker_a, values=coaching_values(case_worker_a)
    )
    url = reverse("activities:coaching-delete", args=[coaching.pk])
    for user in (colleague_a, director_a):
        client = client_for(user)
        edit = client.get(reverse("activities:coaching-edit", args=[coaching.pk]))
        assert edit.status_code == 200
        assert url not in edit.content.decode()
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert Coaching.objects.filter(pk=coaching.pk).exists()


# Access ---------------------------------------------------------------------------


@pytest.fixture
def activities(case_worker_a: User) -> dict[str, Any]:
    return {
        "coaching": services.register_activity(
            model=Coaching, by=case_worker_a, values=coaching_values(case_worker_a)
        ),
        "training": services.register_activity(
            model=Training, by=case_worker_a, values=training_values(case_worker_a)
        ),
        "awareness": services.register_activity(
            model=AwarenessAction, by=case_worker_a, values=awareness_values(case_worker_a)
        ),
    }


def _all_urls(activities: dict[str, Any]) -> list[str]:
    urls = [reverse("activities:index"), reverse("activities:overview")]
    for slug, activity in activities.items():
        urls += [reverse(f"activities:{slug}-list"), reverse(f"activities:{slug}-new")]
        urls += [
            reverse(f"activities:{slug}-{verb}", args=[activity.pk]) for verb in ("edit", "delete")
        ]
    return urls


def _counts() -> tuple[int, int, int]:
    return Coaching.objects.count(), Training.objects.count(), AwarenessAction.objects.count()


@pytest.mark.parametrize("persona", ["complaints_a", "admin_a", "privacy_a"])
def test_roles_without_activities_get_404_everywhere(
    request: pytest.FixtureRequest, persona: str, activities: dict[str, Any]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    before = _counts()
    for url in _all_urls(activities):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": "1"}).status_code in (404, 405), url
    assert _counts() == before


def test_anonymous_is_sent_to_login(anonymous: Any, activities: dict[str, Any]) -> None:
    for url in _all_urls(activities):
        response = anonymous.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_statistics_sees_lists_and_overview_but_cannot_change(
    statistics_a: User, activities: dict[str, Any]
) -> None:
    client = client_for(statistics_a)
    readable = [reverse("activities:index"), reverse("activities:overview")]
    readable += [reverse(f"activities:{slug}-list") for slug in activities]
    for url in readable:
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("activities:coaching-list")).content.decode()
    assert reverse("activities:coaching-edit", args=[activities["coaching"].pk]) not in listing
    assert reverse("activities:coaching-new") not in listing
    before = _counts()
    for slug, activity in activities.items():
        for url in (
            reverse(f"activities:{slug}-new"),
            reverse(f"activities:{slug}-edit", args=[activity.pk]),
            reverse(f"activities:{slug}-delete", args=[activity.pk]),
        ):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"version": "1"}).status_code == 404, url
    assert _counts() == before


@pytest.mark.parametrize("persona", ["case_worker_a", "colleague_a", "team_lead_a", "director_a"])
def test_every_working_role_reaches_every_screen(
    request: pytest.FixtureRequest, persona: str, activities: dict[str, Any]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    urls = [reverse("activities:index"), reverse("activities:overview")]
    for slug, activity in activities.items():
        urls += [
            reverse(f"activities:{slug}-list"),
            reverse(f"activities:{slug}-new"),
            reverse(f"activities:{slug}-edit", args=[activity.pk]),
        ]
    for url in urls:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["staff_b", "team_lead_b"])
def test_another_centres_activities_are_404_and_absent_from_the_lists(
    request: pytest.FixtureRequest, persona: str, activities: dict[str, Any]
) -> None:
    client = client_for(request.getfixturevalue(persona))
    before = _counts()
    for slug, activity in activities.items():
        listing = client.get(reverse(f"activities:{slug}-list"))
        assert listing.status_code == 200
        assert listing.context["page"].paginator.count == 0
        for verb in ("edit", "delete"):
            url = reverse(f"activities:{slug}-{verb}", args=[activity.pk])
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"version": "1"}).status_code == 404, url
    overview = client.get(reverse("activities:overview"))
    assert overview.context["overview"].coaching.count == 0
    assert _counts() == before
