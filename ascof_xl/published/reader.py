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
import gzip
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from ascof_xl.errors import AscofError
from ascof_xl.published import dhsc_csv, official, outcome_series, processed, tidy, timeseries
from ascof_xl.published.accounting import Source, check_rows
from ascof_xl.years import parse_year, year_in_text

HEADER_SEARCH_ROWS = 30  # a title or notes may stand above the header row
try:  # pyarrow is optional (xlwings Lite): without it text is kept as Python strings and CSVs read row by row
    import pyarrow as pa
except ImportError:
    pa = None
_TEXT = pd.StringDtype("pyarrow" if pa else "python", na_value=np.nan)  # pandas' text dtype, kept in Arrow


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

_ZIP, _OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"  # how an XLSX/ODS and an XLS file begin
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def normalise_header(name: object) -> str:
    """A column name folded for matching: lower case, single spaces, older spellings made current."""
    folded = " ".join(str(name).replace("\ufeff", "").replace("_", " ").split()).lower()
    return _CANONICAL.get(re.sub(r"[^a-z0-9]", "", folded), folded)


def read_published(path: str | Path, year: str | None = None, default_year: str | None = None) -> pd.DataFrame:
    """Read one published file into the tidy table (index: the line of each row in the file).

    `year` is the year the user says the file holds: a file that states another is refused.
    `default_year` is used only where a file states none. Notes on rows left out are in
    `attrs["notes"]`.
    """
    path = Path(path)
    workbook = timeseries.read_timeseries(path, year)  # a time-series workbook, known by its Table_ sheets
    if workbook is not None:
        return check_rows(workbook, Source(path.name))
    frame = read_table(path)
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


def read_table(path: Path) -> pd.DataFrame:
    """The ASCOF table in a file: every cell as trimmed text, headers normalised, index the line number.

    `attrs["source"]` says where the rows come from; `attrs["notes"]` holds anything to tell the user.
    """
    raw = _raw_bytes(path)
    notes = []
    is_workbook = raw.startswith((_ZIP, _OLE))
    named_workbook = path.suffix.lower() in _WORKBOOK_SUFFIXES
    if named_workbook and not is_workbook:
        if not _looks_like_text(raw):
            raise AscofError(
                f"file {path} is named {path.suffix} but is not an Excel or OpenDocument workbook (it may be "
                "damaged); download it again, or open it in Excel and save it as .xlsx."
            )
        notes.append(f"{path.name} is named {path.suffix} but holds text, so it was read as a CSV file")
    if is_workbook and not named_workbook and path.suffix.lower() != ".gz":
        notes.append(f"{path.name} is named {path.suffix or 'without a suffix'} but is a workbook, so it was read as one")
    tables = _workbook_tables(path) if is_workbook else [_csv_table(path, raw)]
    tables = [t for t in tables if t is not None]
    if not tables:
        raise AscofError(f"file {path} has no data; download the published file again.")
    frame = next((t for t in tables if _is_header(list(t.columns))), tables[0])
    if frame.empty:
        raise AscofError(f"file {path} has a header row but no data rows; download the full published file.")
    frame.attrs["notes"] = notes
    return frame


def _raw_bytes(path: Path) -> bytes:
    if not path.exists():
        raise AscofError(f"file {path} does not exist; check the name and folder.")
    if path.is_dir():
        raise AscofError(f"{path} is a folder, not a file; give the published CSV or XLSX file inside it.")
    if not path.is_file():
        raise AscofError(f"{path} is not a file (a device or a pipe); give the published CSV or XLSX file.")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise AscofError(f"file {path} cannot be read ({error.strerror or error}); check it is not open elsewhere.") from None
    if not raw:
        raise AscofError(f"file {path} is empty; download the published file again.")
    if path.suffix.lower() == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise AscofError(f"file {path} is not a complete gzip file ({error}); download it again.") from None
    return raw


def _looks_like_text(raw: bytes) -> bool:
    head = raw[:4096]
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head


def _is_header(cells: list[str]) -> bool:
    return any(set(cells) >= layout.required for layout in LAYOUTS)


def _header_index(rows: list[list[str]]) -> int | None:
    return next(
        (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if _is_header([normalise_header(c) for c in row])), None
    )


def _decode(path: Path, raw: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 (as Excel's "Unicode Text"), or Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif raw[:4096].count(b"\x00") > len(raw[:4096]) // 4:  # UTF-16 without a byte-order mark
        encodings = ("utf-16-le",) if raw[1:2] == b"\x00" else ("utf-16-be",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AscofError(f"file {path} is not text in UTF-8, UTF-16 or Windows-1252; save it as CSV UTF-8 and try again.")


def _csv_table(path: Path, raw: bytes) -> pd.DataFrame | None:
    """The table in a CSV file, each row indexed by its line number. Short rows and a cut-off last line
    are refused; a semicolon-separated file is refused with what to do."""
    text = _decode(path, raw)
    source = Source(path.name)
    delimiter = _delimiter(path, text)
    if not text.strip(" \t\r\n,;"):
        return None
    if not text.endswith(("\n", "\r")):
        raise AscofError(
            f"{source.at(text.count(chr(10)) + 1)}: the last line does not end with a line break, so the file looks "
            "cut off part-way through a row; download the file again (if you made it yourself, end the last line "
            "with Enter)."
        )
    fast = _plain_csv_table(text, delimiter, source)
    if fast is not None:
        return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise AscofError(f"{source.at(reader.line_num)}: not readable as CSV ({error}); download the file again.") from None
    if len(rows) == text.count("\n") or len(rows) == text.count("\r"):
        lines = np.arange(1, len(rows) + 1)  # no line breaks inside cells: row i is line i
    else:
        lines = _line_numbers(text, delimiter)
    return _table(rows, lines, source, check_widths=True)


def _plain_csv_table(text: str, delimiter: str, source: Source) -> pd.DataFrame | None:
    """The table of a CSV file whose every row is one whole line of the header's width, parsed by Arrow
    (about ten times faster than row by row); None for any other file, which the careful path reads and explains."""
    if pa is None:
        return None
    from pyarrow import csv as arrow_csv

    head = text[:200_000].splitlines()[:HEADER_SEARCH_ROWS]
    cells = list(csv.reader(head, delimiter=delimiter))
    start = _header_index(cells)
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


def _line_numbers(text: str, delimiter: str) -> np.ndarray:
    """The line each CSV row starts on, where cells hold line breaks."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    starts, previous = [], 0
    for _ in reader:
        starts.append(previous + 1)
        previous = reader.line_num
    return np.array(starts)


def _delimiter(path: Path, text: str) -> str:
    """Comma or tab, whichever shows a header row; a semicolon-separated file is refused."""
    head = text[:200_000].splitlines()[:HEADER_SEARCH_ROWS]
    for delimiter in (",", "\t", ";"):
        if _header_index(list(csv.reader(head, delimiter=delimiter))) is not None:
            if delimiter == ";":
                raise AscofError(
                    f"file {path} is separated by semicolons (as Excel saves CSV in some languages), where a comma "
                    "may be a decimal mark; open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then try again."
                )
            return delimiter
    return ","


def _table(rows: list[list], lines: np.ndarray, source: Source, check_widths: bool) -> pd.DataFrame | None:
    """Rows under the first row that names a layout's columns (else under the first row), blank rows dropped.

    With `check_widths` (CSV), a row with fewer cells than the header, or with text beyond it, is refused.
    """
    start = _header_index([[c if isinstance(c, str) else "" for c in row] for row in rows[:HEADER_SEARCH_ROWS]])
    start = 0 if start is None else start
    header = [normalise_header(c) for c in rows[start]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    body, body_lines = rows[start + 1 :], lines[start + 1 :]
    if not width:
        return None
    if check_widths:
        _check_widths(body, body_lines, width, source, lines[start])
    if any(len(row) != width for row in body):
        body = [row[:width] + [""] * (width - len(row)) for row in body]
    cells = np.empty((len(body), width), dtype=object)
    cells[:] = body if body else cells
    frame = pd.DataFrame({i: _text_column(cells[:, i]) for i in range(width)})
    frame.columns = header
    frame.index = pd.Index(body_lines[: len(frame)], name="line")
    blank = (frame == "").all(axis=1)
    frame = frame[~blank.to_numpy()]
    frame.attrs["source"] = source
    return frame


def _check_widths(body: list[list[str]], lines: np.ndarray, width: int, source: Source, header_line: int) -> None:
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    for at in np.flatnonzero(lengths != width):
        row = body[at]
        if not any(c.strip() for c in row):
            continue  # a blank line
        if len(row) < width:
            raise AscofError(
                f"{source.at(lines[at])}: {len(row)} cells where the header ({source.unit} {header_line}) has {width}, "
                "so the row is incomplete; correct it or download the file again."
            )
        if any(c.strip() for c in row[width:]):
            raise AscofError(
                f"{source.at(lines[at])}: {len(row)} cells where the header ({source.unit} {header_line}) has {width}; "
                "a cell may hold an unquoted comma: correct the row or download the file again."
            )


def _text_column(cells: np.ndarray) -> pd.Series:
    """One column's cells as the text Excel shows, trimmed: whole numbers without ".0", blanks empty."""
    if infer_dtype(cells, skipna=False) != "string":
        cells = cells.copy()
        numbers = np.fromiter((c.__class__ in (float, int) for c in cells), dtype=bool, count=len(cells))
        if numbers.any():
            values = cells[numbers].astype("float64")
            shown = values.astype(str).astype(object)
            whole = (values == np.floor(values)) & (np.abs(values) < 1e15)
            shown[whole] = values[whole].astype("int64").astype(str)
            shown[np.isnan(values)] = ""
            cells[numbers] = shown
        rest = np.fromiter((c.__class__ is not str for c in cells), dtype=bool, count=len(cells))
        cells[rest] = ["" if c is None else str(c) for c in cells[rest]]
    if pa is None:
        return pd.Series(cells.astype(str), dtype=_TEXT).str.strip()
    import pyarrow.compute as arrow_compute

    return pd.Series(pd.array(arrow_compute.utf8_trim_whitespace(pa.array(cells, type=pa.string())), dtype=_TEXT))


def _workbook_tables(path: Path) -> list[pd.DataFrame | None]:
    """Every sheet's table. An XLSX is read by fastexcel straight into Arrow; any other workbook (XLS, ODS),
    or an XLSX it cannot read, cell by cell with calamine, several times faster than openpyxl."""
    fast = _xlsx_tables(path)
    if fast is not None:
        return fast
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [(name, workbook.get_sheet_by_name(name)) for name in workbook.sheet_names]
        tables = []
        for name, sheet in sheets:
            rows = sheet.to_python()
            first = sheet.start[0] + 1 if sheet.start else 1
            if any(any(c not in ("", None) for c in row) for row in rows[:HEADER_SEARCH_ROWS + 1]):
                tables.append(_table(rows, np.arange(first, first + len(rows)), Source(path.name, name), False))
    except CalamineError as error:
        raise AscofError(f"file {path} cannot be opened as a workbook ({error}); download it again, or open it "
                         "in Excel and save it as .xlsx.") from None
    return tables


def _xlsx_tables(path: Path) -> list[pd.DataFrame | None] | None:
    """Every sheet of an XLSX workbook as a text table, read by fastexcel into Arrow (no Python object per
    cell); None where it cannot be read so (not an XLSX, fastexcel not installed, or a sheet whose first row
    cannot be placed)."""
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


def _arrow_table(cells: pa.Table, first: int, source: Source) -> pd.DataFrame | None:
    """A sheet's text table from Arrow columns of strings; `first` is the sheet row of the first row given."""
    import pyarrow.compute as arrow_compute

    columns = [arrow_compute.utf8_trim_whitespace(arrow_compute.fill_null(c, "")) for c in cells.columns]
    head = [list(row) for row in zip(*(c.slice(0, HEADER_SEARCH_ROWS + 1).to_pylist() for c in columns))]
    start = _header_index(head)
    start = 0 if start is None else start
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
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
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
