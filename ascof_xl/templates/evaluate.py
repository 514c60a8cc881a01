"""Each check of a template evaluated in Python on a filled workbook: the breaches, with the cells they sit in."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from ascof_xl.templates.cells import Book, is_blank, is_formula, number, ref_sum
from ascof_xl.templates.checks import Check
from ascof_xl.templates.layout import PUBLISHED_COLUMNS, PUBLISHED_SHEET, Layout, TablePlace, cell
from ascof_xl.templates.refs import resolve

LISTED = 8  # cells named in one message before "and N more"


@dataclass(frozen=True)
class Breach:
    """Where a check fails and why."""

    sheet: str
    cell: str
    message: str


def _show(number_: Fraction | Decimal | None) -> str:
    if number_ is None:
        return "blank"
    if isinstance(number_, Fraction):
        return str(number_.numerator) if number_.denominator == 1 else f"{float(number_):g}"
    return str(number_)


def _input_cells(place: TablePlace) -> list[tuple[int, int]]:
    return [(c, r) for r in range(place.first_row, place.last_row + 1) for c in place.input_columns]


def _listing(cells: list[str]) -> str:
    shown = ", ".join(cells[:LISTED])
    return shown + (f" and {len(cells) - LISTED} more" if len(cells) > LISTED else "")


def _required(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    place = layout.tables[check.table.id]
    blank = [cell(c, r) for c, r in _input_cells(place) if is_blank(book.value(place.table.sheet, c, r))]
    if not blank:
        return []
    return [Breach(place.table.sheet, blank[0], f"{len(blank)} cell(s) of {check.table.title} are blank: "
                   f"{_listing(blank)}; write 0 where there is none")]


def _numbers(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    place = layout.tables[check.table.id]
    whole = check.table.unit == "count"
    found = []
    for column, row in _input_cells(place):
        raw = book.value(place.table.sheet, column, row)
        if is_blank(raw) or is_formula(raw):
            continue
        value = number(raw)
        where = cell(column, row)
        if value is None:
            what = f"the text '{raw}'" if isinstance(raw, str) else f"'{raw}' ({type(raw).__name__}), not a number,"
            found.append(Breach(place.table.sheet, where, f"{place.table.sheet}!{where} holds {what} where a number "
                                "belongs; type the number itself (numbers pasted as text count as text)"))
        elif whole and value.denominator != 1:
            found.append(Breach(place.table.sheet, where, f"{place.table.sheet}!{where} holds {float(value):g}; "
                                "counts are whole numbers"))
    return found


def _negatives(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    place = layout.tables[check.table.id]
    found = []
    for column, row in _input_cells(place):
        value = number(book.value(place.table.sheet, column, row))
        if value is not None and value < 0:
            where = cell(column, row)
            found.append(Breach(place.table.sheet, where, f"{place.table.sheet}!{where} is negative ({_show(value)}); "
                                "counts and amounts cannot be below 0"))
    return found


def _totals(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    """Totals typed over (a number where the template has a formula) that differ from the sum of their parts."""
    place = layout.tables[check.table.id]
    sheet = place.table.sheet
    first, last = min(place.input_columns), max(place.input_columns)

    def parts(cells: list[tuple[int, int]]) -> Fraction:
        return sum((number(book.value(sheet, c, r)) or Fraction(0) for c, r in cells), Fraction(0))

    totals = []
    if place.total_column:
        totals += [((place.total_column, r), [(c, r) for c in range(first, last + 1)]) for r in range(place.first_row, place.last_row + 1)]
    if place.total_row:
        rows = range(place.first_row, place.last_row + 1)
        totals += [((c, place.total_row), [(c, r) for r in rows]) for c in range(first, last + 1)]
        if place.total_column:
            totals.append(((place.total_column, place.total_row), [(c, r) for c in range(first, last + 1) for r in rows]))
    found = []
    for (column, row), cells in totals:
        raw = book.value(sheet, column, row)
        if is_formula(raw):
            continue
        shown, expected = number(raw), parts(cells)
        if shown != expected:
            where = cell(column, row)
            found.append(Breach(sheet, where, f"{sheet}!{where} holds {_show(shown) if shown is not None else repr(raw)} "
                                f"in place of its formula, but its parts add up to {_show(expected)}; "
                                "restore the template's total (copy the figures into a new template)"))
    return found


def _pairs(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    place = layout.tables[check.table.id]
    found = []
    for offset, measure in enumerate(check.table.measures):
        if not measure.has_denominator:
            continue
        row = place.first_row + offset
        numerator = book.value(place.table.sheet, place.columns["numerator"], row)
        denominator = book.value(place.table.sheet, place.columns["denominator"], row)
        if is_blank(numerator) != is_blank(denominator):
            missing = "denominator" if is_blank(denominator) else "numerator"
            column = place.columns[missing]
            found.append(Breach(place.table.sheet, cell(column, row),
                                f"{measure.code}: the {missing} is blank while the other is given; enter both or neither"))
    return found


def _num_le_den(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    found = figures[check.measure.code]
    numerator, denominator = found["numerator"], found["denominator"]
    if numerator is None or denominator is None or numerator <= denominator:
        return []
    return [Breach(found["sheet"], found["cell"], f"{check.measure.code}: the numerator ({_show(numerator)}) is above the "
                   f"denominator ({_show(denominator)}); a percentage cannot exceed 100")]


def _outlier(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    found = figures[check.measure.code]
    value = found["value"]
    row = layout.published_rows[check.measure.code]
    keys = [k for k, _ in PUBLISHED_COLUMNS]
    mean = number(book.value(PUBLISHED_SHEET, keys.index("mean") + 1, row))
    sd = number(book.value(PUBLISHED_SHEET, keys.index("sd") + 1, row))
    year = book.value(PUBLISHED_SHEET, keys.index("year") + 1, row)
    if not isinstance(value, Decimal) or mean is None or sd is None:
        return []
    if abs(Fraction(value) - mean) <= 2 * sd:
        return []
    low, high = float(mean - 2 * sd), float(mean + 2 * sd)
    return [Breach(found["sheet"], found["cell"], f"{check.measure.code} is {value}, outside the range councils "
                   f"published in {year} (mean +/- 2 SD: {low:.1f} to {high:.1f}); check the figures or explain why")]


def _compare(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    rule = check.rule
    left, right = ref_sum(rule.left, book, layout), ref_sum(rule.right, book, layout)
    holds = {"=": left == right, "<=": left <= right, ">=": left >= right}[rule.op]
    if holds:
        return []
    first = resolve(rule.left[0], layout)
    column, row = first.cells()[0]
    return [Breach(first.sheet, cell(column, row), f"{rule.message} (found {_show(left)} against {_show(right)})")]


def _cells_le(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    left, right = resolve(check.rule.left[0], layout), resolve(check.rule.right[0], layout)
    found = []
    for (lc, lr), (rc, rr) in zip(left.cells(), right.cells()):
        part, whole = number(book.value(left.sheet, lc, lr)), number(book.value(right.sheet, rc, rr))
        if part is not None and whole is not None and part > whole:
            found.append(Breach(left.sheet, cell(lc, lr), f"{left.sheet}!{cell(lc, lr)} ({_show(part)}) is above "
                                f"{right.sheet}!{cell(rc, rr)} ({_show(whole)}): {check.rule.message}"))
    return found


def _cut_order(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
    place = layout.tables[check.table.id]
    found = []
    for row in range(place.first_row, place.last_row + 1):
        p25, median, p75 = (number(book.value(place.table.sheet, place.columns[k], row)) for k in ("p25", "median", "p75"))
        if None in (p25, median, p75):
            continue
        if not p25 <= median <= p75:
            found.append(Breach(place.table.sheet, cell(place.columns["p25"], row), f"row {row}: the cut points "
                                f"{_show(p25)}, {_show(median)}, {_show(p75)} are out of order; refresh the sheet"))
    return found


def _survey(kind: str) -> Callable[..., list[Breach]]:
    def run(check: Check, book: Book, layout: Layout, figures: dict) -> list[Breach]:
        from ascof_xl.templates import survey_sheets

        return [Breach(*b) for b in getattr(survey_sheets, f"check_{kind}")(check.table, book, layout)]
    return run


EVALUATORS: dict[str, Callable[[Check, Book, Layout, dict[str, Any]], list[Breach]]] = {
    "required": _required, "numbers": _numbers, "totals": _totals, "negatives": _negatives, "pairs": _pairs,
    "num_le_den": _num_le_den, "cut_order": _cut_order, "outlier": _outlier, "compare": _compare, "cells_le": _cells_le,
    "records_required": _survey("required"), "codes": _survey("codes"),
}


def evaluate(check: Check, book: Book, layout: Layout, figures: dict[str, Any]) -> list[Breach]:
    """The breaches of one check (empty when it passes)."""
    return EVALUATORS[check.kind](check, book, layout, figures)
