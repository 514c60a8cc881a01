"""1J adjusted SCRQoL: per person from the year-versioned coefficients, and the council value."""

import pytest

from ascof_xl.errors import AscofError
from ascof_xl.survey.ascs import ascs_survey
from ascof_xl.survey.scrqol import coefficients, needed_items, person_score
from tests.survey_frames import strata, table

ITEMS = needed_items()


def test_nhs_digital_unit_test_values():
    assert person_score({item: 1 for item in ITEMS}, age=40) == pytest.approx(0.418845, abs=1e-9)
    assert person_score({item: 3 for item in ITEMS}, age=70) == pytest.approx(0.075093, abs=1e-9)


def test_all_at_code_1_by_hand():
    # weighted SCRQoL 0.203 x (1 + .911 + .879 + .863 + .880 + .873 + .962 + .847) - 0.466 = 0.998645;
    # adjustment: every answer at its first code and aged 18-64 leaves the constant 0.5798
    assert person_score({item: 1 for item in ITEMS}, age=40) == pytest.approx(0.998645 - 0.5798)
    # aged 65 and over adds 0.0473 to the adjustment
    assert person_score({item: 1 for item in ITEMS}, age=65) == pytest.approx(0.998645 - 0.5798 - 0.0473)


def test_q16d_is_not_an_adl_item_and_a_missing_item_gives_no_score():
    assert "q16d" not in ITEMS
    answers = {item: 1 for item in ITEMS}
    assert person_score(answers | {"q16d": 3}, age=40) == pytest.approx(0.418845)
    assert person_score(answers | {"q18": float("nan")}, age=40) != person_score(answers, age=40)


def test_coefficients_are_versioned_by_year():
    assert coefficients("2022-23")["scale"] == 0.203
    with pytest.raises(AscofError, match="no set of 1J coefficients is held for 2015-16"):
        coefficients("2015-16")


def _person(stratum, code, age, setting=1, psr=1):
    return {"LaCode": "100", "Response": 1, "Stratum": stratum, "Age": age, "SupportSetting": setting,
            "PrimarySupportReason": psr} | {item: code for item in ITEMS}


def test_council_value_weights_eligible_people_by_the_q2c_population():
    people = [
        _person(4, 1, 70), _person(4, 3, 70),  # stratum 4: 0.371545 and 0.075093
        _person(2, 1, 40), _person(2, 1, 40, setting=2),  # stratum 2: one in community (0.418845), one not eligible
        _person(1, 1, 40, psr=7),  # learning disability: not eligible
    ]
    result = ascs_survey(table(people), table([strata(n2="200", n4="400")]))
    row = next(r for r in result.rows if r["measure"] == "1J")
    # stratum 2 counts 200 x (1 community of 2) = 100; stratum 4 counts 400
    expected = (100 * 0.418845 + 400 * (0.371545 + 0.075093) / 2) / 500
    assert row["outcome_unrounded"] == pytest.approx(expected) and row["outcome"] == round(expected, 3)
    assert row["base"] == 3 and row["denominator"] == pytest.approx(500)
    assert [r["disaggregation"] for r in result.rows if r["measure"] == "1J"] == ["Total"]


def test_a_year_without_coefficients_leaves_1j_out_with_a_finding():
    result = ascs_survey(table([_person(4, 1, 70)] * 3), table([strata()]), year="2015-16")
    assert "1J" not in {r["measure"] for r in result.rows} and "1A" in {r["measure"] for r in result.rows}
    assert any(f.code == "no-coefficients" and "2015-16" in f.message for f in result.findings)
