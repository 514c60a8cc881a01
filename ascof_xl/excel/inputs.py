"""Excel-shaped inputs made plain: blanks, error cells, numbers typed as text, 1x1 and n x 1 ranges.

xlwings hands a function a scalar for one cell and a list of lists for a range; a blank or error
cell arrives as None, and numbers arrive as floats (or as text when typed that way).
"""

from __future__ import annotations

import math
import re
from typing import Any

from ascof_xl.errors import AscofError

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d*)(\.\d*)?([eE][+-]?\d+)?$")


def is_blank(value: Any) -> bool:
    """True for a blank cell, an error cell (None), empty text or a 1x1 range holding one of those."""
    return _blank(cell(value))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell(value: Any) -> Any:
    """One cell's value: a 1x1 (or 1-long) range becomes its only cell; anything larger is refused."""
    if not isinstance(value, (list, tuple)):
        return value
    while isinstance(value, (list, tuple)):
        if len(value) != 1:
            raise AscofError(f"expected one cell, got a range of {len(value)} cells")
        value = value[0]
    return value


def column(value: Any) -> list[Any]:
    """The cells of a row or a column (one of the two dimensions must be 1), blanks kept in place."""
    if not isinstance(value, (list, tuple)):
        return [value]
    rows = [list(row) if isinstance(row, (list, tuple)) else [row] for row in value]
    if all(len(row) == 1 for row in rows):
        return [row[0] for row in rows]
    if len(rows) == 1:
        return rows[0]
    raise AscofError(f"expected one row or one column, got a range of {len(rows)} rows by {len(rows[0])} columns")


def text(value: Any, name: str) -> str:
    """Required text (a code, a council): whole numbers typed in a cell (206.0) read as "206"."""
    value = cell(value)
    if _blank(value):
        raise AscofError(f"{name} is blank (or an error cell); enter a {name}")
    if isinstance(value, bool):
        raise AscofError(f"{name} is TRUE/FALSE; enter a {name}")
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def optional_text(value: Any, default: str | None = None) -> str | None:
    """Optional text: blank, missing or an error cell gives the default."""
    return default if is_blank(value) else text(value, "value")


def number(value: Any, name: str) -> float:
    """A required number: floats and ints as given, text such as "81", "1,234" or "51.3%" read as numbers."""
    value = cell(value)
    if _blank(value):
        raise AscofError(f"{name} is blank (or an error cell); enter a number")
    if isinstance(value, bool):
        raise AscofError(f"{name} is TRUE/FALSE; enter a number")
    if isinstance(value, float):
        found = value
    elif isinstance(value, int):
        found = float(value)
    else:
        written = str(value).strip().removesuffix("%").strip()
        if not _NUMBER.match(written) or not any(ch.isdigit() for ch in written):
            raise AscofError(f'{name} "{value}" is not a number; enter a number such as 81 or 51.3')
        found = float(written.replace(",", ""))
    if not math.isfinite(found):
        raise AscofError(f"{name} is not a finite number")
    return found


def optional_number(value: Any, name: str) -> float | None:
    """An optional number: blank, missing or an error cell gives None."""
    return None if is_blank(value) else number(value, name)
