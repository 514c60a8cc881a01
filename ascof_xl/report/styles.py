"""The workbook's look: fonts, band fills, borders, page set-up. Every fill sits beside a word,
so a page printed in black and white reads the same."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FONT_NAME = "Arial"  # Liberation Sans has the same metrics, so LibreOffice lays pages out as Excel does
TITLE = Font(name=FONT_NAME, size=16, bold=True)
HEADING = Font(name=FONT_NAME, size=13, bold=True)
SUBHEADING = Font(name=FONT_NAME, size=11, bold=True)
BODY = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
NOTE = Font(name=FONT_NAME, size=9, italic=True)

WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")
RULE = Border(bottom=Side(style="thin", color="808080"))

# Band colours, light enough for black text; the chart's bars use the same ones.
BAND_COLOURS = {"top": "9DC3E6", "upper-middle": "DDEBF7", "lower-middle": "FBE5D6", "bottom": "F4B183"}
MARK_COLOUR = "000000"
BAND_FILLS = {band: PatternFill("solid", fgColor=colour) for band, colour in BAND_COLOURS.items()}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")

POINTS_PER_LINE = 13.0  # row height for one line of 10-point text
CHARACTERS_PER_WIDTH = 1.1  # 10-point Arial characters per unit of column width (an Arial 10 digit), with spare


def lines_needed(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a cell `width` units of column width wide."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH))
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in str(text).split("\n"))


def fit_row(sheet: Worksheet, row: int, text: str, width: float) -> None:
    """Give a row the height its wrapped text needs (neither Excel nor LibreOffice sizes merged cells)."""
    fit_cells(sheet, row, [(text, width)])


def fit_cells(sheet: Worksheet, row: int, cells: list[tuple[str, float]]) -> None:
    """Give a row the height its tallest wrapped cell needs; `cells` holds (text, column width)."""
    needed = max(lines_needed(text, width) for text, width in cells) * POINTS_PER_LINE + 3
    current = sheet.row_dimensions[row].height or 0
    sheet.row_dimensions[row].height = max(current, needed)


def set_widths(sheet: Worksheet, widths: dict[str, float]) -> None:
    """Column widths, in characters."""
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width


def page_setup(sheet: Worksheet, landscape: bool, title: str, pages_wide: int = 1) -> None:
    """A4, fitted to `pages_wide` pages across, a running header and page numbers, so the PDF reads as a document."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = pages_wide
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins.left = sheet.page_margins.right = 0.6
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.oddHeader.left.text = title
    sheet.oddHeader.left.size = 8
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.oddFooter.right.size = 8
