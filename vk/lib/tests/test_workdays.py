from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.utils import translation

from vk.lib.workdays import (
    DEFAULT_CALENDAR,
    WorkCalendar,
    add_working_days,
    describe_time_left,
    working_days_between,
)

# Dates checked by hand against a calendar; the weekday is in each comment.
EASTER_MONDAY_2026 = date(2026, 4, 6)  # Monday
FLEMISH_HOLIDAY_2024 = date(2024, 7, 11)  # Thursday
NO_FLEMISH_HOLIDAY = WorkCalendar(include_flemish_holiday=False)


@pytest.fixture
def untranslated() -> Iterator[None]:
    """Deactivate translation, so phrases come back as their English source strings."""
    with translation.override(None):
        yield


def test_weekdays_are_working_days_and_weekends_are_not() -> None:
    assert DEFAULT_CALENDAR.is_working_day(date(2026, 3, 10))  # Tuesday
    assert not DEFAULT_CALENDAR.is_working_day(date(2026, 3, 7))  # Saturday
    assert not DEFAULT_CALENDAR.is_working_day(date(2026, 3, 8))  # Sunday


@pytest.mark.parametrize(
    "holiday",
    [
        date(2026, 1, 1),  # New Year, Thursday
        EASTER_MONDAY_2026,
        date(2026, 5, 1),  # Labour Day, Friday
        date(2026, 5, 14),  # Ascension, Thursday
        date(2026, 5, 25),  # Whit Monday
        date(2026, 7, 21),  # National Day, Tuesday
        date(2025, 8, 15),  # Assumption, Friday
        date(2024, 11, 1),  # All Saints, Friday
        date(2026, 11, 11),  # Armistice, Wednesday
        date(2026, 12, 25),  # Christmas, Friday
    ],
)
def test_belgian_public_holidays_on_a_weekday_are_not_working_days(holiday: date) -> None:
    assert holiday.weekday() < 5
    assert not DEFAULT_CALENDAR.is_working_day(holiday)


def test_good_friday_and_boxing_day_are_working_days_in_belgium() -> None:
    assert DEFAULT_CALENDAR.is_working_day(date(2026, 4, 3))  # Good Friday
    assert DEFAULT_CALENDAR.is_working_day(date(2025, 12, 26))  # Friday


def test_five_working_days_from_a_friday_is_the_next_friday() -> None:
    assert add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)


def test_easter_monday_pushes_the_deadline_one_day_later() -> None:
    # Thursday 2 April 2026: Fri 3 (1), Mon 6 Easter Monday, Tue 7 (2) ... Fri 10 (5).
    assert add_working_days(date(2026, 4, 2), 5) == date(2026, 4, 10)


def test_the_day_of_the_flemish_community_is_closed_by_default() -> None:
    assert not DEFAULT_CALENDAR.is_working_day(FLEMISH_HOLIDAY_2024)
    # Wednesday 10 July 2024: Thu 11 closed, Fri 12 (1), Mon 15 (2) ... Thu 18 (5).
    assert add_working_days(date(2024, 7, 10), 1) == date(2024, 7, 12)
    assert add_working_days(date(2024, 7, 10), 5) == date(2024, 7, 18)


def test_the_day_of_the_flemish_community_counts_when_the_calendar_excludes_it() -> None:
    assert NO_FLEMISH_HOLIDAY.is_working_day(FLEMISH_HOLIDAY_2024)
    assert add_working_days(date(2024, 7, 10), 1, NO_FLEMISH_HOLIDAY) == FLEMISH_HOLIDAY_2024
    assert add_working_days(date(2024, 7, 10), 5, NO_FLEMISH_HOLIDAY) == date(2024, 7, 17)


def test_christmas_and_new_year_are_skipped_across_the_turn_of_the_year() -> None:
    # Tuesday 23 December 2025: Wed 24 (1), Thu 25 Christmas, Fri 26 (2), Mon 29 (3),
    # Tue 30 (4), Wed 31 (5), Thu 1 January New Year, Fri 2 (6), Mon 5 (7).
    assert add_working_days(date(2025, 12, 23), 5) == date(2025, 12, 31)
    assert add_working_days(date(2025, 12, 23), 7) == date(2026, 1, 5)


def test_extra_closed_days_of_a_centre_are_skipped() -> None:
    calendar = WorkCalendar(extra_closed_days=frozenset({date(2025, 12, 24), date(2026, 1, 2)}))
    assert not calendar.is_working_day(date(2025, 12, 24))
    assert DEFAULT_CALENDAR.is_working_day(date(2025, 12, 24))
    # Fri 26 (1), Mon 29 (2), Tue 30 (3), Wed 31 (4), Mon 5 (5), Tue 6 (6), Wed 7 (7).
    assert add_working_days(date(2025, 12, 23), 7, calendar) == date(2026, 1, 7)


def test_zero_working_days_from_a_working_day_is_that_day() -> None:
    assert add_working_days(date(2026, 4, 8), 0) == date(2026, 4, 8)  # Wednesday


def test_zero_working_days_from_a_closed_day_is_the_next_working_day() -> None:
    # Saturday 4 April 2026, then Sunday and Easter Monday: Tuesday 7 April.
    assert add_working_days(date(2026, 4, 4), 0) == date(2026, 4, 7)


def test_negative_working_days_count_backwards() -> None:
    assert add_working_days(date(2026, 4, 10), -5) == date(2026, 4, 2)


def test_working_days_between_counts_the_days_after_start_up_to_and_including_end() -> None:
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 10)) == 5
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1  # Friday to Monday


def test_working_days_between_is_zero_for_the_same_day_or_only_a_weekend() -> None:
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 10)) == 0
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0  # Friday to Sunday


def test_working_days_between_is_negative_when_end_is_before_start() -> None:
    # Deadline Friday 10 April 2026, today Tuesday 14 April: Mon 13 and Tue 14 have passed.
    assert working_days_between(date(2026, 4, 14), date(2026, 4, 10)) == -2
    assert working_days_between(date(2026, 4, 10), date(2026, 4, 2)) == -5


def test_working_days_between_undoes_add_working_days() -> None:
    start = date(2025, 12, 1)
    for offset in range(60):
        day = start + timedelta(days=offset)
        for days in range(1, 15):
            assert working_days_between(day, add_working_days(day, days)) == days


@pytest.mark.usefixtures("untranslated")
def test_a_deadline_of_today_is_due_today() -> None:
    assert describe_time_left(date(2026, 4, 10), today=date(2026, 4, 10)) == "due today"


@pytest.mark.usefixtures("untranslated")
def test_a_future_deadline_shows_the_working_days_left() -> None:
    deadline = date(2026, 4, 10)
    assert describe_time_left(deadline, today=date(2026, 4, 9)) == "1 working day left"
    assert describe_time_left(deadline, today=date(2026, 4, 2)) == "5 working days left"


@pytest.mark.usefixtures("untranslated")
def test_a_past_deadline_shows_the_working_days_late() -> None:
    deadline = date(2026, 4, 10)
    assert describe_time_left(deadline, today=date(2026, 4, 13)) == "1 working day late"
    assert describe_time_left(deadline, today=date(2026, 4, 14)) == "2 working days late"


@pytest.mark.usefixtures("untranslated")
def test_a_deadline_passed_over_the_weekend_is_at_least_one_working_day_late() -> None:
    assert describe_time_left(date(2026, 4, 10), today=date(2026, 4, 11)) == "1 working day late"


@pytest.mark.usefixtures("untranslated")
def test_describe_time_left_uses_the_given_calendar() -> None:
    # Deadline Friday 12 July 2024 seen on Wednesday 10 July: Thursday 11 only counts
    # when the Flemish holiday is not observed.
    deadline = date(2024, 7, 12)
    assert describe_time_left(deadline, today=date(2024, 7, 10)) == "1 working day left"
    assert (
        describe_time_left(deadline, today=date(2024, 7, 10), calendar=NO_FLEMISH_HOLIDAY)
        == "2 working days left"
    )


def test_counting_by_arithmetic_agrees_with_walking_the_calendar_day_by_day() -> None:
    """Working days between two dates are counted from the number of weekdays less the
    closed weekdays; walking every day and asking is_working_day must give the same."""
    rng = random.Random(2026)
    bridge = WorkCalendar(extra_closed_days=frozenset({date(2026, 5, 15), date(2026, 5, 16)}))
    for calendar in (WorkCalendar(), WorkCalendar(include_flemish_holiday=False), bridge):
        for _ in range(400):
            start = date(2024, 1, 1) + timedelta(days=rng.randrange(1200))
            end = start + timedelta(days=rng.randrange(-400, 400))
            walked = sum(
                calendar.is_working_day(start + timedelta(days=offset))
                for offset in range(1, (end - start).days + 1)
            ) - sum(
                calendar.is_working_day(end + timedelta(days=offset))
                for offset in range(1, (start - end).days + 1)
            )
            assert working_days_between(start, end, calendar) == walked, (start, end)
