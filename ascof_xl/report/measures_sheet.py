"""The Measures sheet: one row per measure, an Excel table with a real header row, frozen panes
and filters, numbers in their unit's format and every band written as a word."""

from __future__ import annotations

from typing import Any, Callable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.benchmark.groups import MEDIAN
from ascof_xl.outputs.cells import put
from ascof_xl.report.styles import BAND_FILLS, BODY, BOLD, CENTRE, RIGHT, WRAP, fit_cells, page_setup
from ascof_xl.report.wording import number_format

TABLE_NAME = "Measures"
GROUP_HEADINGS = {"england": "England", "region": "Region", "neighbours": "Neighbours"}

Column = tuple[str, float, Callable[[dict[str, Any]], Any], str]  # heading, width, value, kind


def columns(briefing: dict[str, Any]) -> list[Column]:
    """The table's columns: heading, width, how to read the value from a measure row, and its kind.

    Kinds: "value" (the measure's unit format), "band" (a band word with its fill), "wrap" (long text),
    "centre", "text" and "count".
    """
    found: list[Column] = [
        ("Code", 7, lambda m: m["code"], "text"),
        ("Title", 44, lambda m: m["title"], "wrap"),
        (briefing["area_heading"], 10, lambda m: int(m["area"]) if m["area"].isdigit() else m["area"], "centre"),
        ("Unit", 12, lambda m: m["unit"], "text"),
        ("Polarity", 15, lambda m: m["polarity"] + " is better" if m["polarity"] != "none" else "none", "text"),
        (f"Value {briefing['year']}", 13, _value, "value"),
    ]
    for profile in briefing["profiles"]:
        kind, name = profile["kind"], GROUP_HEADINGS[profile["kind"]]
        comparator = f"{name} median" if profile["comparator_kind"] == MEDIAN else f"{name} value"
        found += [
            (comparator, 11, lambda m, k=kind: m["groups"][k]["comparator_value"], "value"),
            (f"{name} band", 13, lambda m, k=kind: m["groups"][k]["band"], "band"),
            (f"{name} rank", 11, lambda m, k=kind: m["groups"][k]["rank"], "count"),
            (f"{name} councils", 9, lambda m, k=kind: m["groups"][k]["n"], "count"),
        ]
    found += [
        ("Previous value", 11, lambda m: m["previous_value"], "value"),
        ("Year compared", 10, lambda m: m["previous_year"] if m["previous_value"] is not None else None, "centre"),
        ("Direction of travel", 11, lambda m: m["direction"], "text"),
        ("Change since last year", 12, lambda m: m["change"], "text"),
        ("Against England value", 12, lambda m: m["groups"]["england"]["significance"], "text"),
        ("Trend", 13, lambda m: m["trend"], "text"),
        ("Series break", 16, _series_break, "wrap"),
    ]
    return found


def _series_break(measure: dict[str, Any]) -> str | None:
    """The break in a few words ("break in series in 2024-25"); the Notes sheet gives the reason."""
    text = measure["series_break"]
    return f"{text.partition(':')[0]} (see Notes)" if text else None


def _value(measure: dict[str, Any]) -> Any:
    """The council's value, or the publication's marker where it has none ("[x]")."""
    if measure["value"] is not None:
        return measure["value"]
    return f"[{measure['marker']}]" if measure["marker"] else "no value"


def write_measures(sheet: Worksheet, briefing: dict[str, Any]) -> None:
    """Fill the Measures sheet and make it an Excel table."""
    table_columns = columns(briefing)
    for number, (heading, width, _, _) in enumerate(table_columns, 1):
        cell = put(sheet, 1, number, heading)
        cell.font, cell.alignment = BOLD, CENTRE
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.row_dimensions[1].height = 30
    for row_number, measure in enumerate(briefing["measures"], 2):
        for number, (_, width, read, kind) in enumerate(table_columns, 1):
            cell = put(sheet, row_number, number, read(measure))
            cell.font, cell.alignment = BODY, WRAP
            if kind == "value" and isinstance(cell.value, float):
                cell.number_format = number_format(measure["unit"], measure["decimals"])
            elif kind == "value":
                cell.alignment = RIGHT  # a marker such as [c] stands where the number would
            elif kind == "band" and cell.value in BAND_FILLS:
                cell.fill, cell.alignment = BAND_FILLS[cell.value], CENTRE
            elif kind == "band":
                cell.value, cell.alignment = "not banded", CENTRE
            elif kind == "centre":
                cell.alignment = CENTRE
        fit_cells(sheet, row_number, [(str(sheet.cell(row_number, number).value or ""), width)
                                      for number, (_, width, _, kind) in enumerate(table_columns, 1)
                                      if kind not in ("value", "count")])
    last = f"{get_column_letter(len(table_columns))}{len(briefing['measures']) + 1}"
    table = Table(displayName=TABLE_NAME, ref=f"A1:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = "C2"
    sheet.print_area = f"A1:{last}"
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:B"
    wide = 2 if len(table_columns) > 20 else 1  # with neighbours, two pages across, code and title on both
    page_setup(sheet, landscape=True, title=f"{briefing['council']['name']}: ASCOF {briefing['year']}, every measure",
               pages_wide=wide)
