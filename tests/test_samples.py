"""Every input kind ships a sample, `ascof-xl sample` writes it, and every door that reads it runs on it."""

import csv
import tomllib
from pathlib import Path

import pytest

from ascof_xl.cli import main as cli
from ascof_xl.samples import input_kinds

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    """Each sample written by the command, as a user would get it."""
    folder = tmp_path_factory.mktemp("samples")
    written = {}
    for name, kind in input_kinds().items():
        path = folder / kind.file
        assert cli(["sample", name, "-o", str(path)]) == 0
        written[name] = path
    return written


def test_every_declared_input_has_a_shipped_sample_and_the_package_data_includes_it():
    declared = tomllib.loads((ROOT / "ascof_xl/samples/samples.toml").read_text())["inputs"]
    assert {entry["name"] for entry in declared} == {
        "ascs-responses", "ascs-strata", "sace-responses", "sace-population", "sace-questions",
        "cld-extract", "cld-population", "cld-discharges", "neighbours", "councils"}
    shipped = {p.name for p in (ROOT / "ascof_xl/samples").iterdir()}
    assert {entry["file"] for entry in declared} <= shipped
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["ascof_xl"]
    assert {"samples/*.csv", "samples/*.txt", "samples/*.toml"} <= set(package_data)


def test_the_written_sample_has_the_columns_its_declaration_names(samples):
    with samples["ascs-strata"].open(newline="") as handle:
        assert next(csv.reader(handle)) == ["LaCode", "stratum1Pop", "stratum2Pop", "stratum3Pop", "stratum4Pop"]
    with samples["cld-population"].open(newline="") as handle:
        assert next(csv.reader(handle)) == ["LA_Code", "age_18_64", "age_65_plus"]


def test_sample_without_a_name_lists_every_input_and_its_columns(capsys):
    assert cli(["sample"]) == 0
    out = capsys.readouterr().out
    for name in input_kinds():
        assert f"{name}: " in out
    assert "stratum1Pop" in out and "EligiblePopulation" in out and "Reporting_Period_End_Date" in out


def test_a_sample_name_without_an_output_is_one_line_exit_2(capsys):
    assert cli(["sample", "ascs-strata"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@pytest.mark.parametrize("command, names", [
    (["survey", "ascs"], ("ascs-responses", "ascs-strata")),
    (["survey", "sace"], ("sace-responses", "sace-population", "sace-questions")),
    (["cld", "measures"], ("cld-extract", "cld-population", "cld-discharges")),
    (["cld", "quality"], ("cld-extract",)),
    (["benchmark"], ("neighbours", "councils")),
    (["report"], ("neighbours",)),
])
def test_each_command_help_lists_the_columns_of_its_inputs(command, names, capsys):
    with pytest.raises(SystemExit):
        cli([*command, "--help"])
    out = capsys.readouterr().out
    for name in names:
        assert f"{name}: " in out
        assert input_kinds()[name].columns[0].split(":")[0].split(",")[0] in out


def test_the_readme_names_every_sample_and_the_sample_command():
    readme = (ROOT / "README.md").read_text()
    assert "ascof-xl sample NAME -o FILE" in readme
    for name in input_kinds():
        assert f"`{name}`" in readme


def test_survey_ascs_runs_on_its_samples(samples, capsys):
    assert cli(["survey", "ascs", str(samples["ascs-responses"]), "--strata", str(samples["ascs-strata"]),
                "--year", "2023-24", "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["council"] for r in rows} == {"111", "112"}
    # 1A (SCRQoL) for the first council: every respondent answered, so a value is given, 0-24
    total = next(r for r in rows if r["council"] == "111" and r["measure"] == "1A" and r["disaggregation"] == "Total")
    assert 0 < float(total["outcome"]) <= 24


def test_survey_sace_runs_on_its_samples(samples, capsys):
    assert cli(["survey", "sace", str(samples["sace-responses"]), "--population", str(samples["sace-population"]),
                "--questions", str(samples["sace-questions"]), "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert {r["council"] for r in rows} == {"111", "112"}
    with samples["sace-responses"].open(newline="") as handle:
        returned = sum(1 for r in csv.DictReader(handle) if r["LaCode"] == "111")
    # the base of a Total row is the respondents counted, rounded to 5 as published
    bases = {int(r["base"]) for r in rows if r["council"] == "111" and r["disaggregation"] == "Total" and r["base"]}
    assert max(bases) == 5 * round(returned / 5)


def test_cld_measures_and_quality_run_on_their_samples(samples, capsys):
    assert cli(["cld", "measures", str(samples["cld-extract"]), "--period", "2024-25", "--population",
                str(samples["cld-population"]), "--discharges", str(samples["cld-discharges"]), "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    with samples["cld-population"].open(newline="") as handle:
        population = {r["LA_Code"]: r for r in csv.DictReader(handle)}
    for row in rows:
        if row["measure"] == "2B" and row["disaggregation"] == "Total":
            assert row["denominator"] == population[row["council"]]["age_18_64"]
    assert {r["measure"] for r in rows} >= {"2A", "2B", "2C", "2D1", "2D2", "2E1", "3D1A"}
    assert cli(["cld", "quality", str(samples["cld-extract"])]) == 0
    out = capsys.readouterr().out
    assert "error:" not in out and "unknown council" not in out


def test_benchmark_runs_with_the_sample_neighbours_and_council_list(samples, capsys):
    assert cli(["benchmark", "--council", "Hartlepool", "--measure", "2A", "--year", "2023-24",
                "--group", f"neighbours:{samples['neighbours']}", "--format", "csv"]) == 0
    names = {r["name"] for r in csv.DictReader(capsys.readouterr().out.splitlines())}
    assert names == {"Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees", "Darlington"}
    assert cli(["benchmark", "--council", "Hartlepool", "--measure", "2A", "--year", "2023-24",
                "--group", f"custom:@{samples['councils']}", "--format", "csv"]) == 0
    names = {r["name"] for r in csv.DictReader(capsys.readouterr().out.splitlines())}
    assert names == {"Hartlepool", "Middlesbrough", "Stockton-on-Tees", "Darlington"}


def test_report_runs_with_the_sample_neighbours(samples, tmp_path, capsys):
    out = tmp_path / "briefing.xlsx"
    assert cli(["report", "--council", "Hartlepool", "--neighbours", str(samples["neighbours"]), "-o", str(out)]) == 0
    assert out.is_file()
