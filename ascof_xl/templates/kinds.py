"""The one registry of check kinds: each kind's Excel test and its Python evaluation, declared side by side.

A template's checks (`checks.py`) name a kind; the generator writes `KINDS[kind].formula(check, layout)`
into the Validation sheet (TRUE when the check passes) and the validator runs
`KINDS[kind].evaluate(check, reading)`, which gives at most one `Breach` per check: the first cell
at fault and a message naming every cell. So the workbook and `ascof-xl validate` count the same
failing rows. Both read a cell alike (`cells.py`): a date is its serial number, a space is text,
only an empty cell is blank.

The Excel tests target Excel 2016 and LibreOffice; ISFORMULA (Excel 2013) carries its _xlfn prefix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from ascof_xl.intake.numbers import COUNT_LIMIT
from ascof_xl.templates.cells import Book, is_blank, is_formula, normalised, number, ref_sum
from ascof_xl.templates.checks import Check, total_cells
from ascof_xl.templates.layout import Layout, TablePlace, area, cell, sheet_ref
from ascof_xl.templates.refs import resolve, sum_formula
from ascof_xl.templates.survey_reading import records

LISTED = 8  # cells named in one message before "and N more"
EXACT_CODES = 200  # a numeric range up to this many values is checked value by value (whole numbers only)


@dataclass(frozen=True)
class Breach:
    """Where a check fails (the first cell at fault) and why."""

    sheet: str
    cell: str
    message: str


@dataclass
class Reading:
    """What the Python evaluation reads: the filled book, its layout, the measures' figures and the template's formulas."""

    book: Book
    layout: Layout
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    formulas: dict[tuple[str, int, int], tuple[str, str]] = field(default_factory=dict)  # cell -> (normalised, as written)


class Kind(Protocol):
    """A kind of check: its Excel test (TRUE when it passes) and its Python evaluation, always together."""

    def formula(self, check: Check, layout: Layout) -> str: ...

    def evaluate(self, check: Check, reading: Reading) -> Breach | None: ...


def show(value: Fraction | Decimal | None) -> str:
    """A number as a person reads it."""
    if value is None:
        return "blank"
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
    return str(value)


def _listing(cells: list[str]) -> str:
    shown = ", ".join(cells[:LISTED])
    return shown + (f" and {len(cells) - LISTED} more" if len(cells) > LISTED else "")


def _breach(sheet: str, cells: list[str], message: str, feeds: str = "") -> Breach:
    """One breach at the first of `cells`, its message naming every cell when there are several, and what they feed."""
    more = f"; {len(cells)} cells in all: {_listing(cells)}" if len(cells) > 1 else ""
    fed = f". They feed {feeds}, which show 'check inputs' until they are put right" if feeds else ""
    return Breach(sheet, cells[0], message + more + fed)


def _input_cells(place: TablePlace) -> list[tuple[int, int]]:
    return [(c, r) for r in range(place.first_row, place.last_row + 1) for c in place.input_columns]


def _input_range(place: TablePlace) -> str:
    return sheet_ref(place.table.sheet, place.input_range())


def _absolute(sheet: str, column: int, row: int) -> str:
    return sheet_ref(sheet, cell(column, row, True))


def _column_range(place: TablePlace, key: str) -> str:
    column = place.columns[key]
    return sheet_ref(place.table.sheet, area((column, place.first_row), (column, place.last_row)))


def _what(raw: Any) -> str:
    return f"the text '{raw}'" if isinstance(raw, str) else f"'{raw}'"


def _gather(check: Check, reading: Reading, test) -> Breach | None:
    """One breach for every input cell of the check's table that `test(raw, value)` flags (a reason or None)."""
    place = reading.layout.tables[check.table.id]
    sheet = place.table.sheet
    found = []
    for column, row in _input_cells(place):
        raw = reading.book.value(sheet, column, row)
        reason = test(raw, number(raw))
        if reason:
            found.append((cell(column, row), reason))
    if not found:
        return None
    first, reason = found[0]
    return _breach(sheet, [c for c, _ in found], f"{sheet}!{first} {reason}", check.feeds)


@dataclass(frozen=True)
class Entered:
    """Something is entered in the return: a blank return is 'nothing entered yet', never ready."""

    def formula(self, check: Check, layout: Layout) -> str:
        places = [p for p in layout.tables.values() if p.input_columns]
        return "+".join(f"COUNTA({_input_range(p)})" for p in places) + ">0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        places = [p for p in reading.layout.tables.values() if p.input_columns]
        for place in places:
            if any(not is_blank(reading.book.value(place.table.sheet, c, r)) for c, r in _input_cells(place)):
                return None
        first = places[0]
        return Breach(first.table.sheet, cell(first.input_columns[0], first.first_row),
                      "nothing entered yet: every input cell is blank; enter the figures before sending the return")


@dataclass(frozen=True)
class Required:
    """Every input cell of a grid is filled."""

    def formula(self, check: Check, layout: Layout) -> str:
        return f"COUNTBLANK({_input_range(layout.tables[check.table.id])})=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        return _gather(check, reading, lambda raw, value: "is blank; write 0 where there is none" if is_blank(raw) else None)


@dataclass(frozen=True)
class Numbers:
    """Input cells hold numbers (whole numbers for counts), never text."""

    def formula(self, check: Check, layout: Layout) -> str:
        cells = _input_range(layout.tables[check.table.id])
        if check.table.unit == "count":
            return f'AND(IFERROR(SUMPRODUCT(--({cells}<>INT({cells}))),1)=0,COUNTIF({cells},">{COUNT_LIMIT:.0f}")=0)'
        return f"SUMPRODUCT(--ISTEXT({cells}))=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        whole = check.table.unit == "count"

        def test(raw: Any, value: Fraction | None) -> str | None:
            if is_blank(raw) or is_formula(raw):
                return None
            if value is None:
                return f"holds {_what(raw)} where a number belongs; type the number itself (numbers pasted as text count as text)"
            if whole and value.denominator != 1:
                return f"holds {float(value):g}; counts are whole numbers"
            if whole and value > COUNT_LIMIT:
                return f"holds {float(value):g}, past any count a council could hold (a billion); type the count itself"
            return None

        return _gather(check, reading, test)


@dataclass(frozen=True)
class Negatives:
    """No input cell is below 0."""

    def formula(self, check: Check, layout: Layout) -> str:
        return f'COUNTIF({_input_range(layout.tables[check.table.id])},"<0")=0'

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        return _gather(check, reading, lambda raw, value: f"is negative ({show(value)}); counts and amounts cannot be below 0"
                       if value is not None and value < 0 else None)


@dataclass(frozen=True)
class FiguresOnly:
    """Input cells hold figures typed in, never formulas (a formula there hides where a figure came from)."""

    def formula(self, check: Check, layout: Layout) -> str:
        return f"SUMPRODUCT(--_xlfn.ISFORMULA({_input_range(layout.tables[check.table.id])}))=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        return _gather(check, reading, lambda raw, value: f"holds the formula {raw}; input cells take figures only, so "
                       "type the figure itself" if is_formula(raw) else None)


@dataclass(frozen=True)
class Totals:
    """Each total of a grid equals the sum of its parts (a total typed over with another figure fails)."""

    def formula(self, check: Check, layout: Layout) -> str:
        place = layout.tables[check.table.id]
        sheet = place.table.sheet
        tests = [f"{sheet_ref(sheet, cell(*total, True))}=SUM({','.join(sheet_ref(sheet, cell(*p, True)) for p in parts)})"
                 if len(parts) < 3 else f"{sheet_ref(sheet, cell(*total, True))}=SUM({sheet_ref(sheet, area(parts[0], parts[-1]))})"
                 for total, parts in total_cells(place)]
        return "AND(" + ",".join(tests) + ")"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        place = reading.layout.tables[check.table.id]
        sheet = place.table.sheet
        found = []
        for (column, row), parts in total_cells(place):
            raw = reading.book.value(sheet, column, row)
            if is_formula(raw):
                continue
            shown = number(raw)
            expected = sum((number(reading.book.value(sheet, c, r)) or Fraction(0) for c, r in parts), Fraction(0))
            if shown != expected:
                found.append((cell(column, row), shown if shown is not None else raw, expected))
        if not found:
            return None
        where, shown, expected = found[0]
        held = show(shown) if not isinstance(shown, str) else repr(shown)
        return _breach(sheet, [f[0] for f in found], f"{sheet}!{where} holds {held} in place of its formula, but its parts "
                       f"add up to {show(expected)}; restore the template's total (copy the figures into a new template)")


LIMIT = f"{COUNT_LIMIT:.0f}"  # the largest figure an input cell may hold, as a formula writes it


@dataclass(frozen=True)
class Entry:
    """One measure row: numerator and denominator given together, numbers from 0 to a billion (a percentage's numerator
    not above its denominator); both blank is a measure not tracked."""

    def formula(self, check: Check, layout: Layout) -> str:
        place = layout.tables[check.table.id]
        numerator = sheet_ref(place.table.sheet, cell(place.columns["numerator"], check.row, True))
        typed = f"NOT(_xlfn.ISFORMULA({numerator}))"
        if not check.measure.has_denominator:
            return f'AND({typed},OR({numerator}="",AND(ISNUMBER({numerator}),{numerator}>=0,{numerator}<={LIMIT})))'
        denominator = sheet_ref(place.table.sheet, cell(place.columns["denominator"], check.row, True))
        typed += f",NOT(_xlfn.ISFORMULA({denominator}))"
        within = f",{numerator}<={denominator}" if check.measure.unit == "percentage" else ""
        return (f'AND({typed},OR(AND({numerator}="",{denominator}=""),AND(ISNUMBER({numerator}),ISNUMBER({denominator}),'
                f'{numerator}>=0,{denominator}>=0,{numerator}<={LIMIT},{denominator}<={LIMIT}{within})))')

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        place = reading.layout.tables[check.table.id]
        sheet, row, measure = place.table.sheet, check.row, check.measure
        keys = ("numerator", "denominator") if measure.has_denominator else ("numerator",)
        raws = {key: reading.book.value(sheet, place.columns[key], row) for key in keys}
        values = {key: number(raw) for key, raw in raws.items()}
        at = {key: cell(place.columns[key], row) for key in keys}
        if all(is_blank(raw) for raw in raws.values()):
            return None
        feeds = f"; it feeds {check.feeds}, which show 'check inputs' until it is put right"
        for key in keys:
            raw = raws[key]
            if is_formula(raw):
                return Breach(sheet, at[key], f"{sheet}!{at[key]}: the {measure.code} {key} holds the formula {raw}; input "
                              f"cells take figures only, so type the figure itself{feeds}")
            if is_blank(raw):
                other = "denominator" if key == "numerator" else "numerator"
                return Breach(sheet, at[key], f"{sheet}!{at[key]}: the {measure.code} {key} is blank while the {other} "
                              f"({sheet}!{at[other]}) is given; enter both or neither{feeds}")
            if values[key] is None:
                return Breach(sheet, at[key], f"{sheet}!{at[key]}: the {measure.code} {key} holds {_what(raw)}, not a number; "
                              f"type the number itself{feeds}")
            if values[key] < 0:
                return Breach(sheet, at[key], f"{sheet}!{at[key]}: the {measure.code} {key} is negative ({show(values[key])}); "
                              f"it cannot be below 0{feeds}")
            if values[key] > COUNT_LIMIT:
                return Breach(sheet, at[key], f"{sheet}!{at[key]}: the {measure.code} {key} is {float(values[key]):g}, past any "
                              f"count a council could hold (a billion); type the figure itself{feeds}")
        if measure.unit == "percentage" and values["numerator"] > values["denominator"]:
            return Breach(sheet, at["numerator"], f"{sheet}!{at['numerator']}:{at['denominator']}: the {measure.code} numerator "
                          f"({show(values['numerator'])}) is above the denominator ({show(values['denominator'])}); "
                          f"a percentage cannot exceed 100{feeds}")
        return None


@dataclass(frozen=True)
class NumeratorWithinDenominator:
    """A percentage the Measures sheet works out: its numerator (a sum of input cells) not above its denominator."""

    def formula(self, check: Check, layout: Layout) -> str:
        num = sheet_ref(*layout.measure_cell(check.measure.code, "numerator"))
        den = sheet_ref(*layout.measure_cell(check.measure.code, "denominator"))
        return f"IF(AND(ISNUMBER({num}),ISNUMBER({den})),{num}<={den},TRUE)"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        measure = check.measure
        numerator, denominator = (ref_sum(refs, reading.book, reading.layout) for refs in (measure.numerator, measure.denominator))
        if numerator <= denominator:
            return None
        first = resolve(measure.numerator[0], reading.layout)
        column, row = first.cells()[0]
        return Breach(first.sheet, cell(column, row), f"{measure.code}: the numerator ({show(numerator)}, the sum of "
                      f"{_refs_text(measure.numerator, reading.layout)}) is above the denominator ({show(denominator)}, the sum "
                      f"of {_refs_text(measure.denominator, reading.layout)}); a percentage cannot exceed 100. It feeds "
                      f"{check.feeds}, which shows 'check inputs' until the input cells are put right")


def _refs_text(refs: tuple[str, ...], layout: Layout) -> str:
    ranges = [r.replace("$", "").replace("'", "") for text in refs for r in resolve(text, layout).ranges()]
    return _listing(list(dict.fromkeys(ranges)))


def _published(book: Book, layout: Layout, code: str, key: str) -> Any:
    return book.value(*layout.published_cell(code, key))


@dataclass(frozen=True)
class Outlier:
    """A warning: the value lies outside the councils' published mean +/- 2 standard deviations."""

    def formula(self, check: Check, layout: Layout) -> str:
        value = sheet_ref(*layout.measure_cell(check.measure.code, "value"))
        mean, sd = (_absolute(*layout.published_cell(check.measure.code, key)) for key in ("mean", "sd"))
        return f"IF(AND(ISNUMBER({value}),ISNUMBER({mean}),ISNUMBER({sd})),ABS({value}-{mean})<={sd}*2,TRUE)"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        code = check.measure.code
        found = reading.figures[code]
        value = found["value"]
        mean, sd = (number(_published(reading.book, reading.layout, code, key)) for key in ("mean", "sd"))
        if not isinstance(value, Decimal) or mean is None or sd is None or abs(Fraction(value) - mean) <= 2 * sd:
            return None
        year = _published(reading.book, reading.layout, code, "year")
        low, high = float(mean - 2 * sd), float(mean + 2 * sd)
        low, high = max(low, 0.0), (min(high, 100.0) if check.measure.unit == "percentage" else high)
        sheet, address = found["inputs"]
        places = check.measure.decimals
        return Breach(sheet, address, f"{code} is {value} ({found['sheet']}!{found['cell']}), outside the range councils "
                      f"published in {year} (mean +/- 2 SD, within what the measure can take: {low:.{places}f} to {high:.{places}f}); "
                      "check the figures, or write why in the Validation sheet")


@dataclass(frozen=True)
class Formulas:
    """The worked-out cells still hold the template's formulas: a figure typed over one is an error at that cell.

    The workbook can tell a formula from a typed figure (ISFORMULA); the validator also tells a formula replaced by
    another, against the formulas the declaration generates."""

    def formula(self, check: Check, layout: Layout) -> str:
        if check.row is not None or len(check.cells) <= 60:
            return "AND(" + ",".join(f"_xlfn.ISFORMULA({sheet_ref(s, cell(c, r, True))})" for s, c, r in check.cells) + ")"
        columns = sorted({c for _, c, _ in check.cells})
        rows = sorted({r for _, _, r in check.cells})
        sheet = check.cells[0][0]
        whole = sheet_ref(sheet, area((columns[0], rows[0]), (columns[-1], rows[-1])))
        return f"SUMPRODUCT(--_xlfn.ISFORMULA({whole}))={len(check.cells)}"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        found = []
        for (sheet, column, row), role in zip(check.cells, check.roles):
            expected = reading.formulas.get((sheet, column, row))
            raw = reading.book.value(sheet, column, row)
            if expected is None:
                continue
            if not is_formula(raw):
                found.append((sheet, cell(column, row), f"holds {'nothing' if is_blank(raw) else repr(raw)}", role, expected[1]))
            elif normalised(str(raw)) != expected[0]:
                found.append((sheet, cell(column, row), f"holds another formula ({_short(str(raw))})", role, expected[1]))
        if not found:
            return None
        sheet, where, what, role, formula = found[0]
        return _breach(sheet, [f[1] for f in found], f"{sheet}!{where} {what} where the template works out {role} "
                       f"(={_short(formula)}): a worked-out cell must not be typed over; copy the figures into a new "
                       "template (`ascof-xl template`)")


def _short(formula: str, length: int = 90) -> str:
    formula = formula.lstrip("=")
    return formula if len(formula) <= length else formula[:length] + "..."


@dataclass(frozen=True)
class Compare:
    """A declared rule: the sum of some input cells equals (or is within) the sum of others."""

    def formula(self, check: Check, layout: Layout) -> str:
        rule = check.rule
        return f"{sum_formula(rule.left, layout)}{rule.op}{sum_formula(rule.right, layout)}"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        rule = check.rule
        left, right = ref_sum(rule.left, reading.book, reading.layout), ref_sum(rule.right, reading.book, reading.layout)
        if {"=": left == right, "<=": left <= right, ">=": left >= right}[rule.op]:
            return None
        first = resolve(rule.left[0], reading.layout)
        column, row = first.cells()[0]
        return Breach(first.sheet, cell(column, row), f"{rule.message} (found {show(left)} against {show(right)})")


@dataclass(frozen=True)
class CellsWithin:
    """A declared rule: each cell of one table is no more than the matching cell of another."""

    def formula(self, check: Check, layout: Layout) -> str:
        left, right = (resolve(refs[0], layout).ranges()[0] for refs in (check.rule.left, check.rule.right))
        return f"SUMPRODUCT(ISNUMBER({left})*ISNUMBER({right})*({left}>{right}))=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        left, right = resolve(check.rule.left[0], reading.layout), resolve(check.rule.right[0], reading.layout)
        found = []
        for (lc, lr), (rc, rr) in zip(left.cells(), right.cells()):
            part, whole = number(reading.book.value(left.sheet, lc, lr)), number(reading.book.value(right.sheet, rc, rr))
            if part is not None and whole is not None and part > whole:
                found.append((cell(lc, lr), f"{left.sheet}!{cell(lc, lr)} ({show(part)}) is above "
                              f"{right.sheet}!{cell(rc, rr)} ({show(whole)})"))
        if not found:
            return None
        return _breach(left.sheet, [f[0] for f in found], f"{found[0][1]}: {check.rule.message}")


@dataclass(frozen=True)
class CutOrder:
    """Benchmarks sheet: on every row the 25th percentile <= median <= 75th percentile."""

    def formula(self, check: Check, layout: Layout) -> str:
        place = layout.tables[check.table.id]
        p25, median, p75 = (_column_range(place, key) for key in ("p25", "median", "p75"))
        return f"SUMPRODUCT(--({p25}>{median}))+SUMPRODUCT(--({median}>{p75}))=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        place = reading.layout.tables[check.table.id]
        for row in range(place.first_row, place.last_row + 1):
            p25, median, p75 = (number(reading.book.value(place.table.sheet, place.columns[k], row)) for k in ("p25", "median", "p75"))
            if None not in (p25, median, p75) and not p25 <= median <= p75:
                return Breach(place.table.sheet, cell(place.columns["p25"], row), f"row {row}: the cut points {show(p25)}, "
                              f"{show(median)}, {show(p75)} are out of order; refresh the sheet")
        return None


@dataclass(frozen=True)
class RecordsRequired:
    """Survey rows: every row with a serial number has the required answers (council code, Response)."""

    def formula(self, check: Check, layout: Layout) -> str:
        place = layout.tables[check.table.id]
        first = check.table.record_columns[0].key
        parts = [f'COUNTIFS({_column_range(place, first)},"<>",{_column_range(place, c.key)},"")'
                 for c in check.table.record_columns if c.required and c.key != first]
        return ("+".join(parts) or "0") + "=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        place, rows = records(reading.book, reading.layout)
        table = check.table
        found = []
        for offset, row in enumerate(rows):
            if is_blank(row[table.record_columns[0].key]):
                continue
            for column in table.record_columns:
                if column.required and is_blank(row[column.key]):
                    found.append((cell(place.columns[column.key], place.first_row + offset), column.key, place.first_row + offset))
        if not found:
            return None
        where, key, row = found[0]
        return _breach(table.sheet, [f[0] for f in found], f"{table.sheet}!{where}: row {row} has a serial number but no "
                       f"{key}; fill it in", check.feeds)


def _allowed(column) -> tuple[int, ...] | None:
    """The values a records column takes one by one (its codes, or a short whole-number range); None for a wide range."""
    if column.codes:
        return column.codes
    if column.minimum is not None and column.maximum - column.minimum < EXACT_CODES:
        return tuple(range(column.minimum, column.maximum + 1))
    return None


@dataclass(frozen=True)
class Codes:
    """Survey rows: every answer is one of its column's codes, or a whole number in its range (a wide range, such as
    serial numbers, takes any number within it)."""

    def formula(self, check: Check, layout: Layout) -> str:
        place = layout.tables[check.table.id]
        parts = []
        for column in check.table.record_columns:
            cells = _column_range(place, column.key)
            allowed = _allowed(column)
            if allowed is not None:
                listed = ",".join(str(c) for c in allowed)
                parts.append(f"(COUNTA({cells})-SUMPRODUCT(--ISNUMBER(MATCH({cells},{{{listed}}},0))))")
            elif column.minimum is not None:
                parts.append(f'(COUNTA({cells})-COUNTIFS({cells},">={column.minimum}",{cells},"<={column.maximum}"))')
        return ("+".join(parts) or "0") + "=0"

    def evaluate(self, check: Check, reading: Reading) -> Breach | None:
        place, rows = records(reading.book, reading.layout)
        table = check.table
        found = []
        for offset, row in enumerate(rows):
            for column in table.record_columns:
                raw = row[column.key]
                if is_blank(raw) or (column.minimum is None and not column.codes):
                    continue
                value, allowed = number(raw), _allowed(column)
                if allowed is not None:
                    ok = value is not None and value.denominator == 1 and int(value) in allowed
                else:
                    ok = value is not None and column.minimum <= value <= column.maximum
                if not ok:
                    rule = ", ".join(map(str, column.codes)) if column.codes else f"{column.minimum} to {column.maximum}"
                    shown = show(value) if value is not None else repr(raw)
                    found.append((cell(place.columns[column.key], place.first_row + offset), column.key, shown, rule))
        if not found:
            return None
        where, key, shown, rule = found[0]
        return _breach(table.sheet, [f[0] for f in found], f"{table.sheet}!{where}: {key} is {shown}, not one of {rule}",
                       check.feeds)


KINDS: dict[str, Kind] = {
    "entered": Entered(), "required": Required(), "numbers": Numbers(), "negatives": Negatives(), "totals": Totals(),
    "figures_only": FiguresOnly(),
    "entry": Entry(), "num_le_den": NumeratorWithinDenominator(), "outlier": Outlier(), "formulas": Formulas(),
    "compare": Compare(), "cells_le": CellsWithin(), "cut_order": CutOrder(), "records_required": RecordsRequired(),
    "codes": Codes(),
}


def check_test(check: Check, layout: Layout) -> str:
    """The Excel test of one check: TRUE when it passes."""
    return KINDS[check.kind].formula(check, layout)


def evaluate(check: Check, reading: Reading) -> Breach | None:
    """The breach of one check in Python, or None when it passes."""
    return KINDS[check.kind].evaluate(check, reading)
