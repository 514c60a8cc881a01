"""Benchmarking: comparator groups, the quartile profile and one measure against its group."""

import csv
import json

import pytest

from ascof_xl.benchmark.groups import resolve_group
from ascof_xl.benchmark.positions import Positions
from ascof_xl.benchmark.profile import build_profile, direction_of_travel
from ascof_xl.benchmark.single_measure import build_benchmark
from ascof_xl.cli import main
from ascof_xl.councils import find_council
from ascof_xl.errors import AscofError

HEADER = ["Geographical Code", "Geographical Description", "Geographical Level", "ONS Code", "ASCOF Measure Code",
          "Disaggregation Level", "Measure Type", "Measure Value"]
COUNCILS = [("206", "Rotherham", "E08000018"), ("204", "Barnsley", "E08000016"), ("205", "Doncaster", "E08000017"),
            ("207", "Sheffield", "E08000019"), ("213", "Wakefield", "E08000036")]
# Values per council in the order above. Worked by hand with QUARTILE.INC over 5 values:
# 2A1 (lower is better) 10..50 -> P25 20, P50 30, P75 40; Rotherham 10 is top, rank 1.
# 1E (higher is better) 3,1,2,4,5 -> cut points 2, 3, 4; Rotherham 3 ties the median: upper-middle, rank 3.
# 1D (carers' survey) 7,8,8.5,9,7.5 -> cut points 7.5, 8, 8.5; Rotherham 7 is bottom, rank 5.
YEAR_2018 = {"2A1": [10, 20, 30, 40, 50], "1E": [3, 1, 2, 4, 5], "1D": [7.0, 8.0, 8.5, 9.0, 7.5]}
YEAR_2017 = {"2A1": [12, 20, 30, 40, 50], "1E": [3.04, 1, 2, 4, 5], "1D": [7.5, 8.0, 8.5, 9.0, 7.0]}
AGGREGATES = {"2A1": (14.6, 13.0), "1E": (6.0, 5.5), "1D": (7.7, 7.9)}  # England, region


def write_year(path, values):
    rows = []
    for code, numbers in values.items():
        for (cassr, name, ons), number in zip(COUNCILS, numbers):
            rows.append([cassr, name, "Council", ons, code, "Total", "Outcome", number])
        england, region = AGGREGATES[code]
        rows.append(["England", "England", "England", "E92000001", code, "Total", "Outcome", england])
        rows.append(["YH", "Yorkshire and The Humber", "Region", "E12000003", code, "Total", "Outcome", region])
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return str(path)


@pytest.fixture
def files(tmp_path):
    return [write_year(tmp_path / "ascof-2018-19.csv", YEAR_2018), write_year(tmp_path / "ascof-2017-18.csv", YEAR_2017)]


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_profile_worked_by_hand(capsys, files):
    profile = run_json(capsys, "profile", "--council", "Rotherham", "--year", "2018-19",
                       "--data", files[0], "--data", files[1], "--format", "json")
    assert profile["council"] == {"name": "Rotherham", "ons_code": "E08000018", "cassr_code": "206",
                                  "region": "Yorkshire and The Humber", "council_type": "Metropolitan District"}
    assert profile["year"] == "2018-19" and profile["group"] == "england"
    assert profile["n_measures"] == 3
    assert profile["bands"] == {"top": 1, "upper-middle": 1, "lower-middle": 0, "bottom": 1}
    assert profile["bands_excluding_carers"] == {"top": 1, "upper-middle": 1, "lower-middle": 0, "bottom": 0}
    rows = {m["code"]: m for m in profile["measures"]}
    assert [m["code"] for m in profile["measures"]] == ["1D", "1E", "2A1"]  # catalogue order
    assert rows["2A1"].items() >= {"value": 10.0, "n": 5, "rank": 1, "p25": 20.0, "median": 30.0, "p75": 40.0,
                                   "band": "top", "polarity": "lower", "comparator_value": 14.6,
                                   "previous_value": 12.0, "previous_band": "top", "direction": "improved"}.items()
    assert rows["1E"]["band"] == "upper-middle" and rows["1E"]["rank"] == 3
    assert rows["1E"]["direction"] == "no change"  # 3.04 and 3.0 are both 3.0 at one decimal place
    assert rows["1D"]["band"] == "bottom" and rows["1D"]["rank"] == 5
    assert rows["1D"]["previous_band"] == "lower-middle" and rows["1D"]["direction"] == "worsened"
    for key in ("code", "title", "polarity", "value", "n", "rank", "p25", "median", "p75", "band",
                "comparator_value", "previous_value", "previous_band", "direction"):
        assert key in rows["1E"]


def test_profile_against_the_region_uses_the_published_region_value(capsys, files):
    profile = run_json(capsys, "profile", "--council", "206", "--data", files[0], "--year", "2018-19",
                       "--group", "region", "--format", "json")
    assert profile["group"] == "region"
    assert {m["code"]: m["comparator_value"] for m in profile["measures"]} == {"1D": 7.9, "1E": 5.5, "2A1": 13.0}


def test_neighbours_file_and_custom_list(capsys, files, tmp_path):
    neighbours = tmp_path / "nn.json"
    neighbours.write_text(json.dumps({"E08000018": ["E08000016", "E08000017"]}))
    profile = run_json(capsys, "profile", "--council", "Rotherham", "--data", files[0], "--year", "2018-19",
                       "--group", f"neighbours:{neighbours}", "--format", "json")
    row = {m["code"]: m for m in profile["measures"]}["2A1"]
    # Rotherham 10, Barnsley 20, Doncaster 30: P25 15, median 20 (the comparator), P75 25
    assert (row["n"], row["p25"], row["median"], row["p75"], row["comparator_value"]) == (3, 15.0, 20.0, 25.0, 20.0)
    custom = run_json(capsys, "profile", "--council", "Rotherham", "--data", files[0], "--year", "2018-19",
                      "--group", "custom:Sheffield,Wakefield", "--format", "json")
    row = {m["code"]: m for m in custom["measures"]}["2A1"]
    assert (row["n"], row["median"], row["rank"]) == (3, 40.0, 1)


def test_neighbours_as_csv_rows(files, tmp_path):
    from ascof_xl.published.bundled import load_store

    path = tmp_path / "nn.csv"
    path.write_text("council,n1,n2\nRotherham,Wakefield,Sheffield\nBarnsley,Doncaster,\n")
    store = load_store([files[0]])
    group = resolve_group(f"neighbours:{path}", find_council("Rotherham"), "2018-19", store)
    assert group.members == {"E08000018", "E08000036", "E08000019"}


def test_benchmark_one_measure_lists_the_group(capsys, files):
    result = run_json(capsys, "benchmark", "--council", "Rotherham", "--measure", "2A1", "--data", files[0],
                      "--year", "2018-19", "--format", "json")
    assert result["measure"]["code"] == "2A1" and result["measure"]["polarity"] == "lower"
    assert result["council_row"]["rank"] == 1 and result["council_row"]["band"] == "top"
    assert [(m["name"], m["rank"], m["band"]) for m in result["distribution"]] == [
        ("Rotherham", 1, "top"), ("Barnsley", 2, "top"), ("Doncaster", 3, "upper-middle"),
        ("Sheffield", 4, "lower-middle"), ("Wakefield", 5, "bottom")]


@pytest.mark.shared
def test_benchmark_a_disaggregation_on_real_data(store, shared_data):
    """Rotherham's 2B1 for people aged 65-74 in 2020-21, against every council the workbook publishes a value for."""
    import pandas as pd

    raw = pd.read_excel(shared_data / "ascof" / "meas-from-asc-of-eng-2021-open-data-csv_v2.xlsx", engine="calamine",
                        dtype=str)
    rows = raw[(raw["ASCOF Measure Code"] == "2B16574") & (raw["Measure Type"] == "Outcome")
               & (raw["Geographical Level"] == "Council")]
    values = pd.to_numeric(rows["Measure Value"], errors="coerce").dropna()
    rotherham = float(rows.loc[rows["ONS Code"] == "E08000018", "Measure Value"].iloc[0])
    result = build_benchmark(Positions(store), find_council("Rotherham"), "2020-21", "2B1", "65-74")
    assert result["measure"]["code"] == "2B16574" and result["measure"]["disaggregation"] == "65-74"
    row = result["council_row"]
    assert row["value"] == rotherham == 80.0
    assert row["n"] == len(values) == len(result["distribution"])
    assert row["rank"] == 1 + int((values > rotherham).sum())  # higher is better: councils above it, plus one
    assert row["median"] == pytest.approx(values.median())


def test_quartile_methods_are_options(capsys, files):
    rows = {}
    for method in ("inc", "exc", "rank"):
        profile = run_json(capsys, "profile", "--council", "Sheffield", "--data", files[0], "--year", "2018-19",
                           "--method", method, "--format", "json")
        rows[method] = {m["code"]: m for m in profile["measures"]}["2A1"]
    # QUARTILE.EXC over 10..50: positions 1.5, 3, 4.5 -> 15, 30, 45; Sheffield 40 is lower-middle
    assert (rows["exc"]["p25"], rows["exc"]["p75"], rows["exc"]["band"]) == (15.0, 45.0, "lower-middle")
    assert rows["inc"]["band"] == "lower-middle"  # 40 ties P75 = 40: the better side of P75 is lower-middle
    assert rows["rank"]["band"] == "bottom"  # rank 4 of 5: ceil(16 / 5) = 4


@pytest.mark.parametrize(
    "value, previous, polarity, direction",
    [(10.0, 9.0, "higher", "improved"), (10.0, 9.0, "lower", "worsened"), (8.0, 9.0, "lower", "improved"),
     (10.0, 9.0, "none", "increased"), (8.0, 9.0, "none", "decreased"), (9.04, 9.0, "higher", "no change"),
     (None, 9.0, "higher", None)],
)
def test_direction_of_travel(value, previous, polarity, direction):
    assert direction_of_travel(value, previous, polarity, 1) == direction


# Oflog's 2019-20 1J median (0.405) covers five councils the shared 2019-20 file lacks, so it is not used here.
OFLOG_MEDIANS = [("2019-20", "2D", 78.25), ("2020-21", "2D", 75.5), ("2019-20", "3D1", 69.0), ("2017-18", "1J", 0.408),
                 ("2016-17", "1D", 7.6), ("2021-22", "3D2", 57.3), ("2022-23", "2D", 78.2)]


@pytest.mark.parametrize("year, code, median", OFLOG_MEDIANS)
def test_england_medians_match_oflog(store, year, code, median):
    """Oflog publishes each measure's median over councils; ours must agree."""
    group = resolve_group("england", find_council("Rotherham"), year, store)
    assert Positions(store).distribution(year, code, group).cuts[1] == pytest.approx(median)


def test_real_profile_counts_every_all_ages_measure(store):
    profile = build_profile(Positions(store), find_council("Rotherham"), "2019-20")
    assert profile["n_measures"] == 24  # 29 less the five carers' survey measures (no survey in 2019-20)
    assert sum(profile["bands"].values()) == 24
    assert profile["bands"] == profile["bands_excluding_carers"]
    rows = {m["code"]: m for m in profile["measures"]}
    assert rows["2A2"]["value"] == 562.2 and rows["2A2"]["comparator_value"] == 584.0


def test_direction_from_the_previous_bundled_year(store):
    profile = build_profile(Positions(store), find_council("Rotherham"), "2020-21")
    row = {m["code"]: m for m in profile["measures"]}["2D"]
    assert (row["value"], row["previous_value"], row["direction"]) == (93.1, 90.9, "improved")


def test_region_group_on_real_data(store):
    council = find_council("Rotherham")
    group = resolve_group("region", council, "2019-20", store)
    assert Positions(store).distribution("2019-20", "2D", group).n == 15
    assert store.value("2019-20", group.comparator_area, "2D") == 73.1


def test_council_type_group_uses_the_published_type_value(store):
    group = resolve_group("council-type", find_council("Rotherham"), "2020-21", store)
    assert group.comparator_area == "type:Metropolitan Districts"  # one area code per council type, every year
    assert len(group.members) == 36


@pytest.mark.shared
def test_nearest_neighbour_list_from_shared(store, shared_data):
    path = shared_data / "reference" / "oflog_nearest_neighbours.json"
    group = resolve_group(f"neighbours:{path}", find_council("Rotherham"), "2019-20", store)
    listed = set(json.loads(path.read_text())["E08000018"])
    assert group.members == listed | {"E08000018"}
    assert Positions(store).distribution("2019-20", "2D", group).n == len(group.members)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["profile", "--council", "Rotheram"], "Did you mean: Rotherham"),
        (["profile", "--council", "Rotherham", "--group", "galaxy"], "unknown comparator group 'galaxy'"),
        (["profile", "--council", "Rotherham", "--year", "2012-13"], "no published data for 2012-13"),
        (["benchmark", "--council", "Rotherham", "--measure", "9Z"], "measure 9Z is not in any year loaded"),
        (["benchmark", "--council", "Rotherham", "--measure", "2B1", "--year", "2020-21", "--disaggregation", "teens"],
         "unknown disaggregation"),
        (["benchmark", "--council", "Rotherham", "--measure", "2b1", "--year", "2012-13"], "no published data for 2012-13"),
        (["profile", "--council", "Rotherham", "--data", "/no/such/file.csv"], "does not exist"),
        (["profile", "--council", "Rotherham", "--group", "neighbours:/no/nn.json"], "does not exist"),
        (["profile", "--council", "Cumberland", "--year", "2019-20"], "reported from 2023-24"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_default_year_is_the_latest_full_publication(capsys):
    profile = run_json(capsys, "profile", "--council", "Rotherham", "--format", "json")
    assert profile["year"] == "2024-25"  # DHSC's publication of December 2025, bundled in full


def test_a_council_missing_from_the_file_is_explained(capsys, files):
    assert main(["profile", "--council", "Bristol", "--data", files[0], "--year", "2018-19"]) == 2
    assert "holds no rows for Bristol, City of (E06000023)" in capsys.readouterr().err


def test_a_neighbours_file_that_is_not_text_is_explained(capsys, files, tmp_path):
    path = tmp_path / "nn.csv"
    path.write_bytes(b"\xff\xfe\x00\x81 not utf-8")
    assert main(["profile", "--council", "Rotherham", "--data", files[0], "--year", "2018-19",
                 "--group", f"neighbours:{path}"]) == 2
    assert "is not text in UTF-16" in capsys.readouterr().err


def test_notes_about_left_out_rows_go_to_stderr(capsys, tmp_path):
    path = write_year(tmp_path / "ascof-2018-19.csv", YEAR_2018)
    with open(path, "a", newline="") as handle:
        csv.writer(handle).writerow(["X1", "Somewhere", "Parish", "E99999999", "2A1", "Total", "Outcome", "1"])
    assert main(["profile", "--council", "Rotherham", "--data", path, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["n_measures"] == 3
    assert "ascof-xl: note:" in captured.err and "'Parish'" in captured.err


def test_previous_year_follows_a_predecessor_on_the_same_boundary(store):
    """Buckinghamshire became a unitary in April 2020 on the county's boundary (E10000002 -> E06000060)."""
    profile = build_profile(Positions(store), find_council("Buckinghamshire", "2020-21"), "2020-21")
    row = {m["code"]: m for m in profile["measures"]}["2D"]
    # Published 2D: Buckinghamshire county 71.3 in 2019-20 (processed file), the unitary 79.4 in 2020-21
    # (open data); higher is better, so it improved.
    assert (row["previous_value"], row["value"], row["direction"]) == (71.3, 79.4, "improved")


def test_region_value_found_by_ons_code_whatever_its_label(tmp_path, capsys):
    rows = [["619", "Wokingham", "Council", "E06000041", "2D", "Total", "Outcome", "80"],
            ["E", "Eastern", "Region", "E12000006", "2D", "Total", "Outcome", "70"],
            ["SE", "South East Region", "Region", "E12000008", "2D", "Total", "Outcome", "75"]]
    path = tmp_path / "ascof-2018-19.csv"
    with open(path, "w", newline="") as handle:
        csv.writer(handle).writerows([HEADER] + rows)
    profile = run_json(capsys, "profile", "--council", "Wokingham", "--data", str(path), "--group", "region",
                       "--format", "json")
    assert profile["measures"][0]["comparator_value"] == 75.0


def test_results_say_what_the_comparator_is(capsys, files):
    england = run_json(capsys, "profile", "--council", "Rotherham", "--data", files[0], "--year", "2018-19",
                       "--format", "json")
    assert (england["comparator_kind"], england["warnings"]) == ("published aggregate", [])
    neighbours = run_json(capsys, "benchmark", "--council", "Rotherham", "--measure", "2A1", "--data", files[0],
                          "--year", "2018-19", "--group", "custom:Barnsley; Doncaster; Sheffield", "--format", "json")
    assert neighbours["comparator_kind"] == "group median"
    assert neighbours["comparator_value"] == 25.0  # median of 10, 20, 30, 40 (Rotherham and the three named)
    assert neighbours["warnings"] == [] and neighbours["council_row"]["warning"] is None


def test_human_output_says_none_not_None(capsys, tmp_path):
    path = write_year(tmp_path / "ascof-2018-19.csv", {"2A1": ["[c]", 20, 30, 40, 50], "1E": [3, 1, 2, 4, 5],
                                                        "1D": [7.0, 8.0, 8.5, 9.0, 7.5]})
    assert main(["benchmark", "--council", "Rotherham", "--measure", "2A1", "--data", path]) == 0
    heading = capsys.readouterr().out.splitlines()[1]
    # Rotherham's value is suppressed; QUARTILE.INC over 20, 30, 40, 50: P25 27.5, median 35, P75 42.5
    assert heading == ("Rotherham: value [c], rank none of 4, band none; P25 27.5, median 35, P75 42.5; "
                       "comparator 14.6 (published aggregate)")


def test_csv_profile_has_the_cut_points_and_the_interval(capsys, files):
    assert main(["profile", "--council", "Rotherham", "--data", files[0], "--year", "2018-19", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {"p25", "median", "p75", "ci_lower", "ci_upper", "ci_method"} <= set(rows[0])
    row = {r["code"]: r for r in rows}["2A1"]
    assert (row["p25"], row["median"], row["p75"]) == ("20", "30", "40")


def test_a_neighbours_file_is_read_again_only_when_it_changes(files, tmp_path):
    from ascof_xl.published.bundled import load_store

    path = tmp_path / "nn.json"
    path.write_text(json.dumps({"E08000018": ["E08000016"]}))
    store = load_store([files[0]])
    council = find_council("Rotherham")
    assert resolve_group(f"neighbours:{path}", council, "2018-19", store).members == {"E08000018", "E08000016"}
    path.write_text(json.dumps({"E08000018": ["E08000016", "E08000017"]}))
    assert resolve_group(f"neighbours:{path}", council, "2018-19", store).members == {"E08000018", "E08000016",
                                                                                        "E08000017"}


def test_an_unknown_measure_names_the_years_that_have_it_or_the_closest_codes(store):
    positions = Positions(store)
    with pytest.raises(AscofError, match=r"measure 2C1 is not in the 2020-21 data; it is published for .*2019-20"):
        build_benchmark(positions, find_council("Rotherham"), "2020-21", "2C1")
    with pytest.raises(AscofError, match=r"measure 2A9 is not in any year loaded .* Closest codes: 2A"):
        build_benchmark(positions, find_council("Rotherham"), "2020-21", "2A9")


def test_a_discontinued_measure_names_the_years_it_was_published(files):
    from ascof_xl.published.bundled import load_store

    store = load_store([files[0]])  # 2018-19 only, without 2C1
    with pytest.raises(AscofError, match=r"measure 2C1 \(Delayed transfers of care from hospital per 100,000 "
                                         r"population\) is not in any year loaded \(2018-19\); it was published "
                                         r"for 2014-15 to 2019-20"):
        build_benchmark(Positions(store), find_council("Rotherham"), "2018-19", "2C1")
