"""Publication rounding and suppression of survey rows (survey-method.md §5-§6)."""

from fractions import Fraction

from ascof_xl.survey.publication import as_published, ascs_count, sace_count, suppress_ascs, suppress_sace, survey_row


def test_ascs_counts_truncate_then_round_to_5():
    assert ascs_count(1232.6) == 1230  # truncated to 1232 first; plain rounding would give 1235
    assert ascs_count(1233.0) == 1235 and ascs_count(4.9) == 5 and ascs_count(2.9) == 0


def test_sace_counts_round_to_5_ties_up():
    assert sace_count(1232.6) == 1235 and sace_count(1232.5) == 1235 and sace_count(1232.4) == 1230


def _row(disaggregation, base):
    return survey_row("100", "1D", disaggregation, 8.0 * base, 2.0 * base, base, 0.5, None if base == 0 else 4, 1)


def test_ascs_suppresses_one_or_two_respondents():
    rows = suppress_ascs([_row("Total", 2), _row("18-64", 1), _row("65 and over", 0), _row("Male", 3)])
    assert [r["marker"] for r in rows] == ["c", "c", "x", ""]
    assert rows[0]["outcome"] is None and rows[0]["margin_of_error"] is None
    assert rows[3]["outcome"] == 4.0


def test_sace_total_under_3_and_paired_splits():
    rows = suppress_sace([_row("Total", 40), _row("18-64", 38), _row("65 and over", 2), _row("Male", 20),
                          _row("Female", 20)])
    assert [r["marker"] for r in rows] == ["", "c", "c", "", ""]  # 65+ under 3 takes 18-64 with it
    rows = suppress_sace([_row("Total", 2), _row("18-64", 2), _row("65 and over", 0), _row("Male", 0),
                          _row("Female", 2)])
    assert [r["marker"] for r in rows] == ["c", "c", "x", "x", "c"]
    rows = suppress_sace([_row("Total", 30), _row("18-64", 15), _row("65 and over", 15), _row("Male", 0),
                          _row("Female", 30)])
    assert [r["marker"] for r in rows] == ["", "", "", "x", "c"]  # no men: the women's figure would give them away


def test_outcome_on_a_half_and_margin_round_half_up():
    row = survey_row("100", "1B", "Total", 41.0, 80.0, 80, 10.25, Fraction(41, 80) * 100, 1)
    assert row["outcome"] == 51.3 and row["margin_of_error"] == 10.3
    three = survey_row("100", "1J", "Total", 0.4555, 1.0, 10, 0.0265, Fraction(4555, 10000), 3)
    assert three["outcome"] == 0.456 and three["margin_of_error"] == 0.027


def test_as_published_shows_counts_to_5_and_markers():
    shown = as_published(survey_row("100", "1B", "Total", 1232.6, 4235.0, 432, 2.04, Fraction(12326, 42350) * 100, 1),
                         "ASCS", 1)
    assert (shown["numerator"], shown["denominator"], shown["base"]) == (1230, 4235, 430)
    assert shown["outcome"] == "29.1" and shown["margin_of_error"] == "2.0"
    hidden = as_published(suppress_ascs([_row("Total", 1)])[0], "SACE", 1)
    assert hidden["outcome"] == hidden["margin_of_error"] == "[c]"
