"""Open a file that should be a filled return, and say plainly what it is when it is not.

A corrupt file, an old .xls or a CSV renamed .xlsx, and a password-protected workbook each get
their own message; nothing here raises past the caller.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ascof_xl.errors import AscofError
from ascof_xl.intake.limits import Refused
from ascof_xl.intake.package import COMPOUND, ZIP
from ascof_xl.intake.workbooks import open_workbook as open_safely

# The validation rule each refusal of the safe opener (`ascof_xl.intake`) is reported under.
RULES = {"encrypted": "file.encrypted", "xls": "file.not_xlsx", "too-large": "file.unsafe", "unsafe": "file.unsafe",
         "stray": "file.unsafe", "damaged": "file.corrupt", "not-workbook": "file.corrupt"}


class Unreadable(Exception):
    """The file cannot be read as a workbook; `rule` names why (file.corrupt, file.encrypted ...)."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text[:200])


def open_workbook(path: str | Path, skip_sheets: tuple[str, ...] = ()) -> Any:
    """The openpyxl workbook at `path` (formulas as written), opened by the one safe opener; raises
    Unreadable with a plain reason (a text file or an empty one named .xlsx gets its own).

    Sheets named in `skip_sheets` are not parsed at all (a return's Distribution sheet, which no check
    reads, is four fifths of its cells): they are absent from the workbook returned."""
    path = Path(path)
    if not path.exists():
        raise Unreadable("file.missing", f"{path} does not exist; check the name and folder")
    if path.is_dir():
        raise Unreadable("file.missing", f"{path} is a folder, not a workbook")
    with path.open("rb") as handle:
        head = handle.read(512)
    if not head.startswith((ZIP, COMPOUND)):
        if head and _looks_like_text(head):
            raise Unreadable("file.not_xlsx", f"{path} is a text file (CSV or similar) named .xlsx, not a workbook; "
                                              "fill in a template made by `ascof-xl template` instead")
        raise Unreadable("file.corrupt", f"{path} is not an Excel workbook (it is empty or damaged); "
                                         "open it in Excel to repair it, or start again from the template")
    try:
        return open_safely(path, "workbook", skip_sheets=skip_sheets, data_only=False)
    except Refused as refusal:
        if refusal.kind == "xls":
            raise Unreadable("file.not_xlsx", f"{path} is an old Excel 97-2003 workbook (.xls) named .xlsx; start "
                                              "from a template made by `ascof-xl template` and copy the figures in") from None
        raise Unreadable(RULES.get(refusal.kind, "file.corrupt"), str(refusal)) from None
    except AscofError as error:
        raise Unreadable("file.corrupt", str(error)) from None
