"""A workbook file looked at before any parser sees it: what container it is, and whether it is safe to open.

An .xlsx, .xlsm or .ods file is a zip package of XML parts. Before openpyxl or calamine opens one,
the zip's central directory is read and a part that unpacks past the caps, or far more than any
workbook does, is refused; every XML part is refused if it declares a document type (the door to
billion-laughs and external-entity attacks, which no Excel or LibreOffice file uses); and each
sheet's rows are counted from its XML, so one stray value at G1048576 is refused with its cell
named rather than read as a million rows (an OpenDocument sheet's repeated rows and cells likewise). An Office file in the older container (OLE compound
file) is recognised from its first bytes: a password-protected workbook, or an Excel 97-2003 .xls.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Iterator

from ascof_xl.intake.limits import BLANK_ROWS, COLUMNS, MB, RATIO, RATIO_FLOOR, ROWS, UNZIPPED_MB, Refused, over

ZIP = b"PK\x03\x04"
COMPOUND = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: .xls, or an encrypted .xlsx
MAX_PARTS = 10_000
_CHUNK = 4 * MB
_BLOCK = 1 * MB  # a sheet's XML is scanned in blocks spanning fewer rows than the blank-rows cap
_PROLOG = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b")
_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(?:/>|>(.*?)</(?:\w+:)?c>)', re.S)
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is)\b")
_ENCRYPTED = ("EncryptionInfo", "EncryptedPackage")
_OLD_EXCEL = ("Workbook", "Book")


def container(path: Path) -> str | None:
    """'zip' (an .xlsx, .xlsm or .ods), 'compound' (OLE: .xls or a password-protected workbook), or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return None
    if head.startswith(ZIP):
        return "zip"
    return "compound" if head == COMPOUND else None


def check_workbook(path: Path) -> str:
    """Refuse a workbook that is unsafe or impossible to read; return its kind: 'zip' or 'xls'.

    Refused: a password-protected workbook, an Office file of another kind, a damaged zip package,
    a package past the size or compression caps, any XML part declaring a document type, and a sheet
    with a value far below (or right of) the rest of its cells.
    """
    kind = container(path)
    if kind == "compound":
        found = _compound_streams(path)
        if found & set(_ENCRYPTED):
            raise Refused("encrypted", f"workbook {path} is password-protected (encrypted), so it cannot be read; open it in "
                             "Excel, save an unprotected copy (File > Info > Protect Workbook > Encrypt with Password: "
                             "clear the password) and give that copy.")
        if found & set(_OLD_EXCEL):
            return "xls"
        raise Refused("not-workbook", f"{path} is an Office file of a kind ascof-xl cannot read (not a workbook); save it as .xlsx.")
    if kind != "zip":
        raise Refused("not-workbook", f"{path} is not an Excel or OpenDocument workbook, so it cannot be opened as .xlsx (it may be "
                         "damaged, or another kind of file under a workbook's name); download it again, or open it in "
                         "Excel and save it as .xlsx.")
    try:
        with zipfile.ZipFile(path) as book:
            _check_directory(path, book)
            roots = {info.filename: _check_prolog(path, book, info) for info in book.infolist()
                     if info.filename.lower().endswith((".xml", ".rels", ".vml"))}
            for info in book.infolist():
                if roots.get(info.filename) == b"worksheet":
                    _check_rows(path, book, info)
                elif info.filename == "content.xml":
                    _check_repeats(path, book.read(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError, ValueError) as error:
        raise Refused("damaged", f"workbook {path} is damaged and cannot be opened as a workbook ({error}); open it in Excel to repair it, "
                         "or download it again.") from None
    return "zip"


def _compound_streams(path: Path) -> set[str]:
    """The names among `_ENCRYPTED` and `_OLD_EXCEL` that the compound file's directory holds.

    Directory entries hold their names in UTF-16 followed by a zero; they are looked for in the file,
    a block at a time (the file is within the size cap), with no OLE library needed."""
    wanted = {name: name.encode("utf-16-le") + b"\x00\x00" for name in _ENCRYPTED + _OLD_EXCEL}
    found, tail = set(), b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            data = tail + chunk
            found |= {name for name, mark in wanted.items() if mark in data}
            tail = data[-64:]
    return found


def _check_directory(path: Path, book: zipfile.ZipFile) -> None:
    """The central directory's promises: not too many parts, none unpacking past the caps."""
    parts = book.infolist()
    if len(parts) > MAX_PARTS:
        raise Refused("too-large", f"workbook {path} holds {len(parts):,} parts where a workbook holds tens; it may be built to "
                         "exhaust the machine, so it is not opened.")
    total = sum(p.file_size for p in parts)
    if total > UNZIPPED_MB.value() * MB:
        raise over(UNZIPPED_MB, f"workbook {path} unpacks to", f"{total / MB:,.0f} MB")
    for part in parts:
        if part.file_size > RATIO_FLOOR and part.file_size > RATIO.value() * max(part.compress_size, 1):
            raise over(RATIO, f"workbook {path}: its part {part.filename} unpacks",
                       f"{part.file_size / max(part.compress_size, 1):,.0f} times over (to {part.file_size / MB:,.0f} MB)")


def _check_prolog(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Refuse an XML part that declares a document type or entities before its first element; return that
    element's name (b"worksheet" for a sheet, wherever the package keeps it)."""
    seen = b""
    with book.open(info) as stream:
        while chunk := stream.read(1 << 16):
            seen = seen[-16:] + chunk
            root = _ROOT.search(seen)
            if _PROLOG.search(seen, 0, root.start() if root else len(seen)):
                raise Refused("unsafe", f"workbook {path}: its part {info.filename} declares an XML document type (<!DOCTYPE> "
                                 "or <!ENTITY>), which no Excel or LibreOffice file does; such a file can be built to "
                                 "exhaust the machine or read other files, so it is not opened. Ask the sender for a "
                                 "copy saved from Excel.")
            if root:
                return root.group(1)
    return b""


def _check_rows(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Read a sheet's XML a block at a time: past the row cap, or a value after a long run of empty rows
    or right of the columns cap, is refused with its cell named.

    The first pass is byte searches only, so a real published sheet costs a few per cent of reading it:
    each block's first and last row numbers (a jump between blocks, or a block spanning more rows than
    the blank-rows cap, whose row tags are then counted, shows missing rows) and a search for a cell
    reference as wide as the columns cap. Only when either looks wrong does a second pass name the cell."""
    rows, last, suspect, before, row_tag = 0, 0, False, b"", None
    widest = _wide_reference(COLUMNS.value())
    gap = BLANK_ROWS.value()
    for chunk in _unpacked(path, info):
        edge = before[-256:] + chunk[:256]  # a tag split between two blocks is whole here
        if row_tag is None and (found := _SHEET_DATA.search(before[-256:] + chunk)):
            row_tag = b"<" + (found.group(1) or b"") + b"row"  # "<row", or "<x:row" where parts are prefixed
        first = _ROW.search(edge) or _ROW.search(chunk)
        end = _last_row(chunk, row_tag or b"<row")
        suspect = suspect or widest.search(chunk) is not None or widest.search(edge) is not None
        before = chunk
        if first is None or end is None:
            continue
        start = int(first.group(1))
        count = chunk.count(row_tag or b"<row") if end - start > gap else 0
        rows += count or end - start + 1
        jumped = start - last - 1 > gap  # rows missing between the last block and this one
        missing = count > 0 and (end - start + 1) - count > gap  # rows missing within this block
        suspect = suspect or jumped or missing
        last = end
        if rows > ROWS.value():
            raise over(ROWS, f"workbook {path}, sheet '{_sheet_name(book, info.filename)}' has more than",
                       f"{ROWS.value():,} rows")
    if suspect:
        _find_stray(path, book, info)


_REPEATED = re.compile(rb'number-(rows|columns)-repeated="(\d{4,})"')
_VALUED = re.compile(rb"office:value-type|<text:p\b")


def _check_repeats(path: Path, content: bytes) -> None:
    """An OpenDocument sheet writes a run of like rows or cells once, with a count. Refused: a value repeated past
    the column or blank-row caps (a few bytes that unpack into billions of cells), and a value after a run of
    empty rows past the blank-rows cap. LibreOffice's own runs of empty cells to the sheet's edge pass."""
    for match in _REPEATED.finditer(content):
        count, start = int(match.group(2)), content.rfind(b"<", 0, match.start())
        end = content.find(b">", match.end())
        tag = content[start:end + 1]
        sheet = _OdsSheet(content, start)
        if match.group(1) == b"columns":
            if count > COLUMNS.value() and _VALUED.search(tag):
                raise over(COLUMNS, f"workbook {path}, sheet '{sheet}' repeats one value across", f"{count:,} columns")
            continue
        if count <= BLANK_ROWS.value():
            continue
        row_end = content.find(b"</table:table-row>", end)
        if tag.endswith(b"/>") or not _VALUED.search(content, end, row_end):  # a run of empty rows
            table_end = content.find(b"</table:table>", end)
            if _VALUED.search(content, row_end, table_end if table_end >= 0 else len(content)):
                raise Refused("stray", f"workbook {path}, sheet '{sheet}': a value stands below {count:,} empty rows, "
                                       "so it looks stray; delete it (Ctrl+End goes to it) and save, then try again. If "
                                       f"the sheet is genuinely laid out so, raise the limit with {BLANK_ROWS.variable}.")
        else:
            raise over(BLANK_ROWS, f"workbook {path}, sheet '{sheet}' repeats one row", f"{count:,} times")


class _OdsSheet:
    """The name of the OpenDocument sheet holding a position, found only when a message shows it."""

    def __init__(self, content: bytes, at: int):
        self.content, self.at = content, at

    def __str__(self) -> str:
        start = self.content.rfind(b"<table:table ", 0, self.at)
        name = re.search(rb'table:name="([^"]*)"', self.content[start:start + 2000]) if start >= 0 else None
        return name.group(1).decode("utf-8", "replace") if name else "?"


def _last_row(chunk: bytes, tag: bytes) -> int | None:
    """The number of the last row element that starts in a block (None where none does)."""
    at = len(chunk)
    while (at := chunk.rfind(tag, 0, at)) >= 0:
        found = _ROW.match(chunk, at)
        if found:
            return int(found.group(1))
    return None


def _unpacked(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A deflated part's content, a block at a time, from the file's own bytes: unlike zipfile, which stops at
    the size the directory states, the whole stream is unpacked, so a part holding more than its directory
    says (which a parser may read in full) is refused. Other compressions go through zipfile."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        with zipfile.ZipFile(path) as book, book.open(info) as stream:
            while chunk := stream.read(_BLOCK):
                yield chunk
        return
    with path.open("rb") as handle:
        handle.seek(info.header_offset)
        local = handle.read(30)
        if local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"no local header for {info.filename}")
        handle.seek(info.header_offset + 30 + int.from_bytes(local[26:28], "little") + int.from_bytes(local[28:30], "little"))
        left, unpack, size = info.compress_size, zlib.decompressobj(-15), 0
        while not unpack.eof and (left > 0 or unpack.unconsumed_tail):
            data = unpack.unconsumed_tail
            if not data:
                data = handle.read(min(left, 1 << 18))
                if not data:
                    raise zipfile.BadZipFile(f"{info.filename} is cut off")
                left -= len(data)
            block = unpack.decompress(data, _BLOCK)
            size += len(block)
            if size > info.file_size:
                raise Refused("unsafe", f"workbook {path}: its part {info.filename} holds more than the "
                                        f"{info.file_size:,} bytes its directory says; the file may be built to "
                                        "exhaust the machine, so it is not opened. Ask the sender for a copy saved from Excel.")
            if block:
                yield block


def _wide_reference(columns: int) -> re.Pattern[bytes]:
    """A pattern for a cell reference whose column letters are as many as those of the column past the cap."""
    letters = len(_column_letters(columns + 1))
    return re.compile(rb'r="[A-Z]{%d}' % letters)  # a literal start: a fast search (a "ref=" may match; pass two decides)


def _find_stray(path: Path, book: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse the first value after a run of empty rows past the blank-rows cap, or right of the columns cap."""
    previous = 0
    for column, row, _ in _valued_cells(book, info):
        if _column_number(column) > COLUMNS.value() or row - previous - 1 > BLANK_ROWS.value():
            sheet = _sheet_name(book, info.filename)
        if _column_number(column) > COLUMNS.value():
            raise over(COLUMNS, f"workbook {path}, sheet '{sheet}' has a value in {column}{row}, column",
                       f"{_column_number(column):,}")
        if row - previous - 1 > BLANK_ROWS.value():
            raise Refused("stray", f"workbook {path}, sheet '{sheet}': a value in {column}{row}, {row - previous - 1:,} "
                                   f"empty rows below the rest of the sheet (which ends at row {previous:,}), looks stray; "
                                   "delete it (Ctrl+End in Excel goes to it) and save, then try again. If the sheet is "
                                   f"genuinely laid out so, raise the limit with the environment variable "
                                   f"{BLANK_ROWS.variable}.")
        previous = row


def _valued_cells(book: zipfile.ZipFile, info: zipfile.ZipInfo):
    """(column letters, row number, XML) of every cell of a sheet part that holds a value, a block at a time."""
    tail = b""
    with book.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<c ")
            cut = max(cut, data.rfind(b"<row"), data.rfind(b"</row>"))
            cut = len(data) if cut < 0 else cut
            for match in _CELL.finditer(data, 0, cut):
                if match.group(3) and _VALUE.search(match.group(3)):
                    yield match.group(1).decode(), int(match.group(2)), match.group(0)
            tail = data[cut:]


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_name(book: zipfile.ZipFile, part: str) -> str:
    """A sheet part's name as Excel shows it, from the workbook's relationships; the part name where unknown."""
    try:
        relations = book.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        workbook = book.read("xl/workbook.xml").decode("utf-8", "replace")
    except KeyError:
        return part
    target = part.removeprefix("xl/")
    ident = re.search(rf'<(?:\w+:)?Relationship\b[^>]*\bTarget="/?(?:xl/)?{re.escape(target)}"[^>]*>', relations)
    ident = ident and re.search(r'\bId="([^"]*)"', ident.group(0))
    for element in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        if ident and re.search(rf'\b\w+:id="{re.escape(ident.group(1))}"', element):
            name = re.search(r'\bname="([^"]*)"', element)
            return name.group(1) if name else part
    return part
