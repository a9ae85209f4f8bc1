"""Search before create: likely matches for a person within one centre.

One function, two engines: on PostgreSQL the trigram index (pg_trgm) does the fuzzy
name comparison in the database; on SQLite (the demo) the same similarity measure is
computed in Python over the centre's persons. Both return the same persons in the same
order. Names are folded first (case, accents, spaces, hyphens and name order hardly
count), so "Mohamed Elamrani" finds "Mohammed El Amrani" and "Jan Vandenbroeck" finds
"Van den Broeck, Jan".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import BigIntegerField, Q, Value, prefetch_related_objects
from django.db.models.functions import Cast, Greatest

from vk.centres.models import Centre
from vk.people.models import Person
from vk.people.names import name_key, similarity

NAME_THRESHOLD = 0.45
# A shared date of birth or address makes a weaker name resemblance worth showing.
SUPPORTED_NAME_THRESHOLD = 0.3  # pg_trgm's default threshold for the % operator
MAX_MATCHES = 8
NEAREST_NAMES = 25
# pg_trgm computes similarity in single precision, where 9/20 is 0.44999998: compared
# with exactly 0.45, `%` would drop a name that is exactly at the threshold. A margin far
# below the gap between two different similarities keeps it; `_worth_showing` then
# applies NAME_THRESHOLD exactly.
INDEX_THRESHOLD = f"{NAME_THRESHOLD - 1e-6:.6f}"


@dataclass(frozen=True)
class Match:
    person: Person
    score: float
    name_score: float
    same_birth_date: bool
    same_postcode: bool
    same_national_number: bool


def find_matches(
    *,
    centre: Centre | None,
    first_name: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    postcode: str = "",
    national_number_index: str = "",
    limit: int = MAX_MATCHES,
) -> list[Match]:
    """Persons of `centre` who may be the person described, best first."""
    if centre is None:
        return []
    key = name_key(first_name, last_name)
    if len(key) < 3 and not national_number_index:
        return []
    keys = (key, name_key(last_name, first_name))  # names are often given the other way round
    persons = Person.objects.in_centre(centre)
    if connection.vendor == "postgresql":
        candidates = _postgres_candidates(
            centre, persons, keys, national_number_index, birth_date, postcode.strip()
        )
    else:
        candidates = _python_candidates(persons, keys, national_number_index)
    matches = [
        _match(person, keys, birth_date, postcode, national_number_index) for person in candidates
    ]
    matches = [match for match in matches if _worth_showing(match)]
    matches.sort(key=lambda match: (-match.score, match.person.pk))
    matches = matches[:limit]
    # The earlier reports of every match, in one query (the intake form lists them).
    prefetch_related_objects([match.person for match in matches], "reports")
    return matches


def _postgres_candidates(
    centre: Centre,
    persons: Any,
    keys: tuple[str, str],
    nn_index: str,
    birth_date: date | None,
    postcode: str,
) -> list[Person]:
    """Three small indexed lookups.

    1. Names: the centre's persons whose name is at least NAME_THRESHOLD similar by
       either name order, the NEAREST_NAMES most similar (`_similar_names`).
    2. Same date of birth or postcode: the (centre, birth_date) and (centre, postcode)
       indexes; a weaker name resemblance is enough there.
    3. The exact national register number.
    """
    found = {person.pk: person for person in _similar_names(centre, keys)}
    supported = Q()
    if birth_date is not None:
        supported |= Q(birth_date=birth_date)
    if postcode:
        supported |= Q(postcode=postcode)
    if supported:
        nearby = persons.filter(supported).annotate(
            similarity=Greatest(
                TrigramSimilarity("name_key", keys[0]), TrigramSimilarity("name_key", keys[1])
            )
        )
        found.update(
            (person.pk, person)
            for person in nearby.filter(similarity__gte=SUPPORTED_NAME_THRESHOLD)[:NEAREST_NAMES]
        )
    if nn_index:
        found.update(
            (person.pk, person) for person in persons.filter(national_number_index=nn_index)
        )
    return list(found.values())


def _similar_names(centre: Centre, keys: tuple[str, str]) -> list[Person]:
    """The NEAREST_NAMES persons of the centre most similar to either key, among those at
    least NAME_THRESHOLD similar (pg_trgm's `%`), the most similar first, then the oldest.

    One query for both name orders on the GIN index `person_centre_name_trgm`
    (centre, name_key). `%` compares with the setting pg_trgm.similarity_threshold,
    set here for this query only: `set_config(..., true)` lasts until the end of the
    transaction, and rolling back the savepoint ends it right after the query even
    inside an outer transaction (nothing else is written in between).
    """
    distinct = tuple(dict.fromkeys(keys))
    similar = Q()
    for key in distinct:
        similar |= Q(name_key__trigram_similar=key)
    similarity = (
        Greatest(*(TrigramSimilarity("name_key", key) for key in distinct))
        if len(distinct) > 1
        else TrigramSimilarity("name_key", distinct[0])
    )
    # The centre as a bigint, the column's type: btree_gin has no cross-type operators,
    # and with an integer literal the index would not narrow the search to the centre.
    centre_id = Cast(Value(centre.pk), output_field=BigIntegerField())
    query = (
        Person.objects.filter(Q(centre_id=centre_id) & similar)
        .annotate(similarity=similarity)
        .order_by("-similarity", "pk")[:NEAREST_NAMES]
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [INDEX_THRESHOLD]
            )
        nearest = list(query)
        transaction.set_rollback(True)
    return nearest


def _python_candidates(persons: object, keys: tuple[str, str], nn_index: str) -> list[Person]:
    # The demo database is small; a full scan of the centre's persons is fine there.
    return [
        person
        for person in persons.only(  # type: ignore[attr-defined]
            "id",
            "first_name",
            "last_name",
            "name_key",
            "birth_date",
            "postcode",
            "national_number_index",
            "is_unborn",
            "expected_birth_date",
            "estimated_birth_year",
            "centre_id",
        )
        if _name_score(person, keys) >= SUPPORTED_NAME_THRESHOLD
        or (nn_index and person.national_number_index == nn_index)
    ]


def _name_score(person: Person, keys: tuple[str, str]) -> float:
    return max(similarity(person.name_key, keys[0]), similarity(person.name_key, keys[1]))


def _match(
    person: Person, keys: tuple[str, str], birth_date: date | None, postcode: str, nn_index: str
) -> Match:
    same_birth = birth_date is not None and person.birth_date == birth_date
    same_postcode = bool(postcode) and person.postcode == postcode
    same_nn = bool(nn_index) and person.national_number_index == nn_index
    name_score = _name_score(person, keys)
    score = name_score
    score += 0.3 if same_birth else 0.0
    score += 0.1 if same_postcode else 0.0
    score += 1.0 if same_nn else 0.0
    return Match(person, round(score, 3), name_score, same_birth, same_postcode, same_nn)


def _worth_showing(match: Match) -> bool:
    if match.same_national_number:
        return True
    if match.same_birth_date or match.same_postcode:
        return match.name_score >= SUPPORTED_NAME_THRESHOLD
    return match.name_score >= NAME_THRESHOLD
