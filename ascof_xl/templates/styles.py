"""How template cells look and behave: input cells unlocked, boxed in a thick border and filled; computed cells
locked, thin-boxed and grey; formats by unit. Every colour comes from ascof_xl.palette and always sits beside a word
(a band, a status) or a border, never alone."""

from __future__ import annotations

from copy import copy

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ascof_xl import palette

TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
NOTE = Font(italic=True, color=palette.NEUTRAL)
HEADER_FILL = PatternFill("solid", fgColor=palette.HEADER_FILL)
COMPUTED_FILL = PatternFill("solid", fgColor=palette.COMPUTED_FILL)
TOTAL_FILL = COMPUTED_FILL  # totals are worked out like any other computed cell
INPUT_FILL = PatternFill("solid", fgColor=palette.INPUT_FILL)
THIN = Side(style="thin", color=palette.NEUTRAL)
THICK = Side(style="medium", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT_BOX = Border(left=THICK, right=THICK, top=THICK, bottom=THICK)  # inputs told apart without colour
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
INPUT_NOTE = "Cells with a thick black border (filled pale yellow) are for you to enter; every other cell works itself out."


def _word_fill(colour: str) -> tuple[PatternFill, Font]:
    return PatternFill("solid", fgColor=colour, bgColor=colour), Font(bold=True, color=_text_on(colour))


def _text_on(colour: str) -> str:
    return palette.WHITE if palette.contrast_ratio(colour, palette.WHITE) >= palette.contrast_ratio(colour, "000000") else "000000"


# Status words of the Validation sheet and band words of the own-figures sheet: a fill and a readable font each.
STATUS_STYLES = {"FAIL": _word_fill(palette.BAND_COLOURS["bottom"]), "WARNING": _word_fill(palette.BAND_COLOURS["lower-middle"]),
                 "EXPLAINED": _word_fill(palette.BAND_COLOURS["upper-middle"]), "PASS": _word_fill(palette.WHITE)}
STATUS_FILLS = {word: fill for word, (fill, _) in STATUS_STYLES.items()}
BAND_STYLES = {band: (PatternFill("solid", fgColor=colour, bgColor=colour), Font(color=palette.BAND_TEXT[band]))
               for band, colour in palette.BAND_COLOURS.items()}

COUNT_FORMAT = "#,##0"
AMOUNT_FORMAT = "#,##0.##"


def value_format(decimals: int) -> str:
    """A number format showing exactly the published decimals."""
    return "0" if decimals == 0 else "0." + "0" * decimals


def _styled(target, key: tuple, apply) -> None:
    """Apply a style once per workbook, then copy its style record (openpyxl's own idiom, far faster than setting)."""
    cache = target.parent.parent.__dict__.setdefault("_ascof_styles", {})
    if key in cache:
        target._style = copy(cache[key])
    else:
        apply(target)
        cache[key] = copy(target._style)


def input_cell(sheet: Worksheet, row: int, column: int, number_format: str = COUNT_FORMAT) -> None:
    """Style one cell as an input: unlocked on the protected sheet, in a thick border, filled."""
    def apply(target) -> None:
        target.protection = UNLOCKED
        target.border = INPUT_BOX
        target.fill = INPUT_FILL
        target.number_format = number_format

    _styled(sheet.cell(row=row, column=column), ("input", number_format), apply)


def computed_cell(sheet: Worksheet, row: int, column: int, value, number_format: str = "General",
                  fill: PatternFill = COMPUTED_FILL) -> None:
    """Write a worked-out cell (formula or value): locked, shaded, boxed."""
    def apply(target) -> None:
        target.fill = fill
        target.border = BOX
        target.number_format = number_format

    target = sheet.cell(row=row, column=column, value=value)
    _styled(target, ("computed", number_format, fill.fgColor.rgb), apply)


def header_row(sheet: Worksheet, row: int, labels: list[str], first_column: int = 1) -> None:
    """A real header row: bold, shaded, wrapped."""
    for offset, label in enumerate(labels):
        target = sheet.cell(row=row, column=first_column + offset, value=label)
        target.font = BOLD
        target.fill = HEADER_FILL
        target.border = BOX
        target.alignment = Alignment(wrap_text=True, vertical="center")


def sheet_heading(sheet: Worksheet, title: str, note: str) -> None:
    """Title in row 1 and a note in row 2."""
    sheet.cell(row=1, column=1, value=title).font = TITLE
    if note:
        sheet.cell(row=2, column=1, value=note).font = NOTE


def protect(sheet: Worksheet) -> None:
    """Protect the sheet without a password: only unlocked (input) cells can be changed."""
    sheet.protection.sheet = True
    sheet.protection.formatCells = False
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.autoFilter = False
    sheet.protection.sort = False


def fit_row_heights(sheet: Worksheet, last_row: int | None = None) -> None:
    """Give rows with wrapped text the height their longest cell needs (LibreOffice and Excel do not on opening)."""
    widths: dict[int, float] = {}
    for row in sheet.iter_rows(min_row=1, max_row=last_row or sheet.max_row):
        lines = 1
        for target in row:
            if not isinstance(target.value, str) or not target.alignment.wrap_text:
                continue
            width = widths.setdefault(target.column, _width(sheet, target.column))
            per_unit = 16 if target.font.b else 12  # characters per 10 width units: bold text runs wider
            lines = max(lines, -(-len(target.value) * per_unit // int(width * 10)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = 14 * lines + 2


def _width(sheet: Worksheet, column: int) -> float:
    width = sheet.column_dimensions[get_column_letter(column)].width
    return width if width else 8.43


PAGE_WIDTH = 150  # column-width units across a landscape A4 page at 100%
SHRINK = 1.25  # fitting a page wide may shrink it to 80% (about 9 point text), no further


def print_setup(sheet: Worksheet, print_area: str, title_row: int, last_column: int | None = None) -> None:
    """A4 landscape, the header row repeated on every page, only the given area printed; fitted to one page wide
    when the columns are narrow enough to stay legible, else spread over as many pages wide as they need, with
    the first column repeated on each (so a survey's 35 answer columns are never squeezed onto one page)."""
    sheet.print_area = print_area
    sheet.print_title_rows = f"{title_row}:{title_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    width = sum(_width(sheet, c) for c in range(1, (last_column or 1) + 1))
    pages = max(1, -(-int(width) // int(PAGE_WIDTH * SHRINK)))
    if pages > 1:  # a band of rows printed across its pages before the next band: a row's figures on facing pages
        sheet.print_title_cols = "A:A"
        sheet.page_setup.pageOrder = "overThenDown"
    sheet.page_setup.fitToWidth = pages
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
