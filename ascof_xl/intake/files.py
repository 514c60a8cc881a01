"""A file given by the user, checked before any byte is parsed: there, a file, not empty, within the size cap.

The size is taken from the file system, so a 2 GiB file is refused without being read; a .gz file
is unpacked a block at a time and refused as soon as it passes the cap.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from ascof_xl.errors import AscofError
from ascof_xl.intake.limits import INPUT_MB, MB, over

_BLOCK = 1 << 20


def checked_path(path: str | Path, what: str, advice: str = "") -> Path:
    """`path` when it is an existing, non-empty regular file within the size cap; else a plain refusal.

    `what` names the file as the user knows it ("published file", "neighbours file"); `advice` ends
    the message for a missing file ("give a CSV with LA_Code, age_18_64, age_65_plus").
    """
    path = Path(path)
    advice = f"; {advice}" if advice else "; check the name and folder"
    if not path.exists():
        raise AscofError(f"{what} {path} does not exist{advice}.")
    if path.is_dir():
        raise AscofError(f"{what} {path} is a folder, not a file{advice}.")
    if not path.is_file():
        raise AscofError(f"{what} {path} is not a file (a device or a pipe){advice}.")
    size = path.stat().st_size
    if size == 0:
        raise AscofError(f"{what} {path} is empty{advice}.")
    if size > INPUT_MB.value() * MB:
        raise over(INPUT_MB, f"{what} {path} is", f"{size / MB:,.0f} MB")
    return path


def read_bytes(path: str | Path, what: str, advice: str = "") -> bytes:
    """The bytes of a checked file; a .gz file unpacked, refused when cut off or past the size cap."""
    path = checked_path(path, what, advice)
    try:
        with path.open("rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise AscofError(f"{what} {path} cannot be read ({error.strerror or error}); check it is not open elsewhere.") from None
    return _gunzip(path, raw, what) if path.suffix.lower() == ".gz" else raw


def _gunzip(path: Path, raw: bytes, what: str) -> bytes:
    """A gzip file's content, unpacked a block at a time so a gzip bomb stops at the cap."""
    limit = INPUT_MB.value() * MB
    stated = int.from_bytes(raw[-4:], "little") if len(raw) >= 18 else 0  # the last member's size, modulo 4 GiB
    if stated > limit:
        raise over(INPUT_MB, f"{what} {path} unpacks to more than", f"{limit // MB:,} MB")
    unpack = zlib.decompressobj(wbits=31)
    parts, size = [], 0
    try:
        data = raw
        while data:
            part = unpack.decompress(data, _BLOCK)
            size += len(part)
            if size > limit:
                raise over(INPUT_MB, f"{what} {path} unpacks to more than", f"{limit // MB:,} MB")
            parts.append(part)
            data = unpack.unconsumed_tail
            if not data and unpack.eof and unpack.unused_data:  # several gzip members, as `cat a.gz b.gz` makes
                data, unpack = unpack.unused_data, zlib.decompressobj(wbits=31)
        if not unpack.eof:
            raise zlib.error("the file ends before its compressed data does")
    except zlib.error as error:
        raise AscofError(f"{what} {path} is not a complete gzip file ({error}); download it again.") from None
    return b"".join(parts)
