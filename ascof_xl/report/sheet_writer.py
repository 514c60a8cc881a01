"""A cursor that writes a sheet top to bottom: headings, paragraphs, rows of cells. Never merges.

A paragraph is written one printed line to a row, in one cell that overflows across the empty
cells to its right (no merged cells, as the GSS guidance asks), so it reads across the page in
Excel, in LibreOffice and on paper. The writer keeps count of the height written since the last
page break, so a heading is never left alone at the foot of a printed page.
"""

from __future__ import annotations

import textwrap
from typing import Any, Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.outputs.cells import put
from ascof_xl.report.styles import BODY, HEADING, POINTS_PER_LINE, PROSE_PER_WIDTH

PAGE_POINTS = 820.0  # points of rows a portrait A4 page holds at these margins once fitted to width (about 0.8)
LINE = Alignment(vertical="top", wrap_text=False)


class SheetWriter:
    """Writes down a sheet whose text spans column A to `last_column` (set the column widths first)."""

    def __init__(self, sheet: Worksheet, last_column: int, page_points: float = PAGE_POINTS):
        self.sheet = sheet
        self.last_column = last_column
        self.page_points = page_points
        self.row = 1
        self.used = 0.0  # points written since the last page break

    def _next_row(self, height: float) -> None:
        self.sheet.row_dimensions[self.row].height = height
        self.used = self.used + height if self.used + height <= self.page_points else height  # the printer's own break
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        """Leave blank rows (between blocks, never inside a table)."""
        for _ in range(rows):
            self._next_row(POINTS_PER_LINE * 0.7)

    def gap(self, points: float = 4.0) -> None:
        """A thin empty row between paragraphs."""
        self._next_row(points)

    def page_break(self) -> None:
        """Start a new printed page at the next row."""
        self.sheet.row_breaks.append(Break(id=self.row - 1))
        self.used = 0.0

    def keep_with_next(self, points: float) -> None:
        """Start a new page unless `points` more fit on this one."""
        if self.used + points > self.page_points:
            self.page_break()

    def heading(self, text: str, font: Font = HEADING) -> None:
        """A heading on its own row."""
        cell = put(self.sheet, self.row, 1, text)
        cell.font, cell.alignment = font, LINE
        self._next_row(font.size * 1.6)

    def paragraph(self, text: str, font: Font = BODY, first_column: int = 1) -> list[int]:
        """Text across the page from `first_column`, one printed line a row; returns the rows written."""
        size = font.size or 10
        weight = (0.88 if font.b else 1.0) * (0.95 if font.i else 1.0)  # bold letters run wider
        width = int(self.span_width(first_column) * PROSE_PER_WIDTH * weight * 10 / size)
        rows = []
        for line in textwrap.wrap(text, width, break_on_hyphens=False) or [""]:
            cell = put(self.sheet, self.row, first_column, line)
            cell.font, cell.alignment = font, LINE
            rows.append(self.row)
            self._next_row(size * 1.25)
        return rows

    def label(self, text: str, font: Font = BODY) -> None:
        """A short label in column A beside the paragraph that follows on the same row."""
        cell = put(self.sheet, self.row, 1, text)
        cell.font, cell.alignment = font, LINE

    def cells(self, values: Sequence[Any], font: Font = BODY, height: float = POINTS_PER_LINE + 2) -> list:
        """One row of cells from column A, returned for styling."""
        written = []
        for column, value in enumerate(values, 1):
            cell = put(self.sheet, self.row, column, value)
            cell.font = font
            written.append(cell)
        self._next_row(height)
        return written

    def span_width(self, first_column: int) -> float:
        """The column width from `first_column` to the last column, less a little for cell padding."""
        widths = [self.sheet.column_dimensions[get_column_letter(c)].width or 8.43
                  for c in range(first_column, self.last_column + 1)]
        return sum(widths) - 1
