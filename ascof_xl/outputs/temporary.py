"""Private temporary folders: readable by the user alone (mode 0700) and removed however a run ends.

Staged copies of another organisation's data (a CLD extract as Parquet, a workbook on its way to PDF)
hold personal data; they never sit in a world-readable folder and never outlive the run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ascof_xl.errors import AscofError

PREFIX = "ascof-xl-"


def make_private_folder(purpose: str = "work", within: str | Path | None = None) -> Path:
    """A new folder only the user can open (tempfile.mkdtemp gives mode 0700), in `within` (made if missing)
    or the system's temporary folder; the caller removes it with `remove_folder` in a `finally`."""
    try:
        if within is not None:
            os.makedirs(within, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{purpose}-", dir=within))
    except OSError as error:
        raise AscofError(f"cannot make a temporary folder in {within or tempfile.gettempdir()} "
                         f"({error.strerror or error}); free some space or choose another folder.") from None


def remove_folder(folder: str | Path) -> None:
    """Remove a private folder and everything in it (nothing to do when it is already gone)."""
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def private_folder(purpose: str = "work", within: str | Path | None = None) -> Iterator[Path]:
    """A private folder for the length of a `with` block, removed whether the block succeeds or raises."""
    folder = make_private_folder(purpose, within)
    try:
        yield folder
    finally:
        remove_folder(folder)
