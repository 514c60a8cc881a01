"""The Benchmarks sheet: published values and cut points, one row per measure, as the add-in's refresh writes it.

Layout (agreed with the add-in): sheet "Benchmarks", table title in A4, header row 5 with the columns
of `BENCHMARK_SHEET_COLUMNS` (Year, Code, Measure, Polarity, Unit, Decimals, England, 25th percentile,
Median, 75th percentile, Mean of councils, Standard deviation, Councils with a value, Lowest, Highest),
data from row 6 down; blank cells where a figure is not published.
"""

from __future__ import annotations

from typing import Any

from ascof_xl.benchmark.context import measure_info
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import total_measures
from ascof_xl.outputs.cells import put
from ascof_xl.published.bundled import bundled_store
from ascof_xl.published.store import Store
from ascof_xl.templates.layout import BENCHMARK_ROWS, BENCHMARK_SHEET_COLUMNS, layout_of
from ascof_xl.templates.published_figures import published_row

BENCHMARK_SHEET = "Benchmarks"
BENCHMARK_TABLE = "BENCH"


def benchmark_rows(year: str | None = None, store: Store | None = None) -> list[dict[str, Any]]:
    """One row per measure published with an all-ages value in `year` (default: the latest full year)."""
    store = store or bundled_store()
    year = year or store.latest_year()
    positions = Positions(store)
    rows = []
    for code in total_measures(positions, year):
        info = measure_info(code, year)
        figures = published_row(positions, code, year) if store.has_year(year) else {}
        values = sorted(figures.get("values", {}).values())
        rows.append({"year": year, "code": code, "title": info.title, "polarity": info.polarity, "unit": info.unit,
                     "decimals": info.decimals_in(year), "england": figures.get("england"),
                     "p25": figures.get("p25"), "median": figures.get("median"), "p75": figures.get("p75"),
                     "mean": figures.get("mean"), "sd": figures.get("sd"), "n": figures.get("n"),
                     "lowest": values[0] if values else None, "highest": values[-1] if values else None})
    return rows


def benchmark_table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """Header and rows as a 2-D list (None for blanks), for any workbook interface to write at A5."""
    keys = [key for key, _ in BENCHMARK_SHEET_COLUMNS]
    return [[label for _, label in BENCHMARK_SHEET_COLUMNS]] + [[row.get(key) for key in keys] for row in rows]


def write_benchmark_sheet(workbook: Any, rows: list[dict[str, Any]], year: str | None = None) -> None:
    """Write the rows into the workbook's Benchmarks sheet (openpyxl), clearing the rows of an earlier refresh."""
    if len(rows) > BENCHMARK_ROWS:
        raise ValueError(f"the Benchmarks sheet holds {BENCHMARK_ROWS} rows; {len(rows)} given")
    place = layout_of("benchmark", year or (rows[0]["year"] if rows else bundled_store().latest_year())).tables[BENCHMARK_TABLE]
    sheet = workbook[BENCHMARK_SHEET] if BENCHMARK_SHEET in workbook.sheetnames else workbook.create_sheet(BENCHMARK_SHEET)
    table = benchmark_table(rows)
    for row in range(place.first_row, place.last_row + 1):
        for column in range(1, len(BENCHMARK_SHEET_COLUMNS) + 1):
            sheet.cell(row=row, column=column).value = None
    for offset, values in enumerate(table):
        for column, value in enumerate(values, start=1):
            put(sheet, place.header_row + offset, column, value)
