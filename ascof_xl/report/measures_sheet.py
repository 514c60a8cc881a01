"""The Measures sheet: one row per measure, an Excel table with a real header row, frozen panes
and filters, numbers in their unit's format and every band written as a word on its colour.
One landscape page across, so each measure's figures read on one line."""

from __future__ import annotations

from typing import Any, Callable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.benchmark.groups import MEDIAN
from ascof_xl.outputs.cells import put
from ascof_xl.report.styles import (
    BAND_FILLS, BAND_FONTS, BODY, BOLD, CENTRE, HEADER_FILL, NOTE, RIGHT, TITLE, WRAP, fit_cells, page_setup,
)
from ascof_xl.report.wording import number_format

TABLE_NAME = "Measures"
HEADER_ROW = 3  # below the title (A1) and a line on how to read the table
GROUP_HEADINGS = {"region": "Region", "neighbours": "Neighbours"}  # the all-councils group heads itself

Column = tuple[str, float, Callable[[dict[str, Any]], Any], str]  # heading, width, value, kind


def columns(briefing: dict[str, Any]) -> list[Column]:
    """The table's columns: heading, width, how to read the value from a measure row, and its kind.

    Kinds: "value" (the measure's unit format), "band" (a band word on its colour), "wrap" (long text),
    "centre" and "text". Narrow enough for one landscape page across, so a measure reads on one line.
    """
    found: list[Column] = [
        ("Code", 6, lambda m: m["code"], "text"),
        ("Title", 40, lambda m: m["title"], "wrap"),
        ("Polarity", 8, lambda m: m["polarity"] if m["polarity"] != "none" else "none", "centre"),
        (f"Value {briefing['year']}", 9, _value, "value"),
        ("Previous value", 9, lambda m: m["previous_value"], "value"),
        ("Compared with", 10, lambda m: m["previous_year"] if m["previous_value"] is not None else None, "centre"),
        ("Direction of travel", 10, lambda m: m["direction"], "wrap"),
        ("Change since last year", 13, lambda m: m["change"], "wrap"),
    ]
    for profile in briefing["profiles"]:
        kind = profile["kind"]
        name = GROUP_HEADINGS.get(kind) or briefing["all_councils"]["heading"]
        comparator = f"{name} median" if profile["comparator_kind"] == MEDIAN else f"{name} value"
        found += [
            (comparator, 11.5, lambda m, k=kind: m["groups"][k]["comparator_value"], "value"),
            (f"{name} band", 12, lambda m, k=kind: m["groups"][k]["band"], "band"),
            (f"{name} rank", 11, lambda m, k=kind: _rank(m["groups"][k]), "centre"),
        ]
    found += [
        (f"Against {briefing['all_councils']['name']} value", 13, lambda m: m["groups"]["england"]["significance"],
         "wrap"),
        ("Trend", 11, lambda m: m["trend"], "wrap"),
        ("Series break", 10, _series_break, "wrap"),
    ]
    return found


def _rank(group: dict[str, Any]) -> str | None:
    """"3 of 15": the rank among the councils of the group with a value."""
    return f"{group['rank']} of {group['n']}" if group.get("rank") is not None else None


def _series_break(measure: dict[str, Any]) -> str | None:
    """The break in a few words ("break in series in 2024-25"); the Notes sheet gives the reason."""
    text = measure["series_break"]
    return f"{text.partition(':')[0].replace('break in series in', 'break in')} (see Notes)" if text else None


def _value(measure: dict[str, Any]) -> Any:
    """The council's value, or the publication's marker where it has none ("[x]")."""
    if measure["value"] is not None:
        return measure["value"]
    return f"[{measure['marker']}]" if measure["marker"] else "no value"


def write_measures(sheet: Worksheet, briefing: dict[str, Any]) -> None:
    """Fill the Measures sheet: its title in A1, a line on reading it, then the Excel table, whose header
    row is as tall as its longest heading."""
    table_columns = columns(briefing)
    council, year = briefing["council"]["name"], briefing["year"]
    put(sheet, 1, 1, f"Every measure: {council}, ASCOF {year}{briefing['all_councils']['mark']}").font = TITLE
    put(sheet, 2, 1, "One row a measure. Bands are written as words on their colour; rank 1 is the best value in "
                     "the group; a marker such as [x] stands where the publication gives no value.").font = NOTE
    sheet.row_dimensions[1].height = 24
    for number, (heading, width, _, _) in enumerate(table_columns, 1):
        cell = put(sheet, HEADER_ROW, number, heading)
        cell.font, cell.alignment, cell.fill = BOLD, CENTRE, HEADER_FILL
        sheet.column_dimensions[get_column_letter(number)].width = width
    fit_cells(sheet, HEADER_ROW, [(heading, width - 1.5) for heading, width, _, _ in table_columns])
    for row_number, measure in enumerate(briefing["measures"], HEADER_ROW + 1):
        for number, (_, width, read, kind) in enumerate(table_columns, 1):
            cell = put(sheet, row_number, number, read(measure))
            cell.font, cell.alignment = BODY, WRAP
            if kind == "value" and isinstance(cell.value, float):
                cell.number_format = number_format(measure["unit"], measure["decimals"])
            elif kind == "value":
                cell.alignment = RIGHT  # a marker such as [c] stands where the number would
            elif kind == "band" and cell.value in BAND_FILLS:
                cell.fill, cell.font, cell.alignment = BAND_FILLS[cell.value], BAND_FONTS[cell.value], CENTRE
            elif kind == "band":
                cell.value, cell.alignment = "not banded", CENTRE
            elif kind == "centre":
                cell.alignment = CENTRE
        fit_cells(sheet, row_number, [(str(sheet.cell(row_number, number).value or ""), width - 1)
                                      for number, (_, width, _, kind) in enumerate(table_columns, 1)
                                      if kind not in ("value",)])
    last = f"{get_column_letter(len(table_columns))}{len(briefing['measures']) + HEADER_ROW}"
    table = Table(displayName=TABLE_NAME, ref=f"A{HEADER_ROW}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"
    sheet.print_area = f"A1:{last}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    page_setup(sheet, landscape=True, title=f"{council}: ASCOF {year}, every measure")
    sheet.page_setup.fitToHeight = 1  # one page: every measure's figures on one line, side by side
