"""Write a template workbook from its declaration and layout: inputs, totals, measures, published figures, checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.outputs.cells import put
from ascof_xl.published.bundled import ATTRIBUTION
from ascof_xl.templates import styles
from ascof_xl.templates.benchmark_sheet import benchmark_rows, benchmark_table
from ascof_xl.templates.checks import feeding_checks, status_cell, template_checks
from ascof_xl.templates.declaration import Declaration, MeasureSpec, Table, load_declaration
from ascof_xl.templates.formulas import (band_formula, comparison_formula, distribution_ranges, rank_formulas,
                                         status_formula, value_formula)
from ascof_xl.templates.kinds import check_test
from ascof_xl.templates.layout import (BENCHMARK_SHEET_COLUMNS, DISTRIBUTION_SHEET, FIRST_TABLE_ROW, HEADER_ROW, MEASURE_COLUMNS,
                                       MEASURES_SHEET, PUBLISHED_COLUMNS, PUBLISHED_SHEET, STAGE_COLUMNS, UNIT_LABELS,
                                       VALIDATION_AT, VALIDATION_COLUMNS, VALIDATION_SHEET, Layout, TablePlace, area, cell,
                                       layout_of, measure_columns, preamble_lines, sheet_ref)
from ascof_xl.templates.metadata import write_metadata
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.published_figures import published_rows
from ascof_xl.templates.refs import sum_formula
from ascof_xl.templates.survey_sheets import survey_measure_cells, write_codes_sheet, write_records, write_splits


def build_workbook(name: str, year: str | None = None, published: list[dict[str, Any]] | None = None) -> Workbook:
    """The workbook of one template for one year, in memory."""
    declaration = load_declaration(name, year)
    layout = layout_of(declaration.name, declaration.year)
    book = Workbook()
    book.remove(book.active)
    for sheet in declaration.sheets:
        _write_sheet(book, sheet.name, sheet.title, sheet.note or declaration.description, sheet.tables, layout)
    if declaration.measures:
        _write_measures_sheet(book, layout)
    _write_validation_sheet(book, layout)
    if layout.published_rows:
        if published is None:
            published = published_rows(declaration)
        _write_published_sheet(book, layout, published)
        if layout.distribution_columns:
            _write_distribution_sheet(book, layout, published)
    _write_codes_sheet(book, declaration)
    write_metadata(book, declaration)
    return book


def write_template(name: str, path: str | Path, year: str | None = None) -> Path:
    """Generate a template and save it atomically to `path`."""
    return save_atomically(build_workbook(name, year), Path(path))


def _new_sheet(book: Workbook, name: str, title: str, note: str) -> Worksheet:
    sheet = book.create_sheet(name)
    styles.sheet_heading(sheet, title, note)
    return sheet


def _write_sheet(book: Workbook, name: str, title: str, note: str, tables: tuple[Table, ...], layout: Layout) -> None:
    sheet = _new_sheet(book, name, title, note)
    writers = {"text": _write_preamble, "grid": _write_grid, "measures": _write_measure_table, "records": _write_records,
               "benchmark": _write_benchmark_rows}
    if _holds_identity(layout, name):
        _write_identity(sheet, layout)
    elif layout.council_cell and layout.council_cell[0] == name:
        _write_council_choice(sheet, layout)
    last_column, last_row = 1, 2
    for table in tables:
        place = layout.tables[table.id]
        sheet.cell(row=place.top, column=1, value=table.title).font = styles.BOLD
        writers[table.kind](sheet, place, layout)
        last_column, last_row = max(last_column, place.last_column), max(last_row, place.bottom)
        last_column = max([last_column, *place.derived.values()])
    first = layout.tables[tables[0].id]
    sheet.column_dimensions["A"].width = 46 if tables[0].kind == "grid" else 14 if _holds_identity(layout, name) else 10
    if tables[0].kind == "text":  # blocks of text and tables (Option Two): keep only the sheet's title in view
        last_column = max(last_column, len(STAGE_COLUMNS))
        sheet.freeze_panes = cell(1, FIRST_TABLE_ROW)
        styles.print_setup(sheet, area((1, 1), (last_column, last_row)), 1, last_column)
    else:
        sheet.freeze_panes = cell(2 if tables[0].kind == "grid" else 1, first.first_row)
        styles.print_setup(sheet, area((1, 1), (last_column, last_row)), first.header_row, last_column)
    if tables[0].kind != "records":
        styles.fit_row_heights(sheet, last_row)
    styles.protect(sheet)


def _validation(sheet: Worksheet, kind: str, prompt: str, **settings: Any) -> DataValidation:
    rule = DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorTitle="ascof-xl",
                          error=prompt, showInputMessage=False, **settings)
    sheet.add_data_validation(rule)
    return rule


def _write_grid(sheet: Worksheet, place: TablePlace, layout: Layout) -> None:
    table = place.table
    labels = [table.row_header or "Row"] + [label for _, label in table.columns]
    styles.header_row(sheet, place.header_row, labels + (["Total"] if table.row_totals else []))
    counts = table.unit == "count"
    fmt = styles.COUNT_FORMAT if counts else styles.AMOUNT_FORMAT
    for offset, (_, label) in enumerate(table.rows):
        row = place.first_row + offset
        label_cell = sheet.cell(row=row, column=1, value=label)
        label_cell.border, label_cell.alignment = styles.BOX, styles.WRAP
        for column in place.input_columns:
            styles.input_cell(sheet, row, column, fmt)
        if table.row_totals:
            first, last = cell(place.input_columns[0], row), cell(place.input_columns[-1], row)
            styles.computed_cell(sheet, row, place.total_column, f"=SUM({first}:{last})", fmt, styles.TOTAL_FILL)
    if table.column_totals:
        total = sheet.cell(row=place.total_row, column=1, value="Total")
        total.font, total.border = styles.BOLD, styles.BOX
        for column in range(2, place.last_column + 1):
            formula = f"=SUM({cell(column, place.first_row)}:{cell(column, place.last_row)})"
            styles.computed_cell(sheet, place.total_row, column, formula, fmt, styles.TOTAL_FILL)
    prompt = "Enter a whole number, 0 or more." if counts else "Enter a number, 0 or more."
    rule = _validation(sheet, "whole" if counts else "decimal", prompt, operator="greaterThanOrEqual", formula1="0")
    rule.add(place.input_range().replace("$", ""))
    for column in range(2, place.last_column + 1):
        sheet.column_dimensions[cell(column, 1)[:-1]].width = 14
    _name(sheet.parent, f"in_{table.id}", sheet_ref(sheet.title, place.input_range()))


def _write_council_choice(sheet: Worksheet, layout: Layout) -> None:
    address = layout.council_cell[1].replace("$", "")
    row = int("".join(ch for ch in address if ch.isdigit()))
    sheet.cell(row=row, column=1, value="Council").font = styles.BOLD
    styles.input_cell(sheet, row, 2, "@")
    sheet.cell(row=row, column=3, value="Optional: choose the council's ONS code (see the Distribution sheet) so its own "
                                        "published value is left out of rank and n.").font = styles.NOTE
    last = HEADER_ROW + max(len(layout.councils), 1)
    rule = _validation(sheet, "list", "Choose a council's ONS code from the Distribution sheet.",
                       formula1=sheet_ref(DISTRIBUTION_SHEET, area((1, HEADER_ROW + 1), (1, last))))
    rule.add(address)
    _name(sheet.parent, "council", sheet_ref(sheet.title, layout.council_cell[1]))


def _holds_identity(layout: Layout, sheet: str) -> bool:
    return bool(layout.identity_cells) and next(iter(layout.identity_cells.values()))[0] == sheet


def _write_identity(sheet: Worksheet, layout: Layout) -> None:
    """The return's identity: council (chosen from the list), year (written in), who prepared it, when, what it replaces."""
    for item in layout.declaration.identity:
        address = layout.identity_cells[item.key][1]
        row = int("".join(ch for ch in address if ch.isdigit()))
        sheet.cell(row=row, column=1, value=item.label).font = styles.BOLD
        if item.kind == "year":
            styles.computed_cell(sheet, row, 2, layout.declaration.year)
        else:
            styles.input_cell(sheet, row, 2, "dd/mm/yyyy" if item.kind == "date" else "@")
        sheet.cell(row=row, column=3, value=item.note).font = styles.NOTE
        if item.kind == "date":
            rule = _validation(sheet, "date", "Enter a date, e.g. 15/07/2025.", operator="greaterThan", formula1="36526")
            rule.add(address.replace("$", ""))
    if layout.council_cell:
        last = HEADER_ROW + max(len(layout.councils), 1)
        rule = _validation(sheet, "list", "Choose a council's ONS code from the Distribution sheet (a CASSR code "
                           "or the council's name is read too: choose Yes to keep it).",
                           formula1=sheet_ref(DISTRIBUTION_SHEET, area((1, HEADER_ROW + 1), (1, last))))
        rule.errorStyle = "warning"  # a warning, not a stop: a name or CASSR code may be typed
        rule.add(layout.council_cell[1].replace("$", ""))
        _name(sheet.parent, "council", sheet_ref(sheet.title, layout.council_cell[1]))


def _write_preamble(sheet: Worksheet, place: TablePlace, layout: Layout) -> None:
    """The lines between a block's title and its table (Option Two's heading, assumption, purpose, outcomes), one
    printed line a row in column A, running unwrapped across the empty cells to its right: nothing is merged."""
    for offset, line in enumerate(preamble_lines(place.table), start=1):
        put(sheet, place.top + offset, 1, line).font = styles.NOTE


def _write_measure_table(sheet: Worksheet, place: TablePlace, layout: Layout) -> None:
    table = place.table
    columns = measure_columns(table)
    _write_preamble(sheet, place, layout)
    entered = ("numerator", "denominator")
    styles.header_row(sheet, place.header_row, [f"{label} (enter)" if key in entered else label for key, label in columns])
    at = place.columns
    for offset, measure in enumerate(table.measures):
        row = place.first_row + offset
        _measure_labels(sheet, row, at, measure)
        styles.input_cell(sheet, row, at["numerator"], styles.AMOUNT_FORMAT)
        if measure.has_denominator:
            styles.input_cell(sheet, row, at["denominator"], styles.AMOUNT_FORMAT)
        else:  # a count or an indicator without a unit: the numerator is the value
            styles.computed_cell(sheet, row, at["denominator"], None)
        _measure_value(sheet, row, at, measure, layout)
        if table.benchmark:
            _benchmark_cells(sheet, row, at, measure, layout)
    if table.benchmark:
        _band_colours(sheet, place)
    rule = _validation(sheet, "decimal", "Enter a number, 0 or more.", operator="greaterThanOrEqual", formula1="0")
    for key in ("numerator", "denominator"):
        rule.add(area((at[key], place.first_row), (at[key], place.last_row), absolute=False))
    widths = {"code": 8, "title": 44, "unit": 11, "polarity": 9, "stage": 10, "numerator": 12, "denominator": 13,
              "value": 12, "england": 9, "p25": 10, "median": 9, "p75": 10, "comparison": 11, "band": 13, "rank": 6, "n": 6}
    for key, column in at.items():
        sheet.column_dimensions[cell(column, 1)[:-1]].width = widths.get(key, 12)
    _name(sheet.parent, f"in_{table.id}", sheet_ref(sheet.title, place.input_range()))


def _band_colours(sheet: Worksheet, place: TablePlace) -> None:
    """Shade each band in the palette's colour, blue (better) to orange (worse); the band's word is always in the cell."""
    column = place.columns["band"]
    cells = area((column, place.first_row), (column, place.last_row), absolute=False)
    top = "$" + cell(column, place.first_row)
    for word, (fill, font) in styles.BAND_STYLES.items():
        sheet.conditional_formatting.add(cells, FormulaRule(formula=[f'{top}="{word}"'], fill=fill, font=font, stopIfTrue=True))


def _measure_labels(sheet: Worksheet, row: int, at: dict[str, int], measure: MeasureSpec) -> None:
    texts = {"code": measure.code, "title": measure.title, "unit": UNIT_LABELS[measure.unit],
             "polarity": measure.polarity, "stage": measure.stage}
    for key, text in texts.items():
        if key in at:
            target = sheet.cell(row=row, column=at[key], value=text)
            target.border = styles.BOX
            if key == "title":
                target.alignment = styles.WRAP


def gates(measure: MeasureSpec, layout: Layout) -> tuple[str, ...]:
    """The status cells of the input checks feeding a measure's value (the value shows 'check inputs' unless all PASS)."""
    checks = template_checks(layout.declaration.name, layout.declaration.year)
    return tuple(status_cell(check, checks, layout) for check in feeding_checks(measure, checks, layout))


def _measure_value(sheet: Worksheet, row: int, at: dict[str, int], measure: MeasureSpec, layout: Layout) -> None:
    numerator, denominator = cell(at["numerator"], row), cell(at["denominator"], row)
    formula = value_formula(measure, numerator, denominator, gates(measure, layout))
    styles.computed_cell(sheet, row, at["value"], formula, styles.value_format(measure.decimals))
    _name(sheet.parent, f"value_{_safe(measure.code)}", sheet_ref(sheet.title, cell(at["value"], row, True)))


def _benchmark_cells(sheet: Worksheet, row: int, at: dict[str, int], measure: MeasureSpec, layout: Layout) -> None:
    fmt = styles.value_format(measure.decimals)
    for key in ("england", "p25", "median", "p75"):
        sheet_name, column, published_row = layout.published_cell(measure.code, key)
        source = sheet_ref(sheet_name, cell(column, published_row, True))
        styles.computed_cell(sheet, row, at[key], f'=IF(ISNUMBER({source}),{source},"")', fmt)
    value = cell(at["value"], row)
    p25, median, p75 = (cell(at[k], row) for k in ("p25", "median", "p75"))
    styles.computed_cell(sheet, row, at["band"], band_formula(value, measure.polarity, p25, median, p75))
    codes, values = distribution_ranges(layout, measure.code)
    rank, count = rank_formulas(value, measure.polarity, codes, values, sheet_ref(*layout.council_cell))
    styles.computed_cell(sheet, row, at["rank"], rank, "0")
    styles.computed_cell(sheet, row, at["n"], count, "0")
    numerator, denominator = cell(at["numerator"], row), cell(at["denominator"], row)
    styles.computed_cell(sheet, row, at["comparison"],
                         comparison_formula(measure, value, numerator, denominator, cell(at["england"], row)))


def _write_records(sheet: Worksheet, place: TablePlace, layout: Layout) -> None:
    write_records(sheet, place, layout, _validation)


def _write_benchmark_rows(sheet: Worksheet, place: TablePlace, layout: Layout) -> None:
    styles.header_row(sheet, place.header_row, [label for _, label in BENCHMARK_SHEET_COLUMNS])
    rows = benchmark_rows(layout.declaration.year)
    keys = [key for key, _ in BENCHMARK_SHEET_COLUMNS]
    numeric = ("england", "p25", "median", "p75", "mean", "sd", "lowest", "highest")
    for offset, (row, values) in enumerate(zip(rows, benchmark_table(rows)[1:]), start=1):
        for column, (key, value) in enumerate(zip(keys, values), start=1):
            fmt = styles.value_format(row["decimals"] + (2 if key == "sd" else 0)) if key in numeric else "General"
            styles.computed_cell(sheet, place.header_row + offset, column, value, fmt)
    widths = {"title": 44, "code": 7, "year": 8, "unit": 16, "polarity": 9, "decimals": 9}
    for offset in range(1, len(rows) + 1):
        sheet.cell(row=place.header_row + offset, column=place.columns["title"]).alignment = styles.WRAP
    for key, column in place.columns.items():
        sheet.column_dimensions[cell(column, 1)[:-1]].width = widths.get(key, 12)


def _write_measures_sheet(book: Workbook, layout: Layout) -> None:
    declaration = layout.declaration
    sheet = _new_sheet(book, MEASURES_SHEET, f"ASCOF measures worked out from the tables ({declaration.year})",
                       "Numerator and denominator add up the table cells each measure's definition names; "
                       "the value carries the publication's rounding (half away from zero).")
    styles.header_row(sheet, HEADER_ROW, [label for _, label in MEASURE_COLUMNS])
    for measure in declaration.measures:
        _, row, at = layout.measure_rows[measure.code]
        _measure_labels(sheet, row, at, measure)
        if measure.method:
            survey_measure_cells(sheet, row, at, measure, layout)
        else:
            styles.computed_cell(sheet, row, at["numerator"], "=" + sum_formula(measure.numerator, layout), styles.AMOUNT_FORMAT)
            styles.computed_cell(sheet, row, at["denominator"], "=" + sum_formula(measure.denominator, layout), styles.AMOUNT_FORMAT)
        _measure_value(sheet, row, at, measure, layout)
    widths = {"code": 8, "title": 60, "unit": 12, "polarity": 10, "numerator": 14, "denominator": 14, "value": 10}
    for key, column in layout.measure_rows[declaration.measures[0].code][2].items():
        sheet.column_dimensions[cell(column, 1)[:-1]].width = widths.get(key, 12)
    last_row = HEADER_ROW + len(declaration.measures)
    if layout.split_rows:
        write_splits(sheet, layout, {m.code: gates(m, layout) for m in declaration.measures})
        last_row = max(layout.split_rows.values())
    styles.fit_row_heights(sheet, last_row)
    sheet.freeze_panes = cell(1, HEADER_ROW + 1)
    styles.print_setup(sheet, area((1, 1), (len(MEASURE_COLUMNS), last_row)), HEADER_ROW, len(MEASURE_COLUMNS))
    styles.protect(sheet)


def _write_validation_sheet(book: Workbook, layout: Layout) -> None:
    sheet = _new_sheet(book, VALIDATION_SHEET, "Validation: every check of this return",
                       "FAIL (an error) or WARNING until the check passes or you write a reason in the last column; "
                       "then EXPLAINED. PASS needs nothing. ascof-xl validate gives the same word for each row.")
    styles.header_row(sheet, HEADER_ROW, [label for _, label in VALIDATION_COLUMNS])
    checks = template_checks(layout.declaration.name, layout.declaration.year)
    at = VALIDATION_AT
    for offset, check in enumerate(checks):
        row = layout.validation_row(offset)
        for key, text in (("rule", check.id), ("check", check.message), ("severity", check.severity), ("where", check.where)):
            target = put(sheet, row, at[key], text)
            target.border = styles.BOX
            target.alignment = styles.WRAP
        reason = cell(at["reason"], row)
        styles.computed_cell(sheet, row, at["status"], status_formula(check_test(check, layout), check.severity, reason))
        sheet.cell(row=row, column=at["status"]).font = styles.BOLD
        styles.input_cell(sheet, row, at["reason"], "@")
        sheet.cell(row=row, column=at["reason"]).alignment = styles.WRAP
    last = layout.validation_row(max(len(checks), 1) - 1)
    status_range = area((at["status"], HEADER_ROW + 1), (at["status"], last), absolute=False)
    top = "$" + cell(at["status"], HEADER_ROW + 1)  # column fixed, row relative: each row tests its own status
    for word, (fill, font) in styles.STATUS_STYLES.items():
        sheet.conditional_formatting.add(status_range, FormulaRule(formula=[f'{top}="{word}"'], fill=fill, font=font,
                                                                   stopIfTrue=True))
    rule = _validation(sheet, "textLength", "A reason can be up to 1,000 characters.", operator="lessThanOrEqual", formula1="1000")
    rule.add(area((at["reason"], HEADER_ROW + 1), (at["reason"], last), absolute=False))
    for key, width in (("rule", 30), ("check", 56), ("severity", 9), ("where", 30), ("status", 12), ("reason", 40)):
        sheet.column_dimensions[cell(at[key], 1)[:-1]].width = width
    sheet.freeze_panes = cell(1, HEADER_ROW + 1)
    styles.print_setup(sheet, area((1, 1), (len(VALIDATION_COLUMNS), last)), HEADER_ROW, len(VALIDATION_COLUMNS))
    _name(book, "validation_status", sheet_ref(VALIDATION_SHEET, area((at["status"], HEADER_ROW + 1), (at["status"], last))))
    styles.fit_row_heights(sheet, last)
    styles.protect(sheet)


def _write_published_sheet(book: Workbook, layout: Layout, published: list[dict[str, Any]]) -> None:
    sheet = _new_sheet(book, PUBLISHED_SHEET, "Published figures this workbook compares with",
                       "England's value, the councils' spread and the quartile cut points (Excel QUARTILE.INC) of each "
                       "measure, from the publication year shown. " + ATTRIBUTION)
    styles.header_row(sheet, HEADER_ROW, [label for _, label in PUBLISHED_COLUMNS])
    keys = [k for k, _ in PUBLISHED_COLUMNS]
    decimals = {m.code: m.decimals for m in layout.declaration.all_measures()}
    for figures in published:
        row = layout.published_rows[figures["code"]]
        for column, key in enumerate(keys, start=1):
            fmt = styles.value_format(decimals[figures["code"]] + (2 if key == "sd" else 0)) if key not in ("code", "title", "year", "n") else "General"
            styles.computed_cell(sheet, row, column, figures.get(key), fmt)
    for column, width in zip("ABCDEFGHIJ", (8, 60, 12, 10, 12, 12, 12, 12, 10, 12)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = cell(1, HEADER_ROW + 1)
    styles.print_setup(sheet, area((1, 1), (len(PUBLISHED_COLUMNS), HEADER_ROW + max(len(published), 1))), HEADER_ROW,
                       len(PUBLISHED_COLUMNS))
    styles.protect(sheet)


def _write_distribution_sheet(book: Workbook, layout: Layout, published: list[dict[str, Any]]) -> None:
    sheet = _new_sheet(book, DISTRIBUTION_SHEET, "Each council's published value, by measure",
                       "The rank and n of the own-figures sheet count these values. Blank: not published or suppressed.")
    codes = list(layout.distribution_columns)
    styles.header_row(sheet, HEADER_ROW, ["ONS code", "Council"] + codes)
    by_code = {figures["code"]: figures.get("values", {}) for figures in published}
    decimals = {m.code: m.decimals for m in layout.declaration.all_measures()}
    for offset, council in enumerate(layout.councils):
        row = HEADER_ROW + 1 + offset
        sheet.cell(row=row, column=1, value=council.ons_code)
        sheet.cell(row=row, column=2, value=council.name)
        for code, column in layout.distribution_columns.items():
            styles.computed_cell(sheet, row, column, by_code.get(code, {}).get(council.ons_code), styles.value_format(decimals[code]))
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 34
    sheet.freeze_panes = cell(3, HEADER_ROW + 1)
    styles.print_setup(sheet, area((1, 1), (2 + len(codes), HEADER_ROW + max(len(layout.councils), 1))), HEADER_ROW,
                       2 + len(codes))
    styles.protect(sheet)


def _write_codes_sheet(book: Workbook, declaration: Declaration) -> None:
    records = [t for t in declaration.tables if t.kind == "records"]
    if not records:
        return
    write_codes_sheet(book, records)


def _safe(code: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in code)


def _name(book: Workbook, name: str, reference: str) -> None:
    """A workbook-level defined name, so formulas and macros can find a range by what it holds."""
    book.defined_names[name] = DefinedName(name, attr_text=reference)
