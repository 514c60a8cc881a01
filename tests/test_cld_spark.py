"""`--engine spark` gives exactly DuckDB's answers: every intermediate table, every measure, the
quality report and the notes, on synthetic extracts (Parquet, quarterly submissions, a CSV
resubmission of one quarter) with a spells file, and on a messy copy made by hand below (every
date shape, decimal years and months, non-breaking spaces and tabs, 'NULL', overlapping submissions
ordered by ImportDate, rows repeated so that sort keys tie).

The value rules the messy rows exercise are asserted on their own too, against values worked out by
hand (DuckDB here, then Spark for the same expressions).

Spark needs Java and pyspark: without them these tests skip, except under CI=true, where they fail.
One Spark session (local, 2 cores) serves the module.
"""

from __future__ import annotations

import csv
import importlib.util
import os
import random
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from ascof_xl.cld import parse_period
from ascof_xl.cld.engines import Engine, open_session
from ascof_xl.cld.quality import quality_report
from ascof_xl.cld.steps import DISCHARGE_MEASURES, DISCHARGE_STEP, MEASURES, PREPARE, TALLY, run_method, set_params
from ascof_xl.cld.synth import COLUMNS, generate
from ascof_xl.cli import main
from ascof_xl.errors import AscofError

PERIOD = parse_period("2024-25")
AVAILABLE = importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None
TABLES = [table for table, _ in PREPARE + MEASURES + (DISCHARGE_STEP,) + DISCHARGE_MEASURES + (TALLY,)] + ["units"]
NBSP, TAB = "\u00a0", "\t"
# The messy copy's councils, so that its rows never mix with the synthetic extract's.
RECODE = {"E06000001": "E06000004", "E06000002": "E06000005"}


@pytest.fixture(scope="module")
def spark():
    if not AVAILABLE:
        if os.environ.get("CI") == "true":
            pytest.fail("Spark tests must run under CI: install a Java 17 runtime and pip install '.[spark]'")
        pytest.skip("needs Java and pyspark (pip install '.[spark]')")
    from ascof_xl.cld.spark import start_session

    session = start_session("local[2]")
    session.conf.set("spark.sql.shuffle.partitions", "2")
    yield session
    session.stop()


# --- the value rules, worked by hand --------------------------------------------------------------
DATES = [
    ("2024-06-30", date(2024, 6, 30)),
    ("2024-06-30 10:15:00", date(2024, 6, 30)),
    ("2024-06-30T10:15:00.123Z", date(2024, 6, 30)),
    ("2024-06-30 10:15+01:00", date(2024, 6, 30)),
    ("30/06/2024", date(2024, 6, 30)),
    ("30/06/2024 10:15", date(2024, 6, 30)),
    ("29/02/2024", date(2024, 2, 29)),  # 2024 is a leap year
    ("29/02/2023", None),  # 2023 is not
    ("2000-02-29", date(2000, 2, 29)),  # divisible by 400
    ("1900-02-29", None),  # divisible by 100, not 400
    ("2024-04-31", None),  # April has 30 days
    ("2024-13-01", None),
    ("2024-00-10", None),
    ("2024-06-00", None),
    ("2024-02-30", None),
    ("31/04/2024", None),  # day first: April has 30 days
    ("2100-02-29", None),  # divisible by 100, not 400
    ("2400-02-29", date(2400, 2, 29)),
    ("1996-02-29", date(1996, 2, 29)),
    ("0000-01-01", None),  # there is no year 0
    ("0001-01-01", date(1, 1, 1)),
    ("2024-12-31", date(2024, 12, 31)),
    ("31/12/2024", date(2024, 12, 31)),
    ("2024-01-31", date(2024, 1, 31)),
    ("2024-11-31", None),
    # A final line break is trimmed before the date is matched (Spark's $ would match before it, DuckDB's not).
    ("2024-06-30\n", date(2024, 6, 30)),
    ("30/06/2024\r\n", date(2024, 6, 30)),
    ("2024-06-30\u2028", date(2024, 6, 30)),
    ("2024-06-30\nx", None),
    ("2024-06-30 25:00", None),  # no 25th hour
    ("2024/06/30", None),  # DuckDB's cast reads it; not an allowed shape
    ("2024", None),  # Spark's cast reads 1 January 2024
    ("2024-06", None),  # Spark's cast reads 1 June 2024
    ("2024-06-30 junk", None),  # Spark's cast reads 30 June 2024
    ("2024-6-3", None),  # DuckDB's cast reads 3 June 2024
    ("20240630", None),
    ("30-06-2024", None),
    ("3/6/2024", None),
]


def read_all(con, expressions: str, texts: list[str]) -> list[tuple]:
    """The expressions over each text in turn (one row a text, in order: one query, however many texts)."""
    values = ", ".join(f"({i}, ?)" for i in range(len(texts)))
    return [row[1:] for row in con.execute(f"SELECT i, {expressions} FROM (VALUES {values}) AS v(i, t) ORDER BY i",
                                           texts).fetchall()]


def test_dates_are_read_only_in_the_allowed_shapes(spark):
    texts, expected = [text for text, _ in DATES], [(value,) for _, value in DATES]
    assert read_all(open_session().con, "read_date(clean_text(t))", texts) == expected
    assert read_all(open_session(Engine("spark", spark_session=spark)).con, "read_date(clean_text(t))", texts) == expected


TEXTS = [
    # (raw, cleaned, read as a whole number, read as a timestamp)
    (f"{NBSP}1950.6{TAB}", "1950.6", 1951, None),  # half up: 1950.6 is 1951 (Spark's cast would give 1950)
    ("1950.5", "1950.5", 1951, None),
    ("1950.4", "1950.4", 1950, None),
    ("6.5", "6.5", 7, None),
    ("1.95e3", "1.95e3", None, None),  # no exponents
    ("1,950", "1,950", None, None),
    ("-3", "-3", None, None),
    (" NULL ", None, None, None),
    ("null", None, None, None),
    (f"{TAB}{NBSP}\u200b", None, None, None),  # tab, non-breaking space, zero-width space: blank
    (f"\ufeff2024-07-15 09:30{NBSP}", "2024-07-15 09:30", None, datetime(2024, 7, 15, 9, 30)),
    ("15/07/2024 09:30:05", "15/07/2024 09:30:05", None, datetime(2024, 7, 15, 9, 30, 5)),
    ("2024-07-15", "2024-07-15", None, datetime(2024, 7, 15)),
]


def test_text_and_numbers_are_read_by_the_same_rules_on_both_engines(spark):
    expressions = "clean_text(t), read_whole(clean_text(t)), read_timestamp(clean_text(t))"
    texts, expected = [raw for raw, *_ in TEXTS], [tuple(read) for _, *read in TEXTS]
    assert read_all(open_session().con, expressions, texts) == expected
    assert read_all(open_session(Engine("spark", spark_session=spark)).con, expressions, texts) == expected


# --- the inputs -----------------------------------------------------------------------------------
def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], columns) -> str:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def resubmission(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """One council's July-September 2024 submission sent again: a row in five deleted, every ST-Max
    outcome changed, every third end date a week earlier."""
    council = rows[0]["LA_Code"]
    quarter = [dict(r) for r in rows if r["LA_Code"] == council and r["Reporting_Period_Start_Date"] == "2024-07-01"]
    kept = [r for i, r in enumerate(quarter) if i % 5]
    for i, r in enumerate(kept):
        if r["Service_Type"] == "Short term support: ST-Max":
            r["Event_Outcome"] = "Admitted to hospital"
        if i % 3 == 0 and r["Event_End_Date"][:4].isdigit() and "-" in r["Event_End_Date"]:
            end = date.fromisoformat(r["Event_End_Date"][:10])
            r["Event_End_Date"] = date.fromordinal(end.toordinal() - 7).isoformat()
    return kept


# Each messy row gets one of these, in turn: (column, how its value is rewritten).
MESS = [
    ("Event_Start_Date", lambda v: v.replace("-", "/")),
    ("Event_End_Date", lambda v: v[:7]),
    ("Event_End_Date", lambda v: v[:4]),
    ("Event_Start_Date", lambda v: v + " junk"),
    ("Event_Start_Date", lambda v: v + "T10:30:00Z"),
    ("Event_End_Date", lambda v: v + " 10:30"),
    ("Event_Start_Date", lambda v: v.replace("-0", "-")),
    ("Reporting_Period_End_Date", lambda v: "/".join(reversed(v.split("-")))),
    ("Date_of_Death", lambda v: "2023-02-29"),
    ("Date_of_Death", lambda v: "31/04/2024"),
    ("Der_Birth_Year", lambda v: v + ".6"),
    ("Der_Birth_Year", lambda v: v + ".5"),
    ("Der_Birth_Year", lambda v: v + ".4"),
    ("Der_Birth_Month", lambda v: v + ".5"),
    ("Der_Birth_Month", lambda v: "12.6"),
    ("Der_Birth_Year", lambda v: "1.95e3"),
    ("Service_Type", lambda v: NBSP + v + NBSP),
    ("LA_Person_Unique_Identifier", lambda v: TAB + v + NBSP),
    ("Event_Start_Date", lambda v: NBSP + v + TAB),
    ("Client_Type", lambda v: v.lower() + TAB),
    ("Event_Outcome", lambda v: "\ufeff" + v + "\u200b"),
    ("Event_End_Date", lambda v: "NULL"),
    ("Gender", lambda v: "null"),
    ("Der_NHS_Number_Traced_Pseudo", lambda v: "NULL"),
    ("Accommodation_Status", lambda v: f" {v}{TAB}"),
]


def messy(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows under other councils' codes, one in eight made messy, every tenth repeated exactly
    (sort keys tie: the later row is kept), and an ImportDate on every row in several shapes."""
    out = []
    for i, row in enumerate(rows):
        row = dict(row) | {"LA_Code": RECODE[row["LA_Code"]]}
        if i % 8 == 0:
            column, change = MESS[(i // 8) % len(MESS)]
            row[column] = change(row[column])
        end = row["Reporting_Period_End_Date"]
        row["ImportDate"] = (f"{end[8:10]}/{end[5:7]}/{int(end[:4]) + (end[5:7] == '12')} 09:00"
                             if i % 2 and end[:4].isdigit() and "-" in end else "2025-05-01 08:00:00")
        out.append(row)
        if i % 10 == 0:
            out.append(dict(row))
    return out


def overlapping(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """A second messy submission for one council stating April-September 2024 (over two quarters of the
    first file's), imported earlier than those, with a non-breaking space round its ImportDate."""
    council = rows[0]["LA_Code"]
    chosen = [dict(r) for r in rows if r["LA_Code"] == council
              and r["Reporting_Period_Start_Date"] in ("2024-04-01", "2024-07-01")]
    return [r | {"Reporting_Period_Start_Date": "2024-04-01", "Reporting_Period_End_Date": "2024-09-30",
                 "ImportDate": f"{NBSP}2024-10-05{NBSP}"} for r in chosen]


SPELL_COLUMNS = ["Spell_ID", "NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date", "Birth_Year",
                 "Birth_Month", "Age_At_Discharge", "Last_Episode_In_Spell", "Admission_Method", "Discharge_Method",
                 "Discharge_Destination", "Treatment_Function_Code", "Management_Type", "Date_of_Death"]


def spells(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Hospital spells of the people with reablement: discharged 0 to 5 days before it starts, some readmitted
    within 84 days, a few repeated (same Spell_ID), some with messy values."""
    rng = random.Random(7)
    out = []
    for row in rows:
        if row["Service_Component"] != "Reablement" or not row["Der_NHS_Number_Traced_Pseudo"]:
            continue
        try:
            start = date.fromisoformat(row["Event_Start_Date"])
        except ValueError:
            continue
        n = len(out)
        discharged = date.fromordinal(start.toordinal() - rng.randint(0, 5))
        spell = {"Spell_ID": f"S{n}", "NHS_Number": row["Der_NHS_Number_Traced_Pseudo"],
                 "Resident_LA_Code": row["LA_Code"],
                 "Admission_Date": date.fromordinal(discharged.toordinal() - rng.randint(1, 20)).isoformat(),
                 "Discharge_Date": discharged.isoformat(), "Birth_Year": row["Der_Birth_Year"],
                 "Birth_Month": row["Der_Birth_Month"], "Age_At_Discharge": "", "Last_Episode_In_Spell": "Y",
                 "Admission_Method": "21", "Discharge_Method": "1", "Discharge_Destination": "19",
                 "Treatment_Function_Code": "300", "Management_Type": "EM", "Date_of_Death": ""}
        if n % 7 == 1:
            spell |= {"Birth_Year": "", "Birth_Month": "", "Age_At_Discharge": "80.5"}
        if n % 7 == 2:
            spell |= {"Discharge_Date": "/".join(reversed(spell["Discharge_Date"].split("-"))),
                      "Admission_Method": NBSP + "21" + TAB}
        if n % 7 == 3:
            spell |= {"Discharge_Method": "NULL", "Spell_ID": ""}
        out.append(spell)
        if n % 5 == 0:  # readmitted as an emergency within 84 days
            again = date.fromordinal(discharged.toordinal() + rng.randint(10, 90))
            out.append(spell | {"Spell_ID": f"S{n}R", "Admission_Date": again.isoformat(),
                                "Discharge_Date": date.fromordinal(again.toordinal() + 3).isoformat()})
        if n % 6 == 0:
            out.append(dict(spell))  # the same spell twice: the first row is kept
    return out


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cld-spark")
    synthetic = folder / "synthetic.parquet"
    generate(synthetic, 250, 2, seed=5)
    generate(folder / "copy.csv", 250, 2, seed=6)
    copy = read_rows(folder / "copy.csv")
    generate(folder / "synthetic.csv", 250, 2, seed=5)
    synthetic_rows = read_rows(folder / "synthetic.csv")
    mess = messy(copy)
    files = [str(synthetic),
             write_rows(folder / "resubmission.csv", resubmission(synthetic_rows), COLUMNS),
             write_rows(folder / "messy.csv", mess, list(COLUMNS) + ["ImportDate"]),
             write_rows(folder / "overlapping.csv", overlapping(mess), list(COLUMNS) + ["ImportDate"])]
    discharges = write_rows(folder / "spells.csv", spells(synthetic_rows + mess), SPELL_COLUMNS)
    assert len(synthetic_rows) > 500 and len(mess) > 500
    return files, discharges


def run_tables(engine: str, files, discharges, spark=None) -> dict:
    """Every table of the method, the quality report and the tally of one engine's run."""
    run = open_session(Engine(engine, spark_session=spark if engine == "spark" else None))
    try:
        sources = run.attach(run.con, files)
        run.attach_discharges(run.con, discharges)
        set_params(run.con, PERIOD.start.isoformat(), PERIOD.end.isoformat(), True)
        run_method(run.con, with_discharges=True)
        tables = {table: sorted(run.con.execute(f"SELECT * FROM {table}").fetchall(), key=_order)
                  for table in TABLES}
        return {"tables": tables, "quality": quality_report(run.con, sources)}
    finally:
        run.con.close()
        run.release(sources)


def _order(row: tuple) -> tuple:
    return tuple((value is None, "" if value is None else str(value)) for value in row)


@pytest.fixture(scope="module")
def both(spark, inputs):
    files, discharges = inputs
    return run_tables("duckdb", files, discharges), run_tables("spark", files, discharges, spark)


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_the_same_on_both_engines(both, table):
    duck, spark = both
    assert len(duck["tables"][table]) == len(spark["tables"][table])
    assert duck["tables"][table] == spark["tables"][table]


def test_the_inputs_exercise_what_they_are_meant_to(both):
    duck, _ = both
    quality = duck["quality"]
    assert quality["balanced"]
    fields = quality["fields"]
    # The messy shapes are refused as dates, years, months; the submissions overlap and are ordered by ImportDate.
    assert fields["Event_Start_Date: not a date"] > 0 and fields["Event_End_Date: not a date"] > 0
    assert fields["Der_Birth_Year: not a year"] > 0 and fields["Der_Birth_Month: not a month (1-12)"] > 0
    assert any(e["used"] != e["stated"] for e in quality["submissions"])
    assert any(e["import_date"] for e in quality["submissions"])
    assert any(reason.startswith("same event") for reason in quality["set_aside"])
    tally = {(code, measure, part): (n, d) for code, measure, part, n, d in duck["tables"]["tally"]}
    for council in ("E06000001", "E06000004"):  # synthetic and messy both give every measure
        assert all(tally.get((council, m, "Total"), (0, 0))[1] for m in ("2A", "2E2B", "3D1A", "2D2"))
    spells = duck["tables"]["discharges"]
    assert any(r[-1] is None for r in spells) and any(r[-1] and "second" in r[-1] for r in spells)


def test_the_quality_report_is_the_same_on_both_engines(both):
    duck, spark = both
    assert duck["quality"] == spark["quality"]


def test_cld_measures_engine_spark_writes_what_duckdb_writes(spark, inputs, tmp_path, capsys):
    files, discharges = inputs
    out = {}
    for engine in ("duckdb", "spark"):
        path = tmp_path / f"{engine}.csv"
        work = ["--spark-work-dir", str(tmp_path / "work")] if engine == "spark" else []
        assert main(["cld", "measures", *files, "--period", "2024-25", "--discharges", discharges,
                     "--engine", engine, *work, "--format", "csv", "-o", str(path)]) == 0
        out[engine] = (path.read_text(encoding="utf-8"), capsys.readouterr().err)
    assert out["duckdb"] == out["spark"]
    assert "2D1" in out["spark"][0] and "Rows read" in out["spark"][1]
    assert spark.sql("SELECT 1").collect()[0][0] == 1  # the session already running is used and left running
    assert not any((tmp_path / "work").iterdir())  # the steps' tables kept there are deleted


def test_a_malformed_csv_line_is_refused_by_both_engines_naming_the_file(spark, tmp_path):
    header = ",".join(COLUMNS)
    good = ",".join(["E06000001", "", "N1", "P1", "1950", "6"] + [""] * (len(COLUMNS) - 6))
    path = tmp_path / "broken.csv"
    path.write_text("\n".join([header] + [good] * 30 + [good + ",extra,values"] + [good] * 5) + "\n",
                    encoding="utf-8")
    for engine in ("duckdb", "spark"):  # refused, the file named (DuckDB's sniffer already fails on its header)
        run = open_session(Engine(engine, spark_session=spark if engine == "spark" else None))
        with pytest.raises(AscofError, match=re.escape(f"{path}: ")):
            run.attach(run.con, [str(path)])
        run.con.close()


def test_spark_options_without_the_spark_engine_are_refused(tmp_path, capsys):
    # Needs no Spark: the options would otherwise be ignored without a word.
    assert main(["cld", "measures", str(tmp_path / "any.csv"), "--period", "2024-25",
                 "--spark-master", "local[1]"]) != 0
    assert "add --engine spark" in capsys.readouterr().err
