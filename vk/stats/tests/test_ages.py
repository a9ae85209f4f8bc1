"""The age the statistics count in the database is the age `Person.age_on` gives."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from vk.centres.models import Centre, Role
from vk.intake.models import Channel, PersonRole, Report, ReportPerson
from vk.people.models import Person
from vk.stats.yearly import _age_expression
from vk.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_database_age_equals_the_person_rule_around_birthdays_and_midnight(
    centre_a: Centre,
) -> None:
    rng = random.Random(9)
    user = UserFactory(centre=centre_a, roles=[Role.INTAKE])
    expected = {}
    for number in range(150):
        received_day = date(2025, 1, 1) + timedelta(days=rng.randrange(365))
        # Late in the evening in Brussels: another calendar day in UTC.
        received = timezone.make_aware(
            datetime(received_day.year, received_day.month, received_day.day, 23, 30)
        )
        kind = rng.choice(["birth", "birthday", "leap", "estimate", "unknown", "after"])
        person = Person(centre=centre_a, first_name=f"Kind {number}")
        if kind == "birth":
            person.birth_date = received_day - timedelta(days=rng.randrange(0, 19 * 365))
        elif kind == "birthday":  # the birthday on the day itself, the day before or after
            shift = rng.choice([-1, 0, 1])
            born = received_day.replace(year=received_day.year - rng.randrange(1, 17))
            person.birth_date = born + timedelta(days=shift)
        elif kind == "leap":
            person.birth_date = date(2016, 2, 29)
        elif kind == "estimate":
            person.estimated_birth_year = 2025 - rng.randrange(0, 18)
        elif kind == "after":  # an impossible date: born after the report
            person.birth_date = received_day + timedelta(days=3)
        person.save()
        report = Report.objects.create(
            centre=centre_a,
            reference=f"T-{number}",
            received_at=received,
            channel=Channel.PHONE,
            reporter_kind="professional",
            worries="Fictief.",
            triage_due=received_day,
            registered_by=user,
        )
        registration = ReportPerson.objects.create(
            report=report, person=person, role=PersonRole.CHILD
        )
        expected[registration.pk] = person.age_on(received_day)

    computed = dict(ReportPerson.objects.annotate(age=_age_expression()).values_list("pk", "age"))
    counted = {pk: (None if age is None or age < 0 else age) for pk, age in computed.items()}
    assert counted == expected
