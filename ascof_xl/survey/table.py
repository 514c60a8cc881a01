"""Read a respondent or population file (CSV or XLSX) into text columns named as NHS Digital names them.

Headers may be the short names (LaCode, q3a ...) or the data return's long headers, which are
mapped by the text they contain, as NHS Digital's own code maps them. Each row keeps its line
number, so that every finding can name it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.findings import Finding
from ascof_xl.survey.findings import finding

ROW = "_row"  # the column holding each row's line number in its file
PREFERRED_SHEETS = ("service user data", "carer data", "data")
HEADER_SEARCH_ROWS = 30
_QUESTION = re.compile(r"^q(\d+[a-z]?)(?=$|[^a-z0-9])")


def standardise(name: object) -> str:
    """A header folded for matching: lower case, without spaces, underscores, brackets or a byte-order mark."""
    return re.sub(r"[\s_\[\]()\ufeff]", "", str(name)).lower()


def short_name(header: str, long_names: Mapping[str, str]) -> str:
    """The short column name of a header: itself when short, q3a for "q3a Which of the following ...",
    or the name whose text the long header contains (first match in `long_names` order)."""
    folded = standardise(header)
    if not folded:
        return ""
    question = _QUESTION.match(str(header).strip().lower())
    if question:
        return "q" + question.group(1)
    exact = {standardise(v): v for v in long_names.values()}
    if folded in exact:
        return exact[folded]
    for text, name in long_names.items():
        if text in folded:
            return name
    return header.strip()


def read_rows(path: str | Path, key: str, long_names: Mapping[str, str]) -> pd.DataFrame:
    """Every data row of the file as text, columns by short name, plus ROW (the line number).

    The header is the first row (within the first 30) that has a column whose short name is `key`.
    """
    path = Path(path)
    if not path.is_file():
        raise AscofError(f"file {path} does not exist (or is a folder); check the name and folder.")
    if path.stat().st_size == 0:
        raise AscofError(f"file {path} is empty.")
    sheets = _workbook(path) if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") else [("", _csv(path))]
    for _, rows in sheets:
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            names = _unclashed(row, [short_name(c, long_names) for c in row])
            if key in names:
                return _frame(path, names, rows[index + 1 :], index + 2)
    raise AscofError(
        f"file {path} has no header row with a {key} column (looked at the first {HEADER_SEARCH_ROWS} rows"
        + (f" of sheet(s) {', '.join(repr(n) for n, _ in sheets)}" if sheets and sheets[0][0] else "")
        + "); put the column names on the first row."
    )


def _unclashed(headers: list[str], names: list[str]) -> list[str]:
    """Where two long headers map to one short name, the one that is that name (else the first) takes it;
    the other keeps its own header, so no column is lost or read twice."""
    taken: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name in taken:
            exact = standardise(headers[i]) == standardise(name)
            keep, other = (i, taken[name]) if exact else (taken[name], i)
            taken[name] = keep
            names[other] = str(headers[other]).strip()
        else:
            taken[name] = i
    return names


def _frame(path: Path, names: list[str], body: list[list[str]], first_line: int) -> pd.DataFrame:
    width = len(names)
    lines, records = [], []
    for offset, row in enumerate(body):
        cells = row if len(row) == width else (list(row) + [""] * width)[:width]
        if any(c.strip() for c in cells):
            records.append(cells)
            lines.append(first_line + offset)
    keep = [i for i, n in enumerate(names) if n]
    seen: set[str] = set()
    for i in keep:
        if names[i] in seen:
            raise AscofError(f"file {path}: the column {names[i]} appears twice in the header; keep one.")
        seen.add(names[i])
    columns = list(zip(*records)) if records else [()] * width
    frame = pd.DataFrame({names[i]: np.array([c.strip() for c in columns[i]], dtype=object) for i in keep})
    frame[ROW] = np.asarray(lines, dtype=np.int64)
    return frame


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AscofError(f"file {path} is not text in UTF-8 or Windows-1252; save it as CSV UTF-8.")
    try:
        return [list(row) for row in csv.reader(io.StringIO(text))]
    except csv.Error as error:
        raise AscofError(f"file {path} is not a readable CSV file ({error}).") from None


def _workbook(path: Path) -> list[tuple[str, list[list[str]]]]:
    """Every sheet as text rows, the data return's own sheet first."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = sorted(book.sheet_names, key=lambda n: n.strip().lower() not in PREFERRED_SHEETS)
        return [(n, [[_cell(c) for c in row] for row in book.get_sheet_by_name(n).to_python()]) for n in names]
    except CalamineError as error:
        raise AscofError(f"file {path} cannot be opened as a workbook ({error}).") from None


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def numbers(frame: pd.DataFrame, column: str, where: str, findings: list[Finding]) -> np.ndarray:
    """A column as floats: blanks NaN; text that is not a number NaN too, each with a finding naming its row.

    Each distinct cell text is read once (a column of answer codes holds a handful), which is fast.
    """
    codes, texts = pd.factorize(frame[column].to_numpy(dtype=object), use_na_sentinel=False)
    parsed = np.array([_number(t) for t in texts], dtype=float)
    values = parsed[codes] if len(codes) else np.zeros(0)
    unreadable = np.array([not np.isfinite(v) and str(t).strip() != "" for v, t in zip(parsed, texts)], dtype=bool)
    if unreadable.any():
        bad = unreadable[codes]
        for line, shown in zip(frame[ROW].to_numpy()[bad], frame[column].to_numpy()[bad]):
            findings.append(finding("not-a-number", where, int(line), column,
                                    f"'{str(shown).strip()}' is not a number; it is read as no answer. Enter the answer's code."))
    return values


def _number(text: object) -> float:
    """A cell's number ("1", " 2 ", "1,200", "3.0"); NaN when blank or not a finite number."""
    try:
        value = float(str(text).strip().replace(",", ""))
    except ValueError:
        return float("nan")
    return value if np.isfinite(value) else float("nan")


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], path: str | Path, what: str) -> None:
    """Refuse a file that lacks a column nothing can be computed without."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AscofError(
            f"file {path} lacks the column(s) {', '.join(missing)} that {what} needs; "
            f"it has: {', '.join(c for c in frame.columns if c != ROW) or 'none'}."
        )
