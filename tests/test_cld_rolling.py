"""Rolling twelve-month CLD figures on synthetic quarterly submissions with a resubmitted quarter: every
window a plain `--period` run of the same twelve months gives exactly; partial windows marked with the
quarters missing (worked out here from which quarters were written); what a resubmission moved."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from ascof_xl.cld import compute_measures, parse_period
from ascof_xl.cld.rolling import moved, rolling_measures
from ascof_xl.cld.synth import generate
from ascof_xl.cli import main
from ascof_xl.templates.validate import validate_workbook

RESUBMITTED = ("2024-07-01", "2024-09-30")
GAP = ("2023-10-01", "2023-12-31")
POPULATION = {"E06000001": {"18-64": 60_000, "65 and over": 20_000}, "E06000002": {"18-64": 90_000, "65 and over": 25_000}}
ENDS = ["2023-06-30", "2023-09-30", "2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def write(path: Path, rows: list[dict[str, str]]) -> str:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def iso(text: str) -> str:
    """A date as the synthetic extract writes it (ISO, or dd/mm/yyyy for some rows) in ISO form."""
    return f"{text[6:10]}-{text[3:5]}-{text[0:2]}" if len(text) == 10 and text[2] == "/" else text


def in_quarter(row: dict[str, str], quarter: tuple[str, str]) -> bool:
    return (iso(row["Reporting_Period_Start_Date"]), iso(row["Reporting_Period_End_Date"])) == quarter


@pytest.fixture(scope="module")
def extracts(tmp_path_factory):
    """Eight quarterly submissions of two councils (the second missing October-December 2023), and a later
    resubmission of July-September 2024 for the first council that drops a third of that quarter's rows."""
    folder = tmp_path_factory.mktemp("cld")
    generate(folder / "all.csv", 2500, 2, seed=7)
    rows = read(folder / "all.csv")
    base = [r for r in rows if not (r["LA_Code"] == "E06000002" and in_quarter(r, GAP))]
    quarter = [r for r in rows if r["LA_Code"] == "E06000001" and in_quarter(r, RESUBMITTED)]
    resubmission = [r for i, r in enumerate(quarter) if i % 3]
    return write(folder / "a base.csv", base), write(folder / "b resubmission.csv", resubmission)


@pytest.fixture(scope="module")
def rolled(extracts):
    return rolling_measures(list(extracts), population=POPULATION)


def strip(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in ("period_start", "period_end", "partial")}


def test_a_window_for_every_quarter_end_covered(rolled):
    assert rolled["windows"] == [_label(e) for e in ENDS]


def _label(end: str) -> str:
    year, month = int(end[:4]), int(end[5:7])
    start = f"{year - 1 if month != 12 else year}-{(month % 12) + 1:02d}-01"
    return f"{start}:{end}"


@pytest.mark.parametrize("end", ["2025-03-31", "2024-09-30"])
def test_the_window_ending_at_a_period_end_is_the_plain_run_exactly(extracts, rolled, end):
    period = parse_period(_label(end))
    plain = compute_measures(list(extracts), period, population=POPULATION)["rows"]
    window = [r for r in rolled["rows"] if r["period_end"] == end]
    assert [strip(r) | {"note": ""} for r in window] == [r | {"note": ""} for r in plain]
    for mine, theirs in zip(window, plain):  # the same notes, the partial mark put first where a quarter is missing
        assert mine["note"] == theirs["note"] if not mine["partial"] else mine["note"].endswith(theirs["note"])
    assert any(not r["partial"] for r in window)


def test_partial_windows_name_the_quarters_missing(rolled):
    first = {r["council"]: r for r in rolled["rows"] if r["period_end"] == "2023-06-30" and r["measure"] == "2A"
             and r["disaggregation"] == "Total"}
    assert first["E06000001"]["partial"] and first["E06000001"]["note"].startswith(
        "partial: no submission covers 2022-07-01 to 2022-09-30; 2022-10-01 to 2022-12-31; 2023-01-01 to 2023-03-31")
    partial = {(r["council"], r["period_end"]) for r in rolled["rows"] if r["partial"]}
    # the first council: only the three windows that begin before April 2023; the second also every window
    # holding October-December 2023 (ending December 2023 to September 2024)
    assert partial == {("E06000001", e) for e in ENDS[:3]} | {("E06000002", e) for e in ENDS[:6]}
    gap = next(r for r in rolled["rows"] if r["council"] == "E06000002" and r["period_end"] == "2024-06-30")
    assert "2023-10-01 to 2023-12-31" in gap["note"] and "2024-01-01" not in gap["note"]


@pytest.mark.parametrize("end", ["2025-03-31", "2024-06-30"])
def test_what_a_resubmission_moved_is_what_two_plain_runs_differ_by(extracts, rolled, end):
    """The later submission of July-September 2024 changes the first council's windows that read it (a window
    may read a later quarter: an event's record in it carries its end date); the second council's never."""
    earlier = rolling_measures([extracts[0]], population=POPULATION)
    changes = moved(earlier["rows"], rolled["rows"])
    assert changes and {c["council"] for c in changes} == {"E06000001"}
    assert "2025-03-31" in {c["period_end"] for c in changes}
    period = parse_period(_label(end))
    before = {(r["council"], r["measure"], r["disaggregation"]): r for r in
              compute_measures([extracts[0]], period, population=POPULATION)["rows"]}
    after = compute_measures(list(extracts), period, population=POPULATION)["rows"]
    figures = ("numerator", "denominator", "outcome")
    differ = {(r["council"], r["measure"], r["disaggregation"]): r for r in after
              if tuple(r[k] for k in figures) != tuple(before[(r["council"], r["measure"], r["disaggregation"])][k] for k in figures)}
    listed = {(c["council"], c["measure"], c["disaggregation"]): c for c in changes if c["period_end"] == end}
    assert set(listed) == set(differ)
    for key, change in listed.items():
        assert (change["outcome_before"], change["outcome_now"]) == (before[key]["outcome"], differ[key]["outcome"])
        assert (change["numerator_before"], change["numerator_now"]) == (before[key]["numerator"], differ[key]["numerator"])


def test_previous_through_the_command(extracts, tmp_path, capsys):
    earlier = tmp_path / "earlier.csv"
    assert main(["cld", "measures", extracts[0], "--rolling", "--format", "csv", "-o", str(earlier)]) == 0
    capsys.readouterr()
    assert main(["cld", "measures", *extracts, "--rolling", "--previous", str(earlier), "--format", "json"]) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    assert rows and all(r["council"] == "E06000001" for r in rows)
    assert "moved since earlier.csv" in out.err and "8 rolling window(s)" in out.err
    assert main(["cld", "measures", *extracts, "--previous", str(earlier)]) == 2


def test_extract_to_return_in_one_step(extracts, tmp_path, capsys):
    path = tmp_path / "return.xlsx"
    assert main(["cld", "measures", *extracts, "--period", "2024-25", "--template", "own-figures", "--council",
                 "Hartlepool", "--preparer", "CLD team", "-o", str(path)]) == 0
    rows = compute_measures(list(extracts), parse_period("2024-25"))["rows"]
    sheet = openpyxl.load_workbook(path)["Own figures"]
    assert (sheet["B4"].value, sheet["B5"].value, sheet["B7"].value) == ("E06000001", "2024-25", "CLD team")
    codes = {sheet.cell(row=r, column=1).value: r for r in range(10, 40)}
    total = [r for r in rows if r["council"] == "E06000001" and r["disaggregation"] == "Total" and r["measure"] in codes]
    filled = [r for r in total if r["numerator"] is not None and r["denominator"] is not None]
    assert {"2A", "2B", "2C", "2E1"} <= {r["measure"] for r in filled}
    for r in filled:
        assert (sheet.cell(row=codes[r["measure"]], column=5).value, sheet.cell(row=codes[r["measure"]], column=6).value) \
            == (r["numerator"], r["denominator"])
    assert not [f for f in validate_workbook(path) if f.severity == "error"]
    assert main(["cld", "measures", *extracts, "--period", "2024-25", "--template", "own-figures", "-o", str(path)]) == 2
    assert "--council" in capsys.readouterr().err
