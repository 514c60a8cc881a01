"""The one way a workbook is opened with openpyxl (validate, every macro): checked first, every failure a plain message.

openpyxl parses XML through defusedxml when it is installed (a dependency of ascof-xl), so even a
document type that slipped past `check_workbook` is refused rather than expanded. A cell with no
value far below or right of the table (a whole column formatted, say) is dropped after loading, so
nothing that walks a sheet to its last cell walks a million empty rows; a value there is refused
by `check_workbook`, naming its cell.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.intake.files import checked_path
from ascof_xl.intake.limits import BLANK_ROWS, COLUMNS, Refused
from ascof_xl.intake.package import check_workbook


def open_workbook(path: str | Path, what: str = "workbook", skip_sheets: tuple[str, ...] = (), **options: Any) -> Any:
    """The openpyxl workbook at `path` (options as for `openpyxl.load_workbook`), refused plainly when it is
    not a safe, readable .xlsx or .xlsm. Sheets named in `skip_sheets` are left unparsed and absent."""
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML

    path = checked_path(path, what, "give an .xlsx file")
    if check_workbook(path) == "xls":
        raise Refused("xls", f"{what} {path} is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as .xlsx.")
    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a dependency; never parse a stranger's XML without it
        raise AscofError("the defusedxml package is missing, so workbooks are not opened; reinstall ascof-xl.")
    try:
        book = _load_without(path, skip_sheets, **options) if skip_sheets else load_workbook(path, **options)
    except Exception as error:  # noqa: BLE001 - any failure to parse a stranger's package is a damaged file
        raise Refused("damaged", f"{what} {path} is damaged and cannot be opened as .xlsx ({type(error).__name__}: "
                         f"{str(error)[:200]}); open it in Excel to repair it, or save it again as .xlsx.") from None
    if not options.get("read_only"):
        for sheet in book.worksheets:
            trim_empty_edges(sheet)
    return book


def trim_empty_edges(sheet: Any) -> None:
    """Drop the cells without a value far below the last row holding one (past the blank-rows cap) or right of the
    columns cap: formatting left on a whole column. Formatting near the table is kept, as a saved copy needs it."""
    cells = sheet._cells  # openpyxl's own store of the cells the file holds
    if not cells:
        return
    last_row = max((row for (row, _), cell in cells.items() if cell.value is not None), default=0)
    rows, columns = last_row + BLANK_ROWS.value(), COLUMNS.value()
    for key in [k for k, cell in cells.items() if (k[0] > rows or k[1] > columns) and cell.value is None]:
        del cells[key]


def _load_without(path: Path, skip_sheets: tuple[str, ...], **options: Any) -> Any:
    """load_workbook, leaving out the named sheets (openpyxl's reader, told to pass them by)."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(path, read_only=options.get("read_only", False), keep_vba=False,
                         data_only=options.get("data_only", False), keep_links=True)
    original = type(reader).read_workbook

    def read_workbook(self: Any) -> None:
        original(self)
        found = self.parser.find_sheets
        self.parser.find_sheets = lambda: ((s, r) for s, r in found() if s.name not in skip_sheets)

    reader.read_workbook = read_workbook.__get__(reader)
    reader.read()
    return reader.wb
