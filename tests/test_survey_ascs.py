"""ASCS measures from small respondent sets worked by hand (survey-method.md §2-§4)."""

import math

import pytest

from ascof_xl.survey.ascs import ascs_survey
from tests.survey_frames import ITEMS_1A, person, strata, table


def _rows(result, measure):
    return {r["disaggregation"]: r for r in result.rows if r["measure"] == measure}


# Council 100: N1 100, N2 200, N3 50, N4 400.
# q3a in stratum 2: 1, 2, 3, 4 (M, M, F, F); stratum 4: 1, 1, 1, 4 (M, F, F, F) and -9 (M);
# stratum 3: 2 (F, one answer); stratum 1: blank and 9 (out of range), so no valid answer there.
CONTROL = [
    person(stratum=2, q3a=1, gender=1, age=30), person(stratum=2, q3a=2, gender=1, age=40),
    person(stratum=2, q3a=3, gender=2, age=50), person(stratum=2, q3a=4, gender=2, age=60),
    person(stratum=4, q3a=1, gender=1, age=70), person(stratum=4, q3a=1, gender=2, age=80),
    person(stratum=4, q3a=1, gender=2, age=90), person(stratum=4, q3a=4, gender=2, age=75),
    person(stratum=4, q3a=-9, gender=1, age=66),
    person(stratum=3, q3a=2, gender=2, age=85),
    person(stratum=1, q3a="", gender=1, age=30), person(stratum=1, q3a=9, gender=2, age=35),
    person(stratum=4, response=2, q3a=1),  # did not respond: never counted
]


@pytest.fixture(scope="module")
def control():
    return ascs_survey(table(CONTROL), table([strata()]))


def test_1b_weights_each_stratum_by_its_population(control):
    total = _rows(control, "1B")["Total"]
    # p2 = 2/4, p4 = 3/4, p3 = 1/1; stratum 1 has no valid answer and drops out of both sums
    assert total["numerator"] == pytest.approx(200 * 0.5 + 400 * 0.75 + 50 * 1) == 450
    assert total["denominator"] == 650 and total["base"] == 9
    assert total["outcome_unrounded"] == pytest.approx(450 / 650 * 100)
    assert total["outcome"] == 69.2


def test_1b_margin_of_error_by_the_national_formula(control):
    # Var = sum p(1-p) N^2 (1 - n/N) / (n - 1); stratum 3 (one answer) adds nothing
    variance = 0.25 * 200**2 * (1 - 4 / 200) / 3 + 0.1875 * 400**2 * (1 - 4 / 400) / 3
    assert variance == pytest.approx(3266.6667 + 9900, abs=1e-3)
    margin = 1.96 * math.sqrt(variance) / 650 * 100  # 34.600...
    assert _rows(control, "1B")["Total"]["margin_of_error"] == round(margin, 1) == 34.6


def test_splits_estimate_each_stratum_population_from_the_measures_own_answers(control):
    rows = _rows(control, "1B")
    # Male: stratum 2 has 2 of its 4 valid answers -> N = 200 x 2/4 = 100, p = 1; stratum 4 has 1 of 4 -> N = 100, p = 1
    assert (rows["Male"]["numerator"], rows["Male"]["denominator"], rows["Male"]["base"]) == (200, 200, 3)
    assert rows["Male"]["outcome"] == 100.0 and rows["Male"]["margin_of_error"] == 0.0
    # Female: stratum 2 N 100 p 0; stratum 4 N 300 p 2/3; stratum 3 N 50 p 1 -> 250 / 450
    assert rows["Female"]["numerator"] == pytest.approx(250) and rows["Female"]["denominator"] == pytest.approx(450)
    assert rows["Female"]["outcome"] == 55.6 and rows["Female"]["base"] == 6
    # 18-64: stratum 2 all four (N 200, p 1/2) -> 50.0; 65 and over: strata 3 and 4 -> (300 + 50) / 450
    assert rows["18-64"]["outcome"] == 50.0 and rows["18-64"]["base"] == 4
    assert rows["65 and over"]["outcome"] == pytest.approx(77.8) and rows["65 and over"]["base"] == 5


def test_only_respondents_count_and_totals_are_given(control):
    assert control.tally.read == 13 and control.tally.used == 12 and control.tally.set_aside_total == 1
    assert control.tally.set_aside == {"did not respond (Response not 1)": 1}
    out_of_range = [f for f in control.findings if f.code == "out-of-range"]
    assert [(f.location.row, f.location.column) for f in out_of_range] == [(13, "q3a")]  # the 9 in stratum 1 (line 13)


def test_1a_mean_score_of_people_with_all_eight_items():
    people = [
        person(stratum=4, **{i: 1 for i in ITEMS_1A}),  # 24
        person(stratum=4, **{i: 4 for i in ITEMS_1A}),  # 0
        person(stratum=4, **{i: 2 for i in ITEMS_1A}),  # 16
        person(stratum=2, **{i: 3 for i in ITEMS_1A}),  # 8
        person(stratum=2, **({i: 1 for i in ITEMS_1A} | {"q11": ""})),  # an item missing: left out of 1A
        person(stratum=2, **({i: 1 for i in ITEMS_1A} | {"q10": 4})),  # q10 is not a 1A item: 24
    ]
    result = ascs_survey(table(people), table([strata()]))
    total = _rows(result, "1A")["Total"]
    # stratum 2 mean (8 + 24) / 2 = 16, stratum 4 mean 40 / 3; (200 x 16 + 400 x 40/3) / 600
    assert total["numerator"] == pytest.approx(200 * 16 + 400 * 40 / 3)
    assert total["denominator"] == 600 and total["base"] == 5
    assert total["outcome"] == round((3200 + 16000 / 3) / 600, 1) == 14.2
    # mean-score margin: sum N^2 (1 - n/N) s^2 / n, s^2 the sample variance
    s2_2, s2_4 = (8**2 + 24**2 - 2 * 16**2) / 1, ((24 - 40 / 3) ** 2 + (40 / 3) ** 2 + (16 - 40 / 3) ** 2) / 2
    variance = 200**2 * (1 - 2 / 200) * s2_2 / 2 + 400**2 * (1 - 3 / 400) * s2_4 / 3
    assert total["margin_of_error"] == round(1.96 * math.sqrt(variance) / 600, 1)


def test_strata_are_derived_when_the_column_is_absent():
    people = [
        {"LaCode": "100", "Response": 1, "PrimarySupportReason": 7, "Age": 70, "SupportSetting": 1, "q7a": 1},  # 1
        {"LaCode": "100", "Response": 1, "PrimarySupportReason": 1, "Age": 40, "SupportSetting": 2, "q7a": 2},  # 2
        {"LaCode": "100", "Response": 1, "PrimarySupportReason": 1, "Age": 80, "SupportSetting": 3, "q7a": 1},  # 3
        {"LaCode": "100", "Response": 1, "PrimarySupportReason": 1, "Age": 80, "SupportSetting": 1, "q7a": 2},  # 4
        {"LaCode": "100", "Response": 1, "PrimarySupportReason": "", "Age": 80, "SupportSetting": 1, "q7a": 1},  # none
    ]
    result = ascs_survey(table(people), table([strata()]))
    total = _rows(result, "4A")["Total"]
    assert total["numerator"] == 100 + 50 and total["denominator"] == 750 and total["outcome"] == 20.0
    assert [(f.code, f.location.row) for f in result.findings if f.code == "no-stratum"] == [("no-stratum", 6)]
    assert result.tally.set_aside == {"without a stratum": 1}


def test_3a_combines_standard_and_easy_read_q1():
    people = [
        person(stratum=4, q1=1, Questionnaire=1),  # standard 1 -> 1: satisfied
        person(stratum=4, q1=2, Questionnaire=2),  # standard 2 -> 1: satisfied
        person(stratum=4, q1=3, Questionnaire=1),  # standard 3 -> 2
        person(stratum=4, q1=1, Questionnaire=3),  # easy read 1: satisfied
        person(stratum=4, q1=2, Questionnaire=4),  # easy read 2
        person(stratum=4, q1=6, Questionnaire=3),  # easy read has only 1-5: no answer
        person(stratum=4, q1=7, Questionnaire=1),  # standard 7 -> 5, valid
    ]
    result = ascs_survey(table(people), table([strata()]))
    total = _rows(result, "3A")["Total"]
    assert total["base"] == 6 and total["outcome_unrounded"] == pytest.approx(3 / 6 * 100)
    assert [(f.location.row, f.location.column) for f in result.findings if f.code == "out-of-range"] == [(7, "q1")]


def test_3d1_leaves_out_never_tried():
    people = [person(stratum=4, q12=c) for c in (1, 1, 2, 3, 4, 5)]
    total = _rows(ascs_survey(table(people), table([strata()])), "3D1")["Total"]
    assert total["base"] == 4 and total["outcome"] == 50.0


def test_outcome_on_a_half_rounds_up():
    # one stratum, 41 of 80 feel safe: 51.25% exactly, published 51.3
    people = [person(stratum=4, q7a=1 if i < 41 else 2) for i in range(80)]
    total = _rows(ascs_survey(table(people), table([strata()])), "4A")["Total"]
    assert total["outcome"] == 51.3 and total["outcome_unrounded"] == pytest.approx(51.25)


def test_a_council_with_respondents_in_two_councils_is_weighted_apart():
    people = [person("100", 4, q7b=1), person("100", 4, q7b=1), person("100", 4, q7b=2), person("200", 4, q7b=1)]
    result = ascs_survey(table(people), table([strata("100"), strata("200", n4="10")]))
    by_council = {r["council"]: r for r in result.rows if r["measure"] == "4B" and r["disaggregation"] == "Total"}
    assert by_council["100"]["outcome"] == 66.7 and by_council["100"]["denominator"] == 400
    assert by_council["200"]["marker"] == "c"  # one respondent


def test_revised_codes_follow_the_catalogue_lineage():
    people = [person(stratum=4, q3a=1, q8a=1, q7a=1) for _ in range(4)]
    result = ascs_survey(table(people), table([strata()]), framework="ascof-2023-24")
    codes = {r["measure"] for r in result.rows}
    # 1B (control) is 3A from 2023-24, 1I1 (social contact) 5A1, 4A stays 4A
    assert {"3A", "5A1", "4A"} <= codes and "1I1" not in codes
