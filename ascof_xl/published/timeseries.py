"""DHSC and NHS England time-series workbooks (ODS or XLSX): one `Table_<metric>` sheet per metric.

Each table has title rows, then a header `Local authority code, Local authority, ONS area code,
<year> - <type>, ...` with years written `2015 to 2016` and types `outcome`, `numerator`,
`denominator`, `margin of error` and `number of respondents` (the tidy `Base`). Rows are England,
the council types by letter (S U M I O, and D), the regions and the councils.

Codes are named by the sheet (`Table_2d(1)` is 2D1). A year before 2023-24 follows the older
framework: its code is the one the workbook's `Contents` sheet gives in `2022 to 2023 Code`
(1B was 1J). A council published under its current code for years before it existed (North
Yorkshire, Somerset, Buckinghamshire unitaries) is placed under the predecessor on the same
boundary; a row still coded as an earlier council for years after it ended, under the CASSR code
of a council of that year, belongs to that council (Dorset's 4B, 6A and 6B of 2023-24 and 2024-25
are on the row "Dorset County", E10000009, council 809, which is Dorset Council's). A row for two
councils together ("Cornwall and Isles of Scilly", coded `[z]`) gives the first council the values
its own row leaves out. Both are said in `attrs["row_notes"]`, one (year, area, measure, note) per
value. Left out, with a note: year columns where every cell is `[z]` (the carers' survey in
the years it did not run), a council's year with nothing but `[z]` before it existed, values
of a council in a year it did not exist and of no council of that year, and columns of a type
ascof-xl does not read (the rating breakdowns of 6B). A 2016-17 carers' score written with the
score on the earlier eligible population in brackets, `7.7 (7.6)`, is read as the official 7.7
(and `0.4 (:)` as 0.4).
"""

from __future__ import annotations

import re
from functools import cache
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from ascof_xl.catalogue import canonical_code, framework_for_year
from ascof_xl.councils import Council, code_in_year, councils_by_ons_code, find_council, is_council_name
from ascof_xl.errors import AscofError
from ascof_xl.published.accounting import Source, check_rows
from ascof_xl.published.council_types import council_type_area, council_type_letter
from ascof_xl.published.tidy import TIDY_COLUMNS
from ascof_xl.years import parse_year

SHEET = re.compile(r"^table[\s_]*(.+)$", re.IGNORECASE)
YEAR_COLUMN = re.compile(r"^\s*(20\d\d)\s*(?:to|-|/)\s*(20\d\d|\d\d)\s*-\s*(.+?)\s*$", re.IGNORECASE)
MEASURE_TYPES = {
    "outcome": "Outcome",
    "numerator": "Numerator",
    "denominator": "Denominator",
    "margin of error": "Margin Of Error",
    "number of respondents": "Base",
    "base": "Base",
}
AREA_COLUMNS = {
    "code": ("local authority code", "geographical code", "cassr code", "code"),
    "name": ("local authority", "geographical description", "local authority name", "area name"),
    "ons": ("ons area code", "ons code"),
}
HEADER_SEARCH_ROWS = 30
_MARKER = re.compile(r"^\[\s*([a-z]{1,4})\s*\]$", re.IGNORECASE)
# 2016-17 carers' scores: the official score, then in brackets the score on the earlier eligible population.
_WITH_BRACKETED = re.compile(r"^([-+]?[\d,]*\.?\d+)\s*\([^()]*\)$")
_BLANKS = {"", "-", "..", ":"}
_INFINITY = float("inf")
_COUNCIL_PREFIXES = ("E06", "E07", "E08", "E09", "E10", "E11")


def is_workbook(path: Path) -> bool:
    """True when the file is a zipped workbook (XLSX or ODS), whatever its name says."""
    try:
        with open(path, "rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def read_timeseries(path: str | Path, year: str | None = None) -> pd.DataFrame | None:
    """The tidy table of a time-series workbook, or None when the file is not one.

    `year` keeps that year only; a year the workbook does not hold is an error.
    """
    path = Path(path)
    if not path.is_file() or not is_workbook(path):
        return None
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = [n for n in workbook.sheet_names if SHEET.match(n.strip())]
        sheets = {n: _rows(workbook.get_sheet_by_name(n)) for n in names}
        contents = _old_codes(workbook) if "Contents" in workbook.sheet_names else {}
    except CalamineError as error:
        raise AscofError(f"file {path} cannot be opened as a workbook ({error}).") from None
    tables = {n: found for n, rows in sheets.items() if (found := _header(rows)) is not None}
    if not tables:
        return None
    wanted = parse_year(year) if year else None
    records, places, notes, absent, row_notes = [], [], [], {}, []
    for name, (start, header) in tables.items():
        sheet_records, lines, sheet_notes, left_out = _sheet_to_tidy(
            path.name, name, sheets[name], start, header, contents, wanted
        )
        sheet_records, lines, stood_for = _stand_ins(sheet_records, lines, name)
        row_notes += stood_for
        records += sheet_records
        places += [(name, line) for line in lines]
        notes += sheet_notes
        for council, year in left_out:
            absent.setdefault(council, {}).setdefault(year, []).append(name)
    if absent:
        notes.append(_absent_note(path.name, absent))
    if wanted and not records:
        raise AscofError(f"file {path} holds no values for {wanted}; its tables cover other years.")
    tidy = pd.DataFrame.from_records(records, columns=list(TIDY_COLUMNS))
    tidy["value"] = tidy["value"].astype("float64").round(9)  # 20.200000000000003 as stored is the 20.2 shown
    places = WorkbookRows(path.name, places=tuple(places))
    checked = check_rows(tidy, places)  # once for every sheet: duplicates, plausibility
    checked.attrs["notes"] = notes + checked.attrs["notes"]
    checked.attrs["row_notes"] = row_notes
    return checked


_STANDS_FOR = "stands_for:"  # the published code of a record a row stands in for, and the row's name


def _stand_ins(records: list[tuple], lines: list[int], sheet: str) -> tuple[list[tuple], list[int], list[tuple]]:
    """Records with the values of rows that stand for a council (a joint row, or an earlier council's
    row under its CASSR code) put under the council; a council's own row wins, and a joint row gives
    only the numbers the council's own row leaves out. Returns the records, their lines and one
    (year, area, measure, note) per outcome so placed."""
    def key(record: tuple) -> tuple:
        return record[0], record[1], record[5], record[8]

    standing = [i for i, r in enumerate(records) if r[2].startswith(_STANDS_FOR)]
    if not standing:
        return records, lines, []
    own = {key(r): i for i, r in enumerate(records) if not r[2].startswith(_STANDS_FOR)}
    placed, notes = {}, []
    for i in standing:
        record = records[i]
        published, _, row_name = record[2][len(_STANDS_FOR):].partition("|")
        joint = published == "[z]"
        at = own.get(key(record))
        if (joint and record[9] is None) or (at is not None and (not joint or records[at][9] is not None)):
            continue
        council = councils_by_ons_code()[record[1]]
        placed[at if at is not None else -1 - i] = (record[:2] + (council.cassr_code, council.name) + record[4:], lines[i])
        if record[8] == "Outcome":
            joined = ", a row that stands for more than one council" if joint else ""
            notes.append((record[0], record[1], record[5],
                          f"published on the row '{row_name}' ({published}) of {sheet}{joined}"))
    kept = [placed.get(i, (r, line)) for i, (r, line) in enumerate(zip(records, lines)) if i not in standing]
    kept += [placed[k] for k in placed if k < 0]
    return [r for r, _ in kept], [line for _, line in kept], notes


def _absent_note(file: str, absent: dict[str, dict[str, list[str]]]) -> str:
    """One note for every value published for a council in a year it did not exist, with the sheets."""
    parts = []
    for council, years in sorted(absent.items()):
        for year, sheets in sorted(years.items()):
            shown = ", ".join(sheets[:3]) + (f" and {len(sheets) - 3} more" if len(sheets) > 3 else "")
            parts.append(f"{council} {year} (sheets {shown})")
    return f"{file}: left out values of councils in years they did not exist: {'; '.join(parts)}."


@dataclass(frozen=True)
class WorkbookRows(Source):
    """Rows gathered from several sheets: row i of the table is `places[i]`, a (sheet, row) pair."""

    places: tuple[tuple[str, int], ...] = ()

    def at(self, line: object) -> str:
        sheet, row = self.places[int(line)]
        return f"{self.name}, sheet '{sheet}' row {row}"

    def at_lines(self, lines: Iterable[object]) -> str:
        ordered = sorted(set(int(line) for line in lines))
        shown = "; ".join(self.at(line) for line in ordered[:3])
        return shown + (f" and {len(ordered) - 3} more" if len(ordered) > 3 else "")


def _rows(sheet: object) -> list[list[object]]:
    """A sheet's rows from its first row, so that list positions are the row numbers users see, less one."""
    first_row, first_column = sheet.start if sheet.start else (0, 0)
    rows = sheet.to_python()
    if first_column:
        rows = [[""] * first_column + list(r) for r in rows]
    return [[""] * first_column] * first_row + rows


def _header(rows: list[list[object]]) -> tuple[int, list[str]] | None:
    """The header row (index and folded cells) of a table sheet, or None when it has none."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [" ".join(str(c).split()).lower() for c in row]
        has_area = any(c in AREA_COLUMNS["ons"] for c in cells)
        if has_area and any(YEAR_COLUMN.match(c) for c in cells):
            return index, cells
    return None


def _old_codes(workbook: object) -> dict[str, str | None]:
    """Each metric's 2022-23 code, from the Contents sheet (None where it says "Not applicable")."""
    rows = workbook.get_sheet_by_name("Contents").to_python()
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [" ".join(str(c).split()).lower() for c in row]
        if "metric" in cells and "2022 to 2023 code" in cells:
            metric, old = cells.index("metric"), cells.index("2022 to 2023 code")
            mapping = {}
            for body in rows[index + 1 :]:
                code, previous = str(body[metric]).strip(), str(body[old]).strip()
                if code:
                    known = previous and previous.lower() != "not applicable"
                    mapping[canonical_code(code)] = canonical_code(previous) if known else None
            return mapping
    return {}


def _sheet_to_tidy(
    file: str,
    sheet: str,
    rows: list[list[object]],
    start: int,
    header: list[str],
    old_codes: dict[str, str | None],
    wanted: str | None,
) -> tuple[list[tuple], list[int], list[str], list[tuple[str, str]]]:
    """One table sheet as tidy records (in TIDY_COLUMNS order), the sheet row of each, notes on what
    was left out, and the (council, year) pairs left out because the council did not exist then."""
    source = Source(file, sheet)
    where = str(source)
    metric = canonical_code(SHEET.match(sheet.strip()).group(1))
    area = {k: next((header.index(c) for c in names if c in header), None) for k, names in AREA_COLUMNS.items()}
    if area["ons"] is None or area["name"] is None:
        raise AscofError(f"{source.at(start + 1)}: the header lacks 'Local authority' or 'ONS area code'; "
                         "download the workbook again.")
    columns, notes = _value_columns(header, metric, old_codes, where)
    columns = [c for c in columns if wanted is None or c[1] == wanted]
    body = [(start + 2 + i, row) for i, row in enumerate(rows[start + 1 :]) if any(str(c).strip() for c in row)]
    cells = {c[0]: _column(body, c[0], where) for c in columns}
    by_year: dict[str, list[tuple[int, str, str]]] = {}
    for index, year, code, kind in columns:
        by_year.setdefault(year, []).append((index, code, kind))
    # Year columns with nothing but [z]: the metric was not published that year.
    live = {y: here for y, here in sorted(by_year.items()) if any(m != "z" for i, _, _ in here for _, m in cells[i])}
    records, lines, left_out = [], [], []
    for r, (line, row) in enumerate(body):
        place = _area(row, area, where, line)
        if place is None:
            notes.append(f"{source.at(line)}: left out 1 row: '{_text(row[area['name']])}' is not England, a region, "
                         "a council type or a council")
            continue
        for year, here in live.items():
            found = [cells[i][r] for i, _, _ in here]
            code_area = _area_in_year(place, year)
            if code_area is None or (place[2] == "council type" and all(m == "z" for _, m in found)):
                if any(m != "z" for _, m in found) and code_area is None:
                    left_out.append((f"{place[1]} ({place[0]})", year))
                continue
            for (_, code, kind), (value, marker) in zip(here, found):
                records.append((year, *code_area, place[2], code, code, "Total", kind, value, marker))
                lines.append(line)
    return records, lines, notes, left_out


def _value_columns(
    header: list[str], metric: str, old_codes: dict[str, str | None], where: str
) -> tuple[list[tuple[int, str, str, str]], list[str]]:
    """(column, year, code, measure type) of every value column read, and notes on those that are not."""
    found, skipped, notes = [], set(), []
    for index, cell in enumerate(header):
        match = YEAR_COLUMN.match(cell)
        if not match:
            continue
        first, second, kind = match.groups()
        year = parse_year(f"{first}-{second[-2:]}")
        kind = re.sub(rf"^{re.escape(metric.lower())}\s+", "", kind.lower())  # "6b outcome" in Table_6b
        if kind not in MEASURE_TYPES:
            skipped.add(kind)
            continue
        code = metric
        if framework_for_year(year) != "ascof-2023-24" and old_codes:
            code = old_codes.get(metric)
            if code is None:
                notes.append(f"{where}: {year} has no 2022-23 code in the Contents sheet; its column is left out.")
                continue
        found.append((index, year, code, MEASURE_TYPES[kind]))
    if skipped:
        ordered = sorted(skipped)
        shown = ", ".join(repr(s) for s in ordered[:3]) + (" ..." if len(ordered) > 3 else "")
        notes.append(f"{where}: left out {len(ordered)} kind(s) of column ascof-xl does not read ({shown}); "
                     f"it reads {', '.join(MEASURE_TYPES)}.")
    return found, notes


def _text(value: object) -> str:
    """A cell as text: whole numbers without ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _area(row: list[object], area: dict[str, int | None], where: str, line: int) -> tuple[str, str, str, str] | None:
    """(ONS code or type area code, name, level, published code) of a row; None when it is none of these."""
    code = _text(row[area["code"]]) if area["code"] is not None else ""
    name = _text(row[area["name"]])
    ons = _text(row[area["ons"]]).upper()
    if ons == "E92000001" or name.lower() == "england":
        return "E92000001", name, "england", code if code.lower() != "england" else ""
    if ons.startswith("E12"):
        return ons, name, "region", code
    if ons.startswith(_COUNCIL_PREFIXES):
        return ons, name, "council", code
    joint = _joint_council(name) if not ons.startswith("E") else None
    if joint is not None:
        return joint.ons_code, name, "council", f"{_STANDS_FOR}{code}|{name}"
    letter = council_type_letter(code) or council_type_letter(name)
    if letter and not ons.startswith("E"):
        type_code, type_name = council_type_area(letter)
        return type_code, type_name, "council type", letter
    return None


@cache
def _area_in_year(place: tuple[str, str, str, str], year: str) -> tuple[str, str, str] | None:
    """(area code, published code, name) a row's values belong to in `year`.

    A council published for years before it existed belongs to its predecessor on the same
    boundary; without one, None.
    """
    code, name, level, published = place
    if level != "council" or (council := councils_by_ons_code().get(code)) is None or council.existed_in(year):
        return code, published, name
    earlier = code_in_year(council, year)
    if earlier is None:
        successor = _council_of_year(council.cassr_code, year)
        return None if successor is None else (successor.ons_code, f"{_STANDS_FOR}{published}|{name}", successor.name)
    predecessor = councils_by_ons_code()[earlier]
    return earlier, predecessor.cassr_code or published, predecessor.name


def _joint_council(name: str) -> Council | None:
    """The first council of a row named for two ("Cornwall and Isles of Scilly"), or None."""
    first, joined, second = name.partition(" and ")
    if not joined or not is_council_name(first) or not is_council_name(second) or is_council_name(name):
        return None
    return find_council(first)


def _council_of_year(cassr_code: str, year: str) -> Council | None:
    """The council that reported under a CASSR code in `year` (Dorset Council under 809 from 2019-20)."""
    found = [c for c in councils_by_ons_code().values() if cassr_code and c.cassr_code == cassr_code and c.existed_in(year)]
    return found[0] if len(found) == 1 else None


def _column(body: list[tuple[int, list[object]]], index: int, where: str) -> list[tuple[float | None, str]]:
    """One column's cells as (value, marker), numbers (most cells) on a fast path."""
    return [
        (value, "") if (value := row[index] if index < len(row) else "").__class__ is float and value == value
        and value not in (_INFINITY, -_INFINITY) else _cell(value, where, line, index)
        for line, row in body
    ]


def _cell(value: object, where: str, line: int, column: int) -> tuple[float | None, str]:
    """A published cell as (value, marker): a number with "", or None with its marker (c, x, z, blank)."""
    kind = value.__class__
    if kind is float or (kind is not str and isinstance(value, (int, float)) and not isinstance(value, bool)):
        if value != value or value in (_INFINITY, -_INFINITY):
            return None, "blank"
        return float(value), ""
    text = str(value).strip()
    if text.lower() in _BLANKS:
        return None, "blank"
    marker = _MARKER.match(text)
    if marker:
        return None, marker.group(1).lower()
    bracketed = _WITH_BRACKETED.match(text)
    if bracketed:
        text = bracketed.group(1)
    try:
        return float(text.replace(",", "").rstrip("%")), ""
    except ValueError:
        raise AscofError(
            f"{where}, cell {_column_letter(column)}{line}: the cell holds '{text}', which is neither a number nor a "
            "marker such as [c], [x] or [z]. Correct the cell or download the workbook again."
        ) from None


def _column_letter(index: int) -> str:
    """The spreadsheet letters of a 0-based column index (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
