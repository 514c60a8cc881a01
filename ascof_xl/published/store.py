"""A multi-year store of published values, indexed once so that look-ups cost microseconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published.tidy import TIDY_COLUMNS, empty_tidy

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
        self._index()

    def _index(self) -> None:
        columns = list(TIDY_COLUMNS)
        for row in self.table.loc[:, columns].itertuples(index=False, name=None):
            year, area, cassr, name, level, measure, group, disaggregation, mtype, value, marker = row
            cell = (None if value != value else float(value), marker)  # NaN is not equal to itself
            self._cells.setdefault((year, measure, mtype), {})[area] = cell
            self._areas.setdefault((year, area), Area(area, name, level, cassr))
            self._measures.setdefault(year, {}).setdefault(measure, (group, disaggregation))

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
        return [a for (y, _), a in self._areas.items() if y == year and a.level == level]
