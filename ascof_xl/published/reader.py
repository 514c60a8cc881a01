"""Read published ASCOF files (CSV or XLSX) in any of the layouts NHS Digital and DHSC have used.

- the official open-data long layout, with an `ASCOF Measure Code` column (every year);
- the processed layout with descriptions but no codes (as shared for 2019-20);
- ascof-xl's own tidy layout (the bundled data).
Headers are matched without regard to case or spacing.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from pathlib import Path

import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published import official, processed
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.years import parse_year, year_in_text

HEADER_SEARCH_ROWS = 30  # a title or notes may stand above the header row
LAYOUTS = {
    "official": official.REQUIRED,
    "processed": processed.REQUIRED,
    "tidy": frozenset(c.replace("_", " ") for c in TIDY_COLUMNS),
}


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


def normalise_header(name: object) -> str:
    """A column name folded for matching: lower case, single spaces, older spellings made current."""
    folded = " ".join(str(name).replace("\ufeff", "").replace("_", " ").split()).lower()
    return _CANONICAL.get(re.sub(r"[^a-z0-9]", "", folded), folded)


def read_published(path: str | Path, year: str | None = None, default_year: str | None = None) -> pd.DataFrame:
    """Read one published file into the tidy table.

    `year` overrides the year the file states; `default_year` is used only where it states none.
    """
    path = Path(path)
    frame = read_table(path)
    layout = detect_layout(frame, path)
    where = path.name
    if layout == "tidy":
        frame.columns = [c.replace(" ", "_") for c in frame.columns]
        tidy = frame.loc[:, list(TIDY_COLUMNS)].assign(value=pd.to_numeric(frame["value"], errors="coerce"))
        return tidy.assign(year=parse_year(year)) if year else tidy
    file_year = parse_year(year) if year else _year_from(frame, path, default_year)
    reader = official if layout == "official" else processed
    return reader.to_tidy(frame, file_year, where)


def read_table(path: Path) -> pd.DataFrame:
    """The ASCOF table in a CSV or XLSX file: every cell as trimmed text, headers normalised."""
    if not path.exists():
        raise AscofError(f"file {path} does not exist; check the name and folder.")
    if not path.is_file():
        raise AscofError(f"{path} is a folder, not a file; give the published CSV or XLSX file inside it.")
    if path.stat().st_size == 0:
        raise AscofError(f"file {path} is empty; download the published file again.")
    try:
        sheets = _xlsx_sheets(path) if path.suffix.lower() in (".xlsx", ".xlsm") else [_csv_rows(path)]
    except OSError as error:
        raise AscofError(f"file {path} cannot be read ({error.strerror or error}).") from None
    tables = [_table(rows) for rows in sheets if any(any(row) for row in rows)]
    if not tables:
        raise AscofError(f"file {path} has no data.")
    frame = next((t for t in tables if _is_header(list(t.columns))), tables[0])
    if frame.empty:
        raise AscofError(f"file {path} has a header row but no data rows.")
    return frame


def _is_header(cells: list[str]) -> bool:
    return any(set(cells) >= required for required in LAYOUTS.values())


def _table(rows: list[list[str]]) -> pd.DataFrame:
    """Rows under the first row that names a layout's columns (else under the first row), blank rows dropped."""
    start = next(
        (i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if _is_header([normalise_header(c) for c in row])), 0
    )
    header = [normalise_header(c) for c in rows[start]]
    width = len(header)
    body = [row if len(row) == width else (row + [""] * width)[:width] for row in rows[start + 1 :] if any(row)]
    return pd.DataFrame.from_records(body, columns=header) if body else pd.DataFrame(columns=header)


def _csv_rows(path: Path) -> list[list[str]]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix.lower() == ".gz" else path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AscofError(f"file {path} is not text in UTF-8 or Windows-1252; save it as CSV UTF-8 and try again.")
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise AscofError(f"file {path} is not a readable CSV file ({error}).") from None


def _xlsx_sheets(path: Path) -> list[list[list[str]]]:
    """Every sheet's rows as trimmed text. Read with calamine, several times faster than openpyxl
    on a 50,000-row sheet."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]
    except CalamineError as error:
        raise AscofError(f"file {path} cannot be opened as an Excel workbook ({error}).") from None
    return [[[_cell_text(c) for c in row] for row in sheet] for sheet in sheets]


def _cell_text(value: object) -> str:
    """A workbook cell as the text Excel shows: whole numbers without ".0", blanks empty."""
    if value.__class__ is str:  # most cells: the fast path
        return value.strip()
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def detect_layout(frame: pd.DataFrame, path: Path) -> str:
    """Which published layout the columns match; an error lists what is missing."""
    columns = set(frame.columns)
    for layout, required in LAYOUTS.items():
        if columns >= required:
            return layout
    missing = [c for c in official.COLUMNS if c.lower() not in columns]
    raise AscofError(
        f"file {path} is not an ASCOF open-data file: it lacks the column(s) "
        f"{', '.join(repr(m) for m in missing)}. Use the 'Measures from the Adult Social Care "
        "Outcomes Framework' open-data CSV or XLSX as published."
    )


def _year_from(frame: pd.DataFrame, path: Path, default_year: str | None) -> str:
    """The year a file holds: from a year column, else from its name, else `default_year`."""
    for column in ("financial year", "year"):
        if column in frame.columns:
            values = set(frame[column].astype(str).str.strip()) - {""}
            if len(values) == 1:
                return _column_year(values.pop(), path)
            if len(values) > 1:
                raise AscofError(
                    f"file {path} holds several years ({', '.join(sorted(values))}); "
                    "split it into one file per year."
                )
    found = year_in_text(path.stem) or (parse_year(default_year) if default_year else None)
    if found is None:
        raise AscofError(
            f"cannot tell which year file {path} holds; give it with --year, for example --year 2019-20."
        )
    return found


def _column_year(value: str, path: Path) -> str:
    """A year column may say "2019-20" or, as the processed files do, the year it ends (2020)."""
    text = value.split(".")[0]
    if text.isdigit() and len(text) == 4:
        end = int(text)
        return f"{end - 1}-{end % 100:02d}"
    try:
        return parse_year(value)
    except AscofError:
        raise AscofError(f"file {path}: the year column says '{value}', which is not a financial year.") from None
