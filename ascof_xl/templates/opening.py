"""Open a file that should be a filled return, and say plainly what it is when it is not.

A corrupt file, an old .xls or a CSV renamed .xlsx, and a password-protected workbook each get
their own message; nothing here raises past the caller.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Unreadable(Exception):
    """The file cannot be read as a workbook; `rule` names why (file.corrupt, file.encrypted ...)."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def _ole_kind(path: Path) -> str:
    """'encrypted' for a password-protected Office file, 'xls' for an old binary workbook, else 'ole'."""
    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(s).lower() for s in ole.listdir()}
    except Exception:  # noqa: BLE001 - a damaged compound file is simply not one we can name
        return "ole"
    if "encryptioninfo" in streams or "encryptedpackage" in streams:
        return "encrypted"
    if "workbook" in streams or "book" in streams:
        return "xls"
    return "ole"


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:200])


def open_workbook(path: str | Path, skip_sheets: tuple[str, ...] = ()) -> Any:
    """The openpyxl workbook at `path` (formulas as written); raises Unreadable with a plain reason.

    Sheets named in `skip_sheets` are not parsed at all (a return's Distribution sheet, which no check
    reads, is four fifths of its cells): they are absent from the workbook returned.
    """
    path = Path(path)
    if not path.exists():
        raise Unreadable("file.missing", f"{path} does not exist; check the name and folder")
    if path.is_dir():
        raise Unreadable("file.missing", f"{path} is a folder, not a workbook")
    with path.open("rb") as handle:
        head = handle.read(512)
    if head.startswith(OLE_SIGNATURE):
        kind = _ole_kind(path)
        if kind == "encrypted":
            raise Unreadable("file.encrypted", f"{path} is protected by a password; save an unprotected copy "
                                               "(File > Info > Protect Workbook > Encrypt with Password, clear it) and validate that")
        if kind == "xls":
            raise Unreadable("file.not_xlsx", f"{path} is an old Excel 97-2003 workbook (.xls) named .xlsx; "
                                              "start from a template made by `ascof-xl template` and copy the figures in")
        raise Unreadable("file.corrupt", f"{path} is an Office file of a kind ascof-xl cannot read; save it as .xlsx")
    if not head.startswith(b"PK"):
        if head and _looks_like_text(head):
            raise Unreadable("file.not_xlsx", f"{path} is a text file (CSV or similar) named .xlsx, not a workbook; "
                                              "fill in a template made by `ascof-xl template` instead")
        raise Unreadable("file.corrupt", f"{path} is not an Excel workbook (it is empty or damaged); "
                                         "open it in Excel to repair it, or start again from the template")
    try:
        return load_workbook(path, data_only=False) if not skip_sheets else _load_without(path, skip_sheets)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, TypeError) as error:
        raise Unreadable("file.corrupt", f"{path} is damaged and cannot be opened as a workbook ({type(error).__name__}); "
                                         "open it in Excel to repair it, or start again from the template") from None
    except Exception as error:  # noqa: BLE001 - any other parse failure of a damaged package
        raise Unreadable("file.corrupt", f"{path} cannot be read as a workbook ({type(error).__name__}: {error}); "
                                         "start again from the template") from None


def _load_without(path: Path, skip_sheets: tuple[str, ...]) -> Any:
    """load_workbook, leaving out the named sheets (openpyxl's reader, told to pass them by)."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(path, read_only=False, keep_vba=False, data_only=False, keep_links=True)
    original = type(reader).read_workbook

    def read_workbook(self: Any) -> None:
        original(self)
        found = self.parser.find_sheets
        self.parser.find_sheets = lambda: ((s, r) for s, r in found() if s.name not in skip_sheets)

    reader.read_workbook = read_workbook.__get__(reader)
    reader.read()
    return reader.wb
