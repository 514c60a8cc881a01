"""The same answer whichever door: each worksheet function against the matching `ascof-xl` command (JSON)."""

from __future__ import annotations

import json

import pytest

from ascof_xl.cli import main
from ascof_xl.excel import cache, udfs

YEAR = "2020-21"
COUNCILS = ("Rotherham", "Camden", "Kent", "Cornwall")
MEASURES = ("2A1", "2A2", "2B1", "1E", "1F")


@pytest.fixture(autouse=True, scope="module")
def bundled():
    cache.reload()
    yield
    cache.reload()


def command(capsys, *argv: str):
    """Run one `ascof-xl` command with --format json and return what it printed, parsed."""
    capsys.readouterr()
    status = main([*argv, "--format", "json"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    return json.loads(captured.out)


def test_value(capsys):
    for code, numerator, denominator in (("2B1", 82, 160), ("2A2", 1234, 456_789), ("1E", 7, 1000)):
        found = command(capsys, "value", code, "--numerator", str(numerator), "--denominator", str(denominator),
                        "--year", YEAR)
        assert udfs.ASCOF_VALUE(code, numerator, denominator, YEAR) == found["value"]


def test_measure_and_measures(capsys):
    for code in ("1A", "2B1", "1C2A", "4B"):
        found = command(capsys, "measure", code)
        for field in ("title", "polarity", "unit", "decimals", "source"):
            assert udfs.ASCOF_MEASURE(code, field) == found[field]
    for framework in ("ascof-2018-19", "ascof-2023-24"):
        rows = command(capsys, "measures", "--framework", framework)
        table = udfs.ASCOF_MEASURES(framework)
        assert table[1:] == [[r["code"], r["title"], r["polarity"], r["unit"]] for r in rows]


@pytest.mark.parametrize("council", COUNCILS)
def test_benchmark_quartile_rank_thresholds(capsys, council):
    for code in MEASURES:
        found = command(capsys, "benchmark", "--council", council, "--measure", code, "--year", YEAR)
        row = found["council_row"]
        mine = udfs.ASCOF_BENCHMARK(council, code, YEAR)[0]
        assert mine[:7] == [row["value"] if row["value"] is not None else f"[{row['marker']}]", row["band"],
                            row["rank"], row["n"], row["p25"], row["median"], row["p75"]]
        assert mine[7:] == [found["comparator_value"], row["significance"], row["trend"]]
        assert udfs.ASCOF_THRESHOLDS(code, "england", YEAR) == [[row["p25"], row["median"], row["p75"]]]
        if row["value"] is not None:
            assert udfs.ASCOF_QUARTILE(code, row["value"], "england", YEAR) == row["band"]
            assert udfs.ASCOF_RANK(code, row["value"], "england", YEAR) == f"{row['rank']} of {row['n']}"


@pytest.mark.parametrize("group", ["england", "region", "council-type"])
def test_quartile_with_a_council_is_place(capsys, group):
    for code, value in (("2B1", "83.5"), ("2A2", "610"), ("1E", "3.2")):
        found = command(capsys, "place", "--measure", code, "--council", "Rotherham", "--value", value,
                        "--year", YEAR, "--group", group)
        assert udfs.ASCOF_QUARTILE(code, value, group, YEAR, "Rotherham") == found["band"]


def test_placement_default_year_is_places(capsys):
    found = command(capsys, "place", "--measure", "2B1", "--council", "Rotherham", "--value", "80")
    assert udfs.ASCOF_QUARTILE("2B1", 80, None, None, "Rotherham") == found["band"]
    assert udfs.ASCOF_THRESHOLDS("2B1") == udfs.ASCOF_THRESHOLDS("2B1", None, found["distribution_year"])


@pytest.mark.parametrize("council", COUNCILS)
def test_profile_bands_significance_and_direction(capsys, council):
    found = command(capsys, "profile", "--council", council, "--year", YEAR)
    table = udfs.ASCOF_PROFILE(council, YEAR)
    header = table[0]
    rows = [dict(zip(header, row)) for row in table[1:]]
    assert [r["code"] for r in rows] == [m["code"] for m in found["measures"]]
    codes = [m["code"] for m in found["measures"]]
    bands = udfs.ASCOF_BANDS([[council]], [codes], YEAR)[0]
    for mine, theirs, band in zip(rows, found["measures"], bands):
        shown = theirs["value"] if theirs["value"] is not None else (f"[{theirs['marker']}]" if theirs["marker"] else None)
        assert mine["value"] == shown
        for field in ("band", "rank", "n", "comparator_value", "significance", "previous_value", "previous_band",
                      "direction", "trend", "title"):
            assert mine[field] == theirs[field], (theirs["code"], field)
        marker_shown = shown if isinstance(shown, str) else None  # a council without a value shows [c] or [x]
        assert band == (theirs["band"] if theirs["band"] is not None else marker_shown)
        if theirs["value"] is not None and theirs["previous_value"] is not None:
            assert udfs.ASCOF_DOT(theirs["code"], theirs["value"], theirs["previous_value"]) == theirs["direction"]
        if theirs["ci_lower"] is not None and theirs["comparator_value"] is not None:
            assert udfs.ASCOF_SIGNIFICANCE(theirs["code"], theirs["value"], theirs["ci_lower"], theirs["ci_upper"],
                                           theirs["comparator_value"]) == theirs["significance"]


def test_ci(capsys):
    for numerator, denominator, kind, level in ((81, 263, "proportion", "95"), (81, 263, "proportion", "99.8"),
                                                (150, 250_000, "rate", "95"), (4, 50_000, "rate", "99.8")):
        found = command(capsys, "ci", "--numerator", str(numerator), "--denominator", str(denominator),
                        "--kind", kind, "--level", level)
        assert udfs.ASCOF_CI(numerator, denominator, kind, level) == [[found["lower"], found["upper"]]]
