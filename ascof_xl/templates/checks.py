"""The checks of a template, in the order its Validation sheet lists them, each with the cells it reads.

Some come with every template (something is entered), some with every input table (required,
numbers, negatives, totals, codes), one with every row of a measure table (its numerator and
denominator can make a value), some with every measure (numerator not above denominator, within
the published spread, worked-out cells still formulas), the rest are the declaration's own rules.
What each kind tests, in Excel and in Python, is declared once in `kinds.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ascof_xl.templates.declaration import MeasureSpec, Rule, Table
from ascof_xl.templates.layout import (BENCHMARK_COLUMNS, MEASURE_COLUMNS, MEASURES_SHEET, VALIDATION_AT, VALIDATION_SHEET, Layout,
                                       TablePlace, area, cell, layout_of, sheet_ref)
from ascof_xl.templates.refs import resolve

Cells = tuple[tuple[str, int, int], ...]  # (sheet, column, row)

ENTERED = "return.entered"
LABELS = {key: label.lower() for key, label in MEASURE_COLUMNS + BENCHMARK_COLUMNS}  # "the 2A quartile band"


@dataclass(frozen=True)
class Check:
    """One row of the Validation sheet: what it tests, how much it matters, where and what it feeds."""

    id: str
    kind: str
    severity: str
    message: str
    where: str  # the cells a person looks at, as the Validation sheet and the findings name them
    table: Table | None = None
    measure: MeasureSpec | None = None
    rule: Rule | None = None
    row: int | None = None  # the sheet row of a measure-table row
    cells: Cells = ()  # the formula cells a `formulas` check keeps
    roles: tuple[str, ...] = ()  # what each of those cells works out, as a person reads it
    feeds: str = ""  # the worked-out cells its inputs feed
    whole_row: bool = False  # a measure row's check: its findings are at the row's cells, as the Validation sheet says

    @property
    def row_cells(self) -> str:
        """The cells of a measure row's check without the sheet (E11:F11), where its finding is."""
        return self.where.split("!", 1)[1]


def _range_text(sheet: str, first: tuple[int, int], last: tuple[int, int]) -> str:
    return f"{sheet}!{area(first, last, absolute=False)}" if first != last else f"{sheet}!{cell(*first)}"


def _entered_check(layout: Layout) -> Check:
    places = [p for p in layout.tables.values() if p.input_columns]
    where = "; ".join(f"{p.table.sheet}!{p.input_range().replace('$', '')}" for p in places)
    return Check(ENTERED, "entered", "error", "Something is entered: a return with every input cell blank is not ready "
                 "(nothing entered yet)", where)


def _fed(table: Table, layout: Layout) -> str:
    """The Measures-sheet values a table's cells feed, as a person reads them ("" when none)."""
    codes = [m.code for m in layout.declaration.measures
             if (m.method and table.kind == "records") or (m.method and table.id == "POP")
             or any(resolve(text, layout).place.table.id == table.id for text in m.numerator + m.denominator)]
    return f"the {', '.join(codes)} value{'s' if len(codes) > 1 else ''} on the {MEASURES_SHEET} sheet" if codes else ""


def _grid_checks(table: Table, place: TablePlace, layout: Layout) -> list[Check]:
    where = f"{table.sheet}!{place.input_range().replace('$', '')}"
    whole = "whole numbers" if table.unit == "count" else "numbers"
    feeds = _fed(table, layout)
    found = [
        Check(f"{table.id}.required", "required", "error", f"{table.title}: every cell is filled (write 0 for none)", where, table,
              feeds=feeds),
        Check(f"{table.id}.numbers", "numbers", "error", f"{table.title}: {whole} only, no text", where, table, feeds=feeds),
        Check(f"{table.id}.negatives", "negatives", "error", f"{table.title}: no negative numbers", where, table, feeds=feeds),
        _figures_only(table, where, feeds),
    ]
    totals = total_cells(place)
    if totals:
        found.append(Check(f"{table.id}.totals", "totals", "error", f"{table.title}: each total equals the sum of its parts",
                           where, table))
        cells = tuple((table.sheet, c, r) for (c, r), _ in totals)
        roles = tuple("the grand total" if (c, r) == (place.total_column, place.total_row) else
                      "a row total" if c == place.total_column else "a column total" for (c, r), _ in totals)
        found.append(Check(f"{table.id}.formulas", "formulas", "error", f"{table.title}: the totals are the template's "
                           "formulas, not typed figures", _where_of(cells), table, cells=cells, roles=roles))
    return found


def _figures_only(table: Table, where: str, feeds: str) -> Check:
    return Check(f"{table.id}.figures_only", "figures_only", "error", f"{table.title}: input cells hold figures typed in, "
                 "not formulas", where, table, feeds=feeds)


def total_cells(place: TablePlace) -> list[tuple[tuple[int, int], list[tuple[int, int]]]]:
    """Each total cell of a grid, with the input cells it adds up."""
    first, last = min(place.input_columns), max(place.input_columns)
    rows = range(place.first_row, place.last_row + 1)
    totals = []
    if place.total_column:
        totals += [((place.total_column, r), [(c, r) for c in range(first, last + 1)]) for r in rows]
    if place.total_row:
        totals += [((c, place.total_row), [(c, r) for r in rows]) for c in range(first, last + 1)]
        if place.total_column:
            totals.append(((place.total_column, place.total_row), [(c, r) for r in rows for c in range(first, last + 1)]))
    return totals


def _where_of(cells: Cells) -> str:
    """The cells as the fewest sheet!range pieces: one rectangle per run of a row or a column."""
    if not cells:
        return ""
    sheet = cells[0][0]
    columns = sorted({c for _, c, _ in cells})
    rows = sorted({r for _, _, r in cells})
    if len(rows) == 1 or len(columns) == 1:
        return _range_text(sheet, (columns[0], rows[0]), (columns[-1], rows[-1]))
    return f"{_range_text(sheet, (columns[0], rows[0]), (columns[-1], rows[-1]))} (totals)"


def row_inputs(place: TablePlace, measure: MeasureSpec, row: int) -> tuple[tuple[int, int], ...]:
    """(column, row) of the cells a person enters on one measure row: numerator, and denominator when it has one."""
    columns = ("numerator", "denominator") if measure.has_denominator else ("numerator",)
    return tuple((place.columns[key], row) for key in columns)


def row_formula_keys(place: TablePlace) -> tuple[str, ...]:
    """The worked-out columns of a measure-table row."""
    return ("value",) + tuple(key for key, _ in BENCHMARK_COLUMNS if key in place.columns)


def _feeds(measure: MeasureSpec, benchmark: bool) -> str:
    return f"the {measure.code} value" + (", band, rank and comparison with England" if benchmark else "")


def _measure_row_checks(table: Table, place: TablePlace, layout: Layout) -> list[Check]:
    found = []
    for offset, measure in enumerate(table.measures):
        row = place.first_row + offset
        inputs = row_inputs(place, measure, row)
        where = _range_text(table.sheet, inputs[0], inputs[-1])
        if measure.has_denominator:
            rule = "the numerator and denominator are given together, as figures (not formulas) not below 0"
            rule += ", the numerator not above the denominator" if measure.unit == "percentage" else ""
        else:
            rule = "the figure is a number (not a formula) not below 0"
        feeds = _feeds(measure, table.benchmark)
        found.append(Check(f"{measure.code}.entry", "entry", "error", f"{measure.code}: {rule} (they feed {feeds})",
                           where, table, measure, row=row, feeds=feeds, whole_row=True))
        if measure.code in layout.published_rows:
            found.append(_outlier(measure, where, feeds, whole_row=True))
        cells = tuple((table.sheet, place.columns[key], row) for key in row_formula_keys(place))
        roles = tuple(f"the {measure.code} {LABELS[key]}" for key in row_formula_keys(place))
        found.append(Check(f"{measure.code}.formulas", "formulas", "error", f"{measure.code}: the worked-out cells hold the "
                           "template's formulas, not typed figures", _where_of(cells), table, measure, row=row, cells=cells,
                           roles=roles, whole_row=True))
    return found


def _outlier(measure: MeasureSpec, where: str, feeds: str, whole_row: bool = False) -> Check:
    return Check(f"{measure.code}.within_published_range", "outlier", "warning",
                 f"{measure.code}: the value is within the mean +/- 2 standard deviations of councils' published values "
                 "(a warning: check the figures, or write why)", where, measure=measure, feeds=feeds, whole_row=whole_row)


def _records_checks(table: Table, place: TablePlace, layout: Layout) -> list[Check]:
    where = f"{table.sheet}!{place.input_range().replace('$', '')}"
    required = ", ".join(c.key for c in table.record_columns if c.required)
    feeds = _fed(table, layout)
    found = [
        Check(f"{table.id}.required", "records_required", "error",
              f"{table.title}: every row with a serial number has {required}", where, table, feeds=feeds),
        Check(f"{table.id}.codes", "codes", "error",
              f"{table.title}: every answer is one of its column's codes (see the Codes sheet)", where, table, feeds=feeds),
        _figures_only(table, where, feeds),
    ]
    if place.derived:
        cells = tuple((table.sheet, column, row) for column in place.derived.values()
                      for row in range(place.first_row, place.last_row + 1))
        roles = tuple(f"the worked-out {key} of row {row}" for key in place.derived
                      for row in range(place.first_row, place.last_row + 1))
        first, last = min(place.derived.values()), max(place.derived.values())
        found.append(Check(f"{table.id}.formulas", "formulas", "error", f"{table.title}: the worked-out columns hold the "
                           "template's formulas", _range_text(table.sheet, (first, place.first_row), (last, place.last_row)),
                           table, cells=cells, roles=roles))
    return found


def _table_checks(table: Table, layout: Layout) -> list[Check]:
    place = layout.tables[table.id]
    if table.kind == "grid":
        return _grid_checks(table, place, layout)
    if table.kind == "measures":
        return _measure_row_checks(table, place, layout)
    if table.kind == "records":
        return _records_checks(table, place, layout)
    if table.kind == "benchmark":
        where = f"{table.sheet}!{place.input_range().replace('$', '')}"
        return [Check(f"{table.id}.cut_order", "cut_order", "error",
                      f"{table.title}: on every row the 25th percentile <= median <= 75th percentile", where, table)]
    return []


def input_where(refs: tuple[str, ...], layout: Layout) -> str:
    """The input cells a computed numerator or denominator adds up, as sheet!range pieces."""
    ranges = [r.replace("$", "") for text in refs for r in resolve(text, layout).ranges()]
    return "; ".join(dict.fromkeys(r.replace("'", "") for r in ranges))


def _computed_checks(measure: MeasureSpec, layout: Layout) -> list[Check]:
    """Checks of a measure the Measures sheet works out from the tables (SALT) or the survey rows."""
    sheet, row, columns = layout.measure_rows[measure.code]
    found = []
    if measure.method:
        records = next(p for p in layout.tables.values() if p.table.kind == "records")
        where = f"{records.table.sheet}!{records.input_range().replace('$', '')}"
    else:
        where = input_where(measure.numerator + measure.denominator, layout)
    feeds = f"the {measure.code} value on the {MEASURES_SHEET} sheet"
    if measure.unit == "percentage" and not measure.method:
        found.append(Check(f"{measure.code}.numerator_within_denominator", "num_le_den", "error",
                           f"{measure.code}: the numerator is not above the denominator (they feed {feeds})", where,
                           measure=measure, feeds=feeds))
    if measure.code in layout.published_rows:
        found.append(_outlier(measure, where, feeds))
    keys = ("numerator", "denominator", "value")
    cells = tuple((sheet, columns[key], row) for key in keys)
    roles = tuple(f"the {measure.code} {key}" for key in keys)
    mine = [(split, split_row) for (code, split), split_row in layout.split_rows.items() if code == measure.code]
    cells += tuple((sheet, columns[key], split_row) for _, split_row in mine for key in keys)
    roles += tuple(f"the {measure.code} {key}, {split}" for split, _ in mine for key in keys)
    where = _where_of(cells[:3]) + (" and its splits by age and gender" if mine else "")
    found.append(Check(f"{measure.code}.formulas", "formulas", "error", f"{measure.code}: numerator, denominator and value "
                       "hold the template's formulas", where, measure=measure, row=row, cells=cells, roles=roles))
    return found


def _rule_check(rule: Rule, layout: Layout) -> Check:
    return Check(rule.id, rule.kind, rule.severity, rule.message, input_where(rule.left + rule.right, layout), rule=rule)


def checks_of(layout: Layout) -> tuple[Check, ...]:
    """Every check of a laid-out template: entered, tables, computed measures, then declared rules."""
    declaration = layout.declaration
    found: list[Check] = [_entered_check(layout)] if any(p.input_columns for p in layout.tables.values()) else []
    for table in declaration.tables:
        found.extend(_table_checks(table, layout))
    for measure in declaration.measures:
        found.extend(_computed_checks(measure, layout))
    found.extend(_rule_check(rule, layout) for rule in declaration.rules)
    return tuple(found)


def feeding_checks(measure: MeasureSpec, checks: tuple[Check, ...], layout: Layout) -> tuple[Check, ...]:
    """The input checks whose failure leaves a measure without a value: nothing is worked out from impossible inputs."""
    if measure.code not in {m.code for m in layout.declaration.measures}:  # a measure-table row: its own entry check
        return tuple(c for c in checks if c.kind == "entry" and c.measure is not None and c.measure.code == measure.code)
    if measure.method:
        tables = {p.table.id for p in layout.tables.values() if p.table.kind == "records"} | {"POP"}
    else:
        tables = {resolve(text, layout).place.table.id for text in measure.numerator + measure.denominator}
    inputs = ("required", "numbers", "negatives", "figures_only", "records_required", "codes")
    return tuple(c for c in checks if (c.table is not None and c.table.id in tables and c.kind in inputs)
                 or (c.kind == "num_le_den" and c.measure is not None and c.measure.code == measure.code))


def status_cell(check: Check, checks: tuple[Check, ...], layout: Layout) -> str:
    """The sheet-qualified, absolute address of a check's status on the Validation sheet."""
    return sheet_ref(VALIDATION_SHEET, cell(VALIDATION_AT["status"], layout.validation_row(checks.index(check)), True))


@cache
def template_checks(name: str, year: str) -> tuple[Check, ...]:
    """The checks of a template and year, cached."""
    return checks_of(layout_of(name, year))
