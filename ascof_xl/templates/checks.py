"""The checks of a template, in the order its Validation sheet lists them.

Some come with every input table (required, numbers, negatives, codes, pairs), some with every
measure (numerator not above denominator, outside the published mean +/- 2 SD), the rest are the
declaration's own rules. The generator writes one row and one formula per check; the validator
evaluates the same checks in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ascof_xl.templates.declaration import MeasureSpec, Rule, Table
from ascof_xl.templates.layout import Layout, layout_of


@dataclass(frozen=True)
class Check:
    """One row of the Validation sheet."""

    id: str
    kind: str
    severity: str
    message: str
    where: str
    table: Table | None = None
    measure: MeasureSpec | None = None
    rule: Rule | None = None


def _table_checks(table: Table, layout: Layout) -> list[Check]:
    place = layout.tables[table.id]
    where = f"{table.sheet}!{place.input_range().replace('$', '')}"
    if table.kind == "grid":
        whole = "whole numbers" if table.unit == "count" else "numbers"
        found = [
            Check(f"{table.id}.required", "required", "error", f"{table.title}: every cell is filled (write 0 for none)", where, table),
            Check(f"{table.id}.numbers", "numbers", "error", f"{table.title}: {whole} only, no text", where, table),
            Check(f"{table.id}.negatives", "negatives", "error", f"{table.title}: no negative numbers", where, table),
        ]
        if table.row_totals or table.column_totals:
            found.append(Check(f"{table.id}.totals", "totals", "error",
                               f"{table.title}: each total equals the sum of its parts", where, table))
        return found
    if table.kind == "measures":
        return [
            Check(f"{table.id}.pairs", "pairs", "error", f"{table.title}: a numerator and its denominator are given together", where, table),
            Check(f"{table.id}.numbers", "numbers", "error", f"{table.title}: numbers only, no text", where, table),
            Check(f"{table.id}.negatives", "negatives", "error", f"{table.title}: no negative numbers", where, table),
        ]
    if table.kind == "records":
        return [
            Check(f"{table.id}.required", "records_required", "error",
                  f"{table.title}: every row with a serial number has {', '.join(c.key for c in table.record_columns if c.required)}", where, table),
            Check(f"{table.id}.codes", "codes", "error", f"{table.title}: every answer is one of its column's codes (see the Codes sheet)", where, table),
        ]
    if table.kind == "benchmark":
        return [Check(f"{table.id}.cut_order", "cut_order", "error",
                      f"{table.title}: on every row the 25th percentile <= median <= 75th percentile", where, table)]
    return []


def _measure_checks(measure: MeasureSpec, layout: Layout) -> list[Check]:
    sheet, address = layout.measure_cell(measure.code, "value", absolute=False)
    found = []
    if measure.unit == "percentage" and not measure.method:
        found.append(Check(f"{measure.code}.numerator_within_denominator", "num_le_den", "error",
                           f"{measure.code}: the numerator is not above the denominator", f"{sheet}!{address}", measure=measure))
    if measure.code in layout.published_rows:
        found.append(Check(f"{measure.code}.within_published_range", "outlier", "warning",
                           f"{measure.code}: the value is within the mean +/- 2 standard deviations of councils' published values",
                           f"{sheet}!{address}", measure=measure))
    return found


def _rule_check(rule: Rule, layout: Layout) -> Check:
    from ascof_xl.templates.refs import resolve

    ranges = [r.replace("$", "") for text in rule.left + rule.right for r in resolve(text, layout).ranges()]
    where = "; ".join(dict.fromkeys(r.replace("'", "") for r in ranges))
    return Check(rule.id, rule.kind, rule.severity, rule.message, where, rule=rule)


def checks_of(layout: Layout) -> tuple[Check, ...]:
    """Every check of a laid-out template, table checks first, then measures, then declared rules."""
    declaration = layout.declaration
    found: list[Check] = []
    for table in declaration.tables:
        found.extend(_table_checks(table, layout))
    for measure in declaration.all_measures():
        found.extend(_measure_checks(measure, layout))
    found.extend(_rule_check(rule, layout) for rule in declaration.rules)
    return tuple(found)


@cache
def template_checks(name: str, year: str) -> tuple[Check, ...]:
    """The checks of a template and year, cached."""
    return checks_of(layout_of(name, year))
