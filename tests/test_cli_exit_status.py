"""Exit statuses of the commands that report findings about their input: `survey ascs` and `survey sace`
exit 1 when a finding is an error (results still printed, one line on stderr saying how many and where),
0 on a clean sample; `cld quality` takes the engine options of `cld measures`."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest

from ascof_xl.cli import build_parser, main

ENGINE_OPTIONS = ("--engine", "--spark-master", "--spark-work-dir")


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def samples(tmp_path, capsys) -> dict[str, Path]:
    """The shipped samples, written by `ascof-xl sample` as a user gets them."""
    written = {}
    for name in ("ascs-responses", "ascs-strata", "sace-responses", "sace-population", "sace-questions",
                 "cld-extract"):
        path = tmp_path / f"{name}.csv"
        assert main(["sample", name, "-o", str(path)]) == 0
        written[name] = path
    capsys.readouterr()
    return written


def with_row_again(path: Path, folder: Path, first_column: str) -> tuple[Path, int]:
    """A copy of a CSV with the row for council `first_column` written again at the end; its line number."""
    lines = path.read_text().splitlines()
    again = next(line for line in lines[1:] if line.split(",")[0] == first_column)
    copy = folder / f"repeated-{path.name}"
    copy.write_text("\n".join(lines + [again]) + "\n")
    return copy, len(lines) + 1


def count_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if "error(s) in the input" in line]


def test_survey_ascs_clean_sample_exits_0(samples, capsys):
    status, out, err = run(capsys, "survey", "ascs", str(samples["ascs-responses"]),
                           "--strata", str(samples["ascs-strata"]))
    assert status == 0
    assert "error:" not in out and not count_lines(err)


def test_survey_ascs_repeated_council_in_the_strata_exits_1_with_the_results(samples, tmp_path, capsys):
    strata, line = with_row_again(samples["ascs-strata"], tmp_path, "111")
    status, out, err = run(capsys, "survey", "ascs", str(samples["ascs-responses"]), "--strata", str(strata))
    assert status == 1
    assert "1A" in out and "4B" in out  # the results are still printed
    assert f"error: {strata.name}, line {line}, LaCode: council 111 is listed again" in out
    [said] = count_lines(err)
    assert said.startswith("ascof-xl: 1 error(s) in the input") and "after the results" in said


def test_survey_sace_repeated_council_exits_1_and_csv_still_parses(samples, tmp_path, capsys):
    population, line = with_row_again(samples["sace-population"], tmp_path, "112")
    status, out, err = run(capsys, "survey", "sace", str(samples["sace-responses"]), "--population", str(population),
                           "--questions", str(samples["sace-questions"]), "--format", "csv")
    assert status == 1
    rows = list(csv.DictReader(out.splitlines()))
    assert {row["council"] for row in rows} == {"111", "112"}
    assert f"error: {population.name}, line {line}, LaCode: council 112 is listed again" in err
    [said] = count_lines(err)
    assert said.startswith("ascof-xl: 1 error(s) in the input") and "on stderr" in said


def test_survey_sace_clean_sample_exits_0(samples, capsys):
    status, _, err = run(capsys, "survey", "sace", str(samples["sace-responses"]),
                         "--population", str(samples["sace-population"]),
                         "--questions", str(samples["sace-questions"]))
    assert status == 0 and not count_lines(err)


def test_an_error_is_listed_even_behind_many_warnings(samples, tmp_path, capsys):
    """Only the first findings are shown; an error must be among them, whatever the file's order."""
    with samples["ascs-responses"].open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[:30]:
        row["Age"] = "250"  # out of range: a warning each, all read before the strata file's error
    responses = tmp_path / "ages.csv"
    with responses.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    strata, _ = with_row_again(samples["ascs-strata"], tmp_path, "112")
    status, out, _ = run(capsys, "survey", "ascs", str(responses), "--strata", str(strata))
    assert status == 1
    findings = out[out.index("finding(s):"):].splitlines()[1:]
    assert findings[0].startswith("  error: ") and "council 112 is listed again" in findings[0]
    assert sum(1 for line in findings if line.startswith("  warning: ")) >= 19


@pytest.mark.parametrize("survey", ["ascs", "sace"])
def test_survey_help_documents_the_exit_statuses(survey, capsys):
    with pytest.raises(SystemExit):
        main(["survey", survey, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "exit status: 0 when" in text and "1 when any finding is an error" in text
    assert "2 when the input cannot be read" in text


def test_cld_quality_runs_on_duckdb_when_asked(samples, capsys):
    with samples["cld-extract"].open(newline="") as handle:
        rows_in = sum(1 for _ in csv.DictReader(handle))
    status, out, _ = run(capsys, "cld", "quality", str(samples["cld-extract"]), "--engine", "duckdb")
    assert status == 0
    assert out.startswith(f"Rows read {rows_in}:")
    assert run(capsys, "cld", "quality", str(samples["cld-extract"]))[:2] == (status, out)  # duckdb is the default


def test_cld_quality_refuses_spark_options_without_the_spark_engine(samples, tmp_path, monkeypatch, capsys):
    spill = tmp_path / "tmp"
    spill.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spill))
    status, out, err = run(capsys, "cld", "quality", str(samples["cld-extract"]), "--spark-master", "x")
    assert status == 2 and not out
    assert err.count("\n") == 1 and "--engine spark" in err
    assert not list(spill.iterdir())  # the private spill folder made before the refusal is removed


def test_cld_quality_and_measures_share_the_engine_options():
    parser = build_parser()
    cld = parser._subparsers._group_actions[0].choices["cld"]
    actions = cld._subparsers._group_actions[0].choices

    def options(name: str) -> dict[str, tuple]:
        return {a.option_strings[0]: (a.default, a.choices, a.help, a.metavar)
                for a in actions[name]._actions if a.option_strings and a.option_strings[0] in ENGINE_OPTIONS}

    assert set(options("quality")) == set(ENGINE_OPTIONS)
    assert options("quality") == options("measures")
    assert options("quality")["--engine"][:2] == ("duckdb", ("duckdb", "spark"))
