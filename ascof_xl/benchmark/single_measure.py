"""One measure, any disaggregation, against the council's comparator group."""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.context import (
    check_council_in_year,
    comparator_value,
    marker_of,
    measure_info,
    result_heading,
    unknown_measure_message,
)
from ascof_xl.benchmark.codes import spoken_code
from ascof_xl.benchmark.groups import Group, resolve_group
from ascof_xl.benchmark.place import published_code
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.statistics import measure_statistics
from ascof_xl.councils import Council
from ascof_xl.errors import AscofError
from ascof_xl.published.tidy import SUFFIXES


def measure_code_for(code: str, disaggregation: str) -> str:
    """The published code of a measure group and disaggregation: 2B1 and "65-74" give 2B16574."""
    text = disaggregation.strip()
    if text.lower() in SUFFIXES:
        return code.upper() + SUFFIXES[text.lower()]
    if text.upper() in {s.upper() for s in SUFFIXES.values()}:
        return code.upper() + text.upper()
    labels = ", ".join(k for k in SUFFIXES if k)
    raise AscofError(f"unknown disaggregation '{disaggregation}'; use Total or one of: {labels}")


def build_benchmark(
    positions: Positions,
    council: Council,
    year: str,
    code: str,
    disaggregation: str = "Total",
    group_spec: str = "england",
) -> dict[str, Any]:
    """One measure, any disaggregation: the council's row and the whole group's distribution."""
    store = positions.store
    check_council_in_year(positions, council, year)
    code = _resolved_group(positions, year, code)
    if not any(group == code.upper() for group, _ in store.measures(year).values()):
        raise AscofError(unknown_measure_message(store, code, year))
    published = _published_code(store.measures(year), code, disaggregation, year)
    group_code, label = store.measures(year)[published]
    group = resolve_group(group_spec, council, year, store)
    info = measure_info(group_code, year)
    polarity = info.polarity
    row = positions.position(year, published, council.ons_code, group, polarity)
    row["marker"] = marker_of(positions, year, council.ons_code, published)
    row["note"] = store.value_note(year, council.ons_code, group_code)
    comparator = comparator_value(positions, year, published, group, row["median"])
    row |= measure_statistics(store, council, year, published, polarity, row["value"], comparator, info)
    return result_heading(positions, council, year, group) | {
        "measure": {
            "code": published,
            "group": group_code,
            "title": info.title,
            "disaggregation": label,
            "polarity": polarity,
        },
        "council_row": row,
        "comparator_value": comparator,
        "distribution": _group_rows(positions, year, published, group, polarity),
    }


def _resolved_group(positions: Positions, year: str, code: str) -> str:
    """The measure group the year's data holds for a code, as the catalogue resolver names it (2E is
    2E1 in 2023-24, old 1J is 1B in 2024-25); the code as typed where the resolver knows none."""
    try:
        return published_code(positions, year, code)
    except AscofError:
        return code


def _published_code(measures: dict[str, tuple[str, str]], code: str, disaggregation: str, year: str) -> str:
    """The code of the measure and disaggregation asked for, which the year's data must hold."""
    published = measure_code_for(code, disaggregation)
    if published not in measures:
        available = sorted(c for c, (g, _) in measures.items() if g == code.upper())
        hint = f"; published codes for {code.upper()}: {', '.join(available)}" if available else ""
        raise AscofError(f"measure {spoken_code(published)} is not in the {year} data{hint}.")
    return published


def _group_rows(positions: Positions, year: str, code: str, group: Group, polarity: str) -> list[dict[str, Any]]:
    """Every council of the group with a value: name, value, rank and band, best first."""
    rows = []
    for area in positions.distribution(year, code, group).values:
        found = positions.position(year, code, area, group, polarity)
        name = positions.store.area(year, area).name
        rows.append({"area_code": area, "name": name} | {k: found[k] for k in ("value", "rank", "band")})
    return sorted(rows, key=lambda r: (r["rank"], r["name"]))
