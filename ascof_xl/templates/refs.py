"""References to input cells as declarations write them: `TABLE`, `TABLE[ROWS:COLUMNS]`, `-TABLE[...]`.

ROWS and COLUMNS are comma-separated keys or `*` for all. A reference resolves to cells (for the
validator's sums) and to the fewest A1 rectangles covering them (for the workbook's formulas).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ascof_xl.errors import AscofError
from ascof_xl.templates.layout import Layout, TablePlace, area, sheet_ref

_REF = re.compile(r"^(?P<sign>-?)(?P<table>[A-Za-z0-9_]+)(?:\[(?P<rows>[^:\]]*):(?P<cols>[^\]]*)\])?$")


@dataclass(frozen=True)
class Ref:
    """A signed selection of one table's input cells."""

    sign: int
    place: TablePlace
    rows: tuple[int, ...]  # row numbers
    columns: tuple[int, ...]  # column numbers

    @property
    def sheet(self) -> str:
        return self.place.table.sheet

    def cells(self) -> list[tuple[int, int]]:
        """(column, row) of every cell, row by row."""
        return [(c, r) for r in self.rows for c in self.columns]

    def ranges(self) -> list[str]:
        """Sheet-qualified A1 rectangles covering the cells."""
        return [sheet_ref(self.sheet, area((c0, r0), (c1, r1)))
                for r0, r1 in _runs(self.rows) for c0, c1 in _runs(self.columns)]


def _runs(numbers: tuple[int, ...]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _pick(spec: str | None, keys: list[str], first: int, where: str) -> tuple[int, ...]:
    if spec is None or spec.strip() in ("", "*"):
        return tuple(first + i for i in range(len(keys)))
    picked = []
    for key in (k.strip() for k in spec.split(",")):
        if key not in keys:
            raise AscofError(f"reference {where}: no row or column '{key}'; known: {', '.join(keys)}")
        picked.append(first + keys.index(key))
    return tuple(sorted(picked))


def resolve(text: str, layout: Layout) -> Ref:
    """The cells a reference names; a malformed reference is a fault in the declaration."""
    match = _REF.match(text.strip())
    if not match or match["table"] not in layout.tables:
        raise AscofError(f"template {layout.declaration.name}: cannot read the reference '{text}'")
    place = layout.tables[match["table"]]
    rows = _pick(match["rows"], [k for k, _ in place.table.rows], place.first_row, text)
    columns = _pick(match["cols"], [k for k, _ in place.table.columns], place.first_column + 1, text)
    return Ref(-1 if match["sign"] else 1, place, rows, columns)


def sum_formula(refs: tuple[str, ...], layout: Layout) -> str:
    """An Excel expression adding the positive references and taking away the negative ones."""
    resolved = [resolve(r, layout) for r in refs]
    plus = [rng for r in resolved if r.sign > 0 for rng in r.ranges()]
    minus = [rng for r in resolved if r.sign < 0 for rng in r.ranges()]
    text = f"SUM({','.join(plus)})" if plus else "0"
    return text + (f"-SUM({','.join(minus)})" if minus else "")
