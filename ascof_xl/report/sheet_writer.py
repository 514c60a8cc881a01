"""A cursor that writes a sheet top to bottom: headings, paragraphs across the page, rows of cells."""

from __future__ import annotations

from typing import Any, Sequence

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.report.styles import BODY, BOLD, HEADING, WRAP, fit_row


class SheetWriter:
    """Writes down a sheet whose text spans column A to `last_column` (set the column widths first)."""

    def __init__(self, sheet: Worksheet, last_column: int):
        self.sheet = sheet
        self.last_column = last_column
        self.row = 1

    def skip(self, rows: int = 1) -> None:
        """Leave blank rows."""
        self.row += rows

    def heading(self, text: str, font: Font = HEADING) -> None:
        """A heading on its own row."""
        self.sheet.cell(self.row, 1, text).font = font
        self.row += 1

    def paragraph(self, text: str, font: Font = BODY, first_column: int = 1) -> None:
        """Wrapped text across the page from `first_column`, its row as tall as the text needs."""
        cell = self.sheet.cell(self.row, first_column, text)
        cell.font, cell.alignment = font, WRAP
        if first_column < self.last_column:
            self.sheet.merge_cells(start_row=self.row, start_column=first_column,
                                   end_row=self.row, end_column=self.last_column)
        fit_row(self.sheet, self.row, text, self.span_width(first_column))
        self.row += 1

    def label(self, text: str, font: Font = BOLD) -> None:
        """A short label in column A beside the paragraph that follows on the same row."""
        cell = self.sheet.cell(self.row, 1, text)
        cell.font, cell.alignment = font, WRAP

    def cells(self, values: Sequence[Any], font: Font = BODY) -> list:
        """One row of cells from column A, returned for styling."""
        written = []
        for column, value in enumerate(values, 1):
            cell = self.sheet.cell(self.row, column, value)
            cell.font = font
            written.append(cell)
        self.row += 1
        return written

    def span_width(self, first_column: int) -> float:
        """The column width from `first_column` to the last column, less a little for cell padding."""
        widths = [self.sheet.column_dimensions[get_column_letter(c)].width or 8.43
                  for c in range(first_column, self.last_column + 1)]
        return sum(widths) - 1
