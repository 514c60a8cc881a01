"""The Contents sheet: the cover a reader (or a screen reader) meets first. Its title in A1, what the
briefing is, and an Excel table of the sheets, each a link, with what it holds."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.report.sheet_writer import SheetWriter
from ascof_xl.report.styles import (
    BODY, BOLD, HEADER_FILL, LINK, NOTE, SUBHEADING, TITLE, WRAP, fit_cells, page_setup, set_widths,
)

WIDTHS = {"A": 16, "B": 80}


def sheet_descriptions(briefing: dict[str, Any]) -> list[tuple[str, str]]:
    """Each sheet after this one, with what it holds."""
    groups = ", ".join(p["label"] for p in briefing["profiles"])
    everyone, councils, provisional = (briefing["all_councils"][k] for k in ("name", "councils", "provisional"))
    return [
        ("Summary", "The headline, the quartile profile against each group, the top and bottom quartile lists, "
                    "positive progress, measures to watch and other changes, each with its evidence."),
        ("Measures", f"Every measure: value, previous value, change, and band, rank and comparator against {groups}."),
        ("Series", "Each measure's own value as collected, with breaks in series marked." if provisional else
                   f"Each measure's value over the years beside {everyone}'s, with breaks in series marked."),
        ("Charts", f"Spine charts: where the council sits among {councils} on each measure, by "
                   f"{briefing['area_heading'].lower()}, with the figures each is drawn from in a table beside it."),
        ("Notes", "Statistical neighbours, published counts that are rounded, method, series breaks and the "
                  "definition of every measure."),
    ]


def write_contents(sheet: Worksheet, briefing: dict[str, Any], version: str, built: str, sources: list[str]) -> None:
    """Fill the Contents sheet."""
    council, year, everyone = briefing["council"]["name"], briefing["year"], briefing["all_councils"]
    set_widths(sheet, WIDTHS)
    out = SheetWriter(sheet, len(WIDTHS))
    out.heading(f"ASCOF {year} briefing: {council}{everyone['mark']}", TITLE)
    source = "a regional collection of councils' own returns" if everyone["provisional"] else "published data"
    out.paragraph(f"Adult Social Care Outcomes Framework {year}: how {council} compares with {everyone['name']}, its "
                  f"region{' and its statistical neighbours' if briefing['neighbours_file'] else ''}, what improved "
                  f"and what to watch. Built from {source} by ascof-xl.", BODY)
    if everyone["note"]:
        out.paragraph(everyone["note"], NOTE)
    out.paragraph(f"Built {built} by ascof-xl {version}. Framework: {briefing['framework']}.", NOTE)
    out.skip()
    out.heading("Contents", SUBHEADING)
    first = out.row
    for cell in out.cells(["Sheet", "What it holds"], BOLD):
        cell.fill = HEADER_FILL
    for name, text in sheet_descriptions(briefing):
        link, what = out.cells([name, text], BODY)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1", display=name)  # within the book
        link.font = LINK
        link.alignment = what.alignment = WRAP
        fit_cells(sheet, out.row - 1, [(text, WIDTHS["B"] - 2)])
    table = Table(displayName="Contents", ref=f"A{first}:{get_column_letter(len(WIDTHS))}{out.row - 1}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    sheet.add_table(table)
    out.skip()
    out.heading("Data and licence", SUBHEADING)
    for source in sources:
        out.paragraph(source, BODY)
    out.skip()
    out.paragraph("Every sheet has its title in cell A1; tables have header rows; no cells are merged and no sheet "
                  "is hidden.", NOTE)
    sheet.print_area = f"A1:B{out.row - 1}"
    page_setup(sheet, landscape=False, title=f"{council}: ASCOF {year} briefing, contents")
