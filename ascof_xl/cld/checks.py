"""Checks on CLD extracts from another organisation that the method's steps cannot make on their own:
stated periods ending after today, dates written month first, council codes that are no council's.

Each is a located `Finding` (file, line, column, value). An error where a figure would change (a
future period end, whose rows are set aside; month-first dates, which read day first would be other
dates); a warning otherwise (an unknown council code is computed, but cannot be a council's figure).
"""

from __future__ import annotations

from typing import Sequence

import duckdb

from ascof_xl.cld.steps import step_sql
from ascof_xl.councils import councils_by_ons_code
from ascof_xl.findings import Finding, Location

ROW_NUMBER_SPAN = 10_000_000_000  # row_id = file index x this + data row number (see load.py)


def file_findings(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> list[Finding]:
    """Every finding of these checks on the loaded extracts (cld_raw and cld_checked), errors first."""
    found = future_period_ends(con, files) + date_orders(con, files) + unknown_councils(con, files)
    return sorted(found, key=lambda f: f.severity != "error")


def _line(row_id: int) -> int:
    """The line of a data row in its file, counting the header row as line 1."""
    return row_id % ROW_NUMBER_SPAN + 1


def future_period_ends(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> list[Finding]:
    """Submissions whose stated period ends after today: set aside whole, never superseding another."""
    query = """SELECT source_file, LA_Code, Reporting_Period_End_Date, MIN(row_id), COUNT(*) FROM cld_checked
               WHERE Reporting_Period_End_Date > current_date GROUP BY ALL ORDER BY 1, 2, 3"""
    return [Finding("cld.future-period-end", "error",
                    Location(file=files[index], row=_line(row), column="Reporting_Period_End_Date", value=end.isoformat()),
                    f"council {code or '(blank)'} states a reporting period ending {end.isoformat()}, after today: "
                    f"its {n:,} rows are set aside and supersede no other submission; correct "
                    "Reporting_Period_End_Date to the period the extract covers")
            for index, code, end, row, n in con.execute(query).fetchall()]


def date_orders(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> list[Finding]:
    """Date columns written month first (12/31/2024), whose dd/mm dates cannot be told apart; and, in a file
    none of whose nn/nn/yyyy dates shows its order, each column of them (read day first, as the UK writes)."""
    found = []
    columns = con.execute(step_sql("date_orders.sql")).fetchall()
    ordered = {column[0] for column in columns if column[2] or column[3]}  # files whose dates show an order
    for (index, field, day_first, month_first, ambiguous, month_row, month_text, ambiguous_row,
         ambiguous_text) in columns:
        if month_first:
            also = (f"; {ambiguous:,} others, such as '{ambiguous_text}' (line {_line(ambiguous_row)}), cannot be "
                    "told apart, and read day first would be other dates" if ambiguous else "")
            mixed = f" and {day_first:,} day first" if day_first else ""
            found.append(Finding(
                "cld.month-first-dates", "error",
                Location(file=files[index], row=_line(month_row), column=field, value=month_text),
                f"{month_first:,} dates are written month first{mixed} (ascof-xl reads nn/nn/yyyy day first, so "
                f"they are unreadable){also}; write every date as YYYY-MM-DD and run again"))
        elif ambiguous and index not in ordered:
            found.append(Finding(
                "cld.ambiguous-dates", "warning",
                Location(file=files[index], row=_line(ambiguous_row), column=field, value=ambiguous_text),
                f"{ambiguous:,} dates such as '{ambiguous_text}' could be day or month first and nothing in the "
                "file tells which; they are read day first (dd/mm/yyyy): write dates as YYYY-MM-DD to be sure"))
    return found


def unknown_councils(con: duckdb.DuckDBPyConnection, files: Sequence[str]) -> list[Finding]:
    """LA_Code values that are no English council's ONS code (ascof_xl/data/councils.csv)."""
    known = councils_by_ons_code()
    query = """SELECT LA_Code, ARG_MIN(source_file, row_id), MIN(row_id), COUNT(*) FROM cld_checked
               WHERE LA_Code IS NOT NULL GROUP BY LA_Code ORDER BY LA_Code"""
    return [Finding("cld.unknown-council", "warning",
                    Location(file=files[index], row=_line(row), column="LA_Code", value=code),
                    f"'{code}' is not the ONS code of an English council ({n:,} rows): its figures are "
                    "computed but cannot be a council's nor placed among councils; check LA_Code")
            for code, index, row, n in con.execute(query).fetchall() if code not in known]
