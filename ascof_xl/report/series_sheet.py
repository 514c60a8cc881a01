"""The Series sheet: each measure's values over the years against England, as one Excel table.

Two rows a measure (the council, then England), the code on both, one column a year, so a printed
row reads on its own. A break in series is marked by a heavy rule before the year it starts and
said in words in the last column; so is a year the publication sets apart.
"""

from __future__ import annotations

from typing import Any

from openpyxl.styles import Border, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.styles import BODY, BOLD, CENTRE, HEADER_FILL, NOTE, TITLE, WRAP, fit_cells, page_setup
from ascof_xl.report.wording import number_format
from ascof_xl.story import YearValue

BREAK_RULE = Border(left=Side(style="thick", color="000000"))
FIXED = (("Code", 6), ("Values of", 16))
NOTES = ("Series breaks and years set apart", 36)
YEAR_WIDTH = 8.5


def series_notes(series: tuple[YearValue, ...]) -> str | None:
    """The breaks and years standing apart in a series, in a few words ("break in 2024-25; 2020-21 set apart")."""
    said = [f"break in {p.year}" for p in series if p.break_note]
    said += [f"{p.year} set apart" for p in series if p.apart_note]
    return "; ".join(said) + " (see Notes)" if said else None


def write_series(sheet: Worksheet, briefing: dict[str, Any]) -> None:
    """Fill the Series sheet: a title, a line on how to read it, and the table."""
    council, year = briefing["council"]["name"], briefing["year"]
    years = sorted({p.year for m in briefing["measures"] for p in m["series"]})
    widths = [w for _, w in FIXED] + [YEAR_WIDTH] * len(years) + [NOTES[1]]
    for number, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    out = SheetWriter(sheet, len(widths))
    everyone = briefing["all_councils"]
    rows = ((council, lambda p: p.value),) + (() if everyone["provisional"] else (("England", lambda p: p.england),))
    span = f"{years[0] if years else year} to {year}"
    if everyone["provisional"]:  # a collection: the councils' own figures, and no published aggregate beside them
        out.heading(f"Series: {council} (provisional)", TITLE)  # one year, in the page header
        lead = f"One row a measure: {council}'s own value as collected; the data holds no England figures to show."
    else:
        out.heading(f"Series: {council} and England, {span}", TITLE)
        lead = f"Two rows a measure: {council}'s published value, then England's."
    out.paragraph(f"{lead} A heavy rule before a year "
                  "marks a break in series (the years either side are not comparable); the last column says so in "
                  "words. An empty cell: no value published that year (the carers' survey runs every other year).",
                  NOTE)
    first = out.row
    header = out.cells([name for name, _ in FIXED] + years + [NOTES[0]], BOLD, height=28)
    for cell in header:
        cell.alignment, cell.fill = CENTRE, HEADER_FILL
    for measure in briefing["measures"]:
        by_year = {p.year: p for p in measure["series"]}
        notes = series_notes(measure["series"])
        for who, read in rows:
            values = [read(by_year[y]) if y in by_year else None for y in years]
            written = out.cells([measure["code"], who, *values, notes], BODY, height=13)
            for column, cell in enumerate(written[2:-1]):
                cell.number_format = number_format(measure["unit"], measure["decimals"])
                point = by_year.get(years[column])
                if point is not None and point.break_note:
                    cell.border = BREAK_RULE
            written[-1].alignment = WRAP
            written[-1].font = NOTE
            fit_cells(sheet, out.row - 1, [(notes or "", NOTES[1] - 1)])
    last = f"{get_column_letter(len(widths))}{out.row - 1}"
    table = Table(displayName="Series", ref=f"A{first}:{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    sheet.freeze_panes = f"C{first + 1}"
    sheet.print_area = f"A1:{last}"
    sheet.print_title_rows = f"{first}:{first}"
    page_setup(sheet, landscape=len(years) > 6, title=f"{council}: ASCOF {year}, series")
    sheet.page_setup.fitToHeight = 1  # one page: the whole series at a glance
