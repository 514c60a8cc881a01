"""A multi-year store of published values, indexed once per year so that look-ups cost microseconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

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


@dataclass(frozen=True)
class _Year:
    """One year's rows, indexed: the rows of each (measure, type), and the columns cells are made from."""

    rows: dict[tuple[str, str], np.ndarray]
    codes: np.ndarray
    values: np.ndarray
    markers: np.ndarray
    measures: dict[str, tuple[str, str]]
    areas: dict[str, Area]


class Store:
    """Published ASCOF values for one or more years, keyed by year, measure code and type.

    Given frames are indexed at once; given `loaders` (year: function returning the year's tidy
    frame), a year is read and indexed the first time anything of it is asked for, so that a
    command on one year does not pay for eleven.
    """

    def __init__(
        self,
        frames: Iterable[pd.DataFrame] = (),
        value_notes: pd.DataFrame | None = None,
        loaders: Mapping[str, Callable[[], pd.DataFrame]] | None = None,
    ):
        self._pending: dict[str, Callable[[], pd.DataFrame]] = dict(loaders or {})
        self._frames: list[pd.DataFrame] = []
        self._years: dict[str, _Year] = {}
        self._table: pd.DataFrame | None = None
        self._cells: dict[tuple[str, str, str], dict[str, Cell]] = {}
        self._by_level: dict[tuple[str, str], list[Area]] = {}
        self._value_notes: dict[tuple[str, str, str], str] = {}
        if value_notes is not None:
            for year, area, measure, note in value_notes.itertuples(index=False):
                self._value_notes[(year, area, measure)] = note
        frames = [f for f in frames if not f.empty]
        self.notes: list[str] = [note for f in frames for note in f.attrs.get("notes", [])]
        if frames:
            self._add(pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0])

    def _add(self, frame: pd.DataFrame, year: str | None = None) -> None:
        """Index a frame's rows by year from whole columns (no Python loop over rows); `year`, when
        given, is the one year the frame holds."""
        self._frames.append(frame)
        self._table = None
        if year is not None:
            self._years[year] = self._index(frame)
            return
        for year, rows in frame.groupby("year", sort=False).indices.items():
            part = frame.take(rows) if len(rows) != len(frame) else frame
            self._years[year] = self._index(part)

    @staticmethod
    def _index(part: pd.DataFrame) -> _Year:
        keyed = part.groupby(["measure", "measure_type"], sort=False).indices
        first = {}
        for (measure, _), rows in keyed.items():
            first.setdefault(measure, rows[0])
        heads = part[["group", "disaggregation"]].take(list(first.values()))
        measures = dict(zip(first, zip(heads["group"].tolist(), heads["disaggregation"].tolist())))
        columns = ["area_code", "area_name", "level", "cassr_code"]
        places = part.loc[~part["area_code"].duplicated().to_numpy(), columns]
        areas = {code: Area(code, *rest) for code, *rest in zip(*(places[c].tolist() for c in columns))}
        return _Year(keyed, part["area_code"].to_numpy(dtype=object), part["value"].to_numpy(),
                     part["marker"].to_numpy(dtype=object), measures, areas)

    def _year(self, year: str) -> _Year | None:
        """A year's index, reading the year first when it is still pending."""
        if year in self._pending:
            self._add(self._pending.pop(year)(), year)
        return self._years.get(year)

    @property
    def table(self) -> pd.DataFrame:
        """Every row held, every year read (the tidy table)."""
        for year in list(self._pending):
            self._year(year)
        if self._table is None:
            self._table = pd.concat(self._frames, ignore_index=True) if self._frames else empty_tidy()
        return self._table

    @property
    def years(self) -> tuple[str, ...]:
        """The years held, oldest first."""
        return tuple(sorted(set(self._years) | set(self._pending)))

    def has_year(self, year: str) -> bool:
        """True when any value for `year` is loaded."""
        return year in self._years or year in self._pending

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
        found = self._year(year)
        return found.measures if found else {}

    def cells(self, year: str, measure: str, measure_type: str = "Outcome") -> dict[str, Cell]:
        """Every area's (value, marker) for one measure code and type in one year (made once, on first use;
        where rows repeat an area, the last wins)."""
        key = (year, measure, measure_type)
        found = self._cells.get(key)
        if found is None:
            held = self._year(year)
            rows = held.rows.get((measure, measure_type)) if held else None
            if rows is None:
                return {}
            values = [None if v != v else float(v) for v in held.values[rows].tolist()]
            found = self._cells[key] = dict(zip(held.codes[rows], zip(values, held.markers[rows])))
        return found

    def value_note(self, year: str, area: str, measure: str) -> str | None:
        """What the publication says of one value (published on a row standing for more than one
        council, a placeholder where no survey ran), or None."""
        return self._value_notes.get((year, area, measure))

    def cell(self, year: str, area: str, measure: str, measure_type: str = "Outcome") -> Cell | None:
        """One area's (value, marker), or None when the file has no such row."""
        return self.cells(year, measure, measure_type).get(area)

    def value(self, year: str, area: str, measure: str, measure_type: str = "Outcome") -> float | None:
        """One area's value, or None when it is missing or suppressed."""
        found = self.cell(year, area, measure, measure_type)
        return found[0] if found else None

    def area(self, year: str, code: str) -> Area | None:
        """The area with this code as published in `year`."""
        found = self._year(year)
        return found.areas.get(code) if found else None

    def areas(self, year: str, level: str) -> list[Area]:
        """Every area of one level ("council", "region", "council type", "england") in `year`."""
        if (year, level) not in self._by_level:  # grouped once per year, on first use
            found = self._year(year)
            for area in found.areas.values() if found else ():
                self._by_level.setdefault((year, area.level), []).append(area)
            for each in ("council", "region", "council type", "england", level):
                self._by_level.setdefault((year, each), [])
        return list(self._by_level[(year, level)])
