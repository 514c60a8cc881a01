"""The workbook's look: fonts, band fills, borders, page set-up. Colours come from the one palette
(ascof_xl.palette); every fill sits beside a word, so a page printed in black and white reads the same."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl.palette import BAND_COLOURS, BAND_TEXT, COUNCIL_MARK, HEADER_FILL as HEADER_COLOUR, WHITE

FONT_NAME = "Arial"  # Liberation Sans has the same metrics, so LibreOffice lays pages out as Excel does
TITLE = Font(name=FONT_NAME, size=16, bold=True)
HEADING = Font(name=FONT_NAME, size=13, bold=True)
SUBHEADING = Font(name=FONT_NAME, size=11, bold=True)
BODY = Font(name=FONT_NAME, size=10)
SMALL = Font(name=FONT_NAME, size=9)
HEADLINE = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
NOTE = Font(name=FONT_NAME, size=9, italic=True)
LINK = Font(name=FONT_NAME, size=10, underline="single", color="0563C1")  # 5.9 : 1 on white

WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")
RULE = Border(bottom=Side(style="thin", color="808080"))

MARK_COLOUR, MARK_OUTLINE = COUNCIL_MARK, WHITE
BAND_FILLS = {band: PatternFill("solid", fgColor=colour) for band, colour in BAND_COLOURS.items()}
BAND_FONTS = {band: Font(name=FONT_NAME, size=10, color=BAND_TEXT[band]) for band in BAND_COLOURS}
BAND_HEADER_FONTS = {band: Font(name=FONT_NAME, size=10, bold=True, color=BAND_TEXT[band]) for band in BAND_COLOURS}
HEADER_FILL = PatternFill("solid", fgColor=HEADER_COLOUR)

POINTS_PER_LINE = 13.0  # row height for one line of 10-point text
CHARACTERS_PER_WIDTH = 1.1  # 10-point Arial characters per unit of column width (an Arial 10 digit), with spare
PROSE_PER_WIDTH = 1.2  # the same for wrapped prose, whose letters run narrower than digits (LibreOffice: about 1.35)


def lines_needed(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a cell `width` units of column width wide."""
    per_line = max(1, int(width * PROSE_PER_WIDTH))
    return sum(max(1, -(-len(paragraph) // per_line)) for paragraph in str(text).split("\n"))


def fit_row(sheet: Worksheet, row: int, text: str, width: float) -> None:
    """Give a row the height its wrapped text needs (neither Excel nor LibreOffice sizes merged cells)."""
    fit_cells(sheet, row, [(text, width)])


def fit_cells(sheet: Worksheet, row: int, cells: list[tuple[str, float]], line_points: float = POINTS_PER_LINE) -> None:
    """Give a row the height its tallest wrapped cell needs; `cells` holds (text, column width)."""
    needed = max(lines_needed(text, width) for text, width in cells) * line_points + 3
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
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.header = sheet.page_margins.footer = 0.25
    sheet.oddHeader.left.text = title
    sheet.oddHeader.left.size = 8
    sheet.oddFooter.right.text = "Page &P of &N"
    sheet.oddFooter.right.size = 8
