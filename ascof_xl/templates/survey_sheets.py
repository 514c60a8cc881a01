"""Writing survey returns (ASCS, SACE): person rows with dropdowns, worked-out columns, stratum-weighted measures.

In the workbook each measure is NHS Digital's estimator written as native formulas:
numerator = sum over strata h with a valid answer of N_h x (target answers / valid answers), for a mean
score N_h x (sum of scores / people scored); denominator = sum of those N_h. In Python the same figures
come from `ascof_xl.survey`, through `survey_reading.py`, which the validator calls.
"""

from __future__ import annotations

from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.survey.scrqol import coefficients
from ascof_xl.templates import styles
from ascof_xl.templates.declaration import MeasureSpec, Table
from ascof_xl.templates.formulas import value_formula
from ascof_xl.templates.layout import (MEASURE_COLUMNS, SCORES, UNIT_LABELS, Layout, TablePlace, area, cell, computed_columns,
                                       derived_columns, sheet_ref)

CODES_SHEET = "Codes"
STRATA = (1, 2, 3, 4)


def _column(place: TablePlace, layout: Layout, key: str) -> int:
    return place.columns.get(key) or place.derived[key]


def _range(place: TablePlace, layout: Layout, key: str) -> str:
    column = _column(place, layout, key)
    return sheet_ref(place.table.sheet, area((column, place.first_row), (column, place.last_row)))


def write_records(sheet: Worksheet, place: TablePlace, layout: Layout, validation: Callable[..., Any]) -> None:
    """Header, unlocked answer cells with dropdowns or ranges, and the worked-out columns' formulas."""
    table = place.table
    derived = derived_columns(table, layout.declaration.measures)
    positions = place.derived
    styles.header_row(sheet, place.header_row, [c.key for c in table.record_columns] + [label for _, label in derived])
    sheet.row_dimensions[place.header_row].height = 44
    for column in place.input_columns:  # a column style: empty answer cells are unlocked without a cell each
        dimension = sheet.column_dimensions[cell(column, 1)[:-1]]
        dimension.protection, dimension.border, dimension.number_format = styles.UNLOCKED, styles.INPUT_BOX, "0"
        dimension.fill = styles.INPUT_FILL
    letters = {key: cell(column, 1)[:-1] for key, column in place.columns.items()}
    for key, _ in derived:  # worked-out columns: locked and shaded as a column, a formula in each row
        dimension = sheet.column_dimensions[cell(positions[key], 1)[:-1]]
        dimension.fill, dimension.border = styles.COMPUTED_FILL, styles.BOX
        for row in range(place.first_row, place.last_row + 1):
            sheet.cell(row=row, column=positions[key], value=_derived_formula(key, row, letters, layout))
    for record in table.record_columns:
        rng = area((place.columns[record.key], place.first_row), (place.columns[record.key], place.last_row), absolute=False)
        if record.codes:
            listed = ",".join(str(c) for c in record.codes)
            rule = validation(sheet, "list", f"{record.key}: choose one of {listed} (see the Codes sheet).", formula1=f'"{listed}"')
        else:
            rule = validation(sheet, "whole", f"{record.key}: a whole number from {record.minimum} to {record.maximum}.",
                              operator="between", formula1=str(record.minimum), formula2=str(record.maximum))
        rule.add(rng)
    for column in range(1, positions[derived[-1][0]] + 1 if derived else place.last_column + 1):
        sheet.column_dimensions[cell(column, 1)[:-1]].width = 11
    plain = Alignment(vertical="bottom")  # a style of its own, so these cells are written and the column's is not used
    for row in range(1, place.header_row):  # rows above the answers: locked, no box
        for column in place.input_columns:
            target = sheet.cell(row=row, column=column)
            target.protection, target.border, target.alignment = styles.LOCKED, Border(), plain


def _derived_formula(key: str, row: int, letters: dict[str, str], layout: Layout) -> str:
    at = {k: f"{letter}{row}" for k, letter in letters.items()}
    if key == "Stratum":
        psr, age, setting = at["PrimarySupportReason"], at["Age"], at["SupportSetting"]
        return (f'=IF({psr}="","",IF({psr}=7,1,IF({age}="","",IF(AND({age}>=18,{age}<=64),2,'
                f'IF(OR({setting}=2,{setting}=3),3,IF({setting}=1,4,""))))))')
    if key == "q1c":
        q1, form = at["q1"], at["Questionnaire"]
        return (f'=IF({q1}="","",IF(OR({form}=3,{form}=4),IF(AND({q1}>=1,{q1}<=5),{q1},""),'
                f'IF(AND({q1}>=1,{q1}<=7),MIN(MAX({q1}-1,1),5),"")))')
    measure = next(m for m in layout.declaration.measures if f"score_{m.code}" == key)
    if measure.method["kind"] == "scrqol":
        return _scrqol_formula(at, layout.declaration.year)
    items = [at[i] for i in measure.method["items"]]
    valid = ",".join(str(v) for v in measure.method["valid"])
    counted = "+".join(f"ISNUMBER(MATCH({i},{{{valid}}},0))" for i in items)
    top = len(items) * measure.method["top_code"]
    return f'=IF(({counted})={len(items)},{top}-({"+".join(items)}),"")'


def _choose(address: str, values: list[float]) -> str:
    return f"CHOOSE({address},{','.join(repr(float(v)) for v in values)})"


def _scrqol_formula(at: dict[str, str], year: str) -> str:
    """A person's 1J score from the year's coefficients; blank unless eligible (not LD, in the community, every item)."""
    table = coefficients(year)
    adjust, weights = table["adjustment"], table["item_weights"]
    ranged = {**{item: 4 for item in weights}, "q13": 5, "q17": 4, "q18": 4, **{i: 3 for i in adjust["difficulty_items"]}}
    valid = "+".join(f"ISNUMBER(MATCH({at[item]},{{{','.join(str(c) for c in range(1, top + 1))}}},0))"
                     for item, top in ranged.items())
    weighted = f"{table['scale']!r}*({'+'.join(_choose(at[i], w) for i, w in weights.items())})+({table['intercept']!r})"
    difficulties = "+".join(f"{at[i]}-1" for i in adjust["difficulty_items"])
    predicted = (f"{_choose(at['q13'], adjust['q13'])}+{_choose(at['q17'], adjust['q17'])}+{_choose(at['q18'], adjust['q18'])}"
                 f"+IF({at['Age']}>=65,{adjust['aged_65_and_over']!r},0)+{adjust['constant']!r}"
                 f"+({adjust['per_difficulty']!r})*({difficulties})")
    psr, setting, age = at["PrimarySupportReason"], at["SupportSetting"], at["Age"]
    eligible = f'AND({psr}<>"",{psr}<>7,{setting}=1,{age}<>"",({valid})={len(ranged)})'
    return f'=IF({eligible},{weighted}-({predicted}),"")'


SPLIT_CONDITIONS = {"18-64": "({age}>=18)*({age}<=64)", "65 and over": "({age}>=65)",
                    "Male": "({gender}=1)", "Female": "({gender}=2)"}


def _stratum_terms(measure: MeasureSpec, layout: Layout, split: str | None = None) -> list[tuple[str, str, str, str]]:
    """(population N_h, valid count n_h, valid count in the split n_dh, target count or score sum in the split t_dh)
    of each stratum, as Excel expressions; without a split n_dh is n_h."""
    place = next(p for p in layout.tables.values() if p.table.kind == "records")
    response = _range(place, layout, "Response")
    strata = STRATA if place.table.strata else (None,)
    terms = []
    for index, stratum in enumerate(strata):
        population_sheet, column, row = layout.population_cell(index if stratum else 0)
        size = "N(" + sheet_ref(population_sheet, cell(column, row, True)) + ")"
        condition = f"({response}=1)" + (f"*({_range(place, layout, 'Stratum')}={stratum})" if stratum else "")
        if measure.method["kind"] == "scrqol":  # the Q2c population: strata 1 and 3 none, stratum 2 its community share
            setting = _range(place, layout, "SupportSetting")
            known = f"SUMPRODUCT({condition}*ISNUMBER(MATCH({setting},{{1,2,3}},0)))"
            community = f"SUMPRODUCT({condition}*({setting}=1))"
            size = {1: "0", 2: f"{size}*IF({known}>0,{community}/{known},0)", 3: "0", 4: size}[stratum]
        within = condition + ("*" + SPLIT_CONDITIONS[split].format(age=_range(place, layout, "Age"),
                                                                     gender=_range(place, layout, "Gender")) if split else "")
        if measure.method["kind"] in SCORES:
            scores = _range(place, layout, f"score_{measure.code}")
            counted = f"SUMPRODUCT({condition}*ISNUMBER({scores}))"
            in_split = f"SUMPRODUCT({within}*ISNUMBER({scores}))"
            total = f"SUMPRODUCT({within}*ISNUMBER({scores}),{scores})"
        else:
            answers = _range(place, layout, measure.method["item"])
            valid = ",".join(str(v) for v in measure.method["valid"])
            target = ",".join(str(v) for v in measure.method["target"])
            counted = f"SUMPRODUCT({condition}*ISNUMBER(MATCH({answers},{{{valid}}},0)))"
            in_split = f"SUMPRODUCT({within}*ISNUMBER(MATCH({answers},{{{valid}}},0)))"
            total = f"SUMPRODUCT({within}*ISNUMBER(MATCH({answers},{{{target}}},0)))"
        terms.append((size, counted, in_split if split else counted, total))
    return terms


def survey_measure_cells(sheet: Worksheet, row: int, at: dict[str, int], measure: MeasureSpec, layout: Layout,
                         split: str | None = None) -> None:
    """Numerator and denominator of a survey measure or one of its splits: the stratum-weighted estimates.

    numerator = sum over strata with an answer in the split of N_h x t_dh / n_h; denominator = sum of N_h x n_dh / n_h
    (the split's estimated population; N_h itself without a split).
    """
    terms = _stratum_terms(measure, layout, split)
    numerator = "+".join(f"IF({d}>0,{size}*{t}/{n},0)" for size, n, d, t in terms)
    denominator = "+".join(f"IF({d}>0,{size}*{d}/{n},0)" if split else f"IF({n}>0,{size},0)" for size, n, d, _ in terms)
    styles.computed_cell(sheet, row, at["numerator"], f"={numerator}", "#,##0.00")
    styles.computed_cell(sheet, row, at["denominator"], f"={denominator}", "#,##0.00")


def write_splits(sheet: Worksheet, layout: Layout, gates: dict[str, tuple[str, ...]]) -> None:
    """The splits of every survey measure (18-64, 65 and over, male, female) below the measures, as published."""
    if not layout.split_rows:
        return
    at = computed_columns()
    first = min(layout.split_rows.values())
    sheet.cell(row=first - 2, column=1, value="By age band and gender (each split's population estimated from "
                                             "its own respondents in each stratum)").font = styles.BOLD
    styles.header_row(sheet, first - 1, [label for _, label in MEASURE_COLUMNS])
    measures = {m.code: m for m in layout.declaration.measures}
    for (code, split), row in layout.split_rows.items():
        measure = measures[code]
        for key, text in (("code", code), ("title", f"{measure.title}: {split}"), ("unit", UNIT_LABELS[measure.unit]),
                          ("polarity", measure.polarity)):
            sheet.cell(row=row, column=at[key], value=text).border = styles.BOX
        survey_measure_cells(sheet, row, at, measure, layout, split)
        numerator, denominator = cell(at["numerator"], row), cell(at["denominator"], row)
        styles.computed_cell(sheet, row, at["value"], value_formula(measure, numerator, denominator, gates[code]),
                             styles.value_format(measure.decimals))


def write_codes_sheet(book: Workbook, tables: list[Table]) -> None:
    """What each answer code means, column by column."""
    sheet = book.create_sheet(CODES_SHEET)
    styles.sheet_heading(sheet, "Answer codes", "Codes follow the questionnaire's option order: 1 is the first option.")
    styles.header_row(sheet, 4, ["Column", "Code", "Meaning"])
    row = 5
    for table in tables:
        for column in table.record_columns:
            if column.codes:
                for code, meaning in zip(column.codes, column.meanings):
                    sheet.append([column.key, code, meaning or "see the questionnaire"])
                    row += 1
            else:
                sheet.append([column.key, f"{column.minimum} to {column.maximum}", column.label])
                row += 1
    for letter, width in zip("ABC", (16, 10, 60)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    styles.protect(sheet)
