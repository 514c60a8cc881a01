"""The ribbon's macros. Each module has `run(book, ...)` over the small workbook interface of
`ascof_xl.excel.books`, and `main(...)`, which the add-in's VBA calls through xlwings' RunPython."""

from __future__ import annotations

from typing import Any, Callable

from ascof_xl.errors import AscofError
from ascof_xl.excel.books import Book


def in_excel(run: Callable[..., Any], book: Book, *args: Any) -> Any:
    """Run a macro on the calling workbook; a problem becomes a message box and a status line, not a traceback."""
    try:
        return run(book, *args)
    except AscofError as error:
        message = f"ASCOF: {error}"
    except Exception as error:  # an officer sees a message box, never a traceback
        message = f"ASCOF: unexpected {type(error).__name__}: {error}. Please report it with what you pressed."
    book.status(message.splitlines()[0])
    book.alert(message)
    return None
