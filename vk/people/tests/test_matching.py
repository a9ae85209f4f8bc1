"""Search before create: `find_matches` on SQLite (Python) and PostgreSQL (pg_trgm) alike.

Every expectation here must hold on both engines, so the names are chosen with a clear
margin around the thresholds (0.45 for a name alone, 0.3 with a shared birth date or
postcode); the similarity of each pair is in a comment.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vk.centres.models import Centre
from vk.people.identifiers import national_number_index
from vk.people.matching import MAX_MATCHES, NAME_THRESHOLD, NEAREST_NAMES, find_matches
from vk.people.models import Person
from vk.people.names import name_key, similarity
from vk.volume.bench import misspell
from vk.volume.names import Names

pytestmark = pytest.mark.django_db

BIRTH_DATE = date(2015, 3, 14)
OTHER_BIRTH_DATE = date(2016, 9, 1)


def make_person(centre: Centre, first_name: str, last_name: str, **fields: Any) -> Person:
    person = Person(centre=centre, first_name=first_name, last_name=last_name, **fields)
    person.refresh_name_key()
    person.save()
    return person


def found(matches: list[Any]) -> list[int]:
    return [match.person.pk for match in matches]


# Folded names: spelling, spaces, order and accents hardly count ---------------------


def test_mohamed_elamrani_finds_mohammed_el_amrani(centre_a: Centre) -> None:
    existing = make_person(centre_a, "Mohammed", "El Amrani")  # similarity 0.83

    matches = find_matches(centre=centre_a, first_name="Mohamed", last_name="Elamrani")

    assert found(matches) == [existing.pk]
    assert 0.8 < matches[0].score < 1.0


def test_jan_vandenbroeck_finds_van_den_broeck_jan(centre_a: Centre) -> None:
    existing = make_person(centre_a, "Jan", "Van den Broeck")

    matches = find_matches(centre=centre_a, first_name="Jan", last_name="Vandenbroeck")

    assert found(matches) == [existing.pk]
    assert matches[0].score == 1.0


def test_jan_vandenbroeck_is_found_when_first_and_last_name_are_swapped(centre_a: Centre) -> None:
    existing = make_person(centre_a, "Jan", "Van den Broeck")

    matches = find_matches(centre=centre_a, first_name="Vandenbroeck", last_name="Jan")

    assert found(matches) == [existing.pk]
    assert matches[0].score == 1.0


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Ayşe", "Çelik"), ("Ayse", "Celik")),
        (("Ayse", "Celik"), ("Ayşe", "Çelik")),
        (("Zoë", "Peeters"), ("Zoe", "Peeters")),
        (("Zoe", "Peeters"), ("Zoë", "Peeters")),
    ],
)
def test_accents_do_not_prevent_a_match(
    centre_a: Centre, stored: tuple[str, str], typed: tuple[str, str]
) -> None:
    existing = make_person(centre_a, *stored)

    matches = find_matches(centre=centre_a, first_name=typed[0], last_name=typed[1])

    assert found(matches) == [existing.pk]
    assert matches[0].score == 1.0


def test_a_turkish_dotless_i_counts_as_an_i(centre_a: Centre) -> None:
    # "ı" (dotless i) has no decomposition in Unicode; dropping it leaves "ayseyldz",
    # only 0.33 like "ayseyildiz", so the obvious match would not be shown.
    existing = make_person(centre_a, "Ayşe", "Yıldız")

    matches = find_matches(centre=centre_a, first_name="Ayse", last_name="Yildiz")

    assert found(matches) == [existing.pk]


def test_case_and_hyphens_do_not_count(centre_a: Centre) -> None:
    existing = make_person(centre_a, "Marie-Louise", "DE SMET")

    matches = find_matches(centre=centre_a, first_name="marie louise", last_name="desmet")

    assert found(matches) == [existing.pk]


# Unrelated names are not matches ------------------------------------------------------


def test_jan_peeters_does_not_find_jan_janssens(centre_a: Centre) -> None:
    make_person(centre_a, "Jan", "Janssens")  # similarity 0.16

    assert find_matches(centre=centre_a, first_name="Jan", last_name="Peeters") == []


def test_a_shared_birth_date_alone_does_not_make_different_names_a_match(
    centre_a: Centre,
) -> None:
    make_person(centre_a, "Jan", "Janssens", birth_date=BIRTH_DATE)  # similarity 0.16
    make_person(centre_a, "Kobe", "Maes", birth_date=BIRTH_DATE)  # similarity 0

    matches = find_matches(
        centre=centre_a, first_name="Jan", last_name="Peeters", birth_date=BIRTH_DATE
    )

    assert matches == []


def test_a_shared_postcode_alone_does_not_make_different_names_a_match(centre_a: Centre) -> None:
    make_person(centre_a, "Jan", "Janssens", postcode="2000")

    matches = find_matches(centre=centre_a, first_name="Jan", last_name="Peeters", postcode="2000")

    assert matches == []


def test_a_name_exactly_at_the_threshold_is_shown(centre_a: Centre) -> None:
    # "juliettepeeters" and "lottepeeters" share 9 of 20 trigrams: exactly 0.45. pg_trgm
    # computes it in single precision (0.44999998), below a threshold of exactly 0.45.
    existing = make_person(centre_a, "Juliette", "Peeters")
    assert similarity(existing.name_key, name_key("Lotte", "Peeters")) == NAME_THRESHOLD

    matches = find_matches(centre=centre_a, first_name="Lotte", last_name="Peeters")

    assert found(matches) == [existing.pk]


def test_a_name_of_fewer_than_three_letters_is_not_searched(centre_a: Centre) -> None:
    make_person(centre_a, "Bo", "")

    assert find_matches(centre=centre_a, first_name="Bo") == []


# Supporting facts: birth date, postcode, national number -------------------------------


def test_a_weak_name_resemblance_alone_is_not_shown(centre_a: Centre) -> None:
    make_person(centre_a, "Sofie", "Martens", birth_date=BIRTH_DATE)  # similarity 0.35

    assert find_matches(centre=centre_a, first_name="Sophie", last_name="Mertens") == []


def test_a_same_birth_date_raises_a_weak_name_resemblance_into_the_results(
    centre_a: Centre,
) -> None:
    existing = make_person(centre_a, "Sofie", "Martens", birth_date=BIRTH_DATE)  # 0.35

    matches = find_matches(
        centre=centre_a, first_name="Sophie", last_name="Mertens", birth_date=BIRTH_DATE
    )

    assert found(matches) == [existing.pk]
    assert matches[0].same_birth_date
    assert not matches[0].same_national_number
    assert matches[0].score == pytest.approx(0.35 + 0.3, abs=0.001)


def test_a_different_birth_date_does_not_raise_a_weak_name_resemblance(centre_a: Centre) -> None:
    make_person(centre_a, "Sofie", "Martens", birth_date=BIRTH_DATE)

    matches = find_matches(
        centre=centre_a, first_name="Sophie", last_name="Mertens", birth_date=OTHER_BIRTH_DATE
    )

    assert matches == []


def test_a_same_postcode_raises_a_weak_name_resemblance_into_the_results(
    centre_a: Centre,
) -> None:
    existing = make_person(centre_a, "Sofie", "Martens", postcode="2018")

    matches = find_matches(
        centre=centre_a, first_name="Sophie", last_name="Mertens", postcode="2018"
    )

    assert found(matches) == [existing.pk]
    assert matches[0].same_postcode
    assert not matches[0].same_birth_date


@pytest.mark.parametrize(
    "support",
    [
        {"birth_date": BIRTH_DATE},
        {"postcode": "2018"},
        {"birth_date": BIRTH_DATE, "postcode": "2018"},
    ],
    ids=["birth date", "postcode", "birth date and postcode"],
)
def test_a_name_exactly_at_the_supported_threshold_is_shown_with_any_support(
    centre_a: Centre, support: dict[str, Any]
) -> None:
    # "anoukbaert" and "anoukbruggeman" share 3 of 10 trigrams: similarity exactly 0.3,
    # the threshold for a name with a shared birth date or postcode. More support must
    # never hide a match that less support shows.
    existing = make_person(centre_a, "Anouk", "Baert", birth_date=BIRTH_DATE, postcode="2018")

    matches = find_matches(centre=centre_a, first_name="Anouk", last_name="Bruggeman", **support)

    assert found(matches) == [existing.pk]


def test_the_same_national_number_always_matches_whatever_the_name(centre_a: Centre) -> None:
    index = national_number_index("85073003328")
    existing = make_person(centre_a, "Kobe", "Maes", national_number_index=index)

    matches = find_matches(
        centre=centre_a, first_name="Jan", last_name="Peeters", national_number_index=index
    )

    assert found(matches) == [existing.pk]
    assert matches[0].same_national_number
    assert matches[0].score >= 1.0


def test_the_national_number_matches_without_any_name(centre_a: Centre) -> None:
    index = national_number_index("85073003328")
    existing = make_person(centre_a, "Kobe", "Maes", national_number_index=index)

    matches = find_matches(centre=centre_a, national_number_index=index)

    assert found(matches) == [existing.pk]


def test_another_national_number_does_not_match(centre_a: Centre) -> None:
    make_person(
        centre_a, "Kobe", "Maes", national_number_index=national_number_index("85073003328")
    )

    matches = find_matches(
        centre=centre_a,
        first_name="Jan",
        last_name="Peeters",
        national_number_index=national_number_index("90020199704"),
    )

    assert matches == []


def test_a_national_number_match_ranks_above_a_name_match(centre_a: Centre) -> None:
    index = national_number_index("85073003328")
    same_name = make_person(centre_a, "Lotte", "Peeters")
    same_number = make_person(centre_a, "Lotte", "Pieterse", national_number_index=index)

    matches = find_matches(
        centre=centre_a, first_name="Lotte", last_name="Peeters", national_number_index=index
    )

    assert found(matches) == [same_number.pk, same_name.pk]


# Centre isolation ------------------------------------------------------------------


def test_persons_of_another_centre_are_never_returned(centre_a: Centre, centre_b: Centre) -> None:
    index = national_number_index("85073003328")
    own = make_person(centre_a, "Lotte", "Peeters")
    make_person(centre_b, "Lotte", "Peeters", birth_date=BIRTH_DATE, national_number_index=index)

    matches = find_matches(
        centre=centre_a,
        first_name="Lotte",
        last_name="Peeters",
        birth_date=BIRTH_DATE,
        national_number_index=index,
    )

    assert found(matches) == [own.pk]


def test_a_national_number_known_only_in_another_centre_finds_nothing(
    centre_a: Centre, centre_b: Centre
) -> None:
    index = national_number_index("85073003328")
    make_person(centre_b, "Lotte", "Peeters", national_number_index=index)

    assert find_matches(centre=centre_a, national_number_index=index) == []


def test_without_a_centre_nothing_is_returned(centre_a: Centre) -> None:
    index = national_number_index("85073003328")
    make_person(centre_a, "Lotte", "Peeters", national_number_index=index)

    matches = find_matches(
        centre=None, first_name="Lotte", last_name="Peeters", national_number_index=index
    )

    assert matches == []


# Ranking and limit ---------------------------------------------------------------------


def test_results_are_ordered_best_first(centre_a: Centre) -> None:
    pieterse = make_person(centre_a, "Lotte", "Pieterse")  # 0.50
    exact = make_person(centre_a, "Lotte", "Peeters")  # 1.00
    charlotte = make_person(centre_a, "Charlotte", "Peeters")  # 0.58
    peters = make_person(centre_a, "Lotte", "Peters")  # 0.79

    matches = find_matches(centre=centre_a, first_name="Lotte", last_name="Peeters")

    assert found(matches) == [exact.pk, peters.pk, charlotte.pk, pieterse.pk]
    scores = [match.score for match in matches]
    assert scores == sorted(scores, reverse=True)


def test_a_supported_match_can_outrank_a_closer_name(centre_a: Centre) -> None:
    closer_name = make_person(centre_a, "Lotte", "Peters")  # 0.79
    same_birth = make_person(centre_a, "Lotte", "Pieterse", birth_date=BIRTH_DATE)  # 0.50 + 0.3

    matches = find_matches(
        centre=centre_a, first_name="Lotte", last_name="Peeters", birth_date=BIRTH_DATE
    )

    assert found(matches) == [same_birth.pk, closer_name.pk]


def test_the_number_of_results_is_limited_to_the_best(centre_a: Centre) -> None:
    make_person(centre_a, "Lotte", "Pieterse")
    exact = make_person(centre_a, "Lotte", "Peeters")
    make_person(centre_a, "Charlotte", "Peeters")
    peters = make_person(centre_a, "Lotte", "Peters")

    matches = find_matches(centre=centre_a, first_name="Lotte", last_name="Peeters", limit=2)

    assert found(matches) == [exact.pk, peters.pk]


def test_by_default_at_most_max_matches_are_returned_oldest_first_among_equals(
    centre_a: Centre,
) -> None:
    namesakes = [make_person(centre_a, "Lotte", "Peeters") for _ in range(MAX_MATCHES + 2)]

    matches = find_matches(centre=centre_a, first_name="Lotte", last_name="Peeters")

    assert len(matches) == MAX_MATCHES
    assert found(matches) == [person.pk for person in namesakes[:MAX_MATCHES]]


# The same answer as the similarity computed in Python ------------------------------


def python_ranking(persons: list[Person], first_name: str, last_name: str) -> list[int]:
    """What find_matches must return for a name alone: the persons at least
    NAME_THRESHOLD similar by either name order, best first (scores as find_matches
    rounds them), the oldest first among equals, at most MAX_MATCHES."""
    keys = (name_key(first_name, last_name), name_key(last_name, first_name))
    scored = [
        (round(max(similarity(person.name_key, key) for key in keys), 3), person.pk)
        for person in persons
    ]
    shown = sorted((-score, pk) for score, pk in scored if score >= NAME_THRESHOLD)
    return [pk for _score, pk in shown[:MAX_MATCHES]]


def test_find_matches_returns_what_the_python_similarity_ranks_first(
    centre_a: Centre, centre_b: Centre
) -> None:
    """On PostgreSQL the trigram index and `%` pick the candidates; the answer must be
    the one the pure-Python similarity gives over all the centre's persons."""
    rng = random.Random(11)
    names = Names(rng)
    common = [("Sarah", "Peeters"), ("Noah", "Van Damme"), ("Emma", "Janssens")]
    rows: list[tuple[str, str]] = []
    for _ in range(300):  # a mixed population
        origin = names.origin()
        gender = rng.choice("fm")
        rows.append((names.first(gender, rng.random() < 0.5, origin), names.last_name(origin)))
    for first, last in common:  # more near-namesakes than the index query returns
        rows += [(misspell(first, rng), last) for _ in range(NEAREST_NAMES)]
        rows += [(first, misspell(last, rng)) for _ in range(NEAREST_NAMES)]
        rows += [(last, first)] * 3  # typed the other way round
    rows += [("", "Peeters"), ("Sarah", ""), ("Juliette", "Peeters")]
    persons = [make_person(centre_a, first, last) for first, last in rows]
    for first, last in rows[:50]:
        make_person(centre_b, first, last)  # never returned
    searches = [*common, ("Peeters", "Sarah"), ("", "Peeters"), ("Sarah", ""), ("Lotte", "Peeters")]
    searches += [(misspell(first, rng), misspell(last, rng)) for first, last in common]
    searches += [("", misspell(last, rng)) for _first, last in common]
    searches += [rows[rng.randrange(300)] for _ in range(10)]

    for first, last in searches:
        matches = find_matches(centre=centre_a, first_name=first, last_name=last)

        assert found(matches) == python_ranking(persons, first, last), (first, last)
    # The index query's limit mattered: more persons are similar than it returns.
    keys = (name_key("Sarah", "Peeters"), name_key("Peeters", "Sarah"))
    similar = [p for p in persons if max(similarity(p.name_key, k) for k in keys) >= NAME_THRESHOLD]
    assert len(similar) > NEAREST_NAMES


def test_the_search_makes_as_many_queries_with_one_name_as_with_two(centre_a: Centre) -> None:
    # With a single name both name orders give the same key; the lookup must not then
    # make one query fewer (a person without a first name made the benchmark's query
    # count differ between two generated data sets).
    make_person(centre_a, "Lotte", "Peeters")
    make_person(centre_a, "", "Peeters")
    counts = []
    for first_name, last_name in [("Lotte", "Peeters"), ("", "Peeters")]:
        with CaptureQueriesContext(connection) as queries:
            matches = find_matches(centre=centre_a, first_name=first_name, last_name=last_name)
        assert matches
        counts.append(len(queries.captured_queries))

    assert counts[0] == counts[1]
