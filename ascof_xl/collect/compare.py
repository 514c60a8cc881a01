"""Each council's value of each measure among the councils collected: rank of n and quartile band (QUARTILE.INC,
by polarity, as for published data), and where the value would land in the latest national distribution.

Pure: returns in, positions out. The national placement is `ascof_xl.benchmark.place` and is provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Sequence

from ascof_xl.benchmark.quartiles import band_by_cut_points, cut_points, rank
from ascof_xl.councils import Council
from ascof_xl.errors import AscofError

if TYPE_CHECKING:
    from ascof_xl.collect.returns import Figure, Return


@dataclass(frozen=True)
class Position:
    """Where one council's value of one measure stands among the councils collected, and nationally."""

    council: Council
    figure: "Figure"
    rank: int | None
    n: int
    band: str | None
    national_band: str | None = None
    national_rank: int | None = None
    national_n: int | None = None
    national_year: str | None = None
    national_note: str = ""

    @property
    def code(self) -> str:
        return self.figure.code

    @property
    def value(self) -> float | None:
        return self.figure.value

    @property
    def polarity(self) -> str:
        return self.figure.polarity


@dataclass(frozen=True)
class National:
    """Where a value lands in a published distribution (provisional), or why it could not be placed."""

    band: str | None
    rank: int | None
    n: int | None
    year: str | None
    note: str = ""


Placer = Callable[[Council, str, float, float | None, float | None], National]


def compare(returns: Sequence["Return"], placer: Placer | None = None) -> list[Position]:
    """Positions of every measure any return gives a value for, in template order, councils by name within each.

    A council that left a measure blank keeps its row, without a value, rank or band."""
    positions = []
    codes = list(dict.fromkeys(f.code for r in returns for f in r.figures))
    ordered_returns = sorted(returns, key=lambda r: r.council.name)
    for code in codes:
        entries = [(r, f) for r in ordered_returns for f in r.figures if f.code == code]
        values = sorted(f.value for _, f in entries if f.value is not None)
        if not values:
            continue
        cuts = cut_points(values, "inc")
        for each, figure in entries:
            known = figure.value is not None
            national = placer(each.council, code, figure.value, figure.numerator, figure.denominator) if known and placer else None
            positions.append(Position(
                each.council, figure, rank(figure.value, values, figure.polarity) if known else None, len(values),
                band_by_cut_points(figure.value, cuts, figure.polarity) if known else None,
                *((national.band, national.rank, national.n, national.year, national.note) if national else ()),
            ))
    return positions


def national_placer(store=None) -> Placer:
    """Place a value in the latest published national distribution of its measure, as `ascof-xl place` does."""
    from ascof_xl.benchmark.place import default_year, place_figure
    from ascof_xl.benchmark.positions import Positions
    from ascof_xl.published.bundled import bundled_store

    positions = Positions(store or bundled_store())
    years: dict[str, str] = {}

    def place(council: Council, code: str, value: float, numerator: float | None, denominator: float | None) -> National:
        try:
            if code not in years:
                years[code] = default_year(positions, code)
            placed = place_figure(positions, council, years[code], code, value)
        except AscofError as error:
            return National(None, None, None, None, f"not placed: {error}")
        return National(placed["band"], placed["rank"], placed["n"], placed["distribution_year"],
                        f"provisional, in the published {placed['distribution_year']} distribution")
    return place
