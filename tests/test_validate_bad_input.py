"""Input that is not a usable return: each gets one clear finding, exit status 2 (or 1 when readable), never a traceback."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.cli import main
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import META_SHEET, layout_of
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.samples import fill, salt_sample
from ascof_xl.templates.validate import validate_workbook


@pytest.fixture(scope="module")
def filled_salt(tmp_path_factory) -> Path:
    """A SALT return filled with figures that pass every check (no published figures, so no store is loaded)."""
    layout = layout_of("salt-2018-19", "2018-19")
    book = fill(build_workbook("salt-2018-19", published=[]), salt_sample(layout))
    return save_atomically(book, tmp_path_factory.mktemp("salt") / "salt.xlsx")


def _copy(source: Path, folder: Path, name: str = "return.xlsx") -> Path:
    target = folder / name
    shutil.copy(source, target)
    return target


def _edited(source: Path, folder: Path, edit) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book)
    return save_atomically(book, folder / "edited.xlsx")


def _only(findings: list[dict], rule: str) -> dict:
    matching = [f for f in findings if f.code == rule]
    assert matching, findings
    return matching[0]


def _exit_status(path: Path, capsys) -> tuple[int, str]:
    status = main(["validate", str(path)])
    return status, capsys.readouterr()


def test_a_good_return_has_no_findings(filled_salt):
    assert validate_workbook(filled_salt) == []
    assert main(["validate", str(filled_salt)]) == 0


def test_corrupt_file(filled_salt, tmp_path, capsys):
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(filled_salt.read_bytes()[:4000])
    found = _only(validate_workbook(cut), "file.corrupt")
    assert "damaged" in found.message and "cut.xlsx" in found.message
    assert main(["validate", str(cut)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    assert _only(validate_workbook(empty), "file.corrupt").severity == "error"


def test_csv_renamed_xlsx(tmp_path):
    fake = tmp_path / "salt.xlsx"
    fake.write_text("Primary support reason,Nursing,Residential\nLearning disability support,3,4\n", encoding="utf-8")
    assert "text file (CSV" in _only(validate_workbook(fake), "file.not_xlsx").message
    assert main(["validate", str(fake)]) == 2


def test_xls_renamed_xlsx(tmp_path, monkeypatch):
    """An Excel 97-2003 workbook: a compound file holding a Workbook stream (written here with ms-cfb)."""
    monkeypatch.chdir(tmp_path)  # ms-cfb writes its scratch file (fatChain.bin) into the working folder
    from ms_cfb.Models.Directories.root_directory import RootDirectory
    from ms_cfb.Models.Directories.stream_directory import StreamDirectory
    from ms_cfb.ole_file import OleFile

    stream = tmp_path / "Workbook"
    stream.write_bytes(b"\x09\x08\x10\x00\x00\x06\x05\x00" + bytes(range(256)) * 20)  # a BIFF8 BOF record, then filler
    ole, root = OleFile(), RootDirectory()
    root.add_directory(StreamDirectory("Workbook", str(stream)))
    ole.root_directory = root
    old = tmp_path / "old.xlsx"
    ole.create_file(str(old))
    assert "Excel 97-2003" in _only(validate_workbook(old), "file.not_xlsx").message
    assert main(["validate", str(old)]) == 2


def test_password_protected_workbook(filled_salt, tmp_path, capsys):
    from msoffcrypto.format.ooxml import OOXMLFile

    locked = tmp_path / "locked.xlsx"
    with filled_salt.open("rb") as plain, locked.open("wb") as out:
        OOXMLFile(plain).encrypt("council-secret", out)
    found = _only(validate_workbook(locked), "file.encrypted")
    assert "password" in found.message
    assert main(["validate", str(locked)]) == 2
    assert "password" in capsys.readouterr().err


def test_a_workbook_that_is_not_ours(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Primary support reason", "Nursing"])
    foreign = save_atomically(book, tmp_path / "foreign.xlsx")
    assert "not an ascof-xl return" in _only(validate_workbook(foreign), "file.not_ours").message
    assert main(["validate", str(foreign)]) == 2


def test_missing_file(tmp_path):
    assert _only(validate_workbook(tmp_path / "nowhere.xlsx"), "file.missing").severity == "error"


def _set_meta(book, key: str, value: str) -> None:
    sheet = book[META_SHEET]
    for row in sheet.iter_rows(min_row=1, max_row=10):
        if row[0].value == key:
            row[1].value = value
    for prop in book.custom_doc_props:
        if prop.name == f"ascof_xl_{key}":
            prop.value = value


def test_another_version_of_the_template(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: _set_meta(book, "version", "0"))
    found = _only(validate_workbook(edited), "file.version")
    assert "version 0" in found.message and "ascof-xl template salt-2018-19" in found.message
    assert main(["validate", str(edited)]) == 2


def test_a_year_the_template_does_not_serve(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: _set_meta(book, "year", "2019-20"))
    found = _only(validate_workbook(edited), "file.year")
    assert "2018-19" in found.message and "2019-20" in found.message


def test_an_unknown_template_kind(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: _set_meta(book, "kind", "salt-2030-31"))
    assert "salt-2030-31" in _only(validate_workbook(edited), "file.unknown_template").message


def test_a_renamed_sheet(filled_salt, tmp_path, capsys):
    def rename(book):
        book["LTS003"].title = "Carers"

    edited = _edited(filled_salt, tmp_path, rename)
    found = _only(validate_workbook(edited), "file.sheets")
    assert "LTS003" in found.message and "Carers" in found.message and "renamed" in found.message
    assert main(["validate", str(edited)]) == 2
    assert "LTS003" in capsys.readouterr().err


def test_a_deleted_sheet(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: book.remove(book["STS004"]))
    assert "STS004" in _only(validate_workbook(edited), "file.sheets").message


def test_a_deleted_validation_sheet(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: book.remove(book["Validation"]))
    assert "Validation" in _only(validate_workbook(edited), "file.sheets").message


def test_rows_inserted_move_the_tables(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: book["LTS004"].insert_rows(5, 2))
    found = [f for f in validate_workbook(edited) if f.code == "file.layout"]
    assert found and all(f.location.sheet == "LTS004" for f in found)


def test_formula_typed_over_an_input_cell(filled_salt, tmp_path, capsys):
    def formula(book):
        book["LTS001a"]["C7"] = "=B7*2"

    edited = _edited(filled_salt, tmp_path, formula)
    found = _only(validate_workbook(edited), "LTS001a_T1a.figures_only")  # a row of the Validation sheet too
    assert (found.location.sheet, found.location.cell) == ("LTS001a", "C7") and "holds the formula =B7*2" in found.message
    code, printed = _exit_status(edited, capsys)
    assert code == 1 and "LTS001a!C7" in printed.out


def test_merged_cells_in_an_input_grid(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: book["STS001"].merge_cells("C7:E7"))
    found = _only(validate_workbook(edited), "input.merged")
    assert (found.location.sheet, found.location.cell) == ("STS001", "C7") and "unmerge" in found.message


def test_the_input_is_never_written(filled_salt, tmp_path):
    target = _copy(filled_salt, tmp_path)
    before = hashlib.sha256(target.read_bytes()).hexdigest(), target.stat().st_mtime_ns
    main(["validate", str(target), "--report", str(tmp_path / "report.xlsx")])
    assert (hashlib.sha256(target.read_bytes()).hexdigest(), target.stat().st_mtime_ns) == before


def test_a_deleted_published_sheet(filled_salt, tmp_path):
    edited = _edited(filled_salt, tmp_path, lambda book: book.remove(book["Published"]))
    assert "Published" in _only(validate_workbook(edited), "file.sheets").message


def test_a_date_in_a_count_cell_is_the_number_excel_holds(filled_salt, tmp_path):
    """Excel stores 31/03/2019 as 43555 and every formula of the workbook adds that up; the validator reads it alike,
    so both doors give one verdict (here the totals still add up, and the huge count breaks the subset rule)."""
    import datetime

    from ascof_xl.templates.cells import number

    def date(book):
        book["LTS001b"]["B6"] = datetime.datetime(2019, 3, 31)

    assert number(datetime.datetime(2019, 3, 31)) == 43555
    found = _only(validate_workbook(_edited(filled_salt, tmp_path, date)), "LTS001b.within_LTS001a.18-64")
    assert found.location.cell == "B6" and "(43555) is above" in found.message


def test_unreadable_input_in_json_is_the_finding_and_exit_2(tmp_path, capsys):
    import json

    fake = tmp_path / "fake.xlsx"
    fake.write_text("LaCode,SerialNo\n370,1\n", encoding="utf-8")
    assert main(["validate", str(fake), "--format", "json"]) == 2
    assert [f["code"] for f in json.loads(capsys.readouterr().out)] == ["file.not_xlsx"]


def test_a_previous_return_of_another_kind_is_a_warning(filled_salt, tmp_path):
    option_two = save_atomically(build_workbook("option-two", "2019-20"), tmp_path / "option-two.xlsx")
    found = validate_workbook(filled_salt, option_two)
    assert [(f.code, f.severity) for f in found] == [("previous.kind", "warning")]
