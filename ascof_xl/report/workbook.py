"""Assemble the briefing workbook and save it atomically, each chart carrying its alt text.

openpyxl writes a chart's drawing frame without a description, so a screen reader finds no alt
text; the writer here puts each chart's `alt_text` into the frame's `descr` (and its title).
"""

from __future__ import annotations

import datetime
from copy import copy
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.styles.borders import DEFAULT_BORDER
from openpyxl.styles.named_styles import NamedStyle, NamedStyleList
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.writer.excel import ExcelWriter

from ascof_xl import __version__
from ascof_xl.outputs.atomic import atomic_path
from ascof_xl.report.charts_sheet import write_charts
from ascof_xl.report.contents_sheet import write_contents
from ascof_xl.report.measures_sheet import write_measures
from ascof_xl.report.notes_sheet import write_notes
from ascof_xl.report.series_sheet import write_series
from ascof_xl.report.styles import BODY
from ascof_xl.report.summary_sheet import write_summary

SHEETS = ("Contents", "Summary", "Measures", "Series", "Charts", "Notes")


def briefing_workbook(briefing: dict[str, Any], sources: list[str], attribution: str) -> Workbook:
    """The workbook: Contents, Summary, Measures, Series, Charts (with their data) and Notes, all visible."""
    book = Workbook()
    use_normal_font(book)
    sheets = [book.active, *(book.create_sheet() for _ in SHEETS[1:])]
    for sheet, name in zip(sheets, SHEETS):
        sheet.title = name
    contents, summary, measures, series, charts, notes = sheets
    built = datetime.datetime.now(tz=datetime.timezone.utc).strftime("%d %B %Y")
    write_contents(contents, briefing, __version__, built, sources + [attribution])
    write_summary(summary, briefing)
    write_measures(measures, briefing)
    write_series(series, briefing)
    write_charts(charts, briefing)
    write_notes(notes, briefing)
    mark = briefing["all_councils"]["mark"]  # " (provisional, not published)" from a collection: on every page too
    for sheet in sheets:
        sheet.oddHeader.left.text += mark
    book.properties.title = f"ASCOF {briefing['year']} briefing: {briefing['council']['name']}{mark}"
    book.properties.creator = f"ascof-xl {__version__}"
    return book


def use_normal_font(book: Workbook) -> None:
    """Make Arial 10 the workbook's Normal font, as openpyxl sets its own styles up.

    Column widths are counted in the Normal font's digits: with openpyxl's Calibri, which
    LibreOffice lacks, its columns come out wider than Excel's and the printed page shrinks.
    """
    book._fonts = IndexedList([BODY])
    book._named_styles = NamedStyleList()
    book.add_named_style(NamedStyle(font=copy(BODY), border=copy(DEFAULT_BORDER), builtinId=0))


class _DescribedDrawing(SpreadsheetDrawing):
    """A drawing whose chart frames carry the chart's `alt_text` (as `descr`) and `alt_title`."""

    __elements__ = SpreadsheetDrawing.__elements__  # openpyxl's serialiser does not inherit these

    def _chart_frame(self, idx: int):
        frame = super()._chart_frame(idx)
        chart = self.charts[idx - 1]
        properties = frame.nvGraphicFramePr.cNvPr
        properties.descr = getattr(chart, "alt_text", None)
        properties.title = getattr(chart, "alt_title", None)
        return frame


class _DescribingWriter(ExcelWriter):
    """openpyxl's writer, with drawings that describe their charts."""

    def write_worksheet(self, ws) -> None:
        super().write_worksheet(ws)
        drawing = _DescribedDrawing()
        drawing.charts, drawing.images = ws._charts, ws._images
        ws._drawing = drawing


def save_atomically(book: Workbook, path: Path) -> None:
    """Write to a temporary file beside `path`, then move it into place, so no half-written file is left."""
    with atomic_path(path) as temporary:
        book.properties.modified = datetime.datetime.now(tz=datetime.timezone.utc).replace(tzinfo=None)
        with ZipFile(temporary, "w", ZIP_DEFLATED, allowZip64=True) as archive:
            _DescribingWriter(book, archive).save()
