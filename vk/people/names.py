"""Name normalisation for matching: case, accents, spaces and punctuation do not count."""

from __future__ import annotations

import re
import unicodedata

_NOT_LETTERS = re.compile(r"[^a-z]+")
# Letters that Unicode does not decompose into a base letter plus an accent.
_PLAIN_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "đ": "d", "ð": "d", "ø": "o", "œ": "oe", "æ": "ae", "þ": "th", "ß": "ss"}
)


def fold(text: str) -> str:
    """'Van den Broeck-Çelik' → 'vandenbroeckcelik'."""
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_PLAIN_LETTERS))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_LETTERS.sub("", plain)


def name_key(first_name: str, last_name: str) -> str:
    """One comparable key for a person: first and last name folded and joined."""
    return fold(first_name) + fold(last_name)


def trigrams(key: str) -> set[str]:
    """PostgreSQL pg_trgm-style trigrams of a folded key (padded with two spaces, one after)."""
    padded = f"  {key} "
    return {padded[index : index + 3] for index in range(len(padded) - 2)}


def similarity(left: str, right: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all distinct trigrams."""
    a, b = trigrams(left), trigrams(right)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
