"""A cursor that writes a sheet top to bottom: headings, paragraphs across the page, rows of cells.

It keeps count of the height written since the last page break, so a heading is never left alone
at the foot of a printed page.
"""

from __future__ import annotations

from typing import Any, Sequence

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.outputs.cells import put
from ascof_xl.report.styles import BODY, BOLD, HEADING, POINTS_PER_LINE, WRAP, fit_row

PAGE_POINTS = 820.0  # rows a portrait A4 page holds at these margins once fitted to width (LibreOffice: about 0.8), in points


class SheetWriter:
    """Writes down a sheet whose text spans column A to `last_column` (set the column widths first)."""

    def __init__(self, sheet: Worksheet, last_column: int):
        self.sheet = sheet
        self.last_column = last_column
        self.row = 1
        self.used = 0.0  # points written since the last page break

    def _next_row(self, height: float) -> None:
        self.sheet.row_dimensions[self.row].height = height
        self.used += height
        self.row += 1

    def skip(self, rows: int = 1) -> None:
        """Leave blank rows."""
        for _ in range(rows):
            self._next_row(POINTS_PER_LINE)

    def page_break(self) -> None:
        """Start a new printed page at the next row."""
        self.sheet.row_breaks.append(Break(id=self.row - 1))
        self.used = 0.0

    def keep_with_next(self, points: float) -> None:
        """Start a new page unless `points` more fit on this one."""
        if self.used + points > PAGE_POINTS:
            self.page_break()

    def heading(self, text: str, font: Font = HEADING) -> None:
        """A heading on its own row."""
        put(self.sheet, self.row, 1, text).font = font
        self._next_row(font.size * 1.5)

    def paragraph(self, text: str, font: Font = BODY, first_column: int = 1) -> None:
        """Wrapped text across the page from `first_column`, its row as tall as the text needs."""
        cell = put(self.sheet, self.row, first_column, text)
        cell.font, cell.alignment = font, WRAP
        if first_column < self.last_column:
            self.sheet.merge_cells(start_row=self.row, start_column=first_column,
                                   end_row=self.row, end_column=self.last_column)
        fit_row(self.sheet, self.row, text, self.span_width(first_column))
        self._next_row(self.sheet.row_dimensions[self.row].height)

    def label(self, text: str, font: Font = BOLD) -> None:
        """A short label in column A beside the paragraph that follows on the same row."""
        cell = put(self.sheet, self.row, 1, text)
        cell.font, cell.alignment = font, WRAP

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
