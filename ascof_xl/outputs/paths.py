"""Where an output may go: never over an input, never onto a folder.

Every command's output paths are checked here once, against every file it reads, before anything is
read or written: a symlink or hard link to an input counts as the input, and a folder is never a file
to write.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ascof_xl.errors import AscofError


def check_outputs(inputs: Iterable[str | Path | None], outputs: Iterable[str | Path | None]) -> None:
    """Refuse any output that is a folder or is the same file as one of the inputs (links resolved)."""
    sources = [Path(p).expanduser() for p in inputs if p]
    for given in outputs:
        if not given:
            continue
        target = Path(given).expanduser()
        if target.is_dir():
            raise AscofError(f"{given} is a folder, not a file to write; give a file name, e.g. "
                                 f"{target / ('result' + (target.suffix or '.csv'))}.")
        for source in sources:
            if same_file(source, target):
                raise AscofError(f"{given} would write over the input {source} (ascof-xl never writes over a file "
                                 "it reads); choose another name for the output.")


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file: the same file on disk (links followed), or the same resolved path."""
    if first.exists() and second.exists():
        try:
            return os.path.samefile(first, second)
        except OSError:
            pass
    return first.resolve() == second.resolve()
