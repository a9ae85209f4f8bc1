"""Belgian national register numbers: validation, blind index and mask."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from vk.people.identifiers import (
    clean_national_number,
    mask_national_number,
    national_number_index,
)

VALID = "85073003328"
VALID_FORMATTED = "85.07.30-033.28"
WRONG_CHECKSUM = "85073003329"  # last digit changed
CHECKSUM_MESSAGE = "Dit rijksregisternummer is niet geldig: de controlecijfers kloppen niet."
FORMAT_MESSAGE = "Een rijksregisternummer heeft 11 cijfers, bv. 85.07.30-033.28."


@pytest.mark.parametrize("typed", [VALID, VALID_FORMATTED, " 85 07 30 033 28 "])
def test_a_valid_number_comes_back_as_its_eleven_digits(typed: str) -> None:
    assert clean_national_number(typed) == VALID


@pytest.mark.parametrize("typed", [WRONG_CHECKSUM, "85.07.30-033.29"])
def test_a_wrong_check_digit_is_refused_with_a_message_about_the_check_digits(
    typed: str,
) -> None:
    with translation.override("nl-be"), pytest.raises(ValidationError) as error:
        clean_national_number(typed)

    assert error.value.code == "checksum"
    assert error.value.messages == [CHECKSUM_MESSAGE]


@pytest.mark.parametrize("typed", ["8507300332", "850730033280", "", "85O73OO3328"])
def test_a_number_without_exactly_eleven_digits_is_refused(typed: str) -> None:
    with translation.override("nl-be"), pytest.raises(ValidationError) as error:
        clean_national_number(typed)

    assert error.value.code == "format"
    assert error.value.messages == [FORMAT_MESSAGE]


def test_the_index_is_stable_for_the_same_number() -> None:
    assert national_number_index(VALID) == national_number_index(VALID)
    assert national_number_index(clean_national_number(VALID_FORMATTED)) == national_number_index(
        VALID
    )


def test_the_index_differs_per_number() -> None:
    assert national_number_index(VALID) != national_number_index("90020199704")


def test_the_index_is_a_keyed_hash_that_does_not_contain_the_number() -> None:
    index = national_number_index(VALID)

    assert re.fullmatch(r"[0-9a-f]{64}", index)
    assert VALID not in index


def test_the_index_depends_on_the_installation_key(settings: object) -> None:
    settings.IDENTIFIER_HMAC_KEY = "first-installation-key"
    first = national_number_index(VALID)
    settings.IDENTIFIER_HMAC_KEY = "second-installation-key"

    assert national_number_index(VALID) != first


def test_the_mask_shows_only_the_last_two_digits() -> None:
    mask = mask_national_number(VALID)

    assert mask.endswith("28")
    assert re.sub(r"\D", "", mask) == "28"
