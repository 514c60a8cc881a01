"""Reporting periods and submission selection (DHSC's joined submissions): for each council and
calendar quarter, the latest submission covering it supplies it; rows of a submission that loses
its quarters are set aside with the reason; a stated period that differs from the one its event end
dates give is reported. Counts are worked out by hand in each test's comments from the method note
(../shared/reference/cld-method.md, section 1), never from the code.
"""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pytest

from ascof_xl.cld import compute_measures, parse_period, summary_lines
from ascof_xl.cld.load import attach, connect, release
from ascof_xl.cld.quality import DUPLICATE
from ascof_xl.cld.steps import PREPARE, run_step, set_params
from ascof_xl.cld.synth import COLUMNS, generate

PERIOD = parse_period("2024-04-01:2025-03-31")
Q1 = ("2024-04-01", "2024-06-30")
Q2 = ("2024-07-01", "2024-09-30")
Q1_Q2 = ("2024-04-01", "2024-09-30")
SUPERSEDED = "superseded: a later submission from the council covers the same quarters"
LOST_QUARTER = "in a quarter a later submission from the council covers"
OUTSIDE = "outside its submission's reporting period"
_refs = itertools.count(1)


def row(code: str, period: tuple[str, str], person: str, event_type: str, start: str, end: str = "",
        **fields: str) -> dict[str, str]:
    """One CLD row of a person born January 1950 (aged 74 in 2024) in council `code`, unless given."""
    return {name: "" for name in COLUMNS} | {
        "LA_Code": code, "LA_Person_Unique_Identifier": person, "Der_Birth_Year": "1950", "Der_Birth_Month": "1",
        "Client_Type": "Service user", "Gender": "Female", "Event_Type": event_type,
        "Event_Reference": f"R{next(_refs)}", "Event_Start_Date": start, "Event_End_Date": end,
        "Reporting_Period_Start_Date": period[0], "Reporting_Period_End_Date": period[1],
    } | fields


def st_max(code, period, person, start, end, outcome, **fields):
    return row(code, period, person, "Service", start, end, Service_Type="Short term support: ST-Max",
               Service_Component="Reablement", Event_Outcome=outcome, **fields)


def write(path: Path, rows: list[dict[str, str]]) -> str:
    """A CSV of the rows, with an ImportDate column when any row has one."""
    names = list(COLUMNS) + (["ImportDate"] if any("ImportDate" in r for r in rows) else [])
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def run(files: list[str], code: str) -> tuple[dict, dict]:
    """Every measure of one council ({(measure, part): (numerator, denominator, outcome)}) and the report."""
    result = compute_measures(files, PERIOD, population={code: {"18-64": 100_000, "65 and over": 40_000}})
    assert result["quality"]["balanced"]
    got = {(r["measure"], r["disaggregation"]): (r["numerator"], r["denominator"], r["outcome"])
           for r in result["rows"] if r["council"] == code}
    return got, result["quality"]


def tables(files: list[str], *names: str) -> dict[str, list[tuple]]:
    """The method's preparation steps run on the files; the rows of the named tables."""
    con = connect()
    sources = attach(con, files)
    try:
        set_params(con, PERIOD.start.isoformat(), PERIOD.end.isoformat())
        for table, step in PREPARE[:[t for t, _ in PREPARE].index("events") + 1]:
            run_step(con, table, step)
        return {name: con.execute(QUERIES[name]).fetchall() for name in names}
    finally:
        con.close()
        release(sources)


QUERIES = {
    "events": "SELECT source_file, person_id, Event_Start_Date, Delivery_Mechanism, Event_Outcome FROM events "
              "ORDER BY person_id, Event_Start_Date",
    "submissions": "SELECT source_file, Used_Period_Start_Date, Used_Period_End_Date, quarters_won FROM submissions "
                   "ORDER BY source_file",
    "crops": "SELECT f.person_id, c.cropped_end FROM crops AS c JOIN events_filtered AS f USING (row_id)",
}


# --- a resubmission replaces the earlier file ------------------------------------------------------

def test_resubmission_corrects_a_start_date_and_deletes_an_event(tmp_path):
    # Q1 file (first on the command line): P1 admitted to residential care, start 2024-03-20 (wrong);
    # P2 an ST-Max episode in May; P3 a community service. The Q1-Q2 resubmission (second) corrects
    # P1's start to 2024-04-10, drops P2's episode (deleted), repeats P3's service.
    # Both state periods covering Q1 whole; the resubmission ends later (09-30 > 06-30), so it
    # supplies Q1 and Q2; the Q1 file wins no quarter and its 3 rows are set aside as superseded.
    # 2C: P1 admitted 2024-04-10 aged 74, with no earlier stay (the 03-20 row is gone): 1 person /
    # 40,000 x 100,000 = 2.5. (Were the old row kept, P1's open stay from 03-20 would make the April
    # admission not new, and P2's episode would be a 2A cluster.) 2A: no cluster: 0 / 0.
    code = "E99100001"
    residential = {"Service_Type": "Long term support: Residential care", "Service_Component": "Residential care"}
    community = {"Service_Type": "Long term support: Community"}
    first = write(tmp_path / "q1.csv", [
        row(code, Q1, "P1", "Service", "2024-03-20", Event_Reference="S1", **residential),
        st_max(code, Q1, "P2", "2024-05-01", "2024-05-20", "NFA: Other", Event_Reference="S2"),
        row(code, Q1, "P3", "Service", "2024-05-01", Event_Reference="S3", **community),
    ])
    again = write(tmp_path / "q1-q2.csv", [
        row(code, Q1_Q2, "P1", "Service", "2024-04-10", Event_Reference="S1", **residential),
        row(code, Q1_Q2, "P3", "Service", "2024-05-01", Event_Reference="S3", **community),
    ])
    got, quality = run([first, again], code)
    assert got[("2C", "Total")] == (1, 40_000, 2.5)
    assert got[("2A", "Total")][:2] == (0, 0)
    council = quality["councils"][code]
    assert (council["rows_in"], council["rows_used"], council["set_aside"]) == (5, 2, {SUPERSEDED: 3})
    assert [(s["file"], s["used"], s["quarters_won"]) for s in quality["submissions"]] == [
        (first, None, 0), (again, "2024-04-01:2024-09-30", 2)]
    # P1 counted once, from the resubmission (file 1) with the corrected start; P2 gone.
    events = tables([first, again], "events")["events"]
    assert [(f, person, start) for f, person, start, *_ in events] == [
        (1, f"{code}_P1", date(2024, 4, 10)), (1, f"{code}_P3", date(2024, 5, 1))]


def test_person_details_come_from_the_submission_that_supplies_the_quarter(tmp_path):
    # Two files state the same Q1 period for the council; the second on the command line supplies
    # Q1, and the first is superseded. P's one community service (open from 2024-05-01, aged 74)
    # is recorded Male in the first and Female in the second. Read from both, the two top rows
    # would disagree and P's gender would be 'Unknown' (Total only); read, as DHSC reads, from the
    # submission that supplies the quarter, P is Female: 2E2B Female 0 / 1 (no accommodation, no
    # component: presumed in community, not settled), Male 0 / 0.
    code = "E99100009"
    community = {"Service_Type": "Long term support: Community"}
    first = write(tmp_path / "first.csv", [
        row(code, Q1, "P", "Service", "2024-05-01", Event_Reference="S1", Gender="Male", **community)])
    second = write(tmp_path / "second.csv", [
        row(code, Q1, "P", "Service", "2024-05-01", Event_Reference="S1", Gender="Female", **community)])
    got, _ = run([first, second], code)
    assert got[("2E2B", "Female")][:2] == (0, 1)
    assert got[("2E2B", "Male")][:2] == (0, 0)


def test_person_details_ignore_a_row_in_a_quarter_another_submission_supplies(tmp_path):
    # An annual file (imported 2025-06-01) records P's May request as 'Rough sleeper or squatting' and
    # P's community service (direct payment) from 2024-11-01, accommodation blank. A Q1-Q2
    # resubmission imported later (2025-07-01) corrects the May request to owner occupier. By
    # ImportDate the resubmission supplies Q1 and Q2 and the annual file Q3 and Q4 only, so the
    # annual file's May row lies in a quarter it lost: set aside. Person details read only the rows
    # kept: the owner-occupier request is P's only known value, so P (75 at the period end) is
    # settled: 2E2B 1 / 1.
    code = "E99100010"
    annual = ("2024-04-01", "2025-03-31")
    first = write(tmp_path / "annual.csv", [
        row(code, annual, "P", "Request", "2024-05-01", "2024-05-10",
            Accommodation_Status="Rough sleeper or squatting", ImportDate="2025-06-01"),
        row(code, annual, "P", "Service", "2024-11-01", Service_Type="Long term support: Community",
            Service_Component="Direct payment", ImportDate="2025-06-01")])
    again = write(tmp_path / "q1-q2.csv", [
        row(code, Q1_Q2, "P", "Request", "2024-05-01", "2024-05-10",
            Accommodation_Status="Owner occupier or shared ownership scheme", ImportDate="2025-07-01")])
    got, quality = run([first, again], code)
    assert quality["councils"][code]["set_aside"] == {LOST_QUARTER: 1}
    assert got[("2E2B", "Total")] == (1, 1, 100.0)


def test_person_details_ignore_a_row_outside_the_period(tmp_path):
    # One annual file: P's community home support, open since 2024-01-01, accommodation blank, and a
    # request of May 2023, outside the file's stated period (set aside), recording P as a rough
    # sleeper. Read only from the rows kept, P's accommodation is imputed from home support:
    # 'Unknown: presumed at home', settled: 2E2B 1 / 1.
    code = "E99100011"
    annual = ("2024-04-01", "2025-03-31")
    only = write(tmp_path / "annual.csv", [
        row(code, annual, "P", "Service", "2024-01-01", Service_Type="Long term support: Community",
            Service_Component="Home support or domiciliary care"),
        row(code, annual, "P", "Request", "2023-05-01", "2023-05-10", Accommodation_Status="Rough sleeper or squatting")])
    got, quality = run([only], code)
    assert quality["councils"][code]["set_aside"] == {OUTSIDE: 1}
    assert got[("2E2B", "Total")] == (1, 1, 100.0)


# --- quarterly files that do not overlap --------------------------------------------------------

def test_two_quarterly_files_are_both_used_and_a_service_in_both_counts_once(tmp_path):
    # Q1 file: P's community service S1 (commissioned, open), Q's S2 (direct payment, open), R's
    # ST-Max in May. Q2 file: P's S1 again, now a direct payment, and T's ST-Max in August.
    # Each file covers its own quarter whole and no other: both supply rows, none set aside as
    # superseded. S1 is one event in two submissions: the Q2 record is kept (1 set aside as a
    # duplicate). S2 is open at 06-30 and absent from the council's next period: cropped at 06-30,
    # so not open at 2025-03-31. 3D (people aged 44 with a service open at the period end): P only,
    # with a direct payment: 3D1A 1 / 1, 3D2A 1 / 1 = 100.0. 2A: R's and T's clusters, both
    # 'NFA: Other', neither with earlier long-term support: 2 / 2 = 100.0.
    code = "E99100002"
    adult = {"Der_Birth_Year": "1980", "Service_Type": "Long term support: Community"}
    q1 = write(tmp_path / "q1.csv", [
        row(code, Q1, "P", "Service", "2024-05-01", Event_Reference="S1",
            Delivery_Mechanism="CASSR commissioned support", **adult),
        row(code, Q1, "Q", "Service", "2024-05-01", Event_Reference="S2", Delivery_Mechanism="Direct payment",
            **adult),
        st_max(code, Q1, "R", "2024-05-01", "2024-05-20", "NFA: Other"),
    ])
    q2 = write(tmp_path / "q2.csv", [
        row(code, Q2, "P", "Service", "2024-05-01", Event_Reference="S1", Delivery_Mechanism="Direct payment",
            **adult),
        st_max(code, Q2, "T", "2024-08-01", "2024-08-20", "NFA: Other"),
    ])
    got, quality = run([q1, q2], code)
    assert got[("3D1A", "Total")] == (1, 1, 100.0)
    assert got[("3D2A", "Total")] == (1, 1, 100.0)
    assert got[("2A", "Total")] == (2, 2, 100.0)
    council = quality["councils"][code]
    assert (council["rows_in"], council["rows_used"], council["set_aside"]) == (5, 4, {DUPLICATE: 1})
    found = tables([q1, q2], "submissions", "events", "crops")
    assert found["submissions"] == [(0, date(2024, 4, 1), date(2024, 6, 30), 1),
                                    (1, date(2024, 7, 1), date(2024, 9, 30), 1)]
    assert [(f, mechanism) for f, person, _, mechanism, _ in found["events"] if person == f"{code}_P"] == [
        (1, "Direct payment")]
    assert found["crops"] == [(f"{code}_Q", date(2024, 6, 30))]


# --- ImportDate orders submissions --------------------------------------------------------------

def import_date_files(tmp_path: Path, code: str, with_import_dates: bool) -> list[str]:
    """File Y (Q1, imported 20/11/2024) named first, then X (Q1-Q2, imported 2024-10-05 09:30)."""
    y_date = {"ImportDate": "20/11/2024"} if with_import_dates else {}
    x_date = {"ImportDate": "2024-10-05 09:30:00"} if with_import_dates else {}
    x = [
        st_max(code, Q1_Q2, "A", "2024-05-01", "2024-05-20", "NFA: Support declined", **x_date),
        st_max(code, Q1_Q2, "B", "2024-08-01", "2024-08-20", "NFA: Other", **x_date),
        st_max(code, Q1_Q2, "C", "2024-05-01", "2024-05-20", "NFA: Support declined", **x_date),
    ]
    y = [st_max(code, Q1, "A", "2024-05-01", "2024-05-20", "NFA: Other", **y_date)]
    suffix = "import" if with_import_dates else "plain"
    return [write(tmp_path / f"y-{suffix}.csv", y), write(tmp_path / f"x-{suffix}.csv", x)]


def test_import_dates_order_submissions_against_the_file_order(tmp_path):
    # Both files carry ImportDate: X (2024-10-05) is older than Y (2024-11-20), although X is named
    # later and its stated period ends later. Q1: both cover it whole, Y is the latest -> Y.
    # Q2: only X covers it -> X, whose rows keep 07-01 to 09-30. X's A and C end in May: inside its
    # stated period, outside the quarter it wins -> set aside, a later submission covers that
    # quarter (2). Used: Y's A (corrected outcome 'NFA: Other') and X's B. 2A: A and B counted: 2 / 2.
    code = "E99100003"
    got, quality = run(import_date_files(tmp_path, code, with_import_dates=True), code)
    assert got[("2A", "Total")] == (2, 2, 100.0)
    council = quality["councils"][code]
    assert (council["rows_in"], council["rows_used"], council["set_aside"]) == (4, 2, {LOST_QUARTER: 2})
    assert [(Path(s["file"]).name, s["import_date"], s["used"]) for s in quality["submissions"]] == [
        ("x-import.csv", "2024-10-05 09:30:00", "2024-07-01:2024-09-30"),
        ("y-import.csv", "2024-11-20 00:00:00", "2024-04-01:2024-06-30")]
    assert any(f"council {code}, stated period 2024-04-01:2024-09-30: read for 2024-07-01:2024-09-30 only" in line
               for line in summary_lines(quality))


def test_without_import_dates_the_later_stated_end_wins(tmp_path):
    # The same rows with no ImportDate column: X's period ends later (09-30 > 06-30), so X supplies
    # Q1 and Q2 and Y (1 row) is superseded. A is 'Support declined' (excluded), C too; B counts:
    # 2A 1 / 1.
    code = "E99100004"
    got, quality = run(import_date_files(tmp_path, code, with_import_dates=False), code)
    assert got[("2A", "Total")] == (1, 1, 100.0)
    council = quality["councils"][code]
    assert (council["rows_in"], council["rows_used"], council["set_aside"]) == (4, 3, {SUPERSEDED: 1})


# --- derived reporting period -------------------------------------------------------------------

def test_stated_period_that_differs_from_the_derived_one_is_reported(tmp_path):
    # All three councils state Q1 (2024-04-01 to 06-30).
    # E99100005, 107 end dates, each its own person: 2 requests ending in March; April and May 30
    #   requests, 10 assessments, 10 reviews each (3 types, 50); June 5 requests. Most types in a
    #   month: 3, so a month needs >= 2 types and >= 2% of 107 (2.14): March (2) fails on share,
    #   June (1 type) on types -> derived 2024-04-01 to 05-31: reported. The March requests end
    #   before the period: set aside (2); the other 105 are used.
    # E99100006, imported 2024-07-15, 3 requests ending 03-10, 04-10 and 07-05, and an open service:
    #   fewer than 100 end dates, so every month counts, but only months before the import month:
    #   derived 2024-03-01 to 04-30: reported. March and July requests are outside Q1 (2 set aside).
    # E99100007: requests ending in April, May and June: derived = stated, not reported.
    big, small, agrees = "E99100005", "E99100006", "E99100007"
    rows = [row(big, Q1, f"M{i}", "Request", "2024-03-14", "2024-03-15") for i in range(2)]
    for month in ("04", "05"):
        for kind, n in (("Request", 30), ("Assessment", 10), ("Review", 10)):
            rows += [row(big, Q1, f"{kind}{month}-{i}", kind, f"2024-{month}-01", f"2024-{month}-{10 + i % 15}")
                     for i in range(n)]
    rows += [row(big, Q1, f"J{i}", "Request", "2024-06-01", "2024-06-10") for i in range(5)]
    imported = {"ImportDate": "2024-07-15"}
    rows += [row(small, Q1, f"S{i}", "Request", start, end, **imported) for i, (start, end) in
             enumerate((("2024-03-09", "2024-03-10"), ("2024-04-09", "2024-04-10"), ("2024-06-30", "2024-07-05")))]
    rows.append(row(small, Q1, "S9", "Service", "2024-04-01", Service_Type="Long term support: Community",
                    **imported))
    rows += [row(agrees, Q1, f"A{i}", "Request", f"2024-{m}-01", f"2024-{m}-02")
             for i, m in enumerate(("04", "05", "06"))]
    path = write(tmp_path / "periods.csv", rows)
    result = compute_measures([path], PERIOD, population={})
    quality = result["quality"]
    differs = [f for f in quality["findings"] if f.code == "cld.period-differs"]
    assert [(f.severity, f.location.file, f.message) for f in differs] == [
        ("info", path, f"council {big} states its period as 2024-04-01:2024-06-30, its event "
         "end dates give 2024-04-01:2024-05-31 (a finding: the stated period is used)"),
        ("info", path, f"council {small} states its period as 2024-04-01:2024-06-30, its "
         "event end dates give 2024-03-01:2024-04-30 (a finding: the stated period is used)"),
    ]
    # A finding, not a set-aside: the rows are read in the stated period.
    counted = {code: (c["rows_in"], c["rows_used"], c["set_aside"]) for code, c in quality["councils"].items()}
    assert counted == {big: (107, 105, {OUTSIDE: 2}), small: (4, 2, {OUTSIDE: 2}), agrees: (3, 3, {})}
    assert quality["balanced"]
    lines = summary_lines(quality)
    assert any(f"council {big} states its period as 2024-04-01:2024-06-30, its event end dates give "
               "2024-04-01:2024-05-31" in line for line in lines)


def test_unreadable_import_date_is_reported(tmp_path):
    # One row's ImportDate is 'last week': reported for its submission; the other row's date orders it.
    code = "E99100008"
    path = write(tmp_path / "bad-import.csv", [
        row(code, Q1, "A", "Request", "2024-05-01", "2024-05-02", ImportDate="last week"),
        row(code, Q1, "B", "Request", "2024-05-01", "2024-05-02", ImportDate="2024-07-10"),
    ])
    quality = compute_measures([path], PERIOD, population={})["quality"]
    unreadable = [f for f in quality["findings"] if f.code == "cld.unreadable-import-date"]
    assert [(f.severity, f.location.file, f.location.column, f.message) for f in unreadable] == [
        ("warning", path, "ImportDate", f"council {code}, period 2024-04-01:2024-06-30: ImportDate unreadable in 1 "
         "rows (write it as YYYY-MM-DD or YYYY-MM-DD hh:mm:ss)")]
    assert quality["submissions"][0]["import_date"] == "2024-07-10 00:00:00"
    assert any("ImportDate unreadable in 1 rows" in line for line in summary_lines(quality))


# --- rows conserved at scale --------------------------------------------------------------------

def test_an_extract_given_twice_is_read_once_and_every_row_is_accounted_for(tmp_path):
    # The same synthetic extract named twice: every submission appears in both files with the same
    # period, so the later file supplies every quarter and each of the first file's rows is set aside
    # as superseded. The measures equal those of the file read once; rows in double.
    path = str(tmp_path / "synthetic.csv")
    generate(path, people=150, councils=2, seed=3)
    once = compute_measures([path], PERIOD)
    twice = compute_measures([path, path], PERIOD)
    assert twice["rows"] == once["rows"]
    q1, q2 = once["quality"], twice["quality"]
    assert q2["balanced"] and q1["balanced"]
    assert q2["rows_in"] == 2 * q1["rows_in"]
    assert q2["rows_used"] == q1["rows_used"]
    # Each row of the first copy is set aside once more than when read once: for its own fault
    # (found before submissions are compared, e.g. no person identifier), or else as superseded.
    superseded = q2["set_aside"].pop(SUPERSEDED)
    extra = {reason: n - q1["set_aside"].get(reason, 0) for reason, n in q2["set_aside"].items()}
    assert all(extra[reason] in (0, n) for reason, n in q1["set_aside"].items())
    assert superseded + sum(extra.values()) == q1["rows_in"]
    # Synthetic submissions are quarterly: half win their quarter, their first copies win nothing.
    won = sorted(s["quarters_won"] for s in q2["submissions"])
    assert superseded > 0 and won == [0] * (len(won) // 2) + [1] * (len(won) // 2)


# --- the submissions step alone -----------------------------------------------------------------

@pytest.fixture()
def con():
    connection = connect()
    yield connection
    connection.close()


def test_submissions_step_alone(con):
    # E1: two files state Q1, no import dates: the file named later wins; the other is superseded.
    # E2: only one of two submissions has an ImportDate, so import dates are not used: the later
    #     stated end (Q1-Q2, file 0) supplies both quarters.
    # E3: Q1-Q3 imported 2025-01-10 and Q2 imported 2025-02-01: the Q2 file takes Q2; the first
    #     keeps Q1 and Q3, spanning 04-01 to 12-31 (2 quarters won).
    # E4: Q1 whole (file 0) and 05-01 to 07-31 (file 1, ends later): Q1 goes to the file covering it
    #     whole; Q2 is covered whole by none, so the latest touching it (file 1) takes it, within
    #     its stated period: 07-01 to 07-31. Its May-June rows lose to an earlier, whole submission.
    # E5: Q1 whole (file 0) and 05-01 to 06-30 (file 1, same end, named later): file 1 is later but
    #     covers no quarter whole, so it wins nothing and is superseded by the whole one.
    con.execute("""CREATE TABLE reporting_periods AS SELECT * FROM (VALUES
        (0, 'E1', DATE '2024-04-01', DATE '2024-06-30', 10, NULL),
        (1, 'E1', DATE '2024-04-01', DATE '2024-06-30', 10, NULL),
        (0, 'E2', DATE '2024-04-01', DATE '2024-09-30', 10, TIMESTAMP '2024-10-01 00:00:00'),
        (1, 'E2', DATE '2024-04-01', DATE '2024-06-30', 10, NULL),
        (0, 'E3', DATE '2024-04-01', DATE '2024-12-31', 10, TIMESTAMP '2025-01-10 00:00:00'),
        (1, 'E3', DATE '2024-07-01', DATE '2024-09-30', 10, TIMESTAMP '2025-02-01 00:00:00'),
        (0, 'E4', DATE '2024-04-01', DATE '2024-06-30', 10, NULL),
        (1, 'E4', DATE '2024-05-01', DATE '2024-07-31', 10, NULL),
        (0, 'E5', DATE '2024-04-01', DATE '2024-06-30', 10, NULL),
        (1, 'E5', DATE '2024-05-01', DATE '2024-06-30', 10, NULL)
    ) AS t(source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date, n_rows, ImportDate)""")
    run_step(con, "submissions", "submissions.sql")
    got = con.execute("""SELECT LA_Code, source_file, quarters_won, Used_Period_Start_Date, Used_Period_End_Date,
                                superseded, lost_quarter_reason
                         FROM submissions ORDER BY LA_Code, source_file""").fetchall()
    whole = "superseded: its quarters are taken from submissions that cover them whole"
    lost_to_whole = "in a quarter taken from another submission that covers it whole"
    assert got == [
        ("E1", 0, 0, None, None, SUPERSEDED, LOST_QUARTER),
        ("E1", 1, 1, date(2024, 4, 1), date(2024, 6, 30), None, LOST_QUARTER),
        ("E2", 0, 2, date(2024, 4, 1), date(2024, 9, 30), None, LOST_QUARTER),
        ("E2", 1, 0, None, None, SUPERSEDED, LOST_QUARTER),
        ("E3", 0, 2, date(2024, 4, 1), date(2024, 12, 31), None, LOST_QUARTER),
        ("E3", 1, 1, date(2024, 7, 1), date(2024, 9, 30), None, LOST_QUARTER),
        ("E4", 0, 1, date(2024, 4, 1), date(2024, 6, 30), None, LOST_QUARTER),
        ("E4", 1, 1, date(2024, 7, 1), date(2024, 7, 31), None, lost_to_whole),
        ("E5", 0, 1, date(2024, 4, 1), date(2024, 6, 30), None, LOST_QUARTER),
        ("E5", 1, 0, None, None, whole, lost_to_whole),
    ]
