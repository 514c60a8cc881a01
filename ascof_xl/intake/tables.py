"""The one reader of every tabular input: published data, survey responses and strata, carers' survey
populations and questions, CLD populations, neighbour and council lists.

A file is checked against the caps, then read by what it holds (not what it is called): a workbook
(through the safe package check, then calamine) or text (named encoding, separator found, cut-off
rows refused). Each reader then finds its own header row with `Sheet.header` and takes the rows
under it with `Sheet.body`, every row keeping its line (or sheet row) so every message can say where.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ascof_xl.errors import AscofError
from ascof_xl.intake.files import checked_path, read_bytes
from ascof_xl.intake.limits import COLUMNS, ROWS, over
from ascof_xl.intake.package import check_workbook, container
from ascof_xl.intake.text import IsHeader, check_widths, decode, header_index, separator, text_rows


@dataclass(frozen=True)
class Sheet:
    """A table as read: rows of text cells, the line (text) or sheet row (workbook) of each, and how it was read."""

    file: str
    name: str | None  # the sheet's name; None for a text file
    rows: list[list[str]]
    lines: list[int]
    encoding: str | None = None  # for text: the encoding it was read in
    delimiter: str | None = None  # for text: the separator found

    @property
    def where(self) -> str:
        """The table's place in messages: "name.csv" or "name.xlsx, sheet 'Data'"."""
        return self.file if self.name is None else f"{self.file}, sheet '{self.name}'"

    @property
    def unit(self) -> str:
        """What a row is called: a line of a text file, a row of a sheet."""
        return "line" if self.name is None else "row"

    def header(self, is_header: IsHeader) -> int | None:
        """The index of the header row: the first of the first 30 rows that `is_header` accepts."""
        return header_index(self.rows, is_header)

    def body(self, header: int) -> tuple[list[list[str]], list[int]]:
        """The rows under the header, as wide as the header, and their lines; blank rows left out.

        In a text file a row with fewer cells than the header is refused as cut off, and one with text
        past it as holding an unquoted separator; a sheet's rows are padded (empty cells are absent)."""
        width = len(self.rows[header])
        if width > COLUMNS.value():
            raise over(COLUMNS, f"{self.where} has", f"{width:,} columns")
        if self.name is None:
            check_widths(self.rows, self.lines, header, width, self.where)
        rows, lines = [], []
        for row, line in zip(self.rows[header + 1 :], self.lines[header + 1 :]):
            if any(c for c in row):
                rows.append(row[:width] + [""] * (width - len(row)) if len(row) != width else row)
                lines.append(line)
        return rows, lines


def read_sheets(path: str | Path, what: str, *, is_header: IsHeader | None = None, separators: str = ",\t",
                require_final_break: bool = True, advice: str = "") -> list[Sheet]:
    """Every table in a file: each sheet of a workbook, or the one table of a text file.

    `what` names the file in messages ("survey file"); `is_header` helps find a text file's separator;
    `separators` are those accepted (a file separated otherwise is refused, naming what was found).
    """
    path = checked_path(path, what, advice)
    kind = container(path)
    if kind is not None:
        check_workbook(path)
        return workbook_sheets(path)
    raw = read_bytes(path, what, advice)
    where = f"{what} {path.name}"
    text, encoding = decode(raw, where)
    delimiter = separator(text, where, is_header, separators)
    rows, lines = text_rows(text, delimiter, path.name, require_final_break)
    cells = [[c.strip() for c in row] for row in rows]
    return [Sheet(path.name, None, cells, lines, encoding, delimiter)]


def workbook_sheets(path: Path) -> list[Sheet]:
    """Every sheet of a checked workbook (.xlsx, .xlsm, .xls, .ods) as text rows, through calamine."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            if sheet.height > ROWS.value():
                raise over(ROWS, f"workbook {path}, sheet '{name}' has", f"{sheet.height:,} rows")
            if sheet.width > COLUMNS.value():
                raise over(COLUMNS, f"workbook {path}, sheet '{name}' has", f"{sheet.width:,} columns")
            first = sheet.start[0] + 1 if sheet.start else 1
            rows = [[cell_text(c) for c in row] for row in sheet.to_python()]
            sheets.append(Sheet(path.name, name, rows, list(range(first, first + len(rows)))))
    except CalamineError as error:
        raise AscofError(f"workbook {path} cannot be read ({error}); download it again, or open it in Excel and "
                         "save it as .xlsx.") from None
    return sheets


def cell_text(value: object) -> str:
    """A cell as the text Excel shows, trimmed: whole numbers without ".0", blanks empty."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()

