"""Data quality of a CLD run, never silent: every row read is used or set aside with its reason.

Rows in = rows used (one per unique event) + rows set aside, by reason, for every council; field
problems (unreadable dates, values not on the release 2 list) are counted per field, as the national
data-quality tables count them; unknown and absent columns are listed per file.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import duckdb

from ascof_xl.cld.checks import ROW_NUMBER_SPAN, file_findings
from ascof_xl.cld.engines import DUCKDB, Engine, open_session
from ascof_xl.cld.load import SourceFile
from ascof_xl.cld.steps import PREPARE, run_step
from ascof_xl.findings import Finding, Location
from ascof_xl.outputs.temporary import private_folder

DUPLICATE = "same event as another record kept (from a later submission, or a later row)"
PERIOD_LINES = 10  # submissions, and findings of each kind, shown in the summary; the report holds them all

# Field problems counted: (field, flag column in cld_typed, what the problem is).
FIELD_CHECKS = tuple(
    (field, f"bad_{field}", problem)
    for field, problem in (
        ("Der_Birth_Year", "not a year"),
        ("Der_Birth_Month", "not a month (1-12)"),
        ("Event_Start_Date", "not a date"),
        ("Event_End_Date", "not a date"),
        ("Date_of_Death", "not a date"),
        ("Reporting_Period_Start_Date", "not a date"),
        ("Reporting_Period_End_Date", "not a date"),
        ("Client_Type", "not a release 1 or 2 value"),
        ("Event_Type", "not a release 1 or 2 value"),
        ("Service_Type", "not a release 1 or 2 value"),
        ("Delivery_Mechanism", "not a release 1 or 2 value"),
        ("Event_Outcome", "not a release 1 or 2 value"),
        ("Accommodation_Status", "not a release 1 or 2 value"),
    )
) + (
    # Kept, as DHSC's code keeps it: 2A and 2E pass such a row over, 2B/2C and 3D carers read it.
    ("Event_End_Date", "end_before_start", "before the event's start date (2A and 2E pass the row over)"),
)


def quality_report(con: duckdb.DuckDBPyConnection, sources: list[SourceFile]) -> dict[str, Any]:
    """Counts per council and overall: rows in, used, set aside by reason, field problems; files' columns."""
    councils: dict[str, dict[str, Any]] = {}

    def council(code: str | None) -> dict[str, Any]:
        return councils.setdefault(code or "(blank)", {"rows_in": 0, "rows_used": 0, "set_aside": {}, "fields": {}})

    for code, n in con.execute("SELECT LA_Code, COUNT(*) FROM cld_checked GROUP BY LA_Code").fetchall():
        council(code)["rows_in"] = n
    set_aside = (
        "SELECT LA_Code, set_aside, COUNT(*) FROM cld_checked WHERE set_aside IS NOT NULL GROUP BY ALL "
        "UNION ALL SELECT LA_Code, drop_reason, COUNT(*) FROM events_filtered WHERE drop_reason IS NOT NULL GROUP BY ALL"
    )
    for code, reason, n in con.execute(set_aside).fetchall():
        council(code)["set_aside"][reason] = n
    kept = dict(con.execute("SELECT LA_Code, COUNT(*) FROM events_cropped GROUP BY LA_Code").fetchall())
    for code, n in con.execute("SELECT LA_Code, COUNT(*) FROM events GROUP BY LA_Code").fetchall():
        council(code)["rows_used"] = n
        if kept.get(code, 0) > n:
            council(code)["set_aside"][DUPLICATE] = kept[code] - n
    sums = ", ".join(f"SUM(CASE WHEN {flag} THEN 1 ELSE 0 END)" for _, flag, _ in FIELD_CHECKS)
    for code, *counts in con.execute(f"SELECT LA_Code, {sums} FROM cld_checked GROUP BY LA_Code").fetchall():
        council(code)["fields"] = {f"{field}: {problem}": n
                                   for (field, _, problem), n in zip(FIELD_CHECKS, counts) if n}
    for entry in councils.values():
        entry["rows_set_aside"] = sum(entry["set_aside"].values())
        entry["balanced"] = entry["rows_in"] == entry["rows_used"] + entry["rows_set_aside"]
    files = [s.path for s in sources]
    submissions, noted = submission_findings(con, files)
    return {
        "rows_in": sum(e["rows_in"] for e in councils.values()),
        "rows_used": sum(e["rows_used"] for e in councils.values()),
        "rows_set_aside": sum(e["rows_set_aside"] for e in councils.values()),
        "balanced": all(e["balanced"] for e in councils.values()),
        "set_aside": _total(e["set_aside"] for e in councils.values()),
        "fields": _total(e["fields"] for e in councils.values()),
        "examples": examples(con, files),
        "councils": dict(sorted(councils.items())),
        "files": [{"file": s.path, "unknown_columns": s.unknown_columns, "absent_columns": s.absent_optional}
                  for s in sources],
        "submissions": submissions,
        "findings": file_findings(con, files) + noted,  # the checks' (errors first), then the submissions'
    }


def submission_findings(con: duckdb.DuckDBPyConnection, files: list[str]) -> tuple[list[dict[str, Any]], list[Finding]]:
    """Each submission and the span it supplies; as findings, those whose stated period differs from the
    period their event end dates give (the stated one is used) and those with unreadable import dates."""
    query = """
        SELECT s.LA_Code, s.source_file, s.Reporting_Period_Start_Date, s.Reporting_Period_End_Date,
               s.ImportDate, s.Used_Period_Start_Date, s.Used_Period_End_Date, s.quarters_won, s.n_rows,
               r.Der_Reporting_Period_Start_Date, r.Der_Reporting_Period_End_Date, r.unreadable_import_dates
        FROM submissions AS s
        JOIN reporting_periods AS r
          ON r.source_file = s.source_file AND r.LA_Code = s.LA_Code
         AND r.Reporting_Period_Start_Date = s.Reporting_Period_Start_Date
         AND r.Reporting_Period_End_Date = s.Reporting_Period_End_Date
        ORDER BY s.LA_Code, s.submission_order"""
    submissions, periods, import_dates = [], [], []
    for (code, index, start, end, imported, used_start, used_end, won, n_rows,
         derived_start, derived_end, unreadable) in con.execute(query).fetchall():
        stated = _span(start, end)
        submissions.append({"council": code, "file": files[index], "stated": stated,
                            "import_date": imported.isoformat(sep=" ") if imported else None,
                            "rows": n_rows, "quarters_won": won, "used": _span(used_start, used_end)})
        if derived_start is not None and (derived_start, derived_end) != (start, end):
            periods.append(Finding(
                "cld.period-differs", "info", Location(file=files[index]),
                f"council {code} states its period as {stated}, its event end dates give "
                f"{_span(derived_start, derived_end)} (a finding: the stated period is used)"))
        if unreadable:
            import_dates.append(Finding(
                "cld.unreadable-import-date", "warning", Location(file=files[index], column="ImportDate"),
                f"council {code}, period {stated}: ImportDate unreadable in {unreadable:,} rows (write it as "
                "YYYY-MM-DD or YYYY-MM-DD hh:mm:ss)"))
    return submissions, import_dates + periods


def _span(start, end) -> str | None:
    return f"{start.isoformat()}:{end.isoformat()}" if start is not None else None


def _total(parts) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for key, n in part.items():
            total[key] = total.get(key, 0) + n
    return dict(sorted(total.items(), key=lambda item: -item[1]))


def examples(con: duckdb.DuckDBPyConnection, files: list[str], per_reason: int = 3) -> list[dict[str, Any]]:
    """The first few rows set aside for each reason, located by file and data row."""
    query = f"""
        SELECT reason, source_file, row_id, LA_Code, LA_Person_Unique_Identifier FROM (
            SELECT set_aside AS reason, source_file, row_id, LA_Code, LA_Person_Unique_Identifier,
                   ROW_NUMBER() OVER (PARTITION BY set_aside ORDER BY row_id) AS n
            FROM cld_checked WHERE set_aside IS NOT NULL
            UNION ALL
            SELECT drop_reason, source_file, row_id, LA_Code, LA_Person_Unique_Identifier,
                   ROW_NUMBER() OVER (PARTITION BY drop_reason ORDER BY row_id)
            FROM events_filtered WHERE drop_reason IS NOT NULL
        ) WHERE n <= {per_reason} ORDER BY reason, row_id"""
    return [{"reason": reason, "file": files[index], "row": row_id % ROW_NUMBER_SPAN, "council": code,
             "person": person} for reason, index, row_id, code, person in con.execute(query).fetchall()]


def summary_lines(report: dict[str, Any]) -> list[str]:
    """A few plain lines for the end of a `measures` run: rows in, used, set aside by reason."""
    lines = [f"Rows read {report['rows_in']:,}: used {report['rows_used']:,}, "
             f"set aside {report['rows_set_aside']:,}" + ("" if report["balanced"] else " (COUNTS DO NOT BALANCE)")]
    lines += [f"  set aside, {reason}: {n:,}" for reason, n in report["set_aside"].items()]
    lines += [f"  field {problem}: {n:,} rows" for problem, n in report["fields"].items()]
    narrowed = [entry for entry in report["submissions"] if entry["used"] != entry["stated"]]
    for entry in narrowed[:PERIOD_LINES]:
        lines.append(f"  {entry['file']}: council {entry['council']}, stated period {entry['stated']}: "
                     + (f"read for {entry['used']} only" if entry["used"] else "not read")
                     + " (other submissions, later or covering whole quarters, supply the rest"
                     + ("" if entry["import_date"] else "; without ImportDate the later stated period end "
                        "counts as later, then the file named later: add ImportDate to set the order")
                     + ")")
    if len(narrowed) > PERIOD_LINES:
        lines.append(f"  ... and {len(narrowed) - PERIOD_LINES:,} more submissions read in part or not at all "
                     "(cld quality --format json lists every submission)")
    lines += finding_lines(report["findings"])
    for entry in report["files"]:
        if entry["unknown_columns"]:
            lines.append(f"  {entry['file']}: columns not in the national specification, not used: "
                         + ", ".join(entry["unknown_columns"]))
        if entry["absent_columns"]:
            lines.append(f"  {entry['file']}: columns absent, read as blank: " + ", ".join(entry["absent_columns"]))
    return lines


def finding_lines(findings: list[Finding]) -> list[str]:
    """The findings as lines, at most PERIOD_LINES of each kind, then how many more (JSON lists them all)."""
    lines, shown = [], Counter()
    for finding in findings:
        shown[finding.code] += 1
        if shown[finding.code] <= PERIOD_LINES:
            lines.append(f"  {finding.line()}")
    lines += [f"  ... and {n - PERIOD_LINES:,} more {code} findings (cld quality --format json lists every one)"
              for code, n in shown.items() if n > PERIOD_LINES]
    return lines


def check_files(files, memory_limit: str | None = None, temp_directory: str | None = None, *,
                engine: Engine = DUCKDB) -> dict[str, Any]:
    """The quality report of extracts on their own: loading, checking and de-duplication, no measures,
    on the engine chosen as for the measures (engines.open_session: DuckDB, or Spark)."""
    with private_folder("cld", temp_directory) as spill:  # staged copies and DuckDB's spill, removed at the end
        run = open_session(engine, memory_limit=memory_limit, temp_directory=str(spill))
        sources = []
        try:
            sources = run.attach(run.con, files)
            for table, name in PREPARE[:[table for table, _ in PREPARE].index("events") + 1]:
                run_step(run.con, table, name)  # up to one record per unique event
            return quality_report(run.con, sources)
        finally:
            run.con.close()
            run.release(sources)
