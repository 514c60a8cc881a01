"""Read published ASCOF files (CSV, XLSX, XLS or ODS) in any of the layouts NHS Digital and DHSC have used.

- the official open-data long layout, with an `ASCOF Measure Code` column (every year);
- the processed layout with descriptions but no codes (as shared for 2019-20);
- ascof-xl's own tidy layout (the bundled data);
- DHSC's 2024-25 CSV, bare codes with the age or gender in its own column (`dhsc_csv`);
- the all-years outcome CSV with a `Year` column (`outcome_series`);
- DHSC and NHS England time-series workbooks, one `Table_<metric>` sheet each (`timeseries`).
Headers are matched without regard to case or spacing. Every row read keeps its line number
(its row number in a sheet) as the table's index, so every message can say where it is; every
row is used or reported (see `accounting`). To read another layout, add a `Layout` to `LAYOUTS`.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.intake.files import checked_path, read_bytes
from ascof_xl.intake.package import check_workbook, container
from ascof_xl.intake.tables import Sheet, workbook_sheets
from ascof_xl.intake.text import HEADER_SEARCH_ROWS, check_text, decode, separator, text_rows
from ascof_xl.published import dhsc_csv, official, outcome_series, processed, tidy, timeseries
from ascof_xl.published.accounting import Source, check_rows
from ascof_xl.years import parse_year, year_in_text

_TEXT = pd.StringDtype(na_value=np.nan)  # pandas' text dtype (kept in Arrow where pyarrow is installed)
_ADVICE = "check the name and folder, and give the published CSV or XLSX file"


@dataclass(frozen=True)
class Layout:
    """A published layout: the columns that identify it and the function that makes it tidy.

    `to_tidy(text, year, source)` gets the text table (index: line numbers) and the file's year
    (the year asked for, or None, where `rows_carry_year`); `complete` layouts publish a row for every
    area and measure (missing values marked), so a gap means rows were lost. A file with any of the
    `excluded` columns is not of this layout.
    """

    name: str
    required: frozenset[str]
    to_tidy: Callable[[pd.DataFrame, str | None, Source], pd.DataFrame]
    complete: bool = False
    rows_carry_year: bool = False
    excluded: frozenset[str] = frozenset()


# Checked in order; the first whose columns a file has reads it.
LAYOUTS = [
    Layout("outcome-series", outcome_series.REQUIRED, outcome_series.to_tidy, rows_carry_year=True,
           excluded=frozenset({"ascof measure code"})),
    Layout("dhsc-csv", dhsc_csv.REQUIRED, dhsc_csv.to_tidy, excluded=dhsc_csv.GROUP_COLUMNS),
    Layout("official", official.REQUIRED, official.to_tidy, complete=True),
    Layout("processed", processed.REQUIRED, processed.to_tidy),
    Layout("tidy", tidy.REQUIRED, tidy.from_tidy_file, rows_carry_year=True),
]

# Column names that earlier publications spelt differently: "ONS Area Code" (2018-19 and
# before), names without spaces ("ASCOFMeasureCode", 2014-15).
_CANONICAL = {
    "onsareacode": "ons code",
    "onscode": "ons code",
    "geographicalcode": "geographical code",
    "geographicaldescription": "geographical description",
    "geographicallevel": "geographical level",
    "ascofmeasurecode": "ascof measure code",
    "disaggregationlevel": "disaggregation level",
    "measuretype": "measure type",
    "measurevalue": "measure value",
    "measuregroup": "measure group",
    "measuregroupdescription": "measure group description",
}

_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def normalise_header(name: object) -> str:
    """A column name folded for matching: lower case, single spaces, older spellings made current."""
    folded = " ".join(str(name).replace("\ufeff", "").replace("_", " ").split()).lower()
    return _CANONICAL.get(re.sub(r"[^a-z0-9]", "", folded), folded)


def read_published(path: str | Path, year: str | None = None, default_year: str | None = None) -> pd.DataFrame:
    """Read one published file into the tidy table (index: the line of each row in the file).

    `year` is the year the user says the file holds: a file that states another is refused.
    `default_year` is used only where a file states none. Notes on rows left out are in
    `attrs["notes"]`. A workbook is checked by the safe opener (`ascof_xl.intake`) before any parser sees it.
    """
    path = checked_path(path, "file", _ADVICE)
    workbook = container(path) is not None and check_workbook(path) == "zip"
    tables = timeseries.read_timeseries(path, year) if workbook else None  # known by its Table_ sheets
    if tables is not None:
        return check_rows(tables, Source(path.name))
    frame = read_table(path, checked=True)
    source: Source = frame.attrs["source"]
    layout = detect_layout(frame, path)
    if layout.rows_carry_year:
        result = layout.to_tidy(frame, parse_year(year) if year else None, source)
    else:
        result = layout.to_tidy(frame, file_year(frame, path, year, default_year), source)
    notes = list(frame.attrs.get("notes", [])) + list(result.attrs.get("notes", []))
    result.attrs["notes"] = notes
    result = check_rows(result, source)
    if layout.complete:
        result.attrs["notes"] += tidy.gaps(result, source)
    return result


def read_table(path: str | Path, checked: bool = False) -> pd.DataFrame:
    """The ASCOF table in a file: every cell as trimmed text, headers normalised, index the line number.

    `attrs["source"]` says where the rows come from; `attrs["notes"]` holds anything to tell the user.
    `checked` says the safe opener has already passed the file.
    """
    path = Path(path) if checked else checked_path(path, "file", _ADVICE)
    notes = []
    kind = container(path)
    named_workbook = path.suffix.lower() in _WORKBOOK_SUFFIXES
    raw = b""
    if kind is None:
        raw = read_bytes(path, "file", _ADVICE)
        if named_workbook:
            if not _looks_like_text(raw):
                raise AscofError(
                    f"file {path} is named {path.suffix} but is not an Excel or OpenDocument workbook (it may be "
                    "damaged); download it again, or open it in Excel and save it as .xlsx."
                )
            notes.append(f"{path.name} is named {path.suffix} but holds text, so it was read as a CSV file")
    elif not named_workbook and path.suffix.lower() != ".gz":
        notes.append(f"{path.name} is named {path.suffix or 'without a suffix'} but is a workbook, so it was read as one")
    if kind is not None and not checked:
        check_workbook(path)
    tables = _workbook_tables(path) if kind is not None else [_csv_table(path, raw)]
    tables = [t for t in tables if t is not None]
    if not tables:
        raise AscofError(f"file {path} has no data; download the published file again.")
    frame = next((t for t in tables if _is_header(list(t.columns))), tables[0])
    if frame.empty:
        raise AscofError(f"file {path} has a header row but no data rows; download the full published file.")
    frame.attrs["notes"] = notes
    return frame


def _looks_like_text(raw: bytes) -> bool:
    head = raw[:4096]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head


def _is_header(cells: list[str]) -> bool:
    return any(set(cells) >= layout.required for layout in LAYOUTS)


def _is_header_row(row: list[object]) -> bool:
    return _is_header([normalise_header(c) if isinstance(c, str) else "" for c in row])


def _csv_table(path: Path, raw: bytes) -> pd.DataFrame | None:
    """The table in a CSV file, each row indexed by its line number, read by the one text reader
    (`ascof_xl.intake.text`): named encodings, separator found (a semicolon-separated file refused, as a
    comma may be its decimal mark), short rows and a cut-off last line refused."""
    where = f"file {path}"
    text, encoding = decode(raw, where)
    if not text.strip(" \t\r\n,;"):
        return None
    delimiter = separator(text, where, _is_header_row, allowed=",\t")
    check_text(text, path.name)
    fast = _plain_csv_table(text, delimiter, Source(path.name))
    if fast is not None:
        return fast
    rows, lines = text_rows(text, delimiter, path.name)
    return _sheet_table(Sheet(path.name, None, [[c.strip() for c in row] for row in rows], lines, encoding, delimiter))


def _plain_csv_table(text: str, delimiter: str, source: Source) -> pd.DataFrame | None:
    """The table of a CSV file whose every row is one whole line of the header's width, parsed by Arrow
    (about ten times faster than row by row) where pyarrow is installed; None for any other file, which
    the one text reader reads and explains."""
    try:
        import pyarrow as pa
        from pyarrow import csv as arrow_csv
    except ImportError:
        return None
    head = text[:200_000].splitlines()[:HEADER_SEARCH_ROWS]
    cells = list(csv.reader(head, delimiter=delimiter))
    start = next((i for i, row in enumerate(cells) if _is_header_row(row)), None)
    if start is None or not cells[start][-1].strip():
        return None
    width, lost = len(cells[start]), []

    def lose(row: object) -> str:
        lost.append(row)
        return "skip"

    names = [f"c{i}" for i in range(width)]
    try:
        table = arrow_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=arrow_csv.ReadOptions(skip_rows=start + 1, column_names=names),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, invalid_row_handler=lose, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:
        return None
    if lost or start + 1 + table.num_rows != text.count("\n"):
        return None  # short or long rows, blank lines, or line breaks inside cells
    frame = table.to_pandas(types_mapper=lambda kind: _TEXT if kind == pa.string() else None)
    frame.columns = [normalise_header(c) for c in cells[start]]
    frame.index = pd.Index(np.arange(start + 2, start + 2 + len(frame)), name="line")
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    frame = frame[~(frame == "").all(axis=1).to_numpy()]
    frame.attrs["source"] = source
    return frame


def _sheet_table(sheet: Sheet) -> pd.DataFrame | None:
    """Rows under the first row that names a layout's columns (else under the first row), blank rows
    dropped; in a text file a row with fewer cells than the header, or text beyond it, is refused."""
    if not sheet.rows:
        return None
    start = sheet.header(_is_header_row)
    start = 0 if start is None else start
    header = [normalise_header(c) for c in sheet.rows[start]]
    while header and not header[-1]:
        header.pop()
    if not header:
        return None
    body, lines = sheet.body(start)
    width = len(header)
    frame = pd.DataFrame({i: pd.array([row[i] for row in body], dtype=_TEXT) for i in range(width)})
    frame.columns = header
    frame.index = pd.Index(np.asarray(lines, dtype=np.int64), name="line")
    frame.attrs["source"] = Source(sheet.file, sheet.name)
    return frame


def _workbook_tables(path: Path) -> list[pd.DataFrame | None]:
    """Every sheet's table. An XLSX is read by fastexcel straight into Arrow where it is installed; any
    other workbook (XLS, ODS), or an XLSX it cannot read, by the one workbook reader (calamine)."""
    fast = _xlsx_tables(path)
    if fast is not None:
        return fast
    return [_sheet_table(sheet) for sheet in workbook_sheets(path)
            if any(any(c for c in row) for row in sheet.rows[: HEADER_SEARCH_ROWS + 1])]


def _xlsx_tables(path: Path) -> list[pd.DataFrame | None] | None:
    """Every sheet of an XLSX workbook as a text table, read by fastexcel into Arrow (no Python object per
    cell); None where fastexcel is not installed or cannot read it so (not an XLSX, or a sheet whose first
    row cannot be placed)."""
    try:
        import fastexcel
    except ImportError:
        return None
    try:
        book = fastexcel.read_excel(str(path))
        tables = []
        for name in book.sheet_names:
            first = _first_used_row(path, name)
            if first is None:
                return None
            cells = book.load_sheet(name, header_row=None, dtypes="string").to_arrow()
            if cells.num_rows:
                tables.append(_arrow_table(cells, first, Source(path.name, name)))
    except Exception:  # fastexcel's own errors: the calamine path reads the file again and explains them
        return None
    return tables


def _arrow_table(cells: object, first: int, source: Source) -> pd.DataFrame | None:
    """A sheet's text table from Arrow columns of strings; `first` is the sheet row of the first row given."""
    import pyarrow.compute as arrow_compute

    columns = [arrow_compute.utf8_trim_whitespace(arrow_compute.fill_null(c, "")) for c in cells.columns]
    head = [list(row) for row in zip(*(c.slice(0, HEADER_SEARCH_ROWS + 1).to_pylist() for c in columns))]
    start = next((i for i, row in enumerate(head) if _is_header_row(row)), 0)
    header = [normalise_header(c) for c in head[start]]
    while header and not header[-1]:
        header.pop()
    if not header:
        return None
    frame = pd.DataFrame({i: pd.array(c.slice(start + 1), dtype=_TEXT) for i, c in enumerate(columns[: len(header)])})
    frame.columns = header
    frame.index = pd.Index(np.arange(first + start + 1, first + start + 1 + len(frame)), name="line")
    frame = frame[~(frame == "").all(axis=1).to_numpy()]
    frame.attrs["source"] = source
    return frame


_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]+(\d+)"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")


def _first_used_row(path: Path, sheet: str) -> int | None:
    """The row number of the first cell with a value in a sheet of an XLSX file (where Arrow's rows start),
    read from the sheet's XML; None when it cannot be told."""
    try:
        with zipfile.ZipFile(path) as book:
            part = _sheet_part(book, sheet)
            if part is None:
                return None
            with book.open(part) as stream:
                data = b""
                while len(data) < 1 << 21 and (chunk := stream.read(1 << 16)):
                    data += chunk
                    for match in _CELL.finditer(data):
                        if match.group(2) and _VALUE.search(match.group(2)):
                            return int(match.group(1))
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, ValueError, EOFError):
        return None
    return None


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The XML part of a named sheet in an XLSX file, from its workbook and relationship parts."""
    workbook = book.read("xl/workbook.xml").decode("utf-8", "replace")
    relations = book.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    ids = [re.search(r'\b\w+:id="([^"]*)"', element) for element in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook)
           if html.unescape((re.search(r'\bname="([^"]*)"', element) or [None, ""])[1]) == sheet]
    if not ids or ids[0] is None:
        return None
    for element in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", relations):
        if re.search(rf'\bId="{re.escape(ids[0].group(1))}"', element):
            target = re.search(r'\bTarget="([^"]*)"', element)
            if target:
                return target.group(1).lstrip("/") if target.group(1).startswith("/") else "xl/" + target.group(1)
    return None


def detect_layout(frame: pd.DataFrame, path: Path) -> Layout:
    """Which published layout the columns match; an error lists what is missing."""
    columns = set(frame.columns)
    for layout in LAYOUTS:
        if columns >= layout.required and not columns & layout.excluded:
            return layout
    missing = [c for c in official.COLUMNS if c.lower() not in columns]
    raise AscofError(
        f"file {path} is not an ASCOF open-data file: it lacks the column(s) "
        f"{', '.join(repr(m) for m in missing)}. Use the 'Measures from the Adult Social Care "
        "Outcomes Framework' open-data CSV or XLSX as published."
    )


def file_year(frame: pd.DataFrame, path: Path, year: str | None, default_year: str | None = None) -> str:
    """The year a file holds: from its year column or name (which must agree with each other and with
    `year`), else `year`, else `default_year`."""
    column = _column_year(frame, path)
    named = year_in_text(path.stem)
    asked = parse_year(year) if year else None
    if column and named and column[0] != named:
        raise AscofError(
            f"file {path}: {column[1]} says {column[0]} but the file name says {named}; "
            "rename the file or check it is the year you mean."
        )
    stated = column or ((named, "its name") if named else None)
    if stated and asked and stated[0] != asked:
        raise AscofError(
            f"file {path} holds {stated[0]} ({stated[1]} says so) but --year says {asked}; "
            f"give --year {stated[0]}, or the file of {asked}."
        )
    found = stated[0] if stated else asked or (parse_year(default_year) if default_year else None)
    if found is None:
        raise AscofError(
            f"cannot tell which year file {path} holds; give it with --year, for example --year 2019-20."
        )
    return found


def _column_year(frame: pd.DataFrame, path: Path) -> tuple[str, str] | None:
    """The year a year column states, with where it says so; None without one."""
    for column in ("financial year", "year"):
        if column in frame.columns:
            values = set(frame[column]) - {""}
            if len(values) > 1:
                raise AscofError(
                    f"file {path} holds several years ({', '.join(sorted(values))}) in its '{column}' column; "
                    "split it into one file per year."
                )
            if values:
                line = frame.index[0]
                return _year_of(values.pop(), path), f"its '{column}' column ({frame.attrs['source'].at(line)})"
    return None


def _year_of(value: str, path: Path) -> str:
    """A year column may say "2019-20" or, as the processed files do, the year it ends (2020)."""
    text = value.split(".")[0]
    if text.isdigit() and len(text) == 4:
        end = int(text)
        return f"{end - 1}-{end % 100:02d}"
    try:
        return parse_year(value)
    except AscofError:
        raise AscofError(f"file {path}: the year column says '{value}', which is not a financial year.") from None
