"""Where a council stands on one measure: the group's distribution, its rank, band and percentile.

Distributions are built once per year, measure and group, and cached, so repeated look-ups
(a sheet full of formulas, say) cost microseconds. A band over fewer than `MIN_BANDED` councils
carries a warning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ascof_xl.benchmark.groups import Group
from ascof_xl.benchmark.quartiles import METHODS, band_by_cut_points, band_by_rank, cut_points, percentile, rank
from ascof_xl.errors import AscofError
from ascof_xl.published.store import Store

MIN_BANDED = 4  # fewer councils than this cannot be split into quartiles


def small_group_warning(n: int) -> str | None:
    """The warning a band over fewer than four councils carries (None from four up)."""
    if n >= MIN_BANDED:
        return None
    return (f"only {n} council(s) in the group have a value, too few for quartiles (at least {MIN_BANDED}); "
            "the band says little: compare with a larger group")


@dataclass(frozen=True)
class Distribution:
    """The values of the councils in a group that have one, sorted, with the group's cut points."""

    values: dict[str, float]  # area code -> value
    ordered: tuple[float, ...]
    cuts: tuple[float | None, float | None, float | None]

    @property
    def n(self) -> int:
        return len(self.ordered)


class Positions:
    """Bands, ranks and percentiles over a store, with distributions cached per year, measure and group."""

    def __init__(self, store: Store, method: str = "inc"):
        if method not in METHODS:
            raise AscofError(f"unknown quartile method '{method}'; choose one of: {', '.join(METHODS)}")
        self.store = store
        self.method = method
        self.distribution = lru_cache(maxsize=4096)(self._distribution)
        self.council_codes = lru_cache(maxsize=64)(self._council_codes)

    def _distribution(self, year: str, measure: str, group: Group) -> Distribution:
        councils = self.council_codes(year)
        values = {
            area: value
            for area, (value, _) in self.store.cells(year, measure).items()
            if value is not None and area in councils and group.includes(area)
        }
        ordered = tuple(sorted(values.values()))
        cuts = cut_points(ordered, "exc" if self.method == "exc" else "inc")
        return Distribution(values, ordered, cuts)

    def _council_codes(self, year: str) -> frozenset[str]:
        """The codes of the year's councils as published (regions and types are not ranked)."""
        return frozenset(area.code for area in self.store.areas(year, "council"))

    def position(self, year: str, measure: str, area: str, group: Group, polarity: str) -> dict[str, Any]:
        """The council's value, n, rank, percentile, cut points and band (None where it has no value)."""
        distribution = self.distribution(year, measure, group)
        value = distribution.values.get(area)
        p25, median, p75 = distribution.cuts
        found: dict[str, Any] = {"value": value, "n": distribution.n, "rank": None, "percentile": None}
        found |= {"p25": p25, "median": median, "p75": p75, "band": None, "warning": None}
        if value is not None:
            found["rank"] = rank(value, distribution.ordered, polarity)
            found["percentile"] = percentile(value, distribution.ordered, polarity)
            found["band"] = self.band(value, distribution, polarity, found["rank"])
            found["warning"] = small_group_warning(distribution.n)
        return found

    def band(self, value: float, distribution: Distribution, polarity: str, rank_in_group: int) -> str | None:
        """The band by the chosen method: cut points (inc or exc), or equal counts by rank."""
        if self.method == "rank":
            return band_by_rank(rank_in_group, distribution.n)
        return band_by_cut_points(value, distribution.cuts, polarity)

    def band_of_value(self, year: str, measure: str, value: float, group: Group, polarity: str) -> str | None:
        """The band a given value would take in a year's group (a previous year's value, say)."""
        distribution = self.distribution(year, measure, group)
        if not distribution.ordered:
            return None
        return self.band(value, distribution, polarity, rank(value, distribution.ordered, polarity))
