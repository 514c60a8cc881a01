"""A multi-year store of published values, indexed once so that look-ups cost microseconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published.tidy import empty_tidy

Cell = tuple[float | None, str]  # (value, marker); value None when suppressed or missing


@dataclass(frozen=True)
class Area:
    """A row's area as published: code, name and level."""

    code: str
    name: str
    level: str
    cassr_code: str


class Store:
    """Published ASCOF values for one or more years, keyed by year, measure code and type."""

    def __init__(self, frames: Iterable[pd.DataFrame]):
        frames = [f for f in frames if not f.empty]
        self.notes: list[str] = [note for f in frames for note in f.attrs.get("notes", [])]
        self.table = pd.concat(frames, ignore_index=True) if frames else empty_tidy()
        self._cells: dict[tuple[str, str, str], dict[str, Cell]] = {}
        self._areas: dict[tuple[str, str], Area] = {}
        self._measures: dict[str, dict[str, tuple[str, str]]] = {}
        self._by_level: dict[tuple[str, str], list[Area]] | None = None
        self._index()

    def _index(self) -> None:
        """Build the look-ups from whole columns (no Python loop over rows); where rows repeat a key, the last wins."""
        table = self.table
        if table.empty:
            return
        values = table["value"].astype(object).where(table["value"].notna(), None)
        cells = np.empty(len(table), dtype=object)
        cells[:] = list(zip(values, table["marker"].astype(object)))
        codes = table["area_code"].to_numpy(dtype=object)
        for key, rows in table.groupby(["year", "measure", "measure_type"], sort=False).indices.items():
            self._cells[key] = dict(zip(codes[rows], cells[rows]))  # rows in file order: a repeat overwrites
        areas = table.drop_duplicates(["year", "area_code"])
        self._areas = {
            (year, code): Area(code, name, level, cassr)
            for year, code, name, level, cassr in zip(
                areas["year"], areas["area_code"], areas["area_name"], areas["level"], areas["cassr_code"]
            )
        }
        measures = table.drop_duplicates(["year", "measure"])
        for year, measure, group, disaggregation in zip(
            measures["year"], measures["measure"], measures["group"], measures["disaggregation"]
        ):
            self._measures.setdefault(year, {})[measure] = (group, disaggregation)

    @property
    def years(self) -> tuple[str, ...]:
        """The years held, oldest first."""
        return tuple(sorted(self._measures))

    def has_year(self, year: str) -> bool:
        """True when any value for `year` is loaded."""
        return year in self._measures

    def require_year(self, year: str) -> None:
        """Raise an error naming the loaded years when `year` is not among them."""
        if not self.has_year(year):
            loaded = ", ".join(self.years) or "none"
            raise AscofError(
                f"no published data for {year} is loaded (years loaded: {loaded}); "
                "add the year's open-data file with --data FILE."
            )

    def latest_year(self) -> str:
        """The most recent year loaded as a full publication (with an England row), else the most recent."""
        if not self.years:
            raise AscofError("no published data is loaded; give an open-data file with --data FILE.")
        full = [year for year in self.years if self.areas(year, "england")]
        return (full or list(self.years))[-1]

    def measures(self, year: str) -> dict[str, tuple[str, str]]:
        """Measure codes published in `year`, each with its group and disaggregation."""
        return self._measures.get(year, {})

    def cells(self, year: str, measure: str, measure_type: str = "Outcome") -> dict[str, Cell]:
        """Every area's (value, marker) for one measure code and type in one year."""
        return self._cells.get((year, measure, measure_type), {})

    def cell(self, year: str, area: str, measure: str, measure_type: str = "Outcome") -> Cell | None:
        """One area's (value, marker), or None when the file has no such row."""
        return self.cells(year, measure, measure_type).get(area)

    def value(self, year: str, area: str, measure: str, measure_type: str = "Outcome") -> float | None:
        """One area's value, or None when it is missing or suppressed."""
        found = self.cell(year, area, measure, measure_type)
        return found[0] if found else None

    def area(self, year: str, code: str) -> Area | None:
        """The area with this code as published in `year`."""
        return self._areas.get((year, code))

    def areas(self, year: str, level: str) -> list[Area]:
        """Every area of one level ("council", "region", "council type", "england") in `year`."""
        if self._by_level is None:  # grouped once, on first use
            self._by_level = {}
            for (each, _), area in self._areas.items():
                self._by_level.setdefault((each, area.level), []).append(area)
        return list(self._by_level.get((year, level), ()))
