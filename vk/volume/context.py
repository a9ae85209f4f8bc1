"""What every part of the generator shares: randomness, the calendar, names, tables."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vk.lib.workdays import DEFAULT_CALENDAR
from vk.volume.bulk import BulkLoad, Clock, Table, esc
from vk.volume.names import Names


class FastRandom(random.Random):
    """`random.Random` with `choice`, `randrange` and `randint` straight from `random()`:
    several times faster than the exact versions, with a bias far below anything the
    generated data could show."""

    def choice(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))


class WorkDays:
    """Belgian working days (vk.lib.workdays) over the generated period, as a table."""

    def __init__(self, first: date, last: date) -> None:
        self.first = (first - date(1970, 1, 1)).days
        self.days: list[int] = []
        self.upto: list[int] = []  # working days up to and including each day
        day = first
        while day <= last:
            if DEFAULT_CALENDAR.is_working_day(day):
                self.days.append((day - date(1970, 1, 1)).days)
            self.upto.append(len(self.days))
            day += timedelta(days=1)

    def add(self, day: int, count: int) -> int:
        """`vk.lib.workdays.add_working_days` for count >= 1, on epoch-day numbers."""
        return self.days[self.upto[day - self.first] + count - 1]

    def is_working(self, day: int) -> bool:
        index = self.upto[day - self.first]
        return index > 0 and self.days[index - 1] == day

    def between(self, first: int, last: int) -> int:
        """Working days in (first, last]."""
        return self.upto[last - self.first] - self.upto[first - self.first]


@dataclass
class Context:
    rng: random.Random
    load: BulkLoad
    today: date
    now_s: int
    first_day: int  # epoch-day number of the first day of the period
    today_day: int
    clock: Clock
    workdays: WorkDays
    names: Names
    instrument_id: int
    scored_answers: list[tuple[str, int, str]]  # (answers JSON, score, band)
    t: dict[str, Table] = field(default_factory=dict)
    # The highest reference number in use per prefix ('ANT-2026-', 'D-ANT-2026-', …).
    references: dict[str, int] = field(default_factory=dict)

    @property
    def start_s(self) -> int:
        return self.first_day * 86400

    def moment(self, second: int) -> str:
        return self.clock.moment(second)

    def day(self, day: int) -> str:
        return self.clock.day_text(day)

    def text(self, options: tuple[str, ...]) -> str:
        return esc(self.rng.choice(options))
