"""Financial years as ASCOF writes them ("2019-20"), and how to read one from other spellings."""

from __future__ import annotations

import re
from functools import cache

from ascof_xl.errors import AscofError

_YEAR = re.compile(r"^(20\d\d)-(\d\d)$")


@cache  # called for every measure of every profile: the answer for a label never changes
def year_start(year: str) -> int:
    """The calendar year a financial year starts in: 2019 for "2019-20"."""
    match = _YEAR.match(year)
    if not match:
        raise AscofError(f"'{year}' is not a financial year; write it like 2019-20")
    return int(match.group(1))


def year_label(start: int) -> str:
    """The financial year that starts in `start`: "2019-20" for 2019."""
    return f"{start}-{(start + 1) % 100:02d}"


def previous_year(year: str) -> str:
    """The financial year before: "2018-19" for "2019-20"."""
    return year_label(year_start(year) - 1)


def parse_year(text: str) -> str:
    """Read a financial year from "2019-20", "2019/20", "201920", "1920" or "2019-2020"."""
    found = year_in_text(str(text))
    if found is None:
        raise AscofError(f"'{text}' is not a financial year; write it like 2019-20")
    return found


def year_in_text(text: str) -> str | None:
    """The first financial year written in `text` (a file name, say), or None."""
    patterns = (
        r"(?<!\d)(20\d\d)\s*[-_/ ]?\s*(20\d\d)(?!\d)",  # 2019-2020
        r"(?<!\d)(20\d\d)\s*[-_/ ]?\s*(\d\d)(?!\d)",  # 2019-20, 201920
        r"(?<!\d)(\d\d)[-_/]?(\d\d)(?!\d)",  # 1920, 19-20
    )
    for pattern in patterns:
        for first, second in re.findall(pattern, text):
            start = int(first) if len(first) == 4 else 2000 + int(first)
            if int(second) % 100 == (start + 1) % 100:
                return year_label(start)
    return None
