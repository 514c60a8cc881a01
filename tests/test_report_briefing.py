"""The briefing model: profiles and their change, the top and bottom lists, progress and measures to
watch, spine geometry. Checked against the seed scrutiny briefing (Rotherham 2018-19) and by hand."""

from __future__ import annotations

import pytest

from ascof_xl.benchmark.positions import Positions
from ascof_xl.councils import find_council
from ascof_xl.report.briefing import build_briefing
from ascof_xl.report.changes import change_from_last_year
from ascof_xl.report.quartile_lists import quartile_lists
from ascof_xl.report.spine import MARK_WIDTH, band_edges, mark_position, scaled, segments
from ascof_xl.report.wording import format_value, number_format, short_title
from ascof_xl.catalogue import load_catalogue

SEED_YEAR = "2018-19"


def band_counts(profile: dict, key: str) -> list[int]:
    return [profile[key][band] for band in ("top", "upper-middle", "lower-middle", "bottom")]


@pytest.fixture(scope="module")
def rotherham_2018(store):
    """Rotherham's 2018-19 briefing on the bundled data."""
    return build_briefing(Positions(store), find_council("Rotherham", SEED_YEAR), SEED_YEAR)


@pytest.fixture(scope="module")
def rotherham_2018_neighbours(store, shared_data):
    """The same with the shared neighbours list (probably CIPFA's: for tests only, never shipped)."""
    neighbours = shared_data / "reference" / "oflog_nearest_neighbours.json"
    return build_briefing(Positions(store), find_council("Rotherham", SEED_YEAR), SEED_YEAR, neighbours)


def test_rotherham_2018_19_reproduces_the_seed_briefing_profile(rotherham_2018):
    england = rotherham_2018["profiles"][0]
    assert england["kind"] == "england"
    assert band_counts(england, "bands") == [7, 10, 8, 4]  # the seed's table, with the carers' survey
    assert band_counts(england, "bands_excluding_carers") == [4, 8, 8, 4]  # and without


def test_the_carers_survey_adds_five_measures_to_the_count(rotherham_2018):
    """The seed: "There were an additional 5 measures in 2018-19 as the Carer's Survey was completed"."""
    england = rotherham_2018["profiles"][0]
    before = england["bands_previous"]
    assert sum(england["bands"].values()) - sum(before.values()) == 5
    assert before == england["bands_previous_excluding_carers"]  # no carers' survey in 2017-18
    assert sum(england["bands_change_excluding_carers"].values()) == 0


def test_rotherham_2018_19_bottom_quartile_against_neighbours_and_region_as_in_the_seed(rotherham_2018_neighbours):
    lists = {(entry["band"], entry["which"]): entry for entry in rotherham_2018_neighbours["quartile_lists"]}
    bottom_both = [m["code"] for m in lists[("bottom", "both")]["measures"]]
    assert bottom_both == ["1E", "1F", "1H", "2B2", "2C2"]  # the seed's five
    top_both = [m["code"] for m in lists[("top", "both")]["measures"]]
    assert {"1C1B", "2A1", "2D"} <= set(top_both)  # the seed's three (its CIPFA list differs a little from Oflog's)
    assert "neighbours" in lists[("top", "both")]["heading"] and "Yorkshire" in lists[("top", "both")]["heading"]
    assert [p["kind"] for p in rotherham_2018_neighbours["profiles"]] == ["england", "region", "neighbours"]


def test_without_neighbours_the_lists_compare_england_and_the_region(rotherham_2018):
    assert [p["kind"] for p in rotherham_2018["profiles"]] == ["england", "region"]
    assert rotherham_2018["quartile_lists"][0]["heading"] == (
        "Top quartile against both England and the region (Yorkshire and The Humber)")


def test_rotherham_2018_19_measures_the_seed_discusses(rotherham_2018):
    """1H fell from 70% to 51%, 2B2 from 2.2% to 1.6% (the seed, 3.1 and 3.11)."""
    rows = {m["code"]: m for m in rotherham_2018["measures"]}
    assert (rows["1H"]["previous_value"], rows["1H"]["value"]) == (70.0, 51.0)
    assert (rows["2B2"]["previous_value"], rows["2B2"]["value"]) == (2.2, 1.6)
    assert rows["1H"]["direction"] == rows["2B2"]["direction"] == "worsened"


def _row(**given) -> dict:
    """A measure row as the briefing holds it, with given fields."""
    row = {
        "code": "9X", "short_title": "Made-up measure", "unit": "percentage", "decimals": 1, "polarity": "higher",
        "value": 50.0, "previous_value": 40.0, "previous_year": "2019-20", "previous_band": "upper-middle",
        "ci_lower": 45.0, "ci_upper": 55.0, "ci_method": "wilson", "ci_note": None, "series_break": None,
        "trend": "no significant change", "trend_method": None, "lowest": 0.0, "highest": 100.0,
        "groups": {"england": {"band": "top", "p25": 20.0, "median": 40.0, "p75": 60.0}},
    }
    row |= given
    row["change"] = change_from_last_year(row)
    return row


def test_change_since_last_year_tests_last_years_value_against_this_years_interval():
    assert _row()["change"] == "better"  # 40 lies below 45..55 and higher is better
    assert _row(polarity="lower")["change"] == "worse"
    assert _row(previous_value=45.0)["change"] == "similar"  # on the bound is similar
    assert _row(previous_value=None)["change"] == "no value last year"
    assert _row(ci_lower=None, ci_upper=None, ci_note="no denominator")["change"] == "no denominator"
    assert _row(series_break="break in series in 2024-25: new source")["change"] == "series break"
    assert _row(value=None)["change"] == "no value"


def test_quartile_lists_split_both_from_one():
    def measure(code, neighbours, region):
        return {"code": code, "short_title": code, "groups": {"england": {"band": "top"},
                "neighbours": {"band": neighbours}, "region": {"band": region}}}
    profiles = {"england": {"group_label": "England"}, "region": {"group_label": "London"},
                "neighbours": {"group_label": "neighbours (nn.json)"}}
    measures = [measure("A", "top", "top"), measure("B", "top", "bottom"), measure("C", "lower-middle", "top"),
                measure("D", "bottom", "bottom"), measure("E", "upper-middle", None)]
    lists = {(e["band"], e["which"]): e for e in quartile_lists(measures, profiles)}
    assert [m["code"] for m in lists[("top", "both")]["measures"]] == ["A"]
    assert [(m["code"], m["group"]) for m in lists[("top", "one")]["measures"]] == [("B", "neighbours"), ("C", "region")]
    assert [m["code"] for m in lists[("bottom", "both")]["measures"]] == ["D"]
    assert [(m["code"], m["group"]) for m in lists[("bottom", "one")]["measures"]] == [("B", "region")]
    without = {k: v for k, v in profiles.items() if k != "neighbours"}
    for m in measures:
        m["groups"].pop("neighbours")
    heading = quartile_lists(measures, without)[0]["heading"]
    assert heading == "Top quartile against both England and the region (London)"  # no neighbours: England


def test_spine_scale_puts_worst_at_0_median_at_50_best_at_100():
    assert scaled(0.0, 0.0, 40.0, 100.0) == 0.0
    assert scaled(40.0, 0.0, 40.0, 100.0) == 50.0
    assert scaled(70.0, 0.0, 40.0, 100.0) == 75.0  # halfway from the median to the best
    assert scaled(20.0, 0.0, 40.0, 100.0) == 25.0
    assert scaled(30.0, 100.0, 40.0, 0.0) == 62.5  # lower is better: 30 is a quarter of the way from 40 to 0
    row = _row(value=70.0)  # cut points 20, 40, 60 in a range 0 to 100
    p75 = 50.0 + 50.0 * (60 - 40) / (100 - 40)  # a third of the way from the median to the best
    assert band_edges(row) == [("bottom", 0.0, 25.0), ("lower-middle", 25.0, 50.0),
                               ("upper-middle", 50.0, pytest.approx(p75)), ("top", pytest.approx(p75), 100.0)]
    assert mark_position(row) == 75.0
    widths = segments(row)
    assert len(widths) == 12 and sum(widths) == pytest.approx(100.0)
    assert widths[9:] == pytest.approx([75.0 - MARK_WIDTH / 2 - p75, MARK_WIDTH, 100.0 - 75.0 - MARK_WIDTH / 2])
    assert segments(_row(value=None))[1::3] == [0.0] * 4  # no value: no mark
    assert mark_position(_row(value=100.0)) == 100.0  # the best value sits at the best end
    flipped = _row(value=10.0, polarity="lower")  # worst 100, median 40, best 0: 60 is the bottom cut
    bottom_cut = 50.0 - 50.0 * (60 - 40) / (100 - 40)
    top_cut = 50.0 + 50.0 * (40 - 20) / (40 - 0)
    assert band_edges(flipped) == [("bottom", 0.0, pytest.approx(bottom_cut)), ("lower-middle", pytest.approx(bottom_cut), 50.0),
                                   ("upper-middle", 50.0, top_cut), ("top", top_cut, 100.0)]
    assert mark_position(flipped) == 50.0 + 50.0 * (40 - 10) / 40


def test_wording_by_unit():
    assert format_value(93.14, "percentage") == "93.1%"
    assert format_value(431.4, "rate per 100,000") == "431.4 per 100,000"
    assert format_value(0.4187, "index", 3) == "0.419"
    assert format_value(None, "percentage") == "no value"
    assert number_format("percentage", 1) == '0.0"%"'
    assert number_format("rate per 100,000", 1) == "#,##0.0"
    assert number_format("index", 3) == "0.000"
    measures = {m.code: m for m in load_catalogue("ascof-2018-19")}
    assert short_title(measures["1E"]) == "Adults with learning disabilities in paid employment"
    assert short_title(measures["2C2"]) == (
        "Delayed transfers of care from hospital which are attributable to adult social care")


def test_a_trend_names_the_years_it_was_fitted_to(store):
    year = store.latest_year()
    briefing = build_briefing(Positions(store), find_council("Camden", year), year)
    trended = [m for m in briefing["measures"] if m["trend_method"]]
    assert trended  # some measure has five comparable values
    for measure in trended:
        years = measure["trend_years"]
        assert len(years) == 5 and years[-1] == year and years == sorted(set(years))
    assert all(m["trend_years"] == [] for m in briefing["measures"] if not m["trend_method"])


def test_the_briefing_model_is_plain_data_apart_from_the_writer():
    """The model's modules import no spreadsheet library; only the sheet writers use openpyxl."""
    import ast
    from pathlib import Path

    import ascof_xl.report.briefing as model

    folder = Path(model.__file__).parent
    plain = ["briefing", "changes", "coverage", "profile_counts", "quartile_lists", "spine", "wording"]
    for name in plain:
        tree = ast.parse((folder / f"{name}.py").read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        assert not any(m.split(".")[0] in ("openpyxl", "xlwings") for m in imported), name
        assert not any(m.startswith("ascof_xl.report.") and m.split(".")[-1] not in plain for m in imported), name
    story = Path(model.__file__).parent.parent / "story"
    for path in story.glob("*.py"):  # the story engine is core: no spreadsheet library, no door
        text = path.read_text()
        assert "openpyxl" not in text and "xlwings" not in text and "ascof_xl.report" not in text, path.name
