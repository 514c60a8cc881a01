"""Writing outputs atomically: a temporary file in the target's folder, moved into place when complete.

A reader (Excel, a colleague's script) never sees half a file, and an input is never written over by a
failed run. Every door writes its outputs through `atomic_path`.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ascof_xl.errors import AscofError


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `path` to write to; on success it replaces `path`, else it is removed."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise AscofError(f"cannot write {target}: the folder {folder} does not exist; create it or choose another path.")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=target.suffix + ".part", dir=folder)
    except OSError as error:
        raise AscofError(f"cannot write in the folder {folder} ({error.strerror}); choose another path.") from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary new file, not mkstemp's owner-only mode
        os.replace(temporary, target)
    except OSError as error:
        raise AscofError(f"cannot write {target} ({error.strerror or error}); is it open in Excel?") from None
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    """The process's file-creation mask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
