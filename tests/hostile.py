"""Damaged and hostile input files, built here byte by byte (no binary fixtures): the tests and
bench/bench_hostile.py both use them.

Each builder writes one file into a folder and returns its path. Sizes are parameters, so a test can
build a bomb whose declared size passes a cap lowered for the test, and the bench the full-size one.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

MB = 1 << 20
_SHEET_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
               b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_TAIL = b"</sheetData></worksheet>"


def small_workbook(rows: list[list[object]] | None = None) -> bytes:
    """A genuine small .xlsx (openpyxl's own), as bytes: the base the XML attacks are planted in."""
    book = openpyxl.Workbook()
    for row in rows or [["LaCode", "Response"], ["206", 1]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def replace_parts(base: bytes, path: Path, parts: dict[str, bytes]) -> Path:
    """A copy of the package `base` with some parts' XML replaced (others kept byte for byte)."""
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.get(info.filename, source.read(info.filename)))
    return path


def billion_laughs(path: Path) -> Path:
    """A workbook whose sheet declares nested entities that expand to billions of "lol"s."""
    entities = b'<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
    sheet = (b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b']>' + _SHEET_HEAD.split(b"\n", 1)[1]
             + b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>' + _SHEET_TAIL)
    return replace_parts(small_workbook(), path, {"xl/worksheets/sheet1.xml": sheet})


def external_entity(path: Path, target: str = "/etc/passwd") -> Path:
    """A workbook whose shared workbook part pulls in a file from the reader's disk (XXE)."""
    base = small_workbook()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        workbook = source.read("xl/workbook.xml")
    body = workbook.split(b"?>", 1)[1] if workbook.startswith(b"<?xml") else workbook
    body = body.replace(b'name="Sheet"', b'name="&secret;"')
    planted = (b'<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY secret SYSTEM "file://' + target.encode()
               + b'">]>' + body)
    return replace_parts(base, path, {"xl/workbook.xml": planted})


def zip_bomb(path: Path, unpacked: int = 3200 * MB) -> Path:
    """A workbook of a few megabytes whose one sheet unpacks to `unpacked` bytes of rows.

    The sheet's deflate stream is one compressed block of rows, flushed and repeated: building a 3 GB
    bomb takes a second, not the minute compressing 3 GB would."""
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>'
    block = row * (MB // len(row))
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = squeeze.compress(block) + squeeze.flush(zlib.Z_FULL_FLUSH)
    count = max(1, (unpacked - len(_SHEET_HEAD) - len(_SHEET_TAIL)) // len(block))
    ends = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = ends.compress(_SHEET_HEAD) + ends.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    tail = tail.compress(_SHEET_TAIL) + tail.flush()
    crc = zlib.crc32(_SHEET_HEAD)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(_SHEET_TAIL, crc)
    size = len(_SHEET_HEAD) + count * len(block) + len(_SHEET_TAIL)
    with zipfile.ZipFile(io.BytesIO(small_workbook())) as source:
        others = {i.filename: source.read(i.filename) for i in source.infolist() if i.filename != "xl/worksheets/sheet1.xml"}
    entries = [(name, zlib.crc32(data), len(data), _deflate(data)) for name, data in others.items()]
    with path.open("wb") as out:
        directory = b""
        for name, check, length, data in entries:
            directory += _entry(out, name, check, length, [data])
        directory += _entry(out, "xl/worksheets/sheet1.xml", crc, size, [head] + [repeated] * count + [tail])
        start = out.tell()
        out.write(directory)
        out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries) + 1, len(entries) + 1,
                              len(directory), start, 0))
    return path


def _deflate(data: bytes) -> bytes:
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    return squeeze.compress(data) + squeeze.flush()


def _entry(out: io.BufferedWriter, name: str, crc: int, size: int, pieces: list[bytes]) -> bytes:
    """Write one deflated part (local header and data); return its central-directory record."""
    offset, encoded = out.tell(), name.encode()
    compressed = sum(len(p) for p in pieces)
    out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, compressed, size, len(encoded), 0) + encoded)
    for piece in pieces:
        out.write(piece)
    return struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, compressed, size, len(encoded),
                       0, 0, 0, 0, 0, offset) + encoded


def far_cell(source: Path, path: Path, cell: str = "G1048576", value: object = 1) -> Path:
    """A copy of a workbook with one stray value far below its table."""
    book = openpyxl.load_workbook(source)
    book[book.sheetnames[0]][cell] = value
    book.save(path)
    return path


def encrypted(path: Path) -> Path:
    """A password-protected workbook as Office writes one: an OLE compound file holding EncryptionInfo and
    EncryptedPackage streams (the streams' contents do not matter to recognising it)."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<I", header, 0x4C, 0)  # the first FAT sector is sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 0x4C + 4 * i, 0xFFFFFFFF)
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff\xff\xff\xff" * 126
    directory = b"".join(_directory_entry(name, kind, child, right) for name, kind, child, right in
                         (("Root Entry", 5, 1, None), ("EncryptionInfo", 2, None, 2), ("EncryptedPackage", 2, None, None),
                          ("", 0, None, None)))
    path.write_bytes(bytes(header) + fat + directory)
    return path


def _directory_entry(name: str, kind: int, child: int | None, right: int | None) -> bytes:
    entry = bytearray(128)
    encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
    entry[0:len(encoded)] = encoded
    none = 0xFFFFFFFF
    struct.pack_into("<HBB", entry, 0x40, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 0x44, none, none if right is None else right, none if child is None else child)
    struct.pack_into("<I", entry, 0x74, 0xFFFFFFFE)  # no data: an empty stream starts at end of chain
    return bytes(entry)


def sparse_csv(path: Path, size: int = 2 << 30, header: str = "LaCode,Response\n") -> Path:
    """A CSV file of `size` bytes (2 GiB by default), made sparse: it takes no disk and no time to build."""
    with path.open("wb") as out:
        out.write(header.encode())
        out.truncate(size)
    return path


def ods(path: Path, rows: str) -> Path:
    """An OpenDocument spreadsheet of one sheet 'Data' whose table holds `rows` (table-row elements)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Data">{rows}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        book.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        book.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def ods_row(*values: object, repeat: int = 1, repeat_cells: int = 1) -> str:
    """One table-row of float cells (text cells for text), repeated as asked."""
    cells = "".join(
        f'<table:table-cell office:value-type="float" office:value="{v}"'
        + (f' table:number-columns-repeated="{repeat_cells}"' if repeat_cells > 1 else "") + f"><text:p>{v}</text:p></table:table-cell>"
        if isinstance(v, (int, float)) else
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in values)
    attribute = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attribute}>{cells or '<table:table-cell/>'}</table:table-row>"


def lying_bomb(path: Path, unpacked: int = 600 * MB, declared: int = 100_000) -> Path:
    """A zip bomb whose directory (and local header) declare only the first `declared` bytes of its sheet,
    with those bytes' checksum: a reader trusting the directory sees a small, sound part."""
    zip_bomb(path, unpacked)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
        with book.open(info) as stream:
            crc = zlib.crc32(stream.read(declared))
    struct.pack_into("<II", data, info.header_offset + 14, crc, info.compress_size)
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    name, at = info.filename.encode(), data.find(b"PK\x01\x02")
    while at >= 0:
        if data[at + 46: at + 46 + struct.unpack_from("<H", data, at + 28)[0]] == name:
            struct.pack_into("<I", data, at + 16, crc)
            struct.pack_into("<I", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path
