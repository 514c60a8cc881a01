"""Files from other organisations, damaged or built to hurt, at every door: each is answered, read the same
as its clean copy, or refused on one line naming the file (and line, cell or part) and what to do.

Every damaged file is built here (see tests/hostile.py); none is a binary fixture.
"""

from __future__ import annotations

import csv
import json
import time

import pytest

import hostile
from ascof_xl.cli import main
from ascof_xl.errors import AscofError
from ascof_xl.survey.ascs import ascs_from_files
from ascof_xl.templates.generate import build_workbook
from ascof_xl.templates.layout import layout_of
from ascof_xl.templates.output import save_atomically
from ascof_xl.templates.samples import fill, salt_sample
from ascof_xl.templates.validate import validate_workbook
from test_published_loader import HEADER, SAMPLE, write_csv

SURVEY_HEADER = ["LaCode", "SerialNo", "Stratum", "Response", "Gender", "Age", "q3a", "q7a"]
STRATA = "LaCode,stratum1Pop,stratum2Pop,stratum3Pop,stratum4Pop\n206,10,20,30,4000\n"


def survey_rows(count: int = 24) -> list[list[str]]:
    """Respondents of council 206, stratum 4, all answering; q3a cycles 1-4 (so 1B = 1 in 4 say code 1 ... )."""
    return [["206", str(100 + i), "4", "1", str(1 + i % 2), str(66 + i), str(1 + i % 4), str(1 + i % 3)] for i in range(count)]


def write_survey(path, rows=None, *, delimiter=",", encoding="utf-8", header=SURVEY_HEADER):
    with open(path, "w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows([header] + (rows or survey_rows()))
    return path


@pytest.fixture
def strata(tmp_path):
    path = tmp_path / "strata.csv"
    path.write_text(STRATA)
    return path


def run(capsys, *arguments) -> tuple[int | str, str]:
    """A door run as the command line runs it: its exit status and what it printed to stderr."""
    status = main([str(a) for a in arguments])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err


def outcomes(result) -> dict[tuple[str, str], float]:
    return {(r["measure"], r["disaggregation"]): r["outcome"] for r in result.rows}


@pytest.fixture(scope="module")
def filled_return(tmp_path_factory):
    layout = layout_of("salt-2018-19", "2018-19")
    book = fill(build_workbook("salt-2018-19", published=[]), salt_sample(layout))
    return save_atomically(book, tmp_path_factory.mktemp("salt") / "salt.xlsx")


@pytest.fixture(scope="module")
def hostile_workbooks(tmp_path_factory):
    """The workbooks every door must refuse: a 3.2 GB zip bomb of 10 MB, billion laughs, an external entity,
    a password-protected workbook."""
    folder = tmp_path_factory.mktemp("hostile")
    return {"zip bomb": hostile.zip_bomb(folder / "bomb.xlsx"),
            "billion laughs": hostile.billion_laughs(folder / "laughs.xlsx"),
            "external entity": hostile.external_entity(folder / "xxe.xlsx"),
            "encrypted": hostile.encrypted(folder / "locked.xlsx")}


REFUSALS = {"zip bomb": "unpacks to 3,200 MB", "billion laughs": "declares an XML document type",
            "external entity": "declares an XML document type", "encrypted": "password-protected"}


def doors(path, strata_path, output):
    """Each door's command line with `path` as the file it reads."""
    return {
        "validate": ["validate", path],
        "macro": ["macro", "validate-workbook", path, "-o", output],
        "survey": ["survey", "ascs", path, "--strata", strata_path],
        "strata": ["survey", "ascs", strata_path, "--strata", path],
        "recompute": ["recompute", path],
        "neighbours": ["profile", "--council", "Rotherham", "--year", "2018-19", "--group", f"neighbours:{path}"],
    }


@pytest.mark.parametrize("kind", list(REFUSALS))
def test_every_door_refuses_a_hostile_workbook_on_one_line(kind, hostile_workbooks, strata, tmp_path, capsys):
    path = hostile_workbooks[kind]
    for door, arguments in doors(path, strata, tmp_path / "out.xlsx").items():
        started = time.perf_counter()
        status, err = run(capsys, *arguments)
        assert status == 2, (door, err)
        assert REFUSALS[kind] in err and path.name in err, (door, err)
        assert err.count("\n") == 1, (door, err)
        assert time.perf_counter() - started < 10, door
    assert not (tmp_path / "out.xlsx").exists()


def test_validate_reports_a_hostile_workbook_under_its_rule(hostile_workbooks):
    rules = {kind: [f.code for f in validate_workbook(path)] for kind, path in hostile_workbooks.items()}
    assert rules == {"zip bomb": ["file.unsafe"], "billion laughs": ["file.unsafe"], "external entity": ["file.unsafe"],
                     "encrypted": ["file.encrypted"]}


def test_a_part_unpacking_a_thousand_times_over_is_refused_under_the_size_cap(tmp_path, capsys):
    bomb = hostile.zip_bomb(tmp_path / "small-bomb.xlsx", unpacked=60 * hostile.MB)  # under the 256 MB cap
    status, err = run(capsys, "recompute", bomb)
    assert status == 2 and "xl/worksheets/sheet1.xml unpacks" in err and "ASCOF_XL_MAX_ZIP_RATIO" in err


def test_a_2_gib_csv_is_refused_by_its_size_before_it_is_read(tmp_path, strata, capsys):
    sparse = hostile.sparse_csv(tmp_path / "huge.csv")
    for door, arguments in doors(sparse, strata, tmp_path / "out.xlsx").items():
        if door == "validate":
            continue  # a CSV is not a return: validate says so without reading it (below)
        started = time.perf_counter()
        status, err = run(capsys, *arguments)
        assert status == 2 and "2,048 MB" in err and "ASCOF_XL_MAX_INPUT_MB" in err, (door, err)
        assert time.perf_counter() - started < 2, door
    assert run(capsys, "validate", sparse)[0] == 2


def test_the_size_cap_is_raised_by_its_environment_variable(tmp_path, monkeypatch, capsys):
    path = write_csv(tmp_path / "ascof-2018-19.csv", HEADER, SAMPLE * 400)
    monkeypatch.setenv("ASCOF_XL_MAX_INPUT_MB", "0")
    status, err = run(capsys, "recompute", path)
    assert status == 2 and "ASCOF_XL_MAX_INPUT_MB is '0'" in err
    monkeypatch.setenv("ASCOF_XL_MAX_ROWS", "100")
    monkeypatch.delenv("ASCOF_XL_MAX_INPUT_MB")
    status, err = run(capsys, "recompute", path)
    assert status == 2 and "over ascof-xl's limit of 100 rows" in err
    monkeypatch.setenv("ASCOF_XL_MAX_ROWS", "100000")
    assert run(capsys, "recompute", path)[0] in (0, 1)


def test_a_gzip_bomb_stops_at_the_cap(tmp_path, monkeypatch, capsys):
    import gzip

    path = tmp_path / "ascof-2018-19.csv.gz"
    with gzip.open(path, "wb") as out:
        out.write((",".join(HEADER) + "\n").encode())
        out.write(b"\n" * (3 * hostile.MB))
    monkeypatch.setenv("ASCOF_XL_MAX_INPUT_MB", "2")
    status, err = run(capsys, "recompute", path)
    assert status == 2 and "unpacks to more than 2 MB" in err
    path.write_bytes(path.read_bytes() + gzip.compress(b"\n"))  # a small last member: its stated size says nothing
    status, err = run(capsys, "recompute", path)
    assert status == 2 and "unpacks to more than 2 MB" in err


def test_a_stray_value_far_below_a_return_is_refused_naming_its_cell_quickly(filled_return, tmp_path, capsys):
    far = hostile.far_cell(filled_return, tmp_path / "far.xlsx")
    started = time.perf_counter()
    status, err = run(capsys, "validate", far)
    assert time.perf_counter() - started < 5
    assert status == 2 and "a value in G1048576" in err and "sheet 'LTS001a'" in err and "ends at row" in err
    status, err = run(capsys, "macro", "validate-workbook", far, "-o", tmp_path / "out.xlsx")
    assert status == 2 and "G1048576" in err


def test_formatting_far_below_a_return_is_not_read_as_a_million_rows(filled_return, tmp_path):
    import openpyxl
    from openpyxl.styles import PatternFill

    book = openpyxl.load_workbook(filled_return)
    book[book.sheetnames[0]]["G1048576"].fill = PatternFill("solid", fgColor="FFFF00")
    book.save(tmp_path / "formatted.xlsx")
    started = time.perf_counter()
    assert validate_workbook(tmp_path / "formatted.xlsx") == validate_workbook(filled_return) == []
    assert time.perf_counter() - started < 5


def test_a_stray_value_in_a_survey_workbook_is_refused(tmp_path, strata, capsys):
    import openpyxl

    book = openpyxl.Workbook()
    for row in [SURVEY_HEADER] + survey_rows():
        book.active.append(row)
    book.active["H1048576"] = 3
    book.save(tmp_path / "survey.xlsx")
    status, err = run(capsys, "survey", "ascs", tmp_path / "survey.xlsx", "--strata", strata)
    assert status == 2 and "H1048576" in err and "ends at row 25" in err


@pytest.mark.parametrize("encoding,delimiter", [("utf-16", ","), ("utf-8-sig", ","), ("cp1252", ","), ("utf-8", ";"),
                                                ("utf-8", "\t"), ("utf-16", "\t")])
def test_a_survey_file_in_another_encoding_or_separator_reads_as_the_plain_one(tmp_path, strata, encoding, delimiter):
    plain = ascs_from_files(write_survey(tmp_path / "plain.csv"), strata)
    other = ascs_from_files(write_survey(tmp_path / "other.csv", encoding=encoding, delimiter=delimiter), strata)
    assert outcomes(other) == outcomes(plain)
    assert other.tally.used == plain.tally.used == 24
    q3a = [int(r[6]) for r in survey_rows()]  # 1B is q3a answers 1 or 2 (hand count: 12 of 24)
    assert outcomes(plain)[("1B", "Total")] == pytest.approx(100 * sum(a <= 2 for a in q3a) / 24, abs=0.05)


def test_a_file_in_no_named_encoding_is_refused_naming_those_tried(tmp_path, strata, capsys):
    path = tmp_path / "survey.csv"
    path.write_bytes(",".join(SURVEY_HEADER).encode() + b"\r\n206,1,4,1,1,70,\x81\x8d,1\r\n")
    status, err = run(capsys, "survey", "ascs", path, "--strata", strata)
    assert status == 2 and "is not text in UTF-8 or Windows-1252" in err


def test_a_survey_file_cut_off_mid_row_is_refused(tmp_path, strata, capsys):
    whole = write_survey(tmp_path / "whole.csv").read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(whole[: whole.rindex(b"\r\n", 0, len(whole) - 2) + 9])  # the last row, 7 characters in
    status, err = run(capsys, "survey", "ascs", cut, "--strata", strata)
    assert status == 2 and "cut.csv line 25" in err and "cut off" in err


def test_a_short_row_inside_a_survey_file_is_refused_not_padded(tmp_path, strata, capsys):
    rows = survey_rows()
    rows[5] = rows[5][:4]
    status, err = run(capsys, "survey", "ascs", write_survey(tmp_path / "short.csv", rows), "--strata", strata)
    assert status == 2 and "short.csv line 7: 4 cells where the header (line 1) has 8" in err


def test_a_quote_left_open_is_refused_with_its_line(tmp_path, strata, capsys):
    path = tmp_path / "open.csv"
    path.write_text(",".join(SURVEY_HEADER) + '\n206,1,4,1,1,70,"3,1\n206,2,4,1,1,70,1,1\n')
    status, err = run(capsys, "survey", "ascs", path, "--strata", strata)
    assert status == 2 and "open.csv line 2" in err and "quote" in err


def test_identical_respondents_are_refused_naming_their_lines(tmp_path, strata, capsys):
    rows = survey_rows()
    rows.insert(10, rows[3])
    status, err = run(capsys, "survey", "ascs", write_survey(tmp_path / "twice.csv", rows), "--strata", strata)
    assert status == 2 and "line 5 and line 12 are the same in every column" in err


@pytest.mark.parametrize("written,problem", [("4.000", "a full stop may be a thousands separator"),
                                             ("4,0", "a comma that may be a decimal mark"),
                                             ("1e308", "is not a count"), ("1E999", "is not a finite number"),
                                             ("-400", "is not a count"), ("40.5", "is not a count")])
def test_a_population_that_could_be_read_two_ways_or_is_absurd_is_refused(tmp_path, written, problem, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_text(STRATA.replace("4000", f'"{written}"'))
    status, err = run(capsys, "survey", "ascs", write_survey(tmp_path / "s.csv"), "--strata", strata)
    assert status == 2 and f"strata.csv, line 2, column stratum4Pop: '{written}' " in err and problem in err


def test_a_population_with_a_thousands_comma_reads_as_the_plain_number(tmp_path, strata):
    grouped = tmp_path / "grouped.csv"
    grouped.write_text(STRATA.replace("4000", '"4,000"'))
    respondents = write_survey(tmp_path / "s.csv")
    assert outcomes(ascs_from_files(respondents, grouped)) == outcomes(ascs_from_files(respondents, strata))


def test_a_comma_number_in_a_semicolon_file_is_refused(tmp_path, capsys):
    strata = tmp_path / "strata.csv"
    strata.write_text(STRATA.replace(",", ";").replace("4000", "4,000"))
    status, err = run(capsys, "survey", "ascs", write_survey(tmp_path / "s.csv"), "--strata", strata)
    assert status == 2 and "'4,000' has a comma that may be a decimal mark" in err


@pytest.mark.parametrize("written", ["1e308", "1E999", "NaN", "inf", "-5", "21,6"])
def test_value_refuses_an_absurd_or_ambiguous_count(written, capsys):
    for arguments in (["--numerator", written, "--denominator", "100000"], ["--numerator", "5", "--denominator", written]):
        status, err = run(capsys, "value", "2C", *arguments)
        assert status == 2 and "measure 2C: the" in err and err.count("\n") == 1


def test_value_reads_a_thousands_comma(capsys):
    assert run(capsys, "value", "2C", "--numerator", "21,600", "--denominator", "100,000", "--format", "json")[0] == 0


@pytest.mark.parametrize("written,message", [("1e308", "never a billion or more"), ("1E999", "neither a number"),
                                             ("21,6", "neither a number")])
def test_recompute_refuses_an_absurd_or_ambiguous_published_count(tmp_path, written, message, capsys):
    rows = [list(r) for r in SAMPLE]
    rows[1][7] = written
    status, err = run(capsys, "recompute", write_csv(tmp_path / "ascof-2018-19.csv", HEADER, rows))
    assert status == 2 and "ascof-2018-19.csv line 3" in err and message in err


def test_a_neighbours_file_separated_by_semicolons_or_in_utf16_is_read(tmp_path, capsys):
    written = {}
    for name, encoding, separator in (("plain", "utf-8", ","), ("semi", "utf-8", ";"), ("wide", "utf-16", "\t")):
        path = tmp_path / f"{name}.csv"
        path.write_text(separator.join(["Rotherham", "Barnsley", "Doncaster"]), encoding=encoding)  # no final break
        status = main(["profile", "--council", "Rotherham", "--year", "2018-19", "--group", f"neighbours:{path}",
                       "--format", "json"])
        written[name] = (status, json.loads(capsys.readouterr().out.replace(path.name, "FILE")))
    assert written["plain"][0] == 0 and written["semi"] == written["plain"] and written["wide"] == written["plain"]


def test_a_cld_population_cut_off_or_ambiguous_is_refused(tmp_path):
    from ascof_xl.cld import read_population

    path = tmp_path / "population.csv"
    path.write_text("LA_Code,age_18_64,age_65_plus\nE06000001,57000,20.000\n")
    with pytest.raises(AscofError, match=r"population.csv line 2, column age_65_plus: '20.000' is not a whole number"):
        read_population(path)
    path.write_text("LA_Code,age_18_64,age_65_plus\nE06000001,57000,20000\nE06000002,94")
    with pytest.raises(AscofError, match="population.csv line 3: the last line does not end with a line break"):
        read_population(path)
    path.write_text("LA_Code;age_18_64;age_65_plus\nE06000001;\"57,000\";20000\n")
    with pytest.raises(AscofError, match="'57,000' has a comma that may be a decimal mark"):
        read_population(path)
    path.write_text("LA_Code,age_18_64,age_65_plus\nE06000001,\"57,000\",20000\n", encoding="utf-16")
    assert read_population(path) == {"E06000001": {"18-64": 57000, "65 and over": 20000}}
