"""Provisional positions of survey results: each unsuppressed row placed in a published distribution."""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.place import place_figure
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.single_measure import measure_code_for
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError

PLACE_KEYS = ("distribution_year", "band", "rank", "n", "comparator_value", "significance", "provisional")


def place_rows(positions: Positions, rows: list[dict[str, Any]], framework: str, year: str | None = None,
               group_spec: str = "england") -> list[dict[str, Any]]:
    """Each row with a "place" entry: its provisional band, rank of n and significance, or a note why not."""
    placed = []
    for row in rows:
        if row["marker"]:
            placed.append(row | {"place": {"note": f"suppressed [{row['marker']}], not placed"}})
            continue
        try:
            council = find_council(row["council"])
            code = measure_code_for(row["measure"], row["disaggregation"])
            found = place_figure(positions, council, year, code, row["outcome"],
                                 margin_of_error=row["margin_of_error"], group_spec=group_spec, framework=framework)
            place = {k: found[k] for k in PLACE_KEYS} | {"code": found["measure"]["code"]}
        except AscofError as error:
            place = {"note": str(error)}
        placed.append(row | {"place": place})
    return placed
