"""Fictional names for generated persons, spread as names are spread in Flanders.

Real name distributions are long-tailed: the most common Belgian surname (Peeters) is
borne by about 0.3% of people, there are well over a hundred thousand surnames, and two
persons of the same full name are rare. Fuzzy name search meets its hard cases only on
such data, so the generator builds it:

- **Surnames** per origin (vocabulary.SURNAME_PATTERNS): every particle + stem + suffix
  of the origin's patterns ("Van den" + "Broeck", "Peeter" + "s", "Bou" + "zid"), then
  the ways each is also written ("ck" as "k", "ae" as "aa", accents left out). That
  gives about 30,000 Flemish and 20,000 other surnames. The components' weights only
  rank them; the weight of the surname of rank r is 1 / (r + q)^s (Zipf–Mandelbrot:
  a flat head of similarly common names, then a long tail).
- **First names** per origin and pool (girls and boys, women and men): the listed names
  weighted by rank in the same way, with their compounds (Anne-Sophie) and spellings
  (Sofie, Jasmien, Ayse for Ayşe). A family of another origin takes most of its first
  names from its own origin's names and the rest from the Flemish pool.

Everything is built once per process (`name_tables`, from a fixed seed: the same names
every run) and drawn with one `random()` and one bisection per name, so the generator's
hot path is as fast as with a short list. Drawing is deterministic for the generator's
seed. The figures for a centre of 600,000 persons are in docs/performance.md.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass

from vk.people.names import fold
from vk.volume import vocabulary

POOLS = ("girls", "boys", "women", "men")
FLEMISH = "flemish"
# Zipf–Mandelbrot shapes (s, q): weight of rank r (1 = most common) is 1 / (r + q)^s.
SURNAME_SHAPE = (1.0, 30.0)
STEM_SHAPE = (1.0, 5.0)  # only orders the surnames built from stems
FIRST_NAME_SHAPE = (1.0, 5.0)
# A compound name (Anne-Sophie) weighs this much of its second part's weight, divided
# by the rank of its first part.
COMPOUND_WEIGHT = 0.08
# Fixed: the set of names is the same for every generator seed.
TABLE_SEED = 20261123


@dataclass(frozen=True)
class Drawn:
    """Names with cumulative weights: `pick(u)` for u in [0, 1) is a weighted draw."""

    names: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, weights: dict[str, float]) -> Drawn:
        ordered = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
        return cls(
            tuple(name for name, _weight in ordered),
            tuple(itertools.accumulate(weight for _name, weight in ordered)),
        )

    def pick(self, u: float) -> str:
        return self.names[bisect.bisect(self.cumulative, u * self.cumulative[-1])]

    def share(self, name: str) -> float:
        """The probability of drawing `name`."""
        index = self.names.index(name)
        previous = self.cumulative[index - 1] if index else 0.0
        return (self.cumulative[index] - previous) / self.cumulative[-1]


@dataclass(frozen=True)
class NameTables:
    origins: Drawn
    surnames: dict[str, Drawn]
    first_names: dict[tuple[str, str], Drawn]  # (origin, pool)
    folded: dict[str, str]  # every name → vk.people.names.fold(name)


class Names:
    """The generator's name draws: a family's origin, its surnames, first names."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        tables = name_tables()
        self._origins = tables.origins
        self._surnames = tables.surnames
        self._first = tables.first_names
        self._folded = tables.folded

    def origin(self) -> str:
        return self._origins.pick(self.rng.random())

    def first(self, gender: str, adult: bool, origin: str = "") -> str:
        """A first name for gender "f" (else male), child or adult, of the origin (a
        random one when not given)."""
        pool = ("women" if adult else "girls") if gender == "f" else ("men" if adult else "boys")
        return self._first[origin or self.origin(), pool].pick(self.rng.random())

    def last_name(self, origin: str = "") -> str:
        return self._surnames[origin or self.origin()].pick(self.rng.random())

    def key(self, first: str, last: str) -> str:
        """`vk.people.names.name_key`, from the precomputed folds."""
        folded = self._folded
        return (folded[first] if first else "") + (folded[last] if last else "")


@functools.cache
def name_tables() -> NameTables:
    rng = random.Random(TABLE_SEED)  # noqa: S311  (fictional data, not secrets)
    shares = vocabulary.ORIGIN_SHARES
    surnames = {origin: _surname_table(origin, rng) for origin in shares}
    own = {
        (origin, pool): _first_name_weights(origin, pool, rng)
        for origin in shares
        for pool in POOLS
    }
    first_names = {}
    for origin, pool in own:
        share = vocabulary.OWN_FIRST_NAMES[origin]
        mixed = _scaled(own[origin, pool], share)
        for name, weight in _scaled(own[FLEMISH, pool], 1.0 - share).items():
            mixed[name] = mixed.get(name, 0.0) + weight
        first_names[origin, pool] = Drawn.of(mixed)
    every = {name for table in [*surnames.values(), *first_names.values()] for name in table.names}
    return NameTables(
        origins=Drawn.of(dict(shares)),
        surnames=surnames,
        first_names=first_names,
        folded={name: fold(name) for name in every},
    )


def zipf_mandelbrot(count: int, shape: tuple[float, float]) -> list[float]:
    """Weights of ranks 1..count: 1 / (rank + q)^s."""
    s, q = shape
    return [1.0 / (rank + q) ** s for rank in range(1, count + 1)]


def _surname_table(origin: str, rng: random.Random) -> Drawn:
    scores: dict[str, float] = {}
    for weight, particles, stems, suffixes in vocabulary.SURNAME_PATTERNS[origin]:
        stem_weights = zipf_mandelbrot(len(stems), STEM_SHAPE)
        for particle, particle_weight in particles:
            apart = particle == "" or particle.endswith(" ")
            for stem, stem_weight in zip(stems, stem_weights, strict=True):
                written = stem if apart else stem.lower()
                for suffix, suffix_weight in suffixes:
                    if suffix and stem[-1] in "sxz":  # Maes, not Maess
                        continue
                    name = particle + written + suffix
                    score = weight * particle_weight * stem_weight * suffix_weight
                    scores[name] = scores.get(name, 0.0) + score
    spellings = vocabulary.SURNAME_SPELLINGS.get(origin, ()) + vocabulary.UNACCENTED
    _add_spellings(scores, spellings, rng)
    ranked = sorted(scores, key=lambda name: (-scores[name], name))
    return Drawn.of(dict(zip(ranked, zipf_mandelbrot(len(ranked), SURNAME_SHAPE), strict=True)))


def _first_name_weights(origin: str, pool: str, rng: random.Random) -> dict[str, float]:
    listed = list(dict.fromkeys(vocabulary.FIRST_NAMES[origin][pool]))
    scores = dict(zip(listed, zipf_mandelbrot(len(listed), FIRST_NAME_SHAPE), strict=True))
    firsts = vocabulary.COMPOUND_FIRST_PARTS.get(origin, {}).get(pool, ())
    for rank, first in enumerate(firsts, start=1):
        for second in listed[:30]:
            if second != first:
                scores[f"{first}-{second}"] = COMPOUND_WEIGHT * scores[second] / rank
    _add_spellings(scores, vocabulary.FIRST_NAME_SPELLINGS + vocabulary.UNACCENTED, rng)
    return scores


def _add_spellings(
    scores: dict[str, float], spellings: Iterable[tuple[str, float]], rng: random.Random
) -> None:
    """Add each name's other spellings (one change at a time) with a part of its weight."""
    rules = [(rule.partition(">"), weight) for rule, weight in spellings]
    for name, score in list(scores.items()):
        for (old, _sign, new), weight in rules:
            variant = _respelled(name, old, new)
            if variant is not None and variant != name:
                extra = score * weight * rng.uniform(0.3, 1.0)
                scores[variant] = scores.get(variant, 0.0) + extra


def _respelled(name: str, old: str, new: str) -> str | None:
    """The name with `old` written as `new` ("^" anchors at the start, "$" at the end,
    otherwise the first occurrence after the first letter); None when it does not apply."""
    if old.startswith("^"):
        return new + name[len(old) - 1 :] if name.startswith(old[1:]) else None
    if old.endswith("$"):
        return name[: -(len(old) - 1)] + new if name.endswith(old[:-1]) else None
    at = name.find(old, 1)
    return None if at < 0 else name[:at] + new + name[at + len(old) :]


def _scaled(weights: dict[str, float], total: float) -> dict[str, float]:
    whole = sum(weights.values())
    return {name: weight * total / whole for name, weight in weights.items()} if total else {}
