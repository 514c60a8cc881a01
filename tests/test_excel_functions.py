"""The worksheet functions against independent figures: hand formulas, numpy quartiles, the catalogue TOML,
the published values; and each with Excel-shaped inputs (None, '', numbers as text, 1x1 and n x 1 ranges)."""

from __future__ import annotations

import inspect
import math
import tomllib
from pathlib import Path

import numpy as np
import pytest

from ascof_xl.excel import cache, udfs
from tests.oracles import byar_by_hand, wilson_by_hand

YEAR = "2020-21"
ROTHERHAM = "E08000018"
CATALOGUE = Path(__file__).resolve().parents[1] / "ascof_xl" / "catalogue" / "data"


@pytest.fixture(autouse=True, scope="module")
def bundled():
    """Every test starts from the bundled data, whatever an earlier test refreshed."""
    cache.reload()
    yield
    cache.reload()


def council_values(code: str, year: str = YEAR, members: set[str] | None = None) -> dict[str, float]:
    """Published council values of one measure, read straight from the tidy table (not through Positions)."""
    table = cache.store().table
    rows = table[(table.year == year) & (table.measure == code) & (table.measure_type == "Outcome")
                 & (table.level == "council") & table.value.notna()]
    values = dict(zip(rows.area_code, rows.value.astype(float)))
    return {k: v for k, v in values.items() if members is None or k in members}


def quartiles_by_numpy(values) -> tuple[float, float, float]:
    """Excel QUARTILE.INC is numpy's linear percentile."""
    return tuple(float(np.percentile(list(values), q, method="linear")) for q in (25, 50, 75))


def band_by_hand(value: float, cuts, higher_is_better: bool = True) -> str:
    p25, p50, p75 = cuts
    if higher_is_better:
        return "top" if value >= p75 else "upper-middle" if value >= p50 else "lower-middle" if value >= p25 else "bottom"
    return "top" if value <= p25 else "upper-middle" if value <= p50 else "lower-middle" if value <= p75 else "bottom"


def catalogue_entry(framework: str, code: str) -> dict:
    document = tomllib.loads((CATALOGUE / f"{framework}.toml").read_text(encoding="utf-8"))
    return next(m for m in document["measures"] if m["code"] == code)


# --- values -----------------------------------------------------------------------------------------

def test_value_uses_the_publications_half_up_rounding():
    # Wiltshire 2B1 (85 and over), 2020-21: 82 / 160 = 51.25, published as 51.3 (a float rounds to 51.2)
    assert udfs.ASCOF_VALUE("2B1", 82, 160) == 51.3
    assert udfs.ASCOF_VALUE("2B1", "82", [[160.0]], "2020-21") == 51.3
    assert udfs.ASCOF_VALUE("2B1", 0, 0) == "[x]"


def test_measure_fields_come_from_the_catalogue_file():
    entry = catalogue_entry("ascof-2018-19", "2B1")
    assert udfs.ASCOF_MEASURE("2B1") == entry["title"]
    assert udfs.ASCOF_MEASURE("2b1", "Unit") == entry["unit"]
    assert udfs.ASCOF_MEASURE([["2B1"]], "decimals", "ascof-2018-19") == entry["decimals"]
    assert udfs.ASCOF_MEASURE("2B1", "disaggregations") == "; ".join(entry["disaggregations"])
    new = catalogue_entry("ascof-2023-24", "2D1")
    assert udfs.ASCOF_MEASURE("2D(1)", "title", "ascof-2023-24") == new["title"]


def test_measures_table_has_a_header_and_one_row_per_catalogue_entry():
    entries = tomllib.loads((CATALOGUE / "ascof-2018-19.toml").read_text(encoding="utf-8"))["measures"]
    table = udfs.ASCOF_MEASURES("ascof-2018-19")
    assert table[0] == ["code", "title", "polarity", "unit"]
    assert [row[0] for row in table[1:]] == [e["code"] for e in entries]
    assert table[1][2:] == [entries[0]["polarity"], entries[0]["unit"]]


def test_thresholds_are_excel_quartile_inc_of_every_council():
    expected = quartiles_by_numpy(council_values("2B1").values())
    assert udfs.ASCOF_THRESHOLDS("2B1", None, YEAR)[0] == pytest.approx(expected)
    assert udfs.ASCOF_THRESHOLDS("2B1", "england", "2020/21")[0] == pytest.approx(expected)


def test_thresholds_for_a_region_named_by_a_council():
    from ascof_xl.councils import load_councils

    yorkshire = {c.ons_code for c in load_councils() if c.region_code == "YH"}
    expected = quartiles_by_numpy(council_values("2B1", members=yorkshire).values())
    assert udfs.ASCOF_THRESHOLDS("2B1", "region:Rotherham", YEAR)[0] == pytest.approx(expected)


def test_quartile_bands_a_value_by_the_cut_points_with_ties_to_the_better_band():
    cuts = quartiles_by_numpy(council_values("2B1").values())
    for value in (cuts[0] - 0.1, cuts[0], cuts[1] + 0.05, cuts[2], 99.0):
        assert udfs.ASCOF_QUARTILE("2B1", value, None, YEAR) == band_by_hand(value, cuts)


def test_quartile_mirrors_a_lower_is_better_measure():
    # 2A2: admissions of people 65 and over to care homes per 100,000; fewer is better
    cuts = quartiles_by_numpy(council_values("2A2").values())
    assert udfs.ASCOF_QUARTILE("2A2", cuts[0] - 1, None, YEAR) == "top"
    assert udfs.ASCOF_QUARTILE("2A2", cuts[2] + 1, None, YEAR) == "bottom"


def test_quartile_with_a_council_puts_the_value_in_place_of_its_published_one():
    from ascof_xl.councils import load_councils

    yorkshire = {c.ons_code for c in load_councils() if c.region_code == "YH"}
    published = council_values("2B1", members=yorkshire)
    for value in (60.0, 80.0, 84.0, 95.0):
        cuts = quartiles_by_numpy((published | {ROTHERHAM: value}).values())
        assert udfs.ASCOF_QUARTILE("2B1", value, "region", YEAR, "Rotherham") == band_by_hand(value, cuts)


def test_rank_counts_the_councils_doing_better():
    values = council_values("2B1")
    mine = values[ROTHERHAM]
    better = sum(v > mine for v in values.values())
    assert udfs.ASCOF_RANK("2B1", mine, None, YEAR) == f"{better + 1} of {len(values)}"
    assert udfs.ASCOF_RANK("2B1", 1000, None, YEAR) == f"1 of {len(values)}"


def test_benchmark_row_holds_the_published_value_band_and_rank():
    values = council_values("2B1")
    mine = values[ROTHERHAM]
    cuts = quartiles_by_numpy(values.values())
    row = udfs.ASCOF_BENCHMARK("Rotherham", "2B1", YEAR)
    assert len(row) == 1 and len(row[0]) == 10
    value, band, rank, n, p25, median, p75 = row[0][:7]
    assert value == mine and band == band_by_hand(mine, cuts)
    assert rank == sum(v > mine for v in values.values()) + 1 and n == len(values)
    assert (p25, median, p75) == pytest.approx(cuts)


def test_profile_has_a_row_per_all_ages_measure_with_published_values():
    table = udfs.ASCOF_PROFILE("Rotherham", YEAR)
    header, rows = table[0], table[1:]
    assert header[:4] == ["code", "title", "value", "band"]
    by_code = {row[0]: dict(zip(header, row)) for row in rows}
    assert by_code["2B1"]["value"] == council_values("2B1")[ROTHERHAM]
    assert by_code["2A2"]["value"] == council_values("2A2")[ROTHERHAM]
    # 2020-21 users' survey was voluntary: Rotherham's 1A is published as [x] and shown so, not blank
    assert by_code["1A"]["value"] == "[x]" and by_code["1A"]["band"] is None


def test_bands_is_councils_by_measures_and_agrees_with_quartile_of_own_value():
    councils = [["Rotherham"], ["Leeds"], ["Kent"]]
    codes = [["2B1", "2A2", "1E"]]
    table = udfs.ASCOF_BANDS(councils, codes, YEAR)
    assert len(table) == 3 and all(len(row) == 3 for row in table)
    from ascof_xl.councils import find_council

    for i, (name,) in enumerate(councils):
        area = find_council(name, YEAR).ons_code
        for j, code in enumerate(codes[0]):
            value = council_values(code).get(area)
            expected = udfs.ASCOF_QUARTILE(code, value, None, YEAR) if value is not None else None
            assert table[i][j] == expected


def test_bands_shows_a_bad_council_or_code_in_its_own_row_or_column():
    table = udfs.ASCOF_BANDS([["Rotherham"], ["Atlantis"]], [["2B1"], ["9Z"]], YEAR)
    assert table[0][0] in ("top", "upper-middle", "lower-middle", "bottom")
    assert table[0][1].startswith('ASCOF: measure "9Z" is not in the 2020-21 data')
    assert all(cell.startswith("ASCOF: unknown council 'Atlantis'") for cell in table[1])


def test_ci_wilson_and_byar_by_hand():
    lower, upper = udfs.ASCOF_CI(81, 263)[0]
    assert (lower, upper) == pytest.approx(wilson_by_hand(81, 263, 1.959963984540054))
    lower, upper = udfs.ASCOF_CI("81", "263", "proportion", "99.8")[0]
    assert (lower, upper) == pytest.approx(wilson_by_hand(81, 263, 3.090232306167813))
    lower, upper = udfs.ASCOF_CI(150, 250_000, "rate", 0.95)[0]
    assert (lower, upper) == pytest.approx(byar_by_hand(150, 250_000, 1.959963984540054))


def test_ci_exact_poisson_below_ten_events():
    from scipy.stats import chi2

    lower, upper = udfs.ASCOF_CI(4, 50_000, "rate")[0]
    assert lower == pytest.approx(chi2.ppf(0.025, 8) / 2 * 100_000 / 50_000)
    assert upper == pytest.approx(chi2.ppf(0.975, 10) / 2 * 100_000 / 50_000)


@pytest.mark.parametrize(
    "code, comparator, expected",
    [("2B1", 70, "better"), ("2B1", 90, "worse"), ("2B1", 80, "similar"), ("2B1", 85, "similar"),
     ("2A2", 900, "better"), ("2A2", 100, "worse")],
)
def test_significance_by_hand(code, comparator, expected):
    # interval 75..85 around 80; a comparator outside it is significant, polarity decides the word
    low, high = (75, 85) if code == "2B1" else (400, 600)
    value = (low + high) / 2
    assert udfs.ASCOF_SIGNIFICANCE(code, value, low, high, comparator) == expected


@pytest.mark.parametrize(
    "code, current, previous, expected",
    [("2B1", 80.06, 80.0, "improved"), ("2B1", 80.04, 80.0, "no change"), ("2B1", 79.0, 80.0, "worsened"),
     ("2A2", 500.0, 600.0, "improved"), ("2A2", "650.2", "600", "worsened")],
)
def test_direction_of_travel_at_published_decimals(code, current, previous, expected):
    assert udfs.ASCOF_DOT(code, current, previous) == expected


# --- Excel-shaped inputs ----------------------------------------------------------------------------

def test_a_1x1_range_works_where_a_cell_is_expected():
    assert udfs.ASCOF_QUARTILE([["2B1"]], [[80.0]], [["england"]], [[YEAR]]) == udfs.ASCOF_QUARTILE("2B1", 80, None, YEAR)
    assert udfs.ASCOF_RANK([["2B1"]], [[80.0]], None, [[YEAR]]) == udfs.ASCOF_RANK("2B1", 80, None, YEAR)
    assert udfs.ASCOF_PROFILE([["Rotherham"]], [[YEAR]]) == udfs.ASCOF_PROFILE("Rotherham", YEAR)
    assert udfs.ASCOF_CI([[81.0]], [[263.0]]) == udfs.ASCOF_CI(81, 263)


def test_numbers_typed_as_text():
    assert udfs.ASCOF_QUARTILE("2B1", " 80 ", None, YEAR) == udfs.ASCOF_QUARTILE("2B1", 80.0, None, YEAR)
    assert udfs.ASCOF_CI("1,081", "2,263") == udfs.ASCOF_CI(1081, 2263)
    assert udfs.ASCOF_DOT("2B1", "80.1%", "80") == "improved"
    assert udfs.ASCOF_PROFILE(206.0, YEAR) == udfs.ASCOF_PROFILE("Rotherham", YEAR)  # CASSR code typed as a number
    assert udfs.ASCOF_BENCHMARK("206", "2B1", 2020.21 if False else YEAR) == udfs.ASCOF_BENCHMARK("Rotherham", "2B1", YEAR)


def test_blank_optional_arguments_take_their_defaults():
    latest = cache.store().latest_year()
    for blank in (None, "", [[None]], [[""]]):
        assert udfs.ASCOF_THRESHOLDS("2B1", blank, blank) == udfs.ASCOF_THRESHOLDS("2B1")
        assert udfs.ASCOF_PROFILE("Leeds", blank, blank) == udfs.ASCOF_PROFILE("Leeds", latest, "england")
        assert udfs.ASCOF_MEASURE("2B1", blank, blank) == udfs.ASCOF_MEASURE("2B1", "title")
        assert udfs.ASCOF_CI(81, 263, blank, blank) == udfs.ASCOF_CI(81, 263, "proportion", 95)


REQUIRED = {
    "ASCOF_VALUE": lambda x: udfs.ASCOF_VALUE("2B1", x, 160),
    "ASCOF_MEASURE": lambda x: udfs.ASCOF_MEASURE(x),
    "ASCOF_QUARTILE": lambda x: udfs.ASCOF_QUARTILE("2B1", x, None, YEAR),
    "ASCOF_RANK": lambda x: udfs.ASCOF_RANK(x, 80, None, YEAR),
    "ASCOF_THRESHOLDS": lambda x: udfs.ASCOF_THRESHOLDS(x, None, YEAR),
    "ASCOF_BENCHMARK": lambda x: udfs.ASCOF_BENCHMARK(x, "2B1", YEAR),
    "ASCOF_PROFILE": lambda x: udfs.ASCOF_PROFILE(x, YEAR),
    "ASCOF_CI": lambda x: udfs.ASCOF_CI(81, x),
    "ASCOF_SIGNIFICANCE": lambda x: udfs.ASCOF_SIGNIFICANCE("2B1", 80, 75, 85, x),
    "ASCOF_DOT": lambda x: udfs.ASCOF_DOT("2B1", 80, x),
}


@pytest.mark.parametrize("name", sorted(REQUIRED))
@pytest.mark.parametrize("blank", [None, "", "   ", [[None]]], ids=["None", "empty", "spaces", "1x1-error-cell"])
def test_a_blank_or_error_cell_in_a_required_argument_is_a_short_message(name, blank):
    result = REQUIRED[name](blank)
    assert isinstance(result, str) and result.startswith("ASCOF: ")
    assert "Traceback" not in result and "\n" not in result and len(result) <= 255
    assert "blank" in result or "needed" in result


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: udfs.ASCOF_QUARTILE("2B1", "eighty", None, YEAR), '"eighty" is not a number'),
        (lambda: udfs.ASCOF_QUARTILE("1Z", 80, None, YEAR), '"1Z" is not in the 2020-21 data; did you mean 1'),
        (lambda: udfs.ASCOF_MEASURE("1Z"), 'unknown measure "1Z"; did you mean 1A'),
        (lambda: udfs.ASCOF_PROFILE("Rotherhm", YEAR), "Did you mean: Rotherham?"),
        (lambda: udfs.ASCOF_PROFILE("Rotherham", "2031-32"), "no published data for 2031-32"),
        (lambda: udfs.ASCOF_QUARTILE("2B1", 80, "region", YEAR), 'group "region" needs a council'),
        (lambda: udfs.ASCOF_CI(81, 263, "odds"), 'kind "odds" is not known'),
        (lambda: udfs.ASCOF_CI(81, 263, None, 90), "level 90 is not offered"),
        (lambda: udfs.ASCOF_CI(300, 263), "numerator must not exceed denominator"),
        (lambda: udfs.ASCOF_SIGNIFICANCE("2B1", 80, 85, 75, 70), "lower 85 is above upper 75"),
        (lambda: udfs.ASCOF_QUARTILE("2B1", [[1], [2]], None, YEAR), "expected one cell, got a range of 2 cells"),
        (lambda: udfs.ASCOF_QUARTILE("2B1", True, None, YEAR), "TRUE/FALSE"),
        (lambda: udfs.ASCOF_BANDS([["Rotherham", "Leeds"], ["Kent", "Essex"]], [["2B1"]], YEAR), "one row or one column"),
    ],
)
def test_bad_input_is_a_short_message_saying_what_to_do(call, words):
    result = call()
    assert isinstance(result, str) and result.startswith("ASCOF: ") and words in result, result


def test_bands_takes_a_row_or_a_column_and_keeps_blank_cells_in_place():
    column = udfs.ASCOF_BANDS([["Rotherham"], [None], ["Leeds"]], [["2B1"], ["2A2"]], YEAR)
    row = udfs.ASCOF_BANDS([["Rotherham", None, "Leeds"]], [["2B1", "2A2"]], YEAR)
    assert column == row and len(column) == 3
    assert all(cell.startswith("ASCOF: council is blank") for cell in column[1])
    single = udfs.ASCOF_BANDS("Rotherham", "2B1", YEAR)  # one cell each: a 1x1 table
    assert single == [[column[0][0]]]


def test_an_unexpected_failure_is_still_one_line_of_text(monkeypatch):
    from ascof_xl.excel import functions

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(functions, "build_profile", broken)
    cache.reload()  # forget remembered profiles
    result = udfs.ASCOF_PROFILE("Leeds", YEAR)
    assert result.startswith("ASCOF: unexpected ZeroDivisionError: division by zero; please report it")


def test_no_value_is_nan_or_infinite():
    for row in udfs.ASCOF_PROFILE("Rotherham", YEAR)[1:]:
        assert not any(isinstance(v, float) and not math.isfinite(v) for v in row)


def test_codes_are_read_in_every_written_form():
    year = "2024-25"
    assert udfs.ASCOF_BENCHMARK("Rotherham", "2D(1)", year) == udfs.ASCOF_BENCHMARK("Rotherham", "2D1", year)
    assert udfs.ASCOF_THRESHOLDS("3d(1a)", None, year) == udfs.ASCOF_THRESHOLDS("3D1A", None, year)
    assert udfs.ASCOF_QUARTILE(" 2d(1) ", 60, None, year) == udfs.ASCOF_QUARTILE("2D1", 60, None, year)


# Every function, every argument: as a 1x1 range, numbers typed as text, a 2x1 range where one cell
# belongs, and optional arguments blank or an error cell (both arrive as None or '').
SAMPLES = {
    "ASCOF_VALUE": ("2B1", 82, 160, YEAR),
    "ASCOF_MEASURE": ("2B1", "unit", "ascof-2018-19"),
    "ASCOF_MEASURES": ("ascof-2018-19",),
    "ASCOF_QUARTILE": ("2B1", 80, "region", YEAR, "Rotherham"),
    "ASCOF_RANK": ("2B1", 80, "england", YEAR),
    "ASCOF_THRESHOLDS": ("2B1", "england", YEAR),
    "ASCOF_BENCHMARK": ("Rotherham", "2B1", YEAR, "england"),
    "ASCOF_PROFILE": ("Rotherham", YEAR, "england"),
    "ASCOF_BANDS": ([["Rotherham"], ["Leeds"]], [["2B1", "2A2"]], YEAR),
    "ASCOF_CI": (81, 263, "proportion", 95),
    "ASCOF_SIGNIFICANCE": ("2B1", 80, 75, 85, 70),
    "ASCOF_DOT": ("2B1", 80.06, 80),
}
RANGES = {("ASCOF_BANDS", 0), ("ASCOF_BANDS", 1)}  # arguments that take a whole range


def call(name, args):
    return getattr(udfs, name)(*args)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_argument_as_a_1x1_range(name):
    args = SAMPLES[name]
    expected = call(name, args)
    assert not (isinstance(expected, str) and expected.startswith("ASCOF:")), expected
    for i in range(len(args)):
        if (name, i) not in RANGES:
            assert call(name, args[:i] + ([[args[i]]],) + args[i + 1:]) == expected, i


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_number_typed_as_text(name):
    args = SAMPLES[name]
    written = tuple(f" {a} " if isinstance(a, (int, float)) else a for a in args)
    assert call(name, written) == call(name, args)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_column_where_one_cell_belongs_is_refused(name):
    args = SAMPLES[name]
    for i in range(len(args)):
        if (name, i) not in RANGES:
            result = call(name, args[:i] + ([[args[i]], [args[i]]],) + args[i + 1:])
            assert result == "ASCOF: expected one cell, got a range of 2 cells", (i, result)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_blank_or_error_cells_in_optional_arguments_are_the_defaults(name):
    function = getattr(udfs, name)
    parameters = list(inspect.signature(function).parameters.values())
    args = SAMPLES[name]
    required = [a for a, p in zip(args, parameters) if p.default is p.empty]
    expected = function(*required)
    for blank in (None, "", [[None]], [[""]]):
        assert function(*required, *[blank] * (len(parameters) - len(required))) == expected


def test_thresholds_of_a_custom_group_of_councils():
    from ascof_xl.councils import find_council

    names = ("Rotherham", "Leeds", "Sheffield", "Barnsley", "Wakefield")
    members = {find_council(n, YEAR).ons_code for n in names}
    expected = quartiles_by_numpy(council_values("2B1", members=members).values())
    assert udfs.ASCOF_THRESHOLDS("2B1", "custom:" + ";".join(names), YEAR)[0] == pytest.approx(expected)
