"""`ascof-xl cld`: synthetic extracts, measures and quality through the command line, 2D with a
discharges file, and clean one-line refusals."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ascof_xl.cli import main
from ascof_xl.cld.synth import COLUMNS

PERCENTAGES = ("2A", "2E1", "2E2A", "2E2B", "3D1A", "3D1B", "3D2A", "3D2B")


def run(capsys, *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> tuple[Path, int, Path]:
    """A small synthetic extract of two councils, its row count, and a population file for them."""
    folder = tmp_path_factory.mktemp("synth")
    path = folder / "cld.csv"
    status = main(["cld", "synth", "--people", "600", "--councils", "2", "--seed", "7", "-o", str(path)])
    assert status == 0
    with path.open() as handle:
        rows = sum(1 for _ in handle) - 1
    population = folder / "population.csv"
    population.write_text("LA_Code,age_18_64,age_65_plus\nE06000001,57000,20000\nE06000002,94000,25000\n")
    return path, rows, population


def test_synth_is_deterministic(tmp_path, synthetic):
    again = tmp_path / "again.csv"
    assert main(["cld", "synth", "--people", "600", "--councils", "2", "--seed", "7", "-o", str(again)]) == 0
    assert again.read_bytes() == synthetic[0].read_bytes()
    other = tmp_path / "other.csv"
    assert main(["cld", "synth", "--people", "600", "--councils", "2", "--seed", "8", "-o", str(other)]) == 0
    assert other.read_bytes() != synthetic[0].read_bytes()


def test_synthetic_run_conserves_rows_and_totals_are_consistent(capsys, synthetic, tmp_path):
    path, rows_written, population = synthetic
    out = tmp_path / "measures.json"
    status, printed, err = run(capsys, "cld", "measures", str(path), "--period", "2024-04-01:2025-03-31",
                               "--population", str(population), "--format", "json", "-o", str(out))
    assert status == 0 and printed.strip() == f"wrote {out}"
    assert f"Rows read {rows_written:,}" in err and "DO NOT BALANCE" not in err
    rows = json.loads(out.read_text())
    assert {"council", "measure", "disaggregation", "numerator", "denominator", "outcome"} <= set(rows[0])
    got = {(r["council"], r["measure"], r["disaggregation"]): r for r in rows}
    for council in ("E06000001", "E06000002"):
        def count(measure, part="Total", field="denominator"):
            return got[(council, measure, part)][field]
        for measure in PERCENTAGES:
            assert 0 <= count(measure, field="numerator") <= count(measure)
            assert count(measure) > 0, f"{council} {measure}: the synthetic data should reach every measure"
        # Unknown ages and genders count in Total only, so the parts never exceed it.
        assert count("2A", "18-64") + count("2A", "65 and over") <= count("2A")
        assert count("3D1A", "18-64") + count("3D1A", "65 and over") <= count("3D1A")
        for measure in ("2E1", "2E2A", "2E2B"):
            assert count(measure, "Male") + count(measure, "Female") <= count(measure)
        # 2E1 is the learning-disability part of 2E2A; a direct payment is a self-directed support.
        assert count("2E1") <= count("2E2A")
        assert count("3D2A", field="numerator") <= count("3D1A", field="numerator")
        assert count("3D2A") == count("3D1A") and count("3D2B") == count("3D1B")
        expected_2b = round(count("2B", field="numerator") / count("2B") * 100_000, 1)
        assert got[(council, "2B", "Total")]["outcome"] == pytest.approx(expected_2b)
        assert got[(council, "2D1", "Total")]["note"].startswith("needs a hospital discharge file")


def test_place_puts_published_measures_in_the_2024_25_distribution(capsys, synthetic):
    path, _, population = synthetic
    status, out, err = run(capsys, "cld", "measures", str(path), "--period", "2024-25", "--population",
                           str(population), "--place", "--format", "json")
    assert status == 0, err
    got = {(r["council"], r["measure"], r["disaggregation"]): r for r in json.loads(out)}
    placed = got[("E06000001", "2A", "Total")]
    assert placed["band"] in ("top", "upper-middle", "lower-middle", "bottom")
    assert 1 <= placed["rank"] <= placed["n"] and placed["n"] > 100
    assert placed["place_note"].startswith("provisional")
    unpublished = got[("E06000001", "2A", "18-64")]  # 2024-25 published 2A for all ages only
    assert unpublished["band"] is None and "not in the 2024-25 published data" in unpublished["place_note"]
    assert got[("E06000001", "2D1", "Total")]["place_note"] == "no value to place"


def test_quality_balances_rows_for_each_council(capsys, synthetic):
    path, rows_written, _ = synthetic
    status, out, _ = run(capsys, "cld", "quality", str(path), "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert report["rows_in"] == rows_written and report["balanced"]
    assert report["rows_in"] == report["rows_used"] + sum(report["set_aside"].values())
    for entry in report["councils"].values():
        assert entry["rows_in"] == entry["rows_used"] + sum(entry["set_aside"].values())
    # Every unreadable start date the field count finds is a row set aside for that reason.
    assert (report["set_aside"].get("event start date blank or unreadable", 0)
            == report["fields"].get("Event_Start_Date: not a date", 0))
    status, table, _ = run(capsys, "cld", "quality", str(path))
    assert status == 0 and "First rows set aside:" in table and f"Rows read {rows_written:,}" in table


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_2d_with_a_discharges_file(capsys, tmp_path):
    # Three people aged 80, each discharged after an admission on 2024-06-01.
    # N1: discharged 06-08, reablement from 06-10 (2 days later: linked), nothing within 84 days.
    # N2: the same, but an emergency readmission on 07-01 (after the discharge and the cluster start,
    #     within 84 days): linked, not a success.
    # N3: discharged, no reablement: in the 2D2 denominator only.
    # 2D1 = 1 / 2 = 50.0; 2D2 = 2 linked / 3 spells = 66.7.
    council = "E06000001"
    base = {name: "" for name in COLUMNS} | {
        "LA_Code": council, "Der_Birth_Year": "1944", "Der_Birth_Month": "3", "Client_Type": "Service user",
        "Event_Type": "Service", "Service_Type": "Short term support: ST-Max", "Service_Component": "Reablement",
        "Event_Start_Date": "2024-06-10", "Event_End_Date": "2024-07-05", "Event_Outcome": "NFA: Other",
        "Reporting_Period_Start_Date": "2024-04-01", "Reporting_Period_End_Date": "2025-03-31"}
    events = [base | {"Der_NHS_Number_Traced_Pseudo": nhs, "LA_Person_Unique_Identifier": nhs,
                      "Event_Reference": f"R{nhs}"} for nhs in ("N1", "N2")]
    cld = _write(tmp_path / "cld.csv", list(COLUMNS), [[r[c] for c in COLUMNS] for r in events])
    spells = _write(tmp_path / "spells.csv",
                    ["Spell_ID", "NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date",
                     "Age_At_Discharge", "Emergency_Admission"],
                    [["S1", "N1", council, "2024-06-01", "2024-06-08", "80", "Y"],
                     ["S2", "N2", council, "2024-06-01", "2024-06-08", "80", "Y"],
                     ["S2b", "N2", council, "2024-07-01", "2024-07-04", "80", "Y"],
                     ["S3", "N3", council, "2024-06-01", "2024-06-08", "80", "Y"]])
    status, out, err = run(capsys, "cld", "measures", str(cld), "--period", "2024-25", "--discharges", str(spells),
                           "--population", str(_write(tmp_path / "pop.csv", ["LA_Code", "age_18_64", "age_65_plus"],
                                                      [[council, "1000", "1000"]])), "--format", "json")
    assert status == 0, err
    got = {(r["measure"], r["disaggregation"]): (r["numerator"], r["denominator"], r["outcome"])
           for r in json.loads(out)}
    assert got[("2D1", "Total")] == (1, 2, 50.0)
    # The readmission S2b is itself a qualifying spell discharged in the period: 4 spells.
    assert got[("2D2", "Total")] == (2, 4, 50.0)


@pytest.mark.parametrize("arguments, expected", [
    (["--period", "2024-13-01:2025-03-31"], "period"),
    (["--period", "April"], "period 'April' is not START:END"),
    (["--period", "2024-25", "--population", "missing.csv"], "no such population file"),
])
def test_bad_arguments_are_one_line_errors(capsys, synthetic, arguments, expected):
    status, out, err = run(capsys, "cld", "measures", str(synthetic[0]), *arguments)
    assert status == 2 and out == ""
    assert expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_column_is_located(capsys, tmp_path):
    path = _write(tmp_path / "short.csv", ["LA_Code", "Event_Type"], [["E06000001", "Service"]])
    status, _, err = run(capsys, "cld", "quality", str(path))
    assert status == 2
    assert err.startswith(f"ascof-xl: error: {path}: columns LA_Person_Unique_Identifier, Der_Birth_Year")
    assert "missing" in err and len(err.strip().splitlines()) == 1


def test_extract_with_no_rows_is_refused(capsys, tmp_path):
    path = _write(tmp_path / "empty.csv", list(COLUMNS), [])
    status, out, err = run(capsys, "cld", "measures", str(path), "--period", "2024-25")
    assert status == 2 and out == "" and "no data rows" in err


def test_unreadable_file_is_a_clear_error(capsys, tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    status, _, err = run(capsys, "cld", "quality", str(path))
    assert status == 2 and f"{path}: cannot be read as Parquet" in err and "Traceback" not in err


def test_default_population_is_the_publications_own_2b_2c_denominators():
    from ascof_xl.cld import published_population
    from ascof_xl.published.bundled import bundled_store

    store = bundled_store()
    found = published_population(["E06000001", "E08000016", "E99999999"])
    for code in ("E06000001", "E08000016"):
        assert found[code] == {"18-64": store.value("2024-25", code, "2B", "Denominator"),
                               "65 and over": store.value("2024-25", code, "2C", "Denominator")}
    assert found["E99999999"] == {}
