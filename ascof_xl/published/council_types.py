"""The council types ASCOF publishes aggregates for, by letter and by the names publications use.

The time-series tables name them by letter (S, U, M, I, O, and D for the district rows of
2021-22 and 2022-23); the CSV files by name, singular or plural ("Metropolitan District",
"Metropolitan Districts"). Every reader gives a council type the one area code
`type:<name>` below, so that sources of one year meet on the same aggregate.
"""

from __future__ import annotations

import re

COUNCIL_TYPES = {
    "S": "Shire Counties",
    "U": "Unitary Authorities",
    "M": "Metropolitan Districts",
    "I": "Inner London",
    "O": "Outer London",
    "D": "District",
}

# How each type's name starts, once folded to letters only.
_NAME_STARTS = (
    ("innerlondon", "I"),
    ("outerlondon", "O"),
    ("shire", "S"),
    ("count", "S"),
    ("unitar", "U"),
    ("metropolitan", "M"),
    ("district", "D"),
)


def council_type_letter(text: str) -> str | None:
    """The letter of a council type written as a letter or a name (any case or number); None otherwise."""
    stripped = str(text).strip()
    if stripped.upper() in COUNCIL_TYPES and len(stripped) == 1:
        return stripped.upper()
    folded = re.sub(r"[^a-z]", "", stripped.lower())
    return next((letter for start, letter in _NAME_STARTS if folded.startswith(start)), None)


def council_type_area(letter: str) -> tuple[str, str]:
    """The area code and name every reader gives a council type's aggregate."""
    name = COUNCIL_TYPES[letter]
    return f"type:{name}", name
