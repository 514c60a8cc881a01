"""The one way in (`ascof_xl.intake`): encodings named, separators found, caps checked before parsing, the
workbook package checked before any parser, the fast libraries optional, and nothing but an AscofError
escaping any reader, whatever bytes it is given."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile
from ascof_xl.errors import AscofError
from ascof_xl.intake.limits import CAPS, Refused
from ascof_xl.intake.package import check_workbook
from ascof_xl.intake.tables import read_sheets
from ascof_xl.intake.text import decode, separator
from test_published_loader import HEADER, SAMPLE, write_csv

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("encoding,named", [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (with a byte-order mark)"),
                                            ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16 (little-endian)"),
                                            ("utf-16-be", "UTF-16 (big-endian)"), ("cp1252", "Windows-1252")])
def test_each_encoding_is_read_and_named(encoding, named):
    text = "LaCode,Name\n206,Ynys Môn – café\n"
    assert decode(text.encode(encoding), "f.csv") == (text, named)


def test_bytes_in_no_encoding_are_refused_naming_those_tried():
    with pytest.raises(AscofError, match="f.csv is not text in UTF-8 or Windows-1252"):
        decode(b"a,b\n\x81,\x8d\n", "f.csv")
    with pytest.raises(AscofError, match="f.csv is not text in UTF-16"):
        decode(b"\xff\xfe\x00\x81 not text", "f.csv")


@pytest.mark.parametrize("mark,name", [(",", "commas"), (";", "semicolons"), ("\t", "tabs")])
def test_the_separator_is_found_and_a_refused_one_is_named(mark, name):
    text = f"Title\n\nLaCode{mark}Response{mark}Age\n206{mark}1{mark}70\n"
    assert separator(text, "f.csv", lambda row: "LaCode" in row) == mark
    assert separator(text, "f.csv") == mark
    if mark != ",":
        with pytest.raises(AscofError, match=f"f.csv is separated by {name} where ascof-xl expects commas"):
            separator(text, "f.csv", lambda row: "LaCode" in row, allowed=",")


def test_rows_keep_their_lines_and_header_search_skips_a_title(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('Survey 2024\n\nLaCode,Note\n206,"two\nlines"\n\n207,plain\n')
    sheet = read_sheets(path, "file")[0]
    start = sheet.header(lambda row: "LaCode" in row)
    assert start == 2 and sheet.body(start) == ([["206", "two\nlines"], ["207", "plain"]], [4, 7])
    assert (sheet.encoding, sheet.delimiter, sheet.where, sheet.unit) == ("UTF-8", ",", "t.csv", "line")


def test_every_cap_names_its_variable_and_refuses_a_bad_setting(monkeypatch):
    names = {cap.variable for cap in CAPS}
    assert names == {"ASCOF_XL_MAX_INPUT_MB", "ASCOF_XL_MAX_ROWS", "ASCOF_XL_MAX_COLUMNS", "ASCOF_XL_MAX_UNZIPPED_MB",
                     "ASCOF_XL_MAX_ZIP_RATIO", "ASCOF_XL_MAX_BLANK_ROWS"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(name in readme for name in names)
    for cap in CAPS:
        monkeypatch.setenv(cap.variable, "1,000")
        assert cap.value() == 1000
        monkeypatch.setenv(cap.variable, "lots")
        with pytest.raises(AscofError, match=f"{cap.variable} is 'lots'"):
            cap.value()


def test_a_real_published_workbook_passes_the_package_check(shared_data):
    path = shared_data / "ascof" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx"
    assert check_workbook(path) == "zip"
    assert check_workbook(shared_data / "ascof" / "ascof-time-series-2015-16-to-2024-25.ods") == "zip"


def test_a_workbook_of_too_many_columns_is_refused(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(list(range(30)))
    book.save(tmp_path / "wide.xlsx")
    monkeypatch.setenv("ASCOF_XL_MAX_COLUMNS", "20")
    with pytest.raises(Refused, match="sheet 'Sheet' has a value in U1, column 21, over ascof-xl's limit of 20 columns"):
        check_workbook(tmp_path / "wide.xlsx")


def test_the_package_check_reads_the_directory_before_any_part(tmp_path):
    """A bomb declaring 3.2 GB is refused from its central directory: in well under a second."""
    import time

    bomb = hostile.zip_bomb(tmp_path / "bomb.xlsx")
    started = time.perf_counter()
    with pytest.raises(Refused) as refused:
        check_workbook(bomb)
    assert refused.value.kind == "too-large" and time.perf_counter() - started < 0.5


def test_the_fast_libraries_are_optional(tmp_path):
    """With pyarrow and fastexcel blocked, the package imports and reads a published CSV and XLSX alike."""
    csv_path = write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE)
    book = openpyxl.Workbook()
    for row in [HEADER] + SAMPLE:
        book.active.append(row)
    book.save(tmp_path / "ascof-2018-19.xlsx")
    code = (
        "import sys\nsys.modules['pyarrow'] = None\nsys.modules['fastexcel'] = None\n"
        "import ascof_xl.cli, ascof_xl.survey.ascs, ascof_xl.cld, ascof_xl.benchmark.profile\n"
        "from ascof_xl.published.reader import read_published\nfrom ascof_xl.published.store import Store\n"
        f"for path in ({str(csv_path)!r}, {str(tmp_path / 'ascof-2018-19.xlsx')!r}):\n"
        "    table = read_published(path)\n"
        "    print(len(table), Store([table]).value('2018-19', 'E08000018', '2A1'), sorted(set(table['marker'])))\n"
        "print(any(m in sys.modules and sys.modules[m] is not None for m in ('pyarrow', 'fastexcel')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                            env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == lines[1] == "9 21.2 ['', 'blank', 'c', 'x']" and lines[2] == "False"


def test_a_zip_bomb_is_refused_within_a_memory_limit(tmp_path):
    """Under a 1.5 GB address-space limit, every reader refuses a 3.2 GB bomb rather than running out of memory."""
    bomb = hostile.zip_bomb(tmp_path / "bomb.xlsx")
    code = (
        "import resource, sys\n"
        "from ascof_xl.published.reader import read_published\nfrom ascof_xl.survey.ascs import read_ascs\n"
        "from ascof_xl.intake.workbooks import open_workbook\nfrom ascof_xl.templates.validate import validate_workbook\n"
        "from ascof_xl.errors import AscofError\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
        "for read in (read_published, read_ascs, open_workbook):\n"
        "    try:\n        read(sys.argv[1])\n    except AscofError as error:\n        print(type(error).__name__, 'unpacks to 3,200 MB' in str(error))\n"
        "print(validate_workbook(sys.argv[1])[0].code)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(bomb)], capture_output=True, text=True, timeout=120,
                            env=os.environ | {"PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:4] == ["Refused True"] * 3 + ["file.unsafe"]


# --- nothing but an AscofError escapes any reader -------------------------------------------------------------

def _readers():
    from ascof_xl.benchmark.groups import _read_neighbour_lists
    from ascof_xl.cld import read_population
    from ascof_xl.intake.workbooks import open_workbook
    from ascof_xl.published.reader import read_published
    from ascof_xl.survey.ascs import read_ascs, read_strata
    from ascof_xl.survey.sace import read_questions
    from ascof_xl.templates.validate import validate_workbook

    def neighbours(path):
        _read_neighbour_lists.cache_clear()
        return _read_neighbour_lists(str(path), path.stat().st_size, 0)

    return [read_published, read_ascs, read_strata, read_questions, read_population, neighbours, open_workbook,
            validate_workbook]


def _seeds() -> dict[str, bytes]:
    """Real files of each kind to damage: a published CSV and XLSX, a survey CSV, a small workbook."""
    text = io.StringIO()
    import csv

    csv.writer(text).writerows([HEADER] + SAMPLE)
    book = openpyxl.Workbook()
    for row in [HEADER] + SAMPLE:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    survey = "LaCode,SerialNo,Response,Age,q3a\n206,1,1,70,2\n206,2,1,81,1\n"
    return {"published.csv": text.getvalue().encode(), "published.xlsx": buffer.getvalue(),
            "survey.csv": survey.encode("utf-16"), "small.xlsx": hostile.small_workbook()}


SEEDS = _seeds()


def _mutate(data: bytes, rng: random.Random, kind: str) -> bytes:
    if kind == "truncate":
        return data[: rng.randrange(len(data) + 1)]
    if kind == "flip":
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(damaged))
            damaged[at] ^= 1 << rng.randrange(8)
        return bytes(damaged)
    if kind == "cell" and data.startswith(b"PK"):  # edit a cell's text inside the zip, keeping the package valid
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                part = source.read(info)
                if info.filename.endswith(".xml") and b">" in part:
                    at = rng.choice([i for i, b in enumerate(part) if b == ord(">")])
                    part = part[: at + 1] + rng.choice([b"1e308", b"&lol;", b"<", b"NaN", b"\x00", b"]]>"]) + part[at + 1:]
                target.writestr(info, part)
        return out.getvalue()
    lines = data.split(b"\n")
    at = rng.randrange(len(lines))
    lines[at] = lines[at].replace(b",", rng.choice([b";", b",,", b'"', b"1E999", b""]), 1)
    return b"\n".join(lines)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(sorted(SEEDS)), kind=st.sampled_from(["truncate", "flip", "cell", "text"]),
       salt=st.integers(0, 2**32), suffix=st.sampled_from([".csv", ".xlsx", ".json", ".txt"]))
def test_no_damaged_file_gives_anything_but_a_plain_refusal(tmp_path, seed, kind, salt, suffix):
    path = tmp_path / f"damaged{suffix}"
    path.write_bytes(_mutate(SEEDS[seed], random.Random(salt), kind))
    for read in _readers():
        try:
            read(path)
        except AscofError:
            pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048), prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                                                b"\xff\xfe", b"\xef\xbb\xbf", b"\x1f\x8b"]),
       suffix=st.sampled_from([".csv", ".xlsx", ".csv.gz", ".ods"]))
def test_no_random_bytes_give_anything_but_a_plain_refusal(tmp_path, data, prefix, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(prefix + data)
    for read in _readers():
        try:
            read(path)
        except AscofError:
            pass


def test_an_opendocument_sheet_is_read_and_its_repeat_bombs_refused(tmp_path):
    header = hostile.ods_row("LaCode", "Response")
    good = hostile.ods(tmp_path / "good.ods", header + hostile.ods_row(206, 1) + hostile.ods_row(207, 2, repeat=3)
                       + hostile.ods_row(repeat=1_048_000))  # LibreOffice's run of empty rows to the sheet's end
    sheet = read_sheets(good, "file")[0]
    assert sheet.rows == [["LaCode", "Response"], ["206", "1"], ["207", "2"], ["207", "2"], ["207", "2"]]
    refused = {
        "a value repeated down a million rows": (header + hostile.ods_row(206, 1, repeat=1_000_000), "repeats one row"),
        "a value across 16,384 columns": (header + hostile.ods_row(1, repeat_cells=16_384), "16,384 columns"),
        "a value below a million empty rows": (header + hostile.ods_row(repeat=1_000_000) + hostile.ods_row(206, 1),
                                               "below 1,000,000 empty rows"),
    }
    for name, (rows, message) in refused.items():
        with pytest.raises(Refused, match=f"sheet 'Data'.*{message}"):
            check_workbook(hostile.ods(tmp_path / "bomb.ods", rows))


@pytest.fixture(scope="module")
def many_blocks(tmp_path_factory) -> Path:
    """A sheet of 25,000 rows whose XML spans several of the blocks the package check scans."""
    path = tmp_path_factory.mktemp("blocks") / "plain.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    for n in range(25_000):
        sheet.append(["E08000018", "2A1", n])
    book.save(path)
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > 1 << 20
    return path


@pytest.mark.parametrize("stray_row", [25_000 + 10_002, 1_048_576])
def test_a_stray_value_below_a_sheet_of_many_blocks_is_found(many_blocks, tmp_path, stray_row):
    """A stray value just past the blank-rows cap, or at the sheet's last row, is refused; the sheet without it passes."""
    assert check_workbook(many_blocks) == "zip"
    with zipfile.ZipFile(many_blocks) as book:
        xml = book.read("xl/worksheets/sheet1.xml")
    row = b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>x</t></is></c></row>' % (stray_row, stray_row)
    stray = hostile.replace_parts(many_blocks.read_bytes(), tmp_path / "stray.xlsx",
                                  {"xl/worksheets/sheet1.xml": xml.replace(b"</sheetData>", row + b"</sheetData>")})
    with pytest.raises(Refused, match=f"a value in B{stray_row}, {stray_row - 25_001:,} empty rows below"):
        check_workbook(stray)


def test_a_sheet_kept_at_an_unusual_place_in_the_package_is_still_scanned(tmp_path):
    """The check finds sheets by their root element, not their part name: a sheet the relationships place at
    xl/elsewhere/data.xml is read, and a stray value in it refused."""
    plain = tmp_path / "plain.xlsx"
    plain.write_bytes(hostile.small_workbook())
    far = hostile.far_cell(plain, tmp_path / "far.xlsx")
    for source in (plain, far):
        with zipfile.ZipFile(source) as book:
            parts = {i.filename: book.read(i) for i in book.infolist()}
        parts["xl/elsewhere/data.xml"] = parts.pop("xl/worksheets/sheet1.xml")
        for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
            parts[name] = parts[name].replace(b"worksheets/sheet1.xml", b"elsewhere/data.xml")
        with zipfile.ZipFile(tmp_path / f"moved-{source.name}", "w", zipfile.ZIP_DEFLATED) as book:
            for name, data in parts.items():
                book.writestr(name, data)
    assert read_sheets(tmp_path / "moved-plain.xlsx", "file")[0].rows == [["LaCode", "Response"], ["206", "1"]]
    with pytest.raises(Refused, match="a value in G1048576"):
        check_workbook(tmp_path / "moved-far.xlsx")


def test_a_part_holding_more_than_its_directory_says_is_refused(tmp_path, capsys):
    from ascof_xl.cli import main

    liar = hostile.lying_bomb(tmp_path / "liar.xlsx")
    assert zipfile.ZipFile(liar).getinfo("xl/worksheets/sheet1.xml").file_size == 100_000
    with pytest.raises(Refused, match="holds more than the 100,000 bytes its directory says"):
        check_workbook(liar)
    for door in (["recompute", liar], ["validate", liar], ["survey", "ascs", liar, "--strata", liar]):
        assert main([str(a) for a in door]) == 2
        assert "holds more than the 100,000 bytes" in capsys.readouterr().err
