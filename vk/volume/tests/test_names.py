"""The generator's fictional names: built once, drawn reproducibly, spread long-tailed.

The shape test generates the persons of 20,000 families as `write_intake` writes them
(into memory, no database) and checks the spread the search benchmark depends on.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from typing import Any

from vk.people.names import fold, name_key
from vk.volume.bulk import NULL, BulkLoad, Clock, Table, to_day
from vk.volume.context import Context, FastRandom, WorkDays
from vk.volume.families import write_intake
from vk.volume.generator import TABLES
from vk.volume.names import Names, name_tables
from vk.volume.staff import CentreStaff


class _InMemory(BulkLoad):
    """A load that keeps the COPY blocks instead of sending them."""

    def __init__(self) -> None:
        super().__init__(bulk=False)
        self.blocks: dict[str, list[str]] = {}

    def copy(self, name: str, columns: str, block: str) -> None:
        self.blocks.setdefault(name, []).append(block)


def generated_persons(families: int, seed: int) -> list[list[str]]:
    """The people_person rows (as COPY fields) of one centre's families."""
    return generated_rows(families, seed)["people_person"]


def generated_rows(families: int, seed: int) -> dict[str, list[list[str]]]:
    """Every table's rows (as COPY fields) that `write_intake` writes for one centre."""
    load = _InMemory()
    rng = FastRandom(seed)
    today = date(2026, 11, 23)
    first = today - timedelta(days=3652)
    ctx = Context(
        rng=rng,
        load=load,
        today=today,
        now_s=to_day(today) * 86400 + 12 * 3600,
        first_day=to_day(first),
        today_day=to_day(today),
        clock=Clock(first - timedelta(days=80 * 366), today + timedelta(days=800)),
        workdays=WorkDays(first - timedelta(days=30), today + timedelta(days=800)),
        names=Names(rng),
        instrument_id=0,
        scored_answers=[],
    )
    for name, columns in TABLES.items():
        table = Table(load, name, columns)
        table.first_id = table.next_id = 1
        ctx.t[name] = load.tables[name] = table
    staff = CentreStaff(
        centre_id=1,
        province="antwerpen",
        name="VK Antwerpen",
        prefix="ANT",
        postcodes=[(2000, 2990)],
        cities=["Antwerpen"],
        intake=[1],
        leads=[2],
    )
    write_intake(ctx, staff, [staff], families * 2, families, 0, 0)
    load.flush_all()
    return {
        name: [line.split("\t") for block in blocks for line in block.splitlines()]
        for name, blocks in load.blocks.items()
    }


def test_persons_get_a_long_tailed_spread_of_names() -> None:
    rows = generated_persons(20_000, seed=5)
    named = [row for row in rows if row[4]]  # (id, centre, first, last, name_key, …)
    persons = len(named)
    surnames = Counter(row[3] for row in named if row[3])
    first_names = Counter(row[2] for row in named if row[2])
    keys = Counter(row[4] for row in named)

    assert 70_000 < persons < 85_000
    # Measured for this sample (77,400 persons) and, in brackets, for the 607,000 named
    # persons of the largest centre at national scale (docs/performance.md).
    # The most common surname: 0.42% (0.35%); Peeters in Belgium: 0.27%.
    assert 0.002 <= surnames.most_common(1)[0][1] / persons <= 0.005
    # A long tail: 13,300 surnames (33,000) and 2,500 first names (3,100).
    assert len(surnames) > 10_000
    assert len(first_names) > 2_000
    # The most common first name: 1.0% (1.05%).
    assert 0.005 <= first_names.most_common(1)[0][1] / persons <= 0.015
    # Most persons share their full name with nobody: 89% (65%); the largest group of
    # namesakes: 9 persons, 0.012% (44, 0.007%). The old lists (138 surnames) gave
    # 3,849 "Sarah Peeters" among 580,000 persons (0.66%).
    assert sum(1 for count in keys.values() if count == 1) / persons > 0.8
    assert keys.most_common(1)[0][1] / persons < 0.0002


def test_the_name_key_of_each_generated_person_is_the_apps() -> None:
    for row in generated_persons(2_000, seed=2)[::7]:
        assert row[4] == name_key(row[2], row[3])


def test_the_same_seed_draws_the_same_names() -> None:
    def draw(seed: int) -> list[str]:
        names = Names(random.Random(seed))
        drawn = []
        for _ in range(200):
            origin = names.origin()
            drawn += [names.first("f", False, origin), names.last_name(origin)]
        return drawn

    assert draw(4) == draw(4)
    assert draw(4) != draw(5)


def test_every_name_is_copy_safe_and_folds_to_letters() -> None:
    tables = name_tables()
    for name, folded in tables.folded.items():
        assert not any(char in name for char in "\t\n\r\\"), name
        assert name == name.strip() and "  " not in name, name
        assert folded == fold(name) and folded, name


def test_surnames_keep_particles_and_accents() -> None:
    every: Any = {name for table in name_tables().surnames.values() for name in table.names}

    assert {"Van den Broeck", "Vandenbroeck", "De Smet", "El Amrani", "Öztürk"} <= every
    assert any(name.startswith("Ver") for name in every)
    assert any(name.endswith("aert") for name in every)


def test_some_children_come_without_a_date_of_birth_most_of_them_with_an_estimate() -> None:
    rows = generated_rows(5_000, seed=3)
    columns = TABLES["people_person"].split()
    persons = {row[0]: dict(zip(columns, row, strict=True)) for row in rows["people_person"]}
    roles = TABLES["intake_reportperson"].split()
    children = [
        persons[fields["person_id"]]
        for fields in (dict(zip(roles, row, strict=True)) for row in rows["intake_reportperson"])
        if fields["role"] == "child"
    ]
    born = [child for child in children if child["is_unborn"] == "f"]
    without_date = [child for child in born if child["birth_date"] == NULL]
    estimated = [child for child in without_date if child["estimated_birth_year"] != NULL]

    # CHILDREN_WITHOUT_BIRTH_DATE (5%) and CHILDREN_WITH_ESTIMATE (80%), with room for chance.
    assert 0.035 < len(without_date) / len(born) < 0.065
    assert 0.7 < len(estimated) / len(without_date) < 0.9
    for child in estimated:
        age = int(child["created_at"][:4]) - int(child["estimated_birth_year"])
        assert 0 <= age <= 18
    # Only a born child without a date of birth carries an estimate (a table constraint).
    for person in persons.values():
        if person["estimated_birth_year"] != NULL:
            assert person["birth_date"] == NULL and person["is_unborn"] == "f"
