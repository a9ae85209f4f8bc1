"""A person's age: `Person.age_on`, the rule the statistics count age groups with."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction

from vk.centres.models import Centre
from vk.people.models import Person


def test_the_age_counts_whole_years_and_the_birthday_not_reached_yet_does_not_count() -> None:
    child = Person(birth_date=date(2018, 6, 15))

    assert child.age_on(date(2026, 6, 14)) == 7
    assert child.age_on(date(2026, 6, 15)) == 8
    assert child.age_on(date(2026, 12, 31)) == 8


def test_a_child_born_on_29_february_turns_a_year_older_on_1_march() -> None:
    child = Person(birth_date=date(2016, 2, 29))

    assert child.age_on(date(2026, 2, 28)) == 9
    assert child.age_on(date(2026, 3, 1)) == 10
    assert child.age_on(date(2028, 2, 29)) == 12


def test_an_estimate_gives_the_same_age_the_whole_year_and_one_more_the_next() -> None:
    child = Person(estimated_birth_year=2018)

    assert child.age_on(date(2026, 1, 1)) == 8
    assert child.age_on(date(2026, 12, 31)) == 8
    assert child.age_on(date(2027, 1, 1)) == 9


def test_the_date_of_birth_wins_over_an_estimate() -> None:
    # Not stored together (a constraint forbids it), but the rule is plain.
    child = Person(birth_date=date(2018, 12, 1), estimated_birth_year=2015)

    assert child.age_on(date(2026, 6, 1)) == 7


def test_an_unborn_child_has_no_age() -> None:
    unborn = Person(is_unborn=True, expected_birth_date=date(2026, 9, 1))

    assert unborn.age_on(date(2026, 6, 1)) is None
    assert unborn.age_on(date(2026, 12, 1)) is None


def test_a_child_without_date_of_birth_or_estimate_has_no_age() -> None:
    assert Person().age_on(date(2026, 6, 1)) is None


def test_before_the_birth_there_is_no_age() -> None:
    assert Person(birth_date=date(2026, 6, 1)).age_on(date(2026, 5, 31)) is None
    assert Person(estimated_birth_year=2026).age_on(date(2025, 12, 31)) is None
    assert Person(estimated_birth_year=2026).age_on(date(2026, 1, 1)) == 0


@time_machine.travel(date(2026, 11, 23))
def test_the_estimated_age_shown_is_today_s_and_only_without_date_of_birth() -> None:
    assert Person(estimated_birth_year=2018).estimated_age == 8
    assert Person(birth_date=date(2018, 1, 1)).estimated_age is None
    assert Person().estimated_age is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"birth_date": date(2018, 1, 1), "estimated_birth_year": 2018},
        {"is_unborn": True, "expected_birth_date": date(2027, 1, 1), "estimated_birth_year": 2026},
    ],
    ids=["with a date of birth", "unborn"],
)
def test_the_database_keeps_an_estimate_only_for_a_born_child_without_date_of_birth(
    centre_a: Centre, fields: dict[str, object]
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(centre=centre_a, first_name="Lore", **fields)

    Person.objects.create(centre=centre_a, first_name="Lore", estimated_birth_year=2018)
    assert Person.objects.get().estimated_birth_year == 2018
