"""Where every cell of a template sits, worked out once from its declaration for the generator and the validator.

Every sheet starts with a title (row 1) and a note (row 2); tables follow from row 4, each with its
own title row and a real header row, two blank rows apart.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import cache

from openpyxl.utils import get_column_letter

from ascof_xl.councils import Council, load_councils
from ascof_xl.templates.declaration import Declaration, MeasureSpec, Table, load_declaration

FIRST_TABLE_ROW = 4
TABLE_GAP = 3
META_SHEET = "_ascof"
MEASURES_SHEET = "Measures"
PUBLISHED_SHEET = "Published"
DISTRIBUTION_SHEET = "Distribution"
VALIDATION_SHEET = "Validation"
BENCHMARK_ROWS = 400  # rows the benchmark sheet's checks cover; far more measures than any year publishes
SPLITS = ("18-64", "65 and over", "Male", "Female")  # survey measures' splits, as NHS Digital publishes them
SPLITS_GAP = 2
PREAMBLE_CHARACTERS = 120  # an italic line of Option Two's preamble, inside its columns A:G (112 width units)
HEADER_ROW = 4  # header row of the list sheets (Measures, Published, Distribution, Validation)

MEASURE_COLUMNS = (("code", "Code"), ("title", "Measure"), ("unit", "Unit"), ("polarity", "Polarity"),
                   ("numerator", "Numerator"), ("denominator", "Denominator"), ("value", "Value"))
STAGE_COLUMNS = (("code", "Indicator"), ("stage", "Stage"), ("title", "Indicator wording"), ("unit", "Unit"),
                 ("numerator", "Numerator"), ("denominator", "Denominator"), ("value", "Value"))
BENCHMARK_COLUMNS = (("england", "England"), ("p25", "25th percentile"), ("median", "Median"),
                     ("p75", "75th percentile"), ("band", "Quartile band"), ("rank", "Rank"), ("n", "of n"),
                     ("comparison", "Against England"))
PUBLISHED_COLUMNS = (("code", "Code"), ("title", "Measure"), ("year", "Published year used"), ("england", "England"),
                     ("n", "Councils with a value"), ("mean", "Mean of councils"), ("sd", "Standard deviation"),
                     ("p25", "25th percentile"), ("median", "Median"), ("p75", "75th percentile"))
PUBLISHED_AT = {key: index for index, (key, _) in enumerate(PUBLISHED_COLUMNS, start=1)}
BENCHMARK_SHEET_COLUMNS = (("year", "Year"), ("code", "Code"), ("title", "Measure"), ("polarity", "Polarity"),
                           ("unit", "Unit"), ("decimals", "Decimals"), ("england", "England"),
                           ("p25", "25th percentile"), ("median", "Median"), ("p75", "75th percentile"),
                           ("mean", "Mean of councils"), ("sd", "Standard deviation"), ("n", "Councils with a value"),
                           ("lowest", "Lowest"), ("highest", "Highest"))
VALIDATION_COLUMNS = (("rule", "Rule"), ("check", "Check"), ("severity", "Severity"), ("where", "Where"),
                      ("status", "Status"), ("reason", "Breach reason (write why, to explain a FAIL or WARNING)"))
VALIDATION_AT = {key: index for index, (key, _) in enumerate(VALIDATION_COLUMNS, start=1)}
UNIT_LABELS = {"percentage": "%", "rate per 100,000": "per 100,000", "mean score": "score", "index": "index",
               "number": "number", "median": "median", "unspecified": ""}
SCORES = ("score", "scrqol")  # survey measures averaged over a worked-out score per person
FINDING_COLUMNS = ("rule", "severity", "sheet", "cell", "message", "explanation")


def cell(column: int, row: int, absolute: bool = False) -> str:
    """An A1 address; absolute gives $A$1."""
    letter = get_column_letter(column)
    return f"${letter}${row}" if absolute else f"{letter}{row}"


def area(first: tuple[int, int], last: tuple[int, int], absolute: bool = True) -> str:
    """An A1 range from (column, row) to (column, row)."""
    return f"{cell(*first, absolute)}:{cell(*last, absolute)}"


def sheet_ref(sheet: str, address: str) -> str:
    """A reference with its sheet name quoted as Excel writes it."""
    return f"'{sheet.replace(chr(39), chr(39) * 2)}'!{address}"


@dataclass
class TablePlace:
    """Where one table sits: its title row, header row, first data row, columns and input cells."""

    table: Table
    top: int
    header_row: int
    first_row: int
    last_row: int  # last data row
    first_column: int
    last_column: int  # last column written (totals included)
    input_columns: tuple[int, ...]
    total_row: int | None = None
    total_column: int | None = None
    columns: dict[str, int] = field(default_factory=dict)  # named columns (measure and record tables)
    derived: dict[str, int] = field(default_factory=dict)  # worked-out columns after a records table's answers

    @property
    def bottom(self) -> int:
        return self.total_row or self.last_row

    def input_range(self) -> str:
        """The input cells as one A1 range (they are always one rectangle); the data area where nothing is entered."""
        columns = self.input_columns or (self.first_column, self.last_column)
        return area((min(columns), self.first_row), (max(columns), self.last_row))

    def grid_cell(self, row_key: str, column_key: str) -> tuple[int, int]:
        """(column, row) of a grid cell by its row and column keys."""
        rows = [k for k, _ in self.table.rows]
        columns = [k for k, _ in self.table.columns]
        return self.first_column + 1 + columns.index(column_key), self.first_row + rows.index(row_key)


@dataclass
class Layout:
    """Every place of a template: tables by id, measure rows, published rows and validation rows."""

    declaration: Declaration
    tables: dict[str, TablePlace]
    measure_rows: dict[str, tuple[str, int, dict[str, int]]]  # code -> (sheet, row, named columns)
    published_rows: dict[str, int]  # code -> row on the Published sheet
    distribution_columns: dict[str, int]  # code -> column on the Distribution sheet
    council_cell: tuple[str, str] | None = None  # (sheet, address) of the chosen council, own figures
    councils: tuple[Council, ...] = ()  # rows of the Distribution sheet: the councils of the year, by name
    split_rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (code, split) -> row on the Measures sheet
    identity_cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (sheet, address): who and when

    def validation_row(self, index: int) -> int:
        """The Validation sheet row of the check listed `index`-th (from 0)."""
        return HEADER_ROW + 1 + index

    def published_cell(self, code: str, key: str) -> tuple[str, int, int]:
        """(sheet, column, row) of one published figure of a measure on the Published sheet."""
        return PUBLISHED_SHEET, PUBLISHED_AT[key], self.published_rows[code]

    def population_cell(self, index: int) -> tuple[str, int, int]:
        """(sheet, column, row) of a survey's stratum population (`index` from 0, the strata in order)."""
        place = self.tables["POP"]
        return place.table.sheet, place.input_columns[0], place.first_row + index

    def measure_cell(self, code: str, column: str, absolute: bool = True) -> tuple[str, str]:
        """(sheet, address) of one named cell of a measure's row."""
        sheet, row, columns = self.measure_rows[code]
        return sheet, cell(columns[column], row, absolute)


def _grid_place(table: Table, top: int) -> TablePlace:
    first_row = top + 2
    last_row = first_row + len(table.rows) - 1
    inputs = tuple(range(2, 2 + len(table.columns)))
    last_column = inputs[-1] + (1 if table.row_totals else 0)
    return TablePlace(table, top, top + 1, first_row, last_row, 1, last_column, inputs,
                      total_row=last_row + 1 if table.column_totals else None,
                      total_column=last_column if table.row_totals else None)


def measure_columns(table: Table) -> tuple[tuple[str, str], ...]:
    """The columns of a measure table: Option Two rows carry their stage; own figures add the benchmark."""
    base = STAGE_COLUMNS if any(m.stage for m in table.measures) else MEASURE_COLUMNS
    return base + (BENCHMARK_COLUMNS if table.benchmark else ())


def preamble_lines(table: Table) -> tuple[str, ...]:
    """A block's preamble as printed lines, one a row: each paragraph wrapped short enough to run across the empty
    cells to its right and stay inside the printed columns, so no cell is merged (GSS guidance) and none is clipped."""
    return tuple(line for paragraph in table.preamble
                 for line in textwrap.wrap(paragraph, PREAMBLE_CHARACTERS, break_on_hyphens=False))


def _measures_place(table: Table, top: int) -> TablePlace:
    columns = {key: index for index, (key, _) in enumerate(measure_columns(table), start=1)}
    header = top + 1 + len(preamble_lines(table))
    last_row = header + max(len(table.measures), 1)
    inputs = (columns["numerator"], columns["denominator"])
    return TablePlace(table, top, header, header + 1, last_row, 1, len(columns), inputs, columns=columns)


def records_columns(table: Table) -> dict[str, int]:
    """Record columns by key, in declaration order from column A."""
    return {c.key: index for index, c in enumerate(table.record_columns, start=1)}


def _records_place(table: Table, top: int) -> TablePlace:
    columns = records_columns(table)
    first_row = top + 2
    last_row = first_row + table.record_count - 1
    inputs = tuple(columns.values())
    return TablePlace(table, top, top + 1, first_row, last_row, 1, len(columns), inputs, columns=columns)


def _benchmark_place(table: Table, top: int) -> TablePlace:
    columns = {key: index for index, (key, _) in enumerate(BENCHMARK_SHEET_COLUMNS, start=1)}
    return TablePlace(table, top, top + 1, top + 2, top + 1 + BENCHMARK_ROWS, 1, len(columns), (), columns=columns)


def _text_place(table: Table, top: int) -> TablePlace:
    last = top + len(preamble_lines(table))
    return TablePlace(table, top, last, last + 1, last, 1, 1, ())


def derived_columns(table: Table, measures: tuple[MeasureSpec, ...]) -> list[tuple[str, str]]:
    """Worked-out columns after a records table's answers: the stratum, q1 combined and each score measure's person score."""
    found = []
    if table.strata:
        found.append(("Stratum", "Stratum (worked out)"))
    if any(m.method.get("item") == "q1c" for m in measures):
        found.append(("q1c", "q1 combined (worked out)"))
    found += [(f"score_{m.code}", f"{m.code} score (worked out)") for m in measures if m.method.get("kind") in SCORES]
    return found


PLACERS = {"text": _text_place, "grid": _grid_place, "measures": _measures_place, "records": _records_place, "benchmark": _benchmark_place}


def computed_columns() -> dict[str, int]:
    """Columns of the Measures sheet, where a template computes its measures from its tables."""
    return {key: index for index, (key, _) in enumerate(MEASURE_COLUMNS, start=1)}


def published_measures(declaration: Declaration) -> tuple[MeasureSpec, ...]:
    """The measures a template compares with published figures: every ASCOF measure it computes or collects."""
    if declaration.framework.startswith("ascof"):
        return declaration.all_measures()
    return ()


@cache
def layout_of(name: str, year: str) -> Layout:
    """The layout of a template for a year (cached: the generator and the validator ask often)."""
    return build_layout(load_declaration(name, year))


def build_layout(declaration: Declaration) -> Layout:
    """Place every table of every sheet, the measure rows, the published rows and the distribution columns."""
    tables: dict[str, TablePlace] = {}
    measure_rows: dict[str, tuple[str, int, dict[str, int]]] = {}
    council_cell = None
    identity_cells = {}
    for index, sheet in enumerate(declaration.sheets):
        top = FIRST_TABLE_ROW + (2 if any(t.benchmark for t in sheet.tables) else 0)
        if any(t.benchmark for t in sheet.tables):
            council_cell = (sheet.name, cell(2, FIRST_TABLE_ROW, absolute=True))
        if index == 0 and declaration.identity:  # the identity cells, one a row, then the tables
            identity_cells = {item.key: (sheet.name, cell(2, FIRST_TABLE_ROW + row, absolute=True))
                              for row, item in enumerate(declaration.identity)}
            council_cell = identity_cells.get("council", council_cell)
            top = FIRST_TABLE_ROW + len(declaration.identity) + 1
        for table in sheet.tables:
            place = PLACERS[table.kind](table, top)
            if table.kind == "records":
                derived = derived_columns(table, declaration.measures)
                place.derived = {key: place.last_column + i for i, (key, _) in enumerate(derived, start=1)}
            tables[table.id] = place
            for offset, measure in enumerate(table.measures):
                measure_rows[measure.code] = (sheet.name, place.first_row + offset, place.columns)
            top = place.bottom + TABLE_GAP
    computed = computed_columns()
    for offset, measure in enumerate(declaration.measures):
        measure_rows[measure.code] = (MEASURES_SHEET, HEADER_ROW + 1 + offset, computed)
    published = {m.code: HEADER_ROW + 1 + i for i, m in enumerate(published_measures(declaration))}
    distribution, councils = {}, ()
    if any(t.benchmark for t in declaration.tables):
        distribution = {m.code: 3 + i for i, m in enumerate(published_measures(declaration))}
        councils = tuple(sorted((c for c in load_councils() if c.existed_in(declaration.year)), key=lambda c: c.name))
    split_rows = {}
    splits = [m for m in declaration.measures if m.method and m.method.get("kind") != "scrqol"]
    first = HEADER_ROW + len(declaration.measures) + SPLITS_GAP + 1  # a title row, a header row, then the splits
    for offset, (measure, split) in enumerate((m, s) for m in splits for s in SPLITS):
        split_rows[(measure.code, split)] = first + 1 + offset
    return Layout(declaration, tables, measure_rows, published, distribution, council_cell, councils, split_rows,
                  identity_cells)
