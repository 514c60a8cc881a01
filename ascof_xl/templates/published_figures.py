"""Published figures a template carries as values: England, cut points, mean and spread, and each council's value.

They come from the bundled store (ascof_xl.published) at generation time, so the workbook's bands,
ranks and outlier checks work with no add-in and no network.
"""

from __future__ import annotations

import statistics
from typing import Any

from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.catalogue import framework_for_year
from ascof_xl.published.bundled import bundled_store
from ascof_xl.published.store import Store
from ascof_xl.templates.declaration import Declaration
from ascof_xl.templates.layout import published_measures
from ascof_xl.years import year_start

ENGLAND = "E92000001"


def year_for(store: Store, code: str, year: str) -> str | None:
    """The published year to compare a measure with: its own year, else the nearest year of the same framework."""
    candidates = [y for y in store.years if code in store.measures(y) and framework_for_year(y) == framework_for_year(year)]
    if not candidates:
        return None
    return min(candidates, key=lambda y: (abs(year_start(y) - year_start(year)), -year_start(y)))


def published_row(positions: Positions, code: str, year: str) -> dict[str, Any]:
    """England value, councils' count, mean, standard deviation and cut points of one measure in one year."""
    store = positions.store
    used = year_for(store, code, year)
    row: dict[str, Any] = {"code": code, "year": used or "none bundled"}
    if used is None:
        return row
    distribution = positions.distribution(used, code, resolve_group("england", None, used, store))
    values = distribution.ordered
    row["england"] = store.value(used, ENGLAND, code)
    row["n"] = len(values)
    row["mean"] = statistics.fmean(values) if values else None
    row["sd"] = statistics.stdev(values) if len(values) > 1 else None
    row["p25"], row["median"], row["p75"] = distribution.cuts
    row["values"] = distribution.values
    return row


def published_rows(declaration: Declaration, store: Store | None = None) -> list[dict[str, Any]]:
    """One row per measure the template compares with published figures, in layout order."""
    positions = Positions(store or bundled_store())
    return [published_row(positions, m.code, declaration.year) | {"title": m.title}
            for m in published_measures(declaration)]
