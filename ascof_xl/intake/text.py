"""Text tables (CSV and tab-separated), read one way for every input: decoded with a named encoding,
the separator found and said, every row kept with the line it starts on, a cut-off file refused.
"""

from __future__ import annotations

import csv
import io
from typing import Callable

from ascof_xl.errors import AscofError
from ascof_xl.intake.limits import ROWS, over

HEADER_SEARCH_ROWS = 30  # a title or notes may stand above the header row
SEPARATORS = {",": "commas", "\t": "tabs", ";": "semicolons"}
_HEAD_CHARACTERS = 200_000

IsHeader = Callable[[list[str]], bool]


def decode(raw: bytes, where: str) -> tuple[str, str]:
    """The text of a file and the encoding it was read in: UTF-8 (with or without a byte-order mark),
    UTF-16 (as Excel's "Unicode Text" saves, known by its byte-order mark or its zero bytes), else
    Windows-1252. A file in none of them is refused, naming the encodings tried."""
    if raw.startswith(b"\xef\xbb\xbf"):
        tried: tuple[tuple[str, str], ...] = (("utf-8-sig", "UTF-8 (with a byte-order mark)"),)
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        tried = (("utf-16", "UTF-16"),)
    elif raw[:4096].count(b"\x00") > len(raw[:4096]) // 4:  # UTF-16 without a byte-order mark
        tried = (("utf-16-le", "UTF-16 (little-endian)") if raw[1:2] == b"\x00" else ("utf-16-be", "UTF-16 (big-endian)"),)
    else:
        tried = (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"))
    for codec, name in tried:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if not codec.startswith("utf-16") or _mostly_plain(text):
            return text, name
    names = " or ".join(name for _, name in tried)
    raise AscofError(f"{where} is not text in {names}: it may be damaged, or not a CSV file at all; "
                     "open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then try again.")


def _mostly_plain(text: str) -> bool:
    """True when at least half the first characters are plain ASCII: a table's separators, digits and codes.
    Bytes that are not UTF-16 decode as UTF-16 into a run of unrelated ideographs, which this tells apart."""
    head = text[:4096]
    return sum(ch < "\x80" for ch in head) * 2 >= len(head)


def separator(text: str, where: str, is_header: IsHeader | None = None, allowed: str = ",\t;") -> str:
    """The separator of a text table: the one (comma, tab, semicolon) under which a row of the first 30
    is a header (`is_header`) of the most columns, else the one found on the most of the first lines. One found but not
    `allowed` is refused, naming it; a file showing none of them is read as one column."""
    head = text[:_HEAD_CHARACTERS].splitlines()[:HEADER_SEARCH_ROWS]
    found, widest = None, 1
    for candidate in SEPARATORS if is_header is not None else ():
        rows = _split(head, candidate)
        at = header_index(rows, is_header)
        if at is not None and (found is None or len(rows[at]) > widest):  # the split giving the header most columns
            found, widest = candidate, len(rows[at])
    if found is None:
        counts = {s: [line.count(s) for line in head if s in line] for s in SEPARATORS}
        found = max(SEPARATORS, key=lambda s: (len(counts[s]), sum(counts[s]))) if any(counts.values()) else ","
    if found not in allowed:
        expected = " or ".join(SEPARATORS[s] for s in allowed)
        raise AscofError(
            f"{where} is separated by {SEPARATORS[found]} where ascof-xl expects {expected}"
            + (" (Excel saves CSV with semicolons in some languages, where a comma may be a decimal mark)" if found == ";" else "")
            + "; open it in Excel and save it as 'CSV UTF-8 (Comma delimited)', then try again."
        )
    return found


def _split(lines: list[str], delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        return []


def header_index(rows: list[list[str]], is_header: IsHeader) -> int | None:
    """The index of the first of the first 30 rows that `is_header` accepts; None when none does."""
    return next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if is_header(row)), None)


def check_text(text: str, where: str, require_final_break: bool = True) -> None:
    """Refuse a text table of more lines than the row cap (counted before parsing) or, with
    `require_final_break`, one whose last line has no line break: the mark of a file cut off part-way."""
    breaks = text.count("\n") or text.count("\r")
    if breaks > ROWS.value():
        raise over(ROWS, f"{where} has", f"{breaks:,} lines")
    if require_final_break and text.strip() and not text.endswith(("\n", "\r")):
        raise AscofError(
            f"{where} line {breaks + 1}: the last line does not end with a line break, so the file looks "
            "cut off part-way through a row; download the file again (if you made it yourself, end the last line "
            "with Enter)."
        )


def text_rows(text: str, delimiter: str, where: str, require_final_break: bool = True) -> tuple[list[list[str]], list[int]]:
    """Every row of a text table and the line each starts on, after `check_text`; a quote left open is refused."""
    check_text(text, where, require_final_break)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows, lines, previous = [], [], 0
    try:
        for row in reader:
            rows.append(row)
            lines.append(previous + 1)
            previous = reader.line_num
    except csv.Error as error:
        raise AscofError(f"{where} line {previous + 1}: not readable as CSV ({error}); a quote may be left open. "
                         "Correct the row or download the file again.") from None
    return rows, lines


def check_widths(rows: list[list[str]], lines: list[int], header: int, width: int, where: str) -> None:
    """Refuse a row below the header with fewer cells than the header (cut off) or with text beyond it
    (an unquoted separator inside a value); a blank line passes."""
    for row, line in zip(rows[header + 1 :], lines[header + 1 :]):
        if len(row) == width or not any(c.strip() for c in row):
            continue
        if len(row) < width:
            raise AscofError(
                f"{where} line {line}: {len(row)} cells where the header (line {lines[header]}) has {width}, "
                "so the row is incomplete or cut off; correct it or download the file again."
            )
        if any(c.strip() for c in row[width:]):
            raise AscofError(
                f"{where} line {line}: {len(row)} cells where the header (line {lines[header]}) has {width}; "
                "a cell may hold an unquoted comma: correct the row or download the file again."
            )
