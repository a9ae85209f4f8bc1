"""What every part of the generator shares: randomness, the calendar, names, tables."""

from __future__ import annotations

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from vk.lib.workdays import DEFAULT_CALENDAR
from vk.people.names import fold
from vk.volume import vocabulary
from vk.volume.bulk import BulkLoad, Clock, Table, esc


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


class Names:
    """Weighted name lists (common names first) with their folded forms precomputed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.girls, self.girls_cum = _zipf(vocabulary.GIRLS)
        self.boys, self.boys_cum = _zipf(vocabulary.BOYS)
        self.women, self.women_cum = _zipf(vocabulary.WOMEN)
        self.men, self.men_cum = _zipf(vocabulary.MEN)
        self.last, self.last_cum = _zipf(vocabulary.LAST_NAMES, exponent=0.75)
        every = (
            vocabulary.GIRLS
            + vocabulary.BOYS
            + vocabulary.WOMEN
            + vocabulary.MEN
            + vocabulary.LAST_NAMES
        )
        self.folded = {name: fold(name) for name in every}

    def first(self, gender: str, adult: bool) -> str:
        if adult:
            names, cum = (self.women, self.women_cum) if gender == "f" else (self.men, self.men_cum)
        else:
            names, cum = (
                (self.girls, self.girls_cum) if gender == "f" else (self.boys, self.boys_cum)
            )
        return names[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def last_name(self) -> str:
        return self.last[bisect.bisect(self.last_cum, self.rng.random() * self.last_cum[-1])]

    def key(self, first: str, last: str) -> str:
        """`vk.people.names.name_key`, from the precomputed folds."""
        return self.folded.get(first, "") + self.folded.get(last, "")


def _zipf(names: list[str], exponent: float = 1.0) -> tuple[list[str], list[float]]:
    unique = list(dict.fromkeys(names))
    weights = [1.0 / (rank + 1) ** exponent for rank in range(len(unique))]
    return unique, list(itertools.accumulate(weights))


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
