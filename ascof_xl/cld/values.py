"""The release 2 value map (values.toml) as rows DuckDB can join on, read once per process."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def value_lists() -> dict[str, dict]:
    """Each field's entry in values.toml: values, closed, aliases and any named subsets."""
    return tomllib.loads((resources.files("ascof_xl.cld") / "values.toml").read_text(encoding="utf-8"))


def value_map_rows() -> list[tuple[str, str, str]]:
    """(field, key, value): every spelling, trimmed and lower-cased, with the release 2 value it stands for."""
    rows = []
    for field, entry in value_lists().items():
        spellings = {value: value for value in entry["values"]} | entry.get("aliases", {})
        for spelling, value in spellings.items():
            if value not in entry["values"]:
                raise ValueError(f"values.toml: alias {spelling!r} of {field} maps to {value!r}, not a listed value")
            rows.append((field, spelling.strip().lower(), value))
    return rows


def outcome_rank_rows() -> list[tuple[str, int, int]]:
    """(outcome, hierarchy rank, 2A rank): the hierarchy, with 100 added to outcomes 2A cannot classify."""
    entry = value_lists()["Event_Outcome"]
    unclassifiable = set(entry["unclassifiable"])
    return [(value, rank, rank + (100 if value in unclassifiable else 0))
            for rank, value in enumerate(entry["values"], start=1)]


def settled_values() -> list[str]:
    """Accommodation values 2E counts as settled."""
    return list(value_lists()["Accommodation_Status"]["settled"])


def open_fields() -> tuple[str, ...]:
    """Fields whose list names only the values the method uses; other values pass through."""
    return tuple(field for field, entry in value_lists().items() if not entry["closed"])
