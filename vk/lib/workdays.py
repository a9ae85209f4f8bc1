"""Working-day arithmetic for case deadlines.

A centre counts deadlines in working days: Monday to Friday, except Belgian public
holidays, the Day of the Flemish Community (11 July) and the closure days a centre
configures. The public holidays come from the `holidays` library and are computed
once per year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.utils.translation import gettext, ngettext

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@lru_cache(maxsize=64)
def _belgian_public_holidays(year: int) -> frozenset[date]:
    """The dates of the Belgian national public holidays in `year`."""
    return frozenset(holidays.country_holidays("BE", years=year, language="en_US").keys())


@dataclass(frozen=True)
class WorkCalendar:
    """Which days count as working days for a centre.

    `include_flemish_holiday` closes 11 July, the Day of the Flemish Community, which is a
    public holiday for Flemish government services. `extra_closed_days` are further days
    the centre is closed, such as a bridge day.
    """

    include_flemish_holiday: bool = True
    extra_closed_days: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        """Whether `day` is a weekday on which the centre is open."""
        if day.weekday() >= _SATURDAY:
            return False
        if day in _belgian_public_holidays(day.year):
            return False
        if self.include_flemish_holiday and day.month == 7 and day.day == 11:
            return False
        return day not in self.extra_closed_days

    def closed_days(self, first_year: int, last_year: int) -> set[date]:
        """The holidays and extra closed days from `first_year` to `last_year` (some fall
        on a weekend; the callers count weekdays only)."""
        days: set[date] = set(self.extra_closed_days)
        for year in range(first_year, last_year + 1):
            days |= _belgian_public_holidays(year)
            if self.include_flemish_holiday:
                days.add(date(year, 7, 11))
        return days


DEFAULT_CALENDAR = WorkCalendar()


def add_working_days(start: date, days: int, calendar: WorkCalendar = DEFAULT_CALENDAR) -> date:
    """The date `days` working days after `start`; `start` itself is not counted.

    A report received on a Friday with 5 working days to handle is due the next Friday
    when there is no holiday in between. With `days == 0` the result is `start` when it is
    a working day, otherwise the next working day. A negative `days` counts backwards.
    """
    if days == 0:
        day = start
        while not calendar.is_working_day(day):
            day += _ONE_DAY
        return day
    step = _ONE_DAY if days > 0 else -_ONE_DAY
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if calendar.is_working_day(day):
            remaining -= 1
    return day


def _count_working_days(after: date, up_to: date, calendar: WorkCalendar) -> int:
    """The number of working days in the interval (`after`, `up_to`]: the weekdays,
    counted by arithmetic, less the weekdays on which the centre is closed (a handful
    a year), so a deadline months away costs no more than one next week."""
    days = (up_to - after).days
    if days <= 0:
        return 0
    full_weeks, rest = divmod(days, 7)
    first = (after.weekday() + 1) % 7  # the weekday of the first day counted
    weekdays = full_weeks * 5 + sum(1 for i in range(rest) if (first + i) % 7 < _SATURDAY)
    closed = {
        day
        for day in calendar.closed_days(after.year, up_to.year)
        if after < day <= up_to and day.weekday() < _SATURDAY
    }
    return weekdays - len(closed)


def working_days_between(start: date, end: date, calendar: WorkCalendar = DEFAULT_CALENDAR) -> int:
    """The number of working days after `start` up to and including `end`.

    When `end` is before `start` the result is negative: minus the working days after
    `end` up to and including `start`. So for `start=today, end=deadline` a result of -2
    means two working days late. For any `days >= 0`,
    `working_days_between(start, add_working_days(start, days)) == days` when `start` is
    a working day.
    """
    if end >= start:
        return _count_working_days(start, end, calendar)
    return -_count_working_days(end, start, calendar)


def describe_time_left(
    deadline: date, today: date, calendar: WorkCalendar = DEFAULT_CALENDAR
) -> str:
    """A short translated phrase for how far `today` is from `deadline`.

    "due today" only when `deadline` is `today`. A later deadline gives the working days
    left and an earlier one the working days late. A passed deadline is at least one
    working day late, even when only a weekend lies in between (a deadline on Friday
    seen on Saturday is "1 working day late"): overdue must never read as "0".
    """
    if deadline == today:
        return gettext("due today")
    if deadline > today:
        left = working_days_between(today, deadline, calendar)
        return ngettext("%(count)d working day left", "%(count)d working days left", left) % {
            "count": left
        }
    late = max(1, -working_days_between(today, deadline, calendar))
    return ngettext("%(count)d working day late", "%(count)d working days late", late) % {
        "count": late
    }
