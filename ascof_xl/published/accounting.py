"""Row accounting: every row of an input file is used, or reported with its line number and why not.

Every layout reader works on a text table whose index is the row's line number in the file
(its row number in a workbook sheet), so any message can say where a row is. `Ledger` keeps
the rows a reader leaves out, each with a reason, and checks at the end that every row was
either turned into a tidy row or left out with a note. `check_rows` then applies the rules
every layout shares: exact duplicates are dropped with a note, conflicting duplicates and
implausible values are refused, naming the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterable, NoReturn

import numpy as np
import pandas as pd

from ascof_xl.catalogue import framework_for_year, load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.intake.numbers import COUNT_LIMIT

_SHOWN = 5  # line numbers listed in a note before "and N more"


@dataclass(frozen=True)
class Source:
    """Where rows come from: a file, and the sheet for a workbook. Shown as "name.csv" or "name.xlsx, sheet 'in'"."""

    name: str
    sheet: str | None = None

    def __str__(self) -> str:
        return self.name if self.sheet is None else f"{self.name}, sheet '{self.sheet}'"

    @property
    def unit(self) -> str:
        """What a row is called where it is: a line of a text file, a row of a sheet."""
        return "line" if self.sheet is None else "row"

    def at(self, line: object) -> str:
        """One row's place: "name.csv line 12" or "name.xlsx, sheet 'in' row 12"."""
        return f"{self} {self.unit} {line}"

    def at_lines(self, lines: Iterable[object]) -> str:
        """Several rows' places, the first few listed: "name.csv lines 4, 9 and 12 more"."""
        ordered = sorted(set(lines))
        shown = ", ".join(str(n) for n in ordered[:_SHOWN])
        more = f" and {len(ordered) - _SHOWN} more" if len(ordered) > _SHOWN else ""
        unit = self.unit if len(ordered) == 1 else f"{self.unit}s"
        return f"{self} {unit} {shown}{more}"


def locate(where: object, line: object) -> str:
    """A row's place for a message, whether `where` is a Source or only a file name."""
    return where.at(line) if isinstance(where, Source) else f"{where} row {line}"


class Ledger:
    """The rows of one text table, each used by the reader or left out with a note.

    A reader calls `leave_out` for rows it does not use and `refuse` for rows that make the
    file unusable; `close` checks that every row is accounted for and attaches the notes.
    """

    def __init__(self, text: pd.DataFrame, source: Source | str):
        self.source = source if isinstance(source, Source) else Source(str(source))
        self.lines = pd.Index(text.index)
        self.left_out = pd.Index([], dtype=self.lines.dtype)
        self.notes: list[str] = []

    def leave_out(self, rows: pd.Index, why: str | None) -> None:
        """Record rows not used, with the reason (a note naming their lines); None where a note already says so."""
        if len(rows):
            self.left_out = self.left_out.append(pd.Index(rows))
            if why is not None:
                self.notes.append(f"{self.source.at_lines(rows)}: left out {len(rows)} row(s) {why}")

    def note(self, rows: Iterable[object], text: str) -> None:
        """A note about rows that were used, naming their lines."""
        self.notes.append(f"{self.source.at_lines(rows)}: {text}")

    def refuse(self, line: object, problem: str, todo: str) -> NoReturn:
        """Stop reading: the row at `line` makes the file unusable."""
        raise AscofError(f"{self.source.at(line)}: {problem}; {todo}")

    def close(self, tidy: pd.DataFrame) -> pd.DataFrame:
        """The tidy table with the notes attached, once every row is used or left out."""
        used = pd.Index(tidy.index)
        missing = self.lines.difference(used.append(self.left_out))
        if len(missing):  # a reader bug, never the user's: say so plainly
            raise AscofError(
                f"{self.source.at_lines(missing)}: rows neither used nor reported; this is a fault in ascof-xl, "
                "please report it with the file."
            )
        tidy.attrs["notes"] = list(self.notes)
        return tidy


KEY = ["year", "area_code", "measure", "measure_type"]
COUNT_TYPES = ("Numerator", "Denominator", "Base", "Margin Of Error")
# The scale of each mean-score measure: eight ASCOT items scoring 0-3 for people who use services
# (0-24), six items scoring 0-2 for carers (0-12). The codes are the same in both frameworks.
SCORE_SCALES = {"1A": 24.0, "1D": 12.0}


def check_rows(tidy: pd.DataFrame, source: Source | str) -> pd.DataFrame:
    """The rules every layout shares: exact duplicates dropped with a note; conflicting duplicates and
    implausible values refused, naming the line."""
    source = source if isinstance(source, Source) else Source(str(source))
    notes = list(tidy.attrs.get("notes", []))
    if tidy.duplicated(KEY).any():
        exact = tidy.duplicated(KEY + ["value", "marker"], keep="first").to_numpy()
        distinct = tidy[~exact]
        clash = distinct.duplicated(KEY, keep=False).to_numpy()
        if clash.any():
            rows = distinct[clash]
            first = rows.iloc[0]
            same = rows[(rows[KEY] == first[KEY]).all(axis=1)]
            raise AscofError(
                f"{source.at_lines(same.index[:2])} both give {first['area_name'] or first['area_code']} "
                f"{first['measure']} ({first['measure_type']}, {first['year']}) with different values "
                f"({_shown(same.iloc[:2])}); keep the right row and delete the other, or download the file again."
            )
        if exact.any():
            notes.append(f"{source.at_lines(tidy.index[exact])}: left out {int(exact.sum())} row(s) "
                         "that repeat an earlier row exactly")
            tidy = tidy[~exact]
    _check_plausible(tidy, source)
    tidy.attrs["notes"] = notes
    return tidy


def _shown(rows: pd.DataFrame) -> str:
    return " and ".join(
        f"{v:g}" if m == "" else f"[{m}]" for v, m in zip(rows["value"].tolist(), rows["marker"].tolist())
    )


def _check_plausible(tidy: pd.DataFrame, source: Source) -> None:
    """Refuse a percentage outside 0-100, a negative rate or count, or a score outside its scale."""
    if tidy.empty:
        return
    value = tidy["value"].to_numpy(dtype="float64")
    # Each distinct (year, group, type) is judged once, then spread over its rows.
    parts = [pd.factorize(tidy[column]) for column in ("year", "group", "measure_type")]
    combined = (parts[0][0] * len(parts[1][1]) + parts[1][0]) * len(parts[2][1]) + parts[2][0]
    firsts, keys = np.unique(combined, return_index=True, return_inverse=True)[1:]
    rules = [_rule(*(labels[codes[at]] for codes, labels in parts)) for at in firsts]
    checked = np.array([rule is not None for rule in rules])[keys]
    high = np.array([rule[1] if rule else np.inf for rule in rules])[keys]
    with np.errstate(invalid="ignore"):
        bad = checked & ~np.isnan(value) & ((value < 0) | (value > high))
    if not bad.any():
        return
    at = int(np.flatnonzero(bad)[0])
    row = tidy.iloc[at]
    unit, limit = rules[keys[at]]
    kind = row["measure_type"].lower()
    if not unit:
        rule = f"a {kind} cannot be negative" if row["value"] < 0 else f"a {kind} counts people, never a billion or more"
    elif limit == np.inf:
        rule = f"{row['group']} is a {unit}, which cannot be negative"
    else:
        rule = f"{row['group']} is a {unit}, which lies between 0 and {limit:g}"
    raise AscofError(
        f"{source.at(tidy.index[at])}: {row['area_name'] or row['area_code']} {row['measure']} ({kind}) is "
        f"{row['value']:g}, but {rule}; correct the value or download the file again."
    )


_BOUNDED = ("percentage", "rate per 100,000", "number", "median", "mean score")


def _rule(year: str, group: str, kind: str) -> tuple[str, float] | None:
    """(unit, upper limit) of the values a measure group and type may take (lower limit 0); None: unchecked."""
    if kind in COUNT_TYPES:
        return "", COUNT_LIMIT
    if kind != "Outcome":
        return None
    unit = _unit_by_code(framework_for_year(year)).get(group, "")
    if unit not in _BOUNDED:
        return None
    if unit == "percentage":
        return unit, 100.0
    return unit, SCORE_SCALES.get(group, np.inf) if unit == "mean score" else np.inf


@cache
def _unit_by_code(framework: str) -> dict[str, str]:
    return {measure.code: measure.unit for measure in load_catalogue(framework)}
