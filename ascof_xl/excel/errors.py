"""What a worksheet cell can show, enforced in one place: errors as one short "ASCOF:" line, never a
traceback, and every result in a shape and of values Excel holds.

Classic xlwings hands a result to Excel as an array, and one string over 255 characters in it turns the
whole result into #VALUE! (xlwings issue #456); NaN and infinity are no Excel value either. `excel_errors`
wraps every worksheet function, so no function can return what Excel would refuse.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import numbers
from typing import Any, Callable, TypeVar

import numpy as np

from ascof_xl.errors import AscofError

PREFIX = "ASCOF: "
MAX_LENGTH = 255  # longer strings in an array result show as #VALUE! in Excel (xlwings issue #456)
NOT_FINITE = PREFIX + "the result is not a finite number; please report it with the formula that gave it"

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


def shortened(text: str, full_text: str) -> str:
    """Text cut to 255 characters, ending "… (full text: WHERE)" so the reader knows where the rest is."""
    if len(text) <= MAX_LENGTH:
        return text
    tail = f"… (full text: {full_text})"[: MAX_LENGTH // 2]
    return text[: MAX_LENGTH - len(tail)].rstrip() + tail


def fit_value(value: Any, full_text: Callable[[], str]) -> Any:
    """One cell's value as Excel can hold it: text of at most 255 characters, a finite number, a truth
    value, a date or a blank; NaN and infinity become a message, anything else its text. `full_text()`
    names where a text too long for a cell can be read whole."""
    kind = type(value)
    if kind is float:  # the commonest cells first: a function is called thousands of times a recalculation
        return value if math.isfinite(value) else NOT_FINITE
    if kind is str:
        return value if len(value) <= MAX_LENGTH else shortened(value, full_text())
    if value is None or isinstance(value, (bool, dt.date, dt.datetime)):
        return value
    if isinstance(value, np.bool_):  # numpy's truth value
        return bool(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_LENGTH else shortened(value, full_text())
    if isinstance(value, numbers.Real):  # int, float and numpy's numbers
        number = float(value)
        return number if math.isfinite(number) else NOT_FINITE
    if _is_missing(value):  # pandas' NA and NaT
        return None
    return fit_value(str(value), full_text)


def _is_missing(value: Any) -> bool:
    """pandas' NA and NaT (and anything else not equal to itself)."""
    from pandas import isna

    try:
        return bool(isna(value))
    except (TypeError, ValueError):
        return False


class Fitted(list):
    """A table already made to fit Excel, kept by the cache: `excel_errors` hands on a copy as it is."""


def fitted(table: Any, full_text: str) -> Fitted:
    """A table made to fit Excel once, to be kept (a council's profile, a benchmark row)."""
    return Fitted(fit_result(table, lambda: full_text))


def fit_result(result: Any, full_text: Callable[[], str]) -> Any:
    """A function's result as Excel can hold it: a value, or a rectangular 2-D array of values (rows padded
    with blanks; an empty table becomes a blank)."""
    if type(result) is Fitted:
        return [list(row) for row in result]
    if not isinstance(result, (list, tuple)):
        return fit_value(result, full_text)
    rows = [list(row) if isinstance(row, (list, tuple)) else [row] for row in result]
    width = max((len(row) for row in rows), default=0)
    if not width:
        return None
    return [[fit_value(v, full_text) for v in row] + [None] * (width - len(row)) for row in rows]


def excel_errors(function: F | None = None, *, full_text: Callable[..., str] | None = None) -> Any:
    """Make a worksheet function return its error as text, and its result as Excel can hold it.

    `full_text(*args)` names where a text cut to 255 characters can be read whole (an ascof-xl command);
    without it, the ascof-xl command of the same name is meant.
    """

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                result = function(*args, **kwargs)
            except Exception as error:  # a worksheet cell must show a message, whatever went wrong
                return cell_message(error)
            return fit_result(result, lambda: _where(full_text, function, args, kwargs))

        return wrapper  # type: ignore[return-value]

    return decorate(function) if function is not None else decorate


def _where(full_text: Callable[..., str] | None, function: Callable[..., Any], args: tuple, kwargs: dict) -> str:
    """Where the whole text is: the function's own pointer, else the command named like the function."""
    if full_text is not None:
        try:
            return full_text(*args, **kwargs)
        except Exception:  # the pointer must never cost the result
            pass
    return "ascof-xl " + function.__name__.removeprefix("ascof_")
