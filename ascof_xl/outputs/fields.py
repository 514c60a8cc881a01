"""CSV fields that a spreadsheet can never run: OWASP's CSV-injection guidance, applied to text.

A field that starts with '=', '+', '-', '@', a tab or a carriage return is read by Excel and
LibreOffice as a formula; such a field is written with a single quote in front ('=1+1), so it shows as
the text it was. Numbers ascof-xl computed are not text and stay numbers: -1.5 is written as -1.5.
"""

from __future__ import annotations

from numbers import Number
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """The text as a CSV field no spreadsheet reads as a formula."""
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_field(value: Any, text: str) -> str:
    """The field for `value` already written as `text`: numbers as they are, text made inert."""
    if isinstance(value, Number) and not isinstance(value, bool):
        return text
    return inert(text)


def excel_text(value: Any) -> Any:
    """A value to hand to Excel as if typed (xlwings' Range.value): text that Excel would take for a formula
    gets Excel's own text prefix, a single quote, which Excel keeps out of the cell's value."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        return "'" + value
    return value
