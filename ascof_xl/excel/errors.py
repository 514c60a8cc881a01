"""Errors as a worksheet shows them: one short line starting "ASCOF:", never a traceback."""

from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from ascof_xl.errors import AscofError

PREFIX = "ASCOF: "
MAX_LENGTH = 255  # longer strings have shown as #VALUE! in Excel (xlwings issue #456)

F = TypeVar("F", bound=Callable[..., Any])


def cell_message(error: Exception) -> str:
    """The error as one cell's text: "ASCOF: " and the first line of the message, cut to 255 characters."""
    if isinstance(error, AscofError):
        text = str(error)
    else:
        text = f"unexpected {type(error).__name__}: {error}; please report it with the formula that gave it"
    line = " ".join(text.split()) or type(error).__name__
    message = PREFIX + line
    return message if len(message) <= MAX_LENGTH else message[: MAX_LENGTH - 1] + "…"


def excel_errors(function: F) -> F:
    """Make a worksheet function return its error as text instead of raising."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:  # a worksheet cell must show a message, whatever went wrong
            return cell_message(error)

    return wrapper  # type: ignore[return-value]
