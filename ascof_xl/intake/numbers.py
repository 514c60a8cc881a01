"""Numbers read from a stranger's text cells, refusing what could be read two ways or cannot be a count.

"21,600" is 21600 where commas can only group thousands; "21,6" (a decimal comma?), a comma number in a
semicolon-separated file, and "21.600" in a column of counts (a full stop grouping thousands?) are each
refused with what to write instead. So are 1e308, 1E999, inf, NaN and negative numbers where a count is meant.
"""

from __future__ import annotations

import math
import re


def number(text: str) -> float:
    """A cell's number ("1", " 2 ", "1,200", "3.0"); NaN when blank or not a finite number."""
    try:
        value = float(str(text).strip().replace(",", ""))
    except ValueError:
        return float("nan")
    return value if math.isfinite(value) else float("nan")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_GROUP = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
COUNT_LIMIT = 1e9  # no council has a billion people or respondents


def ambiguity(text: str, whole: bool, semicolons: bool) -> str | None:
    """Why a cell's number cannot be read without guessing (the rest of the message), or None."""
    if "," in text and (semicolons or not _THOUSANDS.match(text)) and _looks_numeric(text.replace(",", ".")):
        return ("has a comma that may be a decimal mark or a thousands separator, so it is not read; write the "
                "number without separators (for example 21600 or 21.6).")
    if whole and _DECIMAL_GROUP.match(text):
        return ("is not a whole number, yet the column holds counts: a full stop may be a thousands separator here "
                "(21.600 for 21,600); write the count without separators, for example 21600.")
    if whole:
        value = number(text)
        if text and not math.isfinite(value) and _looks_numeric(text):
            return "is not a finite number; enter the count as a whole number."
        if math.isfinite(value) and (value < 0 or value != math.floor(value) or value > COUNT_LIMIT):
            return "is not a count (a whole number from 0 to a billion); enter the count as a whole number."
    return None


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


