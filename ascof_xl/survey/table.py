"""Read a respondent or population file (CSV or XLSX) into text columns named as NHS Digital names them.

Headers may be the short names (LaCode, q3a ...) or the data return's long headers, which are
mapped by the text they contain, as NHS Digital's own code maps them. Each row keeps its line
number, so that every finding can name it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd

from ascof_xl.errors import AscofError
from ascof_xl.intake.numbers import ambiguity, number
from ascof_xl.intake.tables import read_sheets
from ascof_xl.intake.text import HEADER_SEARCH_ROWS
from ascof_xl.survey.findings import finding

ROW = "_row"  # the column holding each row's line number in its file
PREFERRED_SHEETS = ("service user data", "carer data", "data")
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
    The file is read by the one tabular reader (`ascof_xl.intake`): a row cut off short is refused,
    never padded. `attrs["delimiter"]` holds a text file's separator (a comma in a number of a
    semicolon-separated file is then a decimal mark, so ambiguous).
    """
    path = Path(path)

    def is_header(row: list[str]) -> bool:
        return key in [short_name(c, long_names) for c in row]

    sheets = read_sheets(path, "file", is_header=is_header, separators=",\t;")
    sheets = sorted(sheets, key=lambda s: (s.name or "").strip().lower() not in PREFERRED_SHEETS)
    for sheet in sheets:
        index = sheet.header(is_header)
        if index is not None:
            names = _unclashed(sheet.rows[index], [short_name(c, long_names) for c in sheet.rows[index]])
            body, lines = sheet.body(index)
            frame = _frame(path, names, body, lines)
            frame.attrs["delimiter"] = sheet.delimiter
            return frame
    named = [s.name for s in sheets if s.name]
    raise AscofError(
        f"file {path} has no header row with a {key} column (looked at the first {HEADER_SEARCH_ROWS} rows"
        + (f" of sheet(s) {', '.join(repr(n) for n in named)}" if named else "")
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


def _frame(path: Path, names: list[str], body: list[list[str]], lines: list[int]) -> pd.DataFrame:
    keep = [i for i, n in enumerate(names) if n]
    seen: set[str] = set()
    for i in keep:
        if names[i] in seen:
            raise AscofError(f"file {path}: the column {names[i]} appears twice in the header; keep one.")
        seen.add(names[i])
    columns = list(zip(*body)) if body else [()] * len(names)
    frame = pd.DataFrame({names[i]: np.array(columns[i], dtype=object) for i in keep})
    frame[ROW] = np.asarray(lines, dtype=np.int64)
    return frame


def refuse_identical_rows(frame: pd.DataFrame, path: str | Path) -> None:
    """Refuse a respondent file in which two rows are the same in every column: one person entered twice
    would be counted twice, changing every figure of the council."""
    cells = frame.drop(columns=[ROW])
    repeated = cells.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    lines = frame[ROW].to_numpy()
    groups: dict[tuple, list[int]] = {}
    for line, row in zip(lines[repeated], cells[repeated].itertuples(index=False, name=None)):
        groups.setdefault(row, []).append(int(line))
    shown = "; ".join(" and ".join(f"line {n}" for n in group[:3]) for group in list(groups.values())[:3])
    more = f" (and {len(groups) - 3} more sets)" if len(groups) > 3 else ""
    raise AscofError(
        f"file {path}: {shown}{more} are the same in every column, so one respondent looks entered more than once and "
        "would be counted twice; delete the copies. If different people truly gave the same answers, add a column "
        "that tells them apart (such as SerialNo)."
    )


def numbers(frame: pd.DataFrame, column: str, where: str, findings: list[Finding], whole: bool = False) -> np.ndarray:
    """A column as floats: blanks NaN; text that is not a number NaN too, each with a finding naming its row.

    Each distinct cell text is read once (a column of answer codes holds a handful), which is fast. A number
    whose separators could be read two ways ("21.600" in a column of `whole` counts, "1,5", "21,600" in a
    semicolon-separated file) or that is absurd (1e308 where a count is meant, a negative count) is refused,
    located, rather than read as one of its meanings.
    """
    codes, texts = pd.factorize(frame[column].to_numpy(dtype=object), use_na_sentinel=False)
    semicolons = frame.attrs.get("delimiter") == ";"
    for text in texts:
        problem = ambiguity(str(text).strip(), whole, semicolons)
        if problem:
            line = int(frame[ROW].to_numpy()[codes == list(texts).index(text)][0])
            raise AscofError(f"file {where}, line {line}, column {column}: '{str(text).strip()}' {problem}")
    parsed = np.array([number(str(t)) for t in texts], dtype=float)
    values = parsed[codes] if len(codes) else np.zeros(0)
    unreadable = np.array([not np.isfinite(v) and str(t).strip() != "" for v, t in zip(parsed, texts)], dtype=bool)
    if unreadable.any():
        bad = unreadable[codes]
        for line, shown in zip(frame[ROW].to_numpy()[bad], frame[column].to_numpy()[bad]):
            findings.append(finding("not-a-number", where, int(line), column,
                                    f"'{str(shown).strip()}' is not a number; it is read as no answer. Enter the answer's code."))
    return values


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], path: str | Path, what: str) -> None:
    """Refuse a file that lacks a column nothing can be computed without."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise AscofError(
            f"file {path} lacks the column(s) {', '.join(missing)} that {what} needs; "
            f"it has: {', '.join(c for c in frame.columns if c != ROW) or 'none'}."
        )
