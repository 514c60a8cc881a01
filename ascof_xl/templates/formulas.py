"""The native Excel formulas a template carries: measure values, bands, ranks and every check's test.

All target Excel 2016 and work unchanged in LibreOffice; none needs the add-in. Publication
rounding is exact: ROUND(numerator x multiplier x 10^decimals / denominator, 0) / 10^decimals
rounds a whole-number quotient, so a true half (82 / 160 = 51.25%) is never a binary hair below it.
"""

from __future__ import annotations

from ascof_xl.templates.checks import Check
from ascof_xl.templates.declaration import MeasureSpec
from ascof_xl.templates.layout import (DISTRIBUTION_SHEET, HEADER_ROW, PUBLISHED_COLUMNS, PUBLISHED_SHEET, Layout,
                                       TablePlace, area, cell, sheet_ref)
from ascof_xl.templates.refs import resolve, sum_formula

STATUS = ('IF({test},"PASS",IF(LEN(TRIM({reason}))>0,"EXPLAINED","FAIL"))')


def value_formula(measure: MeasureSpec, numerator: str, denominator: str) -> str:
    """The measure's published value from its numerator and denominator cells; [x] for a zero denominator."""
    if not measure.has_denominator:
        return f'=IF(ISNUMBER({numerator}),{numerator},"")'
    scale = measure.multiplier * 10 ** measure.decimals
    rounded = f"ROUND({numerator}*{scale}/{denominator},0)/{10 ** measure.decimals}"
    return (f'=IF(AND(ISNUMBER({numerator}),ISNUMBER({denominator})),'
            f'IF({denominator}=0,"[x]",{rounded}),"")')


def band_formula(value: str, polarity: str, p25: str, median: str, p75: str) -> str:
    """The quartile band in words; ties at a cut point go to the better band, as in ascof_xl.benchmark."""
    lower = f'IF({value}<={p25},"top",IF({value}<={median},"upper-middle",IF({value}<={p75},"lower-middle","bottom")))'
    higher = f'IF({value}>={p75},"top",IF({value}>={median},"upper-middle",IF({value}>={p25},"lower-middle","bottom")))'
    chosen = lower if polarity == "lower" else higher
    return f'=IF(AND(ISNUMBER({value}),ISNUMBER({p25}),ISNUMBER({median}),ISNUMBER({p75})),{chosen},"")'


def distribution_ranges(layout: Layout, code: str) -> tuple[str, str]:
    """(codes, values) ranges of the published council values of one measure on the Distribution sheet."""
    column = layout.distribution_columns[code]
    last = HEADER_ROW + max(len(layout.councils), 1)
    codes = sheet_ref(DISTRIBUTION_SHEET, area((1, HEADER_ROW + 1), (1, last)))
    values = sheet_ref(DISTRIBUTION_SHEET, area((column, HEADER_ROW + 1), (column, last)))
    return codes, values


def rank_formulas(value: str, polarity: str, codes: str, values: str, council: str) -> tuple[str, str]:
    """Rank (1 = best) and n of the council's value among the published councils, its own published value left out."""
    better = "<" if polarity == "lower" else ">"
    rank = f'=IF(ISNUMBER({value}),COUNTIFS({values},"{better}"&{value},{codes},"<>"&{council})+1,"")'
    count = f'=IF(ISNUMBER({value}),COUNT({values})-COUNTIFS({codes},{council},{values},"<>")+1,"")'
    return rank, count


def comparison_formula(value: str, england: str, polarity: str) -> str:
    """Better, worse or the same as England in words (above or below for a measure with no polarity)."""
    if polarity == "none":
        words = f'IF({value}>{england},"above England","below England")'
    else:
        better = ">" if polarity != "lower" else "<"
        words = f'IF({value}{better}{england},"better than England","worse than England")'
    return f'=IF(AND(ISNUMBER({value}),ISNUMBER({england})),IF({value}={england},"same as England",{words}),"")'


def _input_ranges(place: TablePlace) -> list[str]:
    return [sheet_ref(place.table.sheet, place.input_range())]


def _each(ranges: list[str], template: str, joiner: str = "+") -> str:
    return joiner.join(template.format(r=r) for r in ranges)


def check_test(check: Check, layout: Layout) -> str:
    """The Excel test of one check: TRUE when it passes."""
    kind = check.kind
    if check.table is not None:
        place = layout.tables[check.table.id]
        ranges = _input_ranges(place)
        if kind == "required":
            return _each(ranges, "COUNTBLANK({r})") + "=0"
        if kind == "numbers" and check.table.unit == "count":
            return _each(ranges, "IFERROR(SUMPRODUCT(--({r}<>INT({r}))),1)") + "=0"
        if kind == "numbers":
            return _each(ranges, "SUMPRODUCT(--ISTEXT({r}))") + "=0"
        if kind == "negatives":
            return _each(ranges, 'COUNTIF({r},"<0")') + "=0"
        if kind == "totals":
            return _totals_test(place)
        if kind == "pairs":
            num = sheet_ref(place.table.sheet, area((place.columns["numerator"], place.first_row),
                                                   (place.columns["numerator"], place.last_row)))
            den = sheet_ref(place.table.sheet, area((place.columns["denominator"], place.first_row),
                                                   (place.columns["denominator"], place.last_row)))
            mask = ";".join("1" if m.has_denominator else "0" for m in check.table.measures)  # rows that take both
            return f'SUMPRODUCT(--(({num}="")<>({den}="")),{{{mask}}})=0'
        if kind == "records_required":
            return _records_required(place)
        if kind == "codes":
            return _records_codes(place)
        if kind == "cut_order":
            p25, median, p75 = (_column_range(place, key) for key in ("p25", "median", "p75"))
            return f"SUMPRODUCT(--({p25}>{median}))+SUMPRODUCT(--({median}>{p75}))=0"
    if kind == "num_le_den":
        num = sheet_ref(*layout.measure_cell(check.measure.code, "numerator"))
        den = sheet_ref(*layout.measure_cell(check.measure.code, "denominator"))
        return f"IF(AND(ISNUMBER({num}),ISNUMBER({den})),{num}<={den},TRUE)"
    if kind == "outlier":
        value = sheet_ref(*layout.measure_cell(check.measure.code, "value"))
        row = layout.published_rows[check.measure.code]
        columns = [k for k, _ in PUBLISHED_COLUMNS]
        mean = sheet_ref(PUBLISHED_SHEET, cell(columns.index("mean") + 1, row, True))
        sd = sheet_ref(PUBLISHED_SHEET, cell(columns.index("sd") + 1, row, True))
        return f"IF(AND(ISNUMBER({value}),ISNUMBER({mean}),ISNUMBER({sd})),ABS({value}-{mean})<=2*{sd},TRUE)"
    if kind == "compare":
        rule = check.rule
        return f"{sum_formula(rule.left, layout)}{rule.op}{sum_formula(rule.right, layout)}"
    if kind == "cells_le":
        left, right = resolve(check.rule.left[0], layout), resolve(check.rule.right[0], layout)
        return f"SUMPRODUCT(--({left.ranges()[0]}>{right.ranges()[0]}))=0"
    raise ValueError(f"no formula for check kind {kind}")


def _totals_test(place: TablePlace) -> str:
    """Every row total, column total and the grand total equal the sum of the cells they add up."""
    sheet = place.table.sheet
    first, last = min(place.input_columns), max(place.input_columns)
    tests = []
    for row in range(place.first_row, place.last_row + 1) if place.total_column else ():
        parts = sheet_ref(sheet, area((first, row), (last, row)))
        tests.append(f"{sheet_ref(sheet, cell(place.total_column, row, True))}=SUM({parts})")
    for column in range(first, (place.total_column or last) + 1) if place.total_row else ():
        top, bottom = (first, place.first_row), (last, place.last_row)
        parts = sheet_ref(sheet, area((column, place.first_row), (column, place.last_row)) if column <= last else area(top, bottom))
        tests.append(f"{sheet_ref(sheet, cell(column, place.total_row, True))}=SUM({parts})")
    return "AND(" + ",".join(tests) + ")"


def _records_required(place: TablePlace) -> str:
    table = place.table
    first = table.record_columns[0].key
    key_range = _column_range(place, first)
    parts = [f'COUNTIFS({key_range},"<>",{_column_range(place, c.key)},"")'
             for c in table.record_columns if c.required and c.key != first]
    return ("+".join(parts) or "0") + "=0"


def _records_codes(place: TablePlace) -> str:
    parts = []
    for column in place.table.record_columns:
        rng = _column_range(place, column.key)
        if column.codes:
            codes = ",".join(str(c) for c in column.codes)
            parts.append(f"(COUNTA({rng})-SUMPRODUCT(COUNTIF({rng},{{{codes}}})))")
        elif column.minimum is not None:
            parts.append(f'(COUNTA({rng})-COUNTIFS({rng},">={column.minimum}",{rng},"<={column.maximum}"))')
    return ("+".join(parts) or "0") + "=0"


def _column_range(place: TablePlace, key: str) -> str:
    column = place.columns[key]
    return sheet_ref(place.table.sheet, area((column, place.first_row), (column, place.last_row)))


def status_formula(check: Check, layout: Layout, reason_cell: str) -> str:
    """PASS when the test holds, EXPLAINED when it fails with a reason written, FAIL otherwise."""
    return "=" + STATUS.format(test=check_test(check, layout), reason=reason_cell)
