"""Read published ASCOF files (CSV or XLSX) in any of the layouts NHS Digital and DHSC have used.

- the official open-data long layout, with an `ASCOF Measure Code` column (every year);
- the processed layout with descriptions but no codes (as shared for 2019-20);
- ascof-xl's own tidy layout (the bundled data).
Headers are matched without regard to case or spacing.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.published import official, processed
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.years import parse_year, year_in_text

LAYOUTS = {
    "official": official.REQUIRED,
    "processed": processed.REQUIRED,
    "tidy": frozenset(c.replace("_", " ") for c in TIDY_COLUMNS),
}


def normalise_header(name: object) -> str:
    """A column name folded for matching: lower case, single spaces."""
    return " ".join(str(name).replace("\ufeff", "").replace("_", " ").split()).lower()


def read_published(path: str | Path, year: str | None = None) -> pd.DataFrame:
    """Read one published file into the tidy table; `year` overrides the year the file states."""
    path = Path(path)
    frame = read_table(path)
    layout = detect_layout(frame, path)
    where = path.name
    if layout == "tidy":
        frame.columns = [c.replace(" ", "_") for c in frame.columns]
        tidy = frame.loc[:, list(TIDY_COLUMNS)].assign(value=pd.to_numeric(frame["value"], errors="coerce"))
        return tidy.assign(year=parse_year(year)) if year else tidy
    file_year = parse_year(year) if year else _year_from(frame, path)
    reader = official if layout == "official" else processed
    return reader.to_tidy(frame, file_year, where)


def read_table(path: Path) -> pd.DataFrame:
    """The first table in a CSV or XLSX file, every cell as text, with normalised headers."""
    if not path.exists():
        raise AscofError(f"file {path} does not exist; check the name and folder.")
    if path.stat().st_size == 0:
        raise AscofError(f"file {path} is empty; download the published file again.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        frame = _read_xlsx(path)
    else:
        frame = _read_csv(path)
    frame.columns = [normalise_header(c) for c in frame.columns]
    if frame.empty:
        raise AscofError(f"file {path} has a header row but no data rows.")
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, csv.Error) as error:
            raise AscofError(f"file {path} is not a readable CSV file ({error}).") from None
        except pd.errors.EmptyDataError:
            raise AscofError(f"file {path} is empty; download the published file again.") from None
    raise AscofError(f"file {path} is not text in UTF-8 or Windows-1252; save it as CSV UTF-8 and try again.")


def _read_xlsx(path: Path) -> pd.DataFrame:
    """The first sheet whose header row names the ASCOF columns (or else the first sheet)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise AscofError(f"file {path} cannot be opened as an Excel workbook ({error}).") from None
    try:
        sheets = []
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue
            names = [normalise_header(h) if h is not None else "" for h in header]
            if any(names):
                frame = pd.DataFrame.from_records(list(rows), columns=names)
                sheets.append(frame)
                if any(set(names) >= required for required in LAYOUTS.values()):
                    return _as_text(frame)
        if not sheets:
            raise AscofError(f"file {path} has no sheet with data.")
        return _as_text(sheets[0])
    finally:
        workbook.close()


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as text (numbers kept as written by Excel), blanks as empty text."""
    frame = frame.dropna(how="all")
    return frame.map(_cell_text)


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


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


def _year_from(frame: pd.DataFrame, path: Path) -> str:
    """The year a file holds: from a year column, else from its name."""
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
    found = year_in_text(path.stem)
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
