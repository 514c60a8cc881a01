"""Saving workbooks atomically: a temporary file in the same folder, then os.replace."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ascof_xl.errors import AscofError
from ascof_xl.outputs.atomic import atomic_path


def save_atomically(book: Workbook, path: Path) -> Path:
    """Save `book` to `path` so a reader never sees half a file; an unwritable folder is a clear error."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise AscofError(f"{path}: a workbook is saved as .xlsx; give a file name ending in .xlsx")
    with atomic_path(path) as temporary:
        book.save(temporary)
    return path
