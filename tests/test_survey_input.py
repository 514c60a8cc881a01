"""Bad survey input gives findings naming row and column (never a crash, never a silent drop); files and CLI."""

import json

import pytest

from ascof_xl.cli import main
from ascof_xl.errors import AscofError
from ascof_xl.survey.ascs import ascs_from_files, ascs_survey
from ascof_xl.survey.publication import ROW_KEYS
from tests.survey_frames import person, strata, table


def _codes(result):
    return [(f.code, f.location.row, f.location.column) for f in result.findings]


def test_a_missing_council_or_response_column_is_an_error():
    with pytest.raises(AscofError, match="lacks the column.*Response"):
        ascs_survey(table([{"LaCode": "100", "q3a": 1}]), table([strata()]))


def test_a_missing_question_column_leaves_its_measure_out_with_a_finding():
    result = ascs_survey(table([person(stratum=4, q3a=1)] * 3), table([strata()]))
    assert {r["measure"] for r in result.rows} == {"1B"}
    missing = {f.location.column for f in result.findings if f.code == "missing-column"}
    assert {"q12", "q7a", "q7b", "q8a", "q1", "Questionnaire"} <= missing


def test_a_stratum_without_population_sets_its_respondents_aside():
    people = [person(stratum=2, q3a=1), person(stratum=2, q3a=2), person(stratum=4, q3a=1)]
    result = ascs_survey(table(people), table([strata(n2="")]))
    assert ("no-population", 2, "stratum2Pop") in _codes(result)
    assert result.tally.set_aside == {"in a council or stratum without a population": 2}
    assert result.tally.used == 1
    assert "stratum 2 is blank" in next(f.message for f in result.findings if f.code == "no-population")


def test_a_council_missing_from_the_strata_file():
    result = ascs_survey(table([person("999", 4, q3a=1)]), table([strata()]))
    found = [f for f in result.findings if f.code == "no-population"]
    assert found and "council 999 has 1 respondent(s)" in found[0].message
    assert result.rows == [] and result.tally.set_aside_total == 1


def test_councils_with_no_respondents():
    people = [person("100", 4, q3a=1), person("300", 4, response=2, q3a=1)]
    result = ascs_survey(table(people), table([strata("100"), strata("200")]))
    assert ("no-respondents", 3, "Response") in _codes(result)  # council 300: rows, none responded
    assert ("no-respondents", 3, "LaCode") in _codes(result)  # council 200: in the strata file only (its row 3)


def test_text_in_a_code_cell_and_a_blank_council():
    people = [person(stratum=4, q3a="often"), person("", 4, q3a=1), person(stratum=4, q3a=1)]
    result = ascs_survey(table(people), table([strata()]))
    assert ("not-a-number", 2, "q3a") in _codes(result)
    assert ("no-council", 3, "LaCode") in _codes(result)
    assert result.tally.read == 3 and result.tally.used == 2 and result.tally.set_aside_total == 1


def test_out_of_range_age_and_stratum():
    people = [person(stratum=9, age=12, q3a=1, PrimarySupportReason=1, SupportSetting=1)]
    result = ascs_survey(table(people), table([strata()]))
    assert ("out-of-range", 2, "Age") in _codes(result) and ("out-of-range", 2, "Stratum") in _codes(result)
    assert ("no-stratum", 2, "Stratum") in _codes(result)  # no valid stratum and no age to derive one


LONG_HEADER = ["LA Code", "Serial Number", "Stratum", "Population in stratum", "Method of collection",
               "Response", "Gender", "Age", "Primary Support Reason", "Support Setting", "Questionnaire type",
               "q3a Which of the following statements best describes how much control you have over your daily life?",
               "Q7a [Safety] Which of the following statements best describes how safe you feel?"]


def _long_rows():
    return [["100", str(i), "4", "400", "1", "1", "1", "70", "1", "1", "1", str(1 + i % 4), "1"] for i in range(8)]


def test_the_data_returns_long_headers_in_a_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Instructions"
    sheet = book.create_sheet("Service User Data")
    sheet.append(["Adult Social Care Survey data return"])  # a title above the header
    sheet.append(LONG_HEADER)
    for row in _long_rows():
        sheet.append([int(c) for c in row])
    path = tmp_path / "return.xlsx"
    book.save(path)
    strata_path = tmp_path / "strata.csv"
    strata_path.write_text("LaCode,stratum1Pop,stratum2Pop,stratum3Pop,stratum4Pop\n100,10,20,30,400\n")
    result = ascs_from_files(path, strata_path)
    total = {r["measure"]: r for r in result.rows if r["disaggregation"] == "Total"}
    assert total["1B"]["base"] == 8 and total["1B"]["outcome"] == 50.0  # codes 1, 2, 3, 4 twice
    assert total["4A"]["outcome"] == 100.0 and result.tally.used == 8


def _write_ascs(tmp_path):
    rows = ["LaCode,Stratum,Response,Gender,Age,q3a,q7a"]
    rows += [f"206,4,1,{1 + i % 2},{60 + i},{1 + i % 4},{1 + i % 3}" for i in range(12)]
    rows += ["206,4,2,1,70,1,1", "206,4,1,1,70,7,1"]
    respondents = tmp_path / "ascs.csv"
    respondents.write_text("\n".join(rows) + "\n")
    populations = tmp_path / "strata.csv"
    populations.write_text("LaCode,stratum1Pop,stratum2Pop,stratum3Pop,stratum4Pop\n206,10,20,30,400\n")
    return respondents, populations


def test_cli_json_rows_have_exactly_the_agreed_keys(tmp_path, capsys):
    respondents, populations = _write_ascs(tmp_path)
    assert main(["survey", "ascs", str(respondents), "--strata", str(populations), "--format", "json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert rows and all(tuple(r) == ROW_KEYS for r in rows)
    assert {r["disaggregation"] for r in rows} == {"Total", "18-64", "65 and over", "Male", "Female"}
    assert "rows read 14, used 13, set aside 1" in captured.err
    assert "line 15, q3a" in captured.err  # the 7 in q3a


def test_cli_table_and_place(tmp_path, capsys):
    respondents, populations = _write_ascs(tmp_path)
    assert main(["survey", "ascs", str(respondents), "--strata", str(populations), "--place"]) == 0
    out = capsys.readouterr().out
    assert "PROVISIONAL" in out and "rows read 14, used 13" in out
    assert main(["survey", "ascs", str(respondents), "--strata", str(populations), "--format", "json", "--place"]) == 0
    rows = json.loads(capsys.readouterr().out)
    placed = [r["place"] for r in rows if r["measure"] == "1B" and r["disaggregation"] == "Total"][0]
    assert placed["provisional"] is True and placed["band"] in ("top", "upper-middle", "lower-middle", "bottom")


def test_cli_bad_file_is_one_line(tmp_path, capsys):
    assert main(["survey", "ascs", str(tmp_path / "none.csv"), "--strata", str(tmp_path / "s.csv")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_repeated_serial_number_is_a_finding():
    people = [person(stratum=4, q3a=1) | {"SerialNo": n} for n in ("7", "8", "7")]
    result = ascs_survey(table(people), table([strata()]))
    assert ("repeated-serial", 4, "SerialNo") in _codes(result)


def test_two_headers_for_one_name_keep_both_columns(tmp_path):
    from ascof_xl.survey.table import read_rows

    path = tmp_path / "return.csv"
    path.write_text("LA code,Age,Age band,q3a\n100,70,65+,1\n")
    frame = read_rows(path, "LaCode", {"lacode": "LaCode", "age": "Age"})
    assert list(frame.columns[:4]) == ["LaCode", "Age", "Age band", "q3a"]
    assert frame["Age"].tolist() == ["70"]
