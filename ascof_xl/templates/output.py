"""Saving workbooks atomically: a temporary file in the same folder, then os.replace."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook

from ascof_xl.errors import AscofError


def save_atomically(book: Workbook, path: Path) -> Path:
    """Save `book` to `path` so a reader never sees half a file; an unwritable folder is a clear error."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise AscofError(f"{path}: a workbook is saved as .xlsx; give a file name ending in .xlsx")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AscofError(f"cannot write {path}: the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(suffix=".xlsx.part", dir=folder)
    os.close(handle)
    try:
        book.save(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file would be, not mkstemp's 0600
        os.replace(temporary, path)
    except OSError as error:
        raise AscofError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
