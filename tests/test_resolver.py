"""One way to name a measure (`catalogue.resolver`), and what it gives the doors: a year's code,
its successor and predecessors, one "did you mean", and the benchmark on every bundled year."""

from __future__ import annotations

import json

import pytest

from ascof_xl.benchmark.place import published_code
from ascof_xl.benchmark.positions import Positions
from ascof_xl.catalogue.codes import did_you_mean
from ascof_xl.catalogue.resolver import equivalent_in, predecessors, resolve, successor
from ascof_xl.cli import main
from ascof_xl.errors import AscofError


@pytest.mark.parametrize(
    "code, year, framework, key",
    [
        ("2E", "2023-24", None, "ascof-2023-24:2E1"),  # NHS England published 2E1 as 2E in 2023-24
        ("2e(1)", "2024-25", None, "ascof-2023-24:2E1"),
        ("1J", "2023-24", None, "ascof-2023-24:1B"),  # old 1J in a year of the revised framework
        ("1B", "2018-19", None, "ascof-2018-19:1B"),  # 1B of that year's own framework, not the new 1B
        ("2D1", "2020-21", None, "ascof-2018-19:2B1"),
        ("2B1", None, None, "ascof-2018-19:2B1"),  # a code only the four-domain framework has
        ("1B", None, None, "ascof-2023-24:1B"),  # the framework in force first
        ("ascof-2018-19:1B", None, None, "ascof-2018-19:1B"),
        ("3D(1a)", None, "ascof-2023-24", "ascof-2023-24:3D1A"),
    ],
)
def test_resolve_names_one_measure(code, year, framework, key):
    assert resolve(code, year, framework).key == key


def test_resolve_refuses_an_unknown_code_with_the_codes_most_likely_meant():
    with pytest.raises(AscofError, match="unknown measure code '9Z' in any framework; closest codes: "):
        resolve("9Z")
    with pytest.raises(AscofError, match="unknown measure code '6A' in framework ascof-2018-19"):
        resolve("6A", "2019-20")  # no measure of the four-domain framework continues 6A
    with pytest.raises(AscofError, match="unknown framework"):
        resolve("1A", framework="ascof-1999-00")


def test_successor_and_predecessors_follow_the_lineage():
    old = resolve("1J", framework="ascof-2018-19")
    assert successor(old).key == "ascof-2023-24:1B"
    assert [m.key for m in predecessors(resolve("1B", "2024-25"))] == ["ascof-2018-19:1J"]
    assert successor(resolve("1E", framework="ascof-2018-19")) is None  # removed in 2023-24
    assert equivalent_in(resolve("2E1"), "ascof-2018-19").code == "1G"


def test_did_you_mean_prefers_codes_sharing_the_longest_start():
    assert did_you_mean("1Z", ["1A", "1B", "2A", "1C"]) == ["1A", "1B", "1C"]
    assert did_you_mean("3d1c", ["3D1A", "3D1B", "3D2A"])[:2] == ["3D1A", "3D1B"]
    assert did_you_mean("Q", ["1A", "2B"]) == []


def test_the_published_code_of_a_year_comes_from_the_resolver(store):
    positions = Positions(store)
    assert published_code(positions, "2023-24", "2E") == "2E1"
    assert published_code(positions, "2023-24", "2E1") == "2E1"
    assert published_code(positions, "2024-25", "1J") == "1B"
    assert published_code(positions, "2018-19", "1B", "ascof-2023-24") == "1J"
    assert published_code(positions, "2018-19", "2D1F", "ascof-2023-24") == "2B1F"
    with pytest.raises(AscofError, match="6A is not in the 2018-19 published data"):
        published_code(positions, "2018-19", "6A")


def test_benchmark_2e1_in_2023_24(capsys):
    for typed in ("2E1", "2E"):
        assert main(["benchmark", "--council", "Rotherham", "--measure", typed, "--year", "2023-24", "--format", "json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["measure"]["code"] == "2E1" and result["council_row"]["value"] == 83.7


@pytest.mark.parametrize(
    "council, measure, year, value, words",
    [
        ("Dorset", "6A", "2024-25", 34.6, "the row 'Dorset County'"),
        ("Dorset", "4B", "2023-24", 94.5, "the row 'Dorset County'"),
        ("Cornwall", "6A", "2024-25", 20.2, "stands for more than one council"),
        ("Kent", "1J", "2019-20", None, "no survey ran"),
    ],
)
def test_a_value_published_on_another_row_or_a_placeholder_says_so(capsys, council, measure, year, value, words):
    assert main(["benchmark", "--council", council, "--measure", measure, "--year", year, "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)["council_row"]
    assert row["value"] == value and words in row["note"]
    assert main(["benchmark", "--council", council, "--measure", measure, "--year", year]) == 0
    assert f"Note: {council}'s value was" in capsys.readouterr().out


def test_kent_2019_20_1j_is_not_ranked(capsys):
    assert main(["benchmark", "--council", "Kent", "--measure", "1J", "--year", "2019-20", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["council_row"]["marker"] == "x" and result["council_row"]["rank"] is None
    assert result["council_row"]["n"] == 146  # 151 councils less the five placeholders
    assert all(row["value"] != 0 for row in result["distribution"])


def test_every_door_names_a_measure_the_same_way(capsys):
    """The command, the Excel functions and the value door resolve a code alike."""
    from ascof_xl.excel import functions

    assert functions.ascof_measure("2E", "code") == resolve("2E").code == "2E1"
    assert functions.ascof_value("2D1", 1, 3, "2023-24") == 33.3  # one decimal that year
    assert functions.ascof_value("2D1", 1, 3, "2024-25") == 33.33
    assert main(["measure", "2E", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "2E1"
    assert main(["measure", "1J", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["continued_by"] == "ascof-2023-24:1B"


def test_measure_with_a_year_says_how_that_year_published_it(capsys):
    assert main(["measure", "2E1", "--year", "2023-24", "--format", "json"]) == 0
    fields = json.loads(capsys.readouterr().out)
    assert fields["code_that_year"] == "2E" and fields["decimals_that_year"] == 1
    assert main(["measure", "2D2", "--year", "2024-25", "--format", "json"]) == 0
    fields = json.loads(capsys.readouterr().out)
    assert fields["decimals_that_year"] == 2 and fields["decimals_that_year_for_england_regions_and_types"] == 1
    assert main(["measure", "1J", "--year", "2024-25", "--format", "json"]) == 0  # old 1J asked of 2024-25
    fields = json.loads(capsys.readouterr().out)
    assert (fields["framework"], fields["code"]) == ("ascof-2023-24", "1B")
