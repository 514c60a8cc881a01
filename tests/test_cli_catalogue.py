"""The catalogue commands of `ascof-xl`: measures, measure, lineage, --version and --help.

Output is parsed (JSON with json, CSV with csv) rather than compared as text. Expected codes,
polarities and lineage are typed from /work/shared/reference/ascof-definitions.md,
ascof-2023-framework.md and ipc-frameworks.md, not read from the package's data.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from importlib.metadata import version

import pytest

from ascof_xl.cli import main

FRAMEWORK_NAMES = ("ascof-2018-19", "ascof-2023-24", "ipc-option-one", "ipc-option-two")
POLARITIES = {"higher", "lower", "none"}

# ascof-definitions.md §1.1
ASCOF_2023_CODES = (
    "1A 1B 1C 1D 1E 2A 2B 2C 2D1 2D2 2E1 2E2A 2E2B 3A 3B 3C1 3C2 3D1A 3D1B 3D2A 3D2B 4A 4B 5A1 5A2 6A 6B"
).split()
ASCOF_2018_CODES = (
    "1A 1B 1C1A 1C1B 1C2A 1C2B 1D 1E 1F 1G 1H 1I1 1I2 1J "
    "2A1 2A2 2B1 2B2 2C1 2C2 2C3 2D 3A 3B 3C 3D1 3D2 4A 4B"
).split()
# ipc-frameworks.md §1.2 and §2.5: 55 Option One items; 84 numbered + 8 unnumbered Option Two items.
# ascof-2023-framework.md §1: 19 metrics, 27 metrics and parts over 2023-24 and 2024-25.
MEASURE_COUNTS = {"ascof-2018-19": 29, "ascof-2023-24": 27, "ipc-option-one": 55, "ipc-option-two": 92}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command line in-process; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_exiting(capsys, *argv: str) -> tuple[int, str, str]:
    """Run an argument that makes argparse exit (--version, --help, usage errors)."""
    with pytest.raises(SystemExit) as caught:
        main(list(argv))
    out, err = capsys.readouterr()
    return caught.value.code, out, err


def assert_one_line_error(status: int, out: str, err: str) -> str:
    """Exit status 2, nothing on stdout, exactly one 'ascof-xl: error:' line on stderr."""
    assert status == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ascof-xl: error: ")
    assert "Traceback" not in err
    return lines[0]


# ---------------------------------------------------------------- measures

@pytest.mark.parametrize("framework", FRAMEWORK_NAMES)
def test_measures_json_is_a_list_of_measure_objects(capsys, framework):
    status, out, err = run(capsys, "measures", "--framework", framework, "--format", "json")
    assert status == 0 and err == ""
    rows = json.loads(out)
    assert isinstance(rows, list) and rows
    for row in rows:
        assert isinstance(row, dict)
        assert {"code", "title", "framework", "polarity", "unit"} <= set(row)
        assert row["framework"] == framework
        assert row["polarity"] in POLARITIES
        assert isinstance(row["code"], str) and row["code"]
        assert isinstance(row["title"], str) and row["title"]
        assert isinstance(row["unit"], str) and row["unit"]
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    if framework in MEASURE_COUNTS:
        assert len(rows) == MEASURE_COUNTS[framework]


def test_measures_defaults_to_the_framework_in_force(capsys):
    # DHSC's Contents sheet of the 2024-25 time series: the revised framework's metrics and parts.
    status, out, _ = run(capsys, "measures", "--format", "json")
    assert status == 0
    assert [row["code"] for row in json.loads(out)] == ASCOF_2023_CODES


def test_measures_json_carries_the_reference_polarities(capsys):
    _, out, _ = run(capsys, "measures", "--framework", "ascof-2018-19", "--format", "json")
    lower = {row["code"] for row in json.loads(out) if row["polarity"] == "lower"}
    # ascof-definitions.md §1.2: ↓ for 2A1, 2A2 and 2C1-2C3 only.
    assert lower == {"2A1", "2A2", "2C1", "2C2", "2C3"}


def test_revised_measures_lower_is_better_for_admissions_and_vacancies(capsys):
    # Carried from the old measures: 2B and 2C (old 2A1, 2A2) and 6A (vacancy rate) are lower-is-better.
    _, out, _ = run(capsys, "measures", "--format", "json")
    assert {row["code"] for row in json.loads(out) if row["polarity"] == "lower"} == {"2B", "2C", "6A"}


@pytest.mark.parametrize("framework", FRAMEWORK_NAMES)
def test_measures_csv_parses_with_a_header_row(capsys, framework):
    status, out, _ = run(capsys, "measures", "--framework", framework, "--format", "csv")
    assert status == 0
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == ["code", "title", "polarity", "unit"]
    rows = list(reader)
    assert rows
    assert all(row["polarity"] in POLARITIES for row in rows)
    assert all(None not in row for row in rows)  # no row wider than the header
    if framework in MEASURE_COUNTS:
        assert len(rows) == MEASURE_COUNTS[framework]


def test_measures_csv_quotes_titles_with_commas(capsys):
    # 2A1's unit is "rate per 100,000": the comma must not split the cell.
    _, out, _ = run(capsys, "measures", "--framework", "ascof-2018-19", "--format", "csv")
    rows = {row["code"]: row for row in csv.DictReader(io.StringIO(out))}
    assert rows["2A1"]["unit"] == "rate per 100,000"
    assert rows["2A1"]["polarity"] == "lower"


def test_measures_json_and_csv_list_the_same_codes(capsys):
    _, as_json, _ = run(capsys, "measures", "--framework", "ipc-option-one", "--format", "json")
    _, as_csv, _ = run(capsys, "measures", "--framework", "ipc-option-one", "--format", "csv")
    assert [r["code"] for r in json.loads(as_json)] == [r["code"] for r in csv.DictReader(io.StringIO(as_csv))]


@pytest.mark.parametrize("framework", FRAMEWORK_NAMES)
def test_measures_table_has_a_header_line(capsys, framework):
    status, out, _ = run(capsys, "measures", "--framework", framework)
    assert status == 0
    lines = out.rstrip("\n").splitlines()
    assert lines[0].split() == ["code", "title", "polarity", "unit"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    if framework in MEASURE_COUNTS:
        assert len(lines) == 2 + MEASURE_COUNTS[framework]


def test_measures_table_rows_start_with_the_codes(capsys):
    _, out, _ = run(capsys, "measures", "--framework", "ascof-2018-19")
    rows = out.rstrip("\n").splitlines()[2:]
    assert [row.split()[0] for row in rows] == ASCOF_2018_CODES


# ---------------------------------------------------------------- measure

def test_measure_json_is_one_object(capsys):
    status, out, _ = run(capsys, "measure", "2A1", "--format", "json")
    assert status == 0
    measure = json.loads(out)
    assert isinstance(measure, dict)
    assert measure["framework"] == "ascof-2018-19"
    assert measure["code"] == "2A1"
    assert measure["polarity"] == "lower"
    assert measure["unit"] == "rate per 100,000"


def test_measure_code_is_case_insensitive(capsys):
    _, out, _ = run(capsys, "measure", "2a1", "--format", "json")
    assert json.loads(out)["code"] == "2A1"


def test_measure_without_framework_picks_the_framework_in_force(capsys):
    # 1B is in both ASCOF frameworks: the revised 1B is old 1J, adjusted quality of life (a score to 3 places).
    _, out, _ = run(capsys, "measure", "1B", "--format", "json")
    measure = json.loads(out)
    assert (measure["framework"], measure["decimals"]) == ("ascof-2023-24", 3)


def test_measure_table_notes_the_other_framework_on_stderr(capsys):
    status, out, err = run(capsys, "measure", "1A")
    assert status == 0
    assert "ascof-2018-19" in err and "--framework" in err
    assert "ascof-2023-24" in out


def test_measure_with_framework(capsys):
    status, out, _ = run(capsys, "measure", "2B", "--framework", "ascof-2023-24", "--format", "json")
    assert status == 0
    measure = json.loads(out)
    # ascof-2023-framework.md §1: 2B continues 2A(1) and lower is better (inferred).
    assert (measure["framework"], measure["polarity"]) == ("ascof-2023-24", "lower")
    assert measure["continues"] == ["ascof-2018-19:2A1"]
    assert measure["polarity_source"] == "inferred"


@pytest.mark.parametrize("code", ["2D", "1J", "ascof-2023-24:2B", "QL5"])
def test_measure_shows_the_same_lineage_as_the_lineage_command(capsys, code):
    _, shown, _ = run(capsys, "measure", code, "--format", "json")
    _, listed, _ = run(capsys, "lineage", code, "--format", "json")
    measure = json.loads(shown)
    rows = [r for r in json.loads(listed) if r["from"] == f"{measure['framework']}:{measure['code']}"]
    assert measure["lineage"] == [f"{r['framework']}:{r['code']}" for r in rows if r["steps"] > 0]
    assert measure["lineage"]  # each of these has at least one equivalent


@pytest.mark.parametrize("typed, code", [("2D(1)", "2D1"), ("3d(1a)", "3D1A"), ("5A(2)", "5A2")])
def test_measure_accepts_bracketed_codes(capsys, typed, code):
    _, out, _ = run(capsys, "measure", typed, "--framework", "ascof-2023-24", "--format", "json")
    assert json.loads(out)["code"] == code


def test_measure_lists_the_series_breaks(capsys):
    _, out, _ = run(capsys, "measure", "2A", "--framework", "ascof-2023-24", "--format", "json")
    breaks = json.loads(out)["series_breaks"]
    # ascof-2023-framework.md §1: CLD metrics in 2024-25 "cannot be compared with" earlier years.
    assert len(breaks) == 1 and breaks[0].startswith("break in series in 2024-25")


def test_measure_only_in_a_later_framework_is_found_without_framework(capsys):
    _, out, _ = run(capsys, "measure", "QL1", "--format", "json")
    measure = json.loads(out)
    assert measure["framework"] == "ipc-option-one"
    assert measure["continues"] == ["ascof-2018-19:1B"]  # ipc-frameworks.md §1.2: "Revised (1B)"
    # ascof-2023-framework.md §1: old 1B (control over daily life) is 3A from 2023-24.
    assert {"ascof-2018-19:1B", "ascof-2023-24:3A"} <= set(measure["lineage"])


def test_measure_csv_is_field_value_pairs(capsys):
    _, out, _ = run(capsys, "measure", "1J", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    fields = {row["field"]: row["value"] for row in rows}
    assert fields["code"] == "1J"
    assert fields["unit"] == "index"
    assert fields["polarity"] == "higher"


def test_measure_table_lists_every_field(capsys):
    _, out, _ = run(capsys, "measure", "3B", "--format", "table")
    labels = {line.split()[0] for line in out.splitlines() if line and not line.startswith(" ")}
    assert {"framework", "code", "title", "polarity", "unit", "verified"} <= labels
    verified = next(line for line in out.splitlines() if line.startswith("verified"))
    assert verified.split()[-1] == "no"  # ascof-definitions.md §1.2: 3B is [K]


# ---------------------------------------------------------------- lineage

def test_lineage_2d_json_reaches_ascof_2023_24_2a(capsys):
    status, out, _ = run(capsys, "lineage", "2D", "--format", "json")
    assert status == 0
    rows = json.loads(out)
    assert isinstance(rows, list)
    assert any(row["framework"] == "ascof-2023-24" and row["code"] == "2A" for row in rows)
    assert all(row["from"] == "ascof-2018-19:2D" for row in rows)


def test_lineage_accepts_framework_colon_code(capsys):
    _, out, _ = run(capsys, "lineage", "ascof-2023-24:2E", "--format", "json")
    pairs = {(row["framework"], row["code"]) for row in json.loads(out)}
    # ascof-2023-framework.md §1: 2E (2E(1) from 2024-25) continues 1G; ipc-frameworks.md §1.2: QL5 revises 1G.
    assert {("ascof-2018-19", "1G"), ("ipc-option-one", "QL5")} <= pairs


def test_lineage_csv_parses_with_a_header_row(capsys):
    _, out, _ = run(capsys, "lineage", "2A1", "--format", "csv")
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == ["from", "framework", "code", "title", "steps", "direct"]
    rows = list(reader)
    pairs = {(row["framework"], row["code"]) for row in rows}
    assert {("ascof-2023-24", "2B"), ("ipc-option-one", "DR1"), ("ipc-option-one", "DR3")} <= pairs
    assert all(row["steps"].isdigit() for row in rows)


def test_lineage_table_has_a_header_line(capsys):
    _, out, _ = run(capsys, "lineage", "2D")
    lines = out.splitlines()
    assert lines[0].split() == ["from", "framework", "code", "title", "steps", "direct"]
    assert any("ascof-2023-24" in line and " 2A " in line for line in lines[2:])


# ---------------------------------------------------------------- bad input: exit 2, one line

@pytest.mark.parametrize(
    "argv",
    [
        ("measures", "--framework", "ascof-2099-00"),
        ("measure", "1A", "--framework", "ascof-2099-00"),
        ("lineage", "2D", "--framework", "ascof-2099-00"),
    ],
    ids=["measures", "measure", "lineage"],
)
def test_unknown_framework_is_one_line_naming_the_choices(capsys, argv):
    line = assert_one_line_error(*run(capsys, *argv))
    assert "ascof-2099-00" in line
    for name in FRAMEWORK_NAMES:
        assert name in line


@pytest.mark.parametrize(
    "argv",
    [
        ("measure", "9Z"),
        ("measure", "9Z", "--framework", "ascof-2018-19"),
        ("measure", "QL1", "--framework", "ascof-2018-19"),
        ("lineage", "9Z"),
        ("lineage", "ascof-2023-24:9Z"),
    ],
)
def test_unknown_code_is_one_line(capsys, argv):
    line = assert_one_line_error(*run(capsys, *argv))
    assert argv[1].split(":")[-1] in line


def test_an_unknown_format_is_a_usage_error(capsys):
    status, out, err = run_exiting(capsys, "measures", "--format", "xml")
    assert status == 2 and out == ""
    assert "xml" in err and "Traceback" not in err


# ---------------------------------------------------------------- --version and --help

def test_version(capsys):
    status, out, _ = run_exiting(capsys, "--version")
    assert status == 0
    assert out.strip() == f"ascof-xl {version('ascof-xl')}"


def test_help_lists_the_catalogue_commands(capsys):
    status, out, _ = run_exiting(capsys, "--help")
    assert status == 0
    for command in ("measures", "measure", "lineage"):
        assert command in out


def test_no_command_prints_the_help_and_fails(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "profile" in err and "measures" in err


# ---------------------------------------------------------------- the real entry point

def _python_m(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ascof_xl", *argv], capture_output=True, text=True, timeout=120, check=False
    )


def test_python_m_lists_option_one_as_json():
    done = _python_m("measures", "--framework", "ipc-option-one", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 55
    assert rows[0]["code"] == "QL1" and rows[-1]["code"] == "DM18"


def test_python_m_unknown_framework_exits_2_with_one_line():
    done = _python_m("measures", "--framework", "nope")
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ascof-xl: error: ")
    assert all(name in lines[0] for name in FRAMEWORK_NAMES)


def test_python_m_version():
    done = _python_m("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"ascof-xl {version('ascof-xl')}"
