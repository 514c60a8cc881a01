"""SACE measures from a small set of carers worked by hand; question tables by year and from a file."""

import math

import pytest

from ascof_xl.errors import AscofError
from ascof_xl.survey.sace import read_questions, sace_survey
from tests.survey_frames import table

QOL = ("q7", "q8", "q9", "q10", "q11", "q12")  # the 2014-15 to 2022-23 table's six 1D items


def carer(age, gender, q4, qol, q16, q18, response=1):
    return {"LaCode": "100", "Response": response, "Age": age, "Gender": gender, "q4": q4, "q16": q16, "q18": q18} | dict(
        zip(QOL, qol))


CARERS = [
    carer(40, 1, 1, (1, 1, 1, 1, 1, 1), 1, 1),  # 1D 12
    carer(50, 2, 2, (2, 2, 2, 2, 2, 2), 2, 5),  # 1D 6; involvement "no discussions": left out of 3C
    carer(70, 2, 8, (3, 3, 3, 3, 3, 3), 5, 2),  # 1D 0; "no support": left out of 3B; "never tried": out of 3D2
    carer(80, 2, 3, (1, 1, 1, 1, 1, ""), 3, 4),  # an item missing: not in 1D
    carer(66, 1, 9, (1, 2, 3, 1, 2, 3), 4, 3),  # 1D 2+1+0+2+1+0 = 6; q4 9 is out of range
    carer(45, 1, 1, (1, 1, 1, 1, 1, 1), 1, 1, response=2),  # not a respondent
]
POPULATION = table([{"LaCode": "100", "EligiblePopulation": "1000"}])


@pytest.fixture(scope="module")
def result():
    return sace_survey(table(CARERS), POPULATION, year="2021-22")


def _total(result, measure):
    return next(r for r in result.rows if r["measure"] == measure and r["disaggregation"] == "Total")


def test_1d_mean_of_six_items_scored_2_1_0(result):
    row = _total(result, "1D")
    assert (row["numerator"], row["denominator"], row["base"], row["outcome"]) == (6000, 1000, 4, 6.0)


def test_proportions_leave_out_their_not_applicable_answers(result):
    assert (_total(result, "1I2")["base"], _total(result, "1I2")["outcome"]) == (5, 40.0)
    assert (_total(result, "3B")["base"], _total(result, "3B")["outcome"]) == (3, 66.7)
    assert (_total(result, "3C")["base"], _total(result, "3C")["outcome"]) == (4, 50.0)
    assert (_total(result, "3D2")["base"], _total(result, "3D2")["outcome"]) == (4, 50.0)


def test_margin_of_error_with_one_stratum(result):
    variance = (2 / 3) * (1 / 3) * 1000**2 * (1 - 3 / 1000) / (3 - 1)
    assert _total(result, "3B")["margin_of_error"] == round(1.96 * math.sqrt(variance) / 1000 * 100, 1) == 65.2


def test_paired_suppression(result):
    markers = {r["disaggregation"]: r["marker"] for r in result.rows if r["measure"] == "1D"}
    # 1D: men 2 (c1, c5), women 1 (c2); 18-64 2, 65+ 2: every split is withheld, the total (4) is not
    assert markers == {"Total": "", "18-64": "c", "65 and over": "c", "Male": "c", "Female": "c"}


def test_findings_and_totals(result):
    assert [(f.code, f.location.row, f.location.column) for f in result.findings] == [("out-of-range", 6, "q4")]
    assert (result.tally.read, result.tally.used, result.tally.set_aside_total) == (6, 5, 1)
    assert "Q11 confirmed" in result.notes[0]


def test_2023_24_table_moves_information_and_involvement_down_one():
    renumbered = [c | {"q17": c["q16"], "q19": c["q18"], "q16": 1, "q18": 1} for c in CARERS]
    found = sace_survey(table(renumbered), POPULATION, year="2023-24", framework="ascof-2018-19")
    assert (_total(found, "3D2")["outcome"], _total(found, "3C")["outcome"]) == (50.0, 50.0)


def test_revised_codes(result):
    found = sace_survey(table(CARERS), POPULATION, year="2021-22", framework="ascof-2023-24")
    codes = {r["measure"] for r in found.rows}
    assert "1C" in codes and "1D" not in codes  # carer-reported quality of life is 1C from 2023-24
    assert _total(found, "1C")["outcome"] == 6.0


def test_question_table_from_a_file(tmp_path):
    path = tmp_path / "questions.csv"
    moved = [{"LaCode": c["LaCode"], "Response": c["Response"], "Age": c["Age"], "Gender": c["Gender"],
              "Q_INFO": c["q16"], "Q_SOCIAL": c["q11"]} for c in CARERS]
    path.write_text("role,column\ninformation_ease,Q_INFO\nsocial_contact,Q_SOCIAL\n")
    found = sace_survey(table(moved), POPULATION, questions=read_questions(path))
    assert {r["measure"] for r in found.rows} == {"1I2", "3D2"}
    assert _total(found, "3D2")["outcome"] == 50.0
    left_out = {f.message.split(":")[0] for f in found.findings if f.code == "missing-column"}
    assert left_out == {"measure 1D", "measure 3B", "measure 3C"}


def test_question_file_errors(tmp_path):
    path = tmp_path / "questions.csv"
    path.write_text("role,column\nhappiness,q4\n")
    with pytest.raises(AscofError, match=r"row 2, column role: 'happiness' is not a role"):
        read_questions(path)
    path.write_text("role,column\nsatisfaction,q4\nsatisfaction,q5\n")
    with pytest.raises(AscofError, match="row 3: satisfaction is given twice"):
        read_questions(path)


def test_a_year_or_a_question_table_is_required():
    with pytest.raises(AscofError, match="SACE question numbers change between years"):
        sace_survey(table(CARERS), POPULATION)


def test_cli_sace_with_a_question_file(tmp_path, capsys):
    import json

    from ascof_xl.cli import main

    respondents = tmp_path / "sace.csv"
    lines = ["LaCode,SerialNo,Response,Age,Gender,contact"] + [f"206,{i},1,{30 + 5 * i},{1 + i % 2},{1 + i % 3}"
                                                                for i in range(9)]
    respondents.write_text("\n".join(lines) + "\n")
    population = tmp_path / "population.csv"
    population.write_text("LaCode,EligiblePopulation\n206,2000\n")
    questions = tmp_path / "questions.csv"
    questions.write_text("role,column\nsocial_contact,contact\n")
    argv = ["survey", "sace", str(respondents), "--population", str(population), "--questions", str(questions)]
    assert main(argv + ["--format", "json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    total = next(r for r in rows if r["disaggregation"] == "Total")
    assert (total["measure"], total["base"], total["outcome"]) == ("1I2", 9, 33.3)  # codes 1, 2, 3 three times each
    assert "rows read 9, used 9, set aside 0" in captured.err
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "SACE results" in out and "2000" in out
