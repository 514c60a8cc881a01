"""Rolling twelve-month figures from CLD: every measure for each 12-month window ending at a quarter end the
extracts cover, as DHSC publishes each quarter (the latest period, revising the previous quarter's).

The extracts are read and prepared once; each window is then measured by the same SQL steps as a plain
`cld measures --period` run, so the window ending at a period's end gives exactly that run's figures.
A window the council's submissions cover only in part is marked partial, with the quarters missing,
never shown as a shorter year. `moved` lists what changed against an earlier output, measure by measure.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Sequence

from ascof_xl.cld.engines import DUCKDB, Engine
from ascof_xl.cld.measures import COLUMNS, Period, measure_period, prepared
from ascof_xl.cld.population import Population
from ascof_xl.errors import AscofError

ROLLING_COLUMNS = ("period_start", "period_end", "partial") + COLUMNS
MOVED_COLUMNS = ("period_start", "period_end", "council", "measure", "disaggregation", "outcome_before", "outcome_now",
                 "change", "numerator_before", "numerator_now", "denominator_before", "denominator_now")
KEY = ("period_start", "period_end", "council", "measure", "disaggregation")
MAX_PREVIOUS_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class Quarter:
    """A calendar quarter by its first and last day."""

    start: date
    end: date


def quarter_of(day: date) -> Quarter:
    """The calendar quarter holding `day`."""
    month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, month, 1)
    return Quarter(start, _add_months(start, 3) - timedelta(days=1))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def window_ending(end: date) -> Period:
    """The twelve months ending on the quarter end `end`."""
    return Period(_add_months(end + timedelta(days=1), -12), end)


def window_quarters(window: Period) -> list[Quarter]:
    """The four quarters of a twelve-month window."""
    return [quarter_of(_add_months(window.start, 3 * i)) for i in range(4)]


def covered_quarters(spans: Sequence[tuple[str, date, date]]) -> dict[str, set[Quarter]]:
    """Per council, the calendar quarters its submissions supply whole (from the spans they win)."""
    covered: dict[str, set[Quarter]] = {}
    for council, start, end in spans:
        quarter = quarter_of(start)
        while quarter.start <= end:
            if start <= quarter.start and quarter.end <= end:
                covered.setdefault(council, set()).add(quarter)
            quarter = quarter_of(quarter.end + timedelta(days=1))
    return covered


def rolling_windows(covered: dict[str, set[Quarter]], within: Period | None = None) -> list[Period]:
    """A window ending at every quarter end any council's submissions cover (within `within` when given)."""
    ends = sorted({q.end for quarters in covered.values() for q in quarters})
    if within is not None:
        ends = [e for e in ends if within.start <= e <= within.end]
    return [window_ending(end) for end in ends]


def rolling_measures(
    files: Sequence[str | Path],
    *,
    within: Period | None = None,
    population: Population | None = None,
    discharges: str | Path | None = None,
    code_nulls: bool = True,
    memory_limit: str | None = None,
    engine: Engine = DUCKDB,
) -> dict[str, Any]:
    """Every measure per council for each rolling window, one table with period_start, period_end and partial."""
    with prepared(files, discharges=discharges, memory_limit=memory_limit, engine=engine) as ready:
        spans = ready.con.execute("SELECT LA_Code, Used_Period_Start_Date, Used_Period_End_Date FROM submissions "
                                  "WHERE quarters_won > 0").fetchall()
        covered = covered_quarters(spans)
        windows = rolling_windows(covered, within)
        if not windows:
            raise AscofError("the extracts cover no whole calendar quarter" + (f" ending within {within.label}" if within else "")
                             + "; check their Reporting_Period_Start_Date and Reporting_Period_End_Date")
        rows, notes, result = [], [], {}
        for window in windows:
            result = measure_period(ready, window, population=population, code_nulls=code_nulls)
            rows += window_rows(result["rows"], window, covered)
            notes += [f"{window.label}: {note}" for note in result["notes"]]
    return {"windows": [w.label for w in windows], "rows": rows, "quality": ready.quality, "notes": notes,
            "null_rule": result["null_rule"], "population_source": result["population_source"]}


def window_rows(rows: list[dict[str, Any]], window: Period, covered: dict[str, set[Quarter]]) -> list[dict[str, Any]]:
    """A window's rows with its dates; a council's rows marked partial where a quarter is missing, left out where all are."""
    quarters = window_quarters(window)
    found = []
    for row in rows:
        have = covered.get(row["council"], set())
        missing = [q for q in quarters if q not in have]
        if len(missing) == len(quarters):
            continue
        note = row["note"]
        if missing:
            gap = "; ".join(f"{q.start.isoformat()} to {q.end.isoformat()}" for q in missing)
            note = f"partial: no submission covers {gap}" + (f"; {note}" if note else "")
        found.append({"period_start": window.start.isoformat(), "period_end": window.end.isoformat(),
                      "partial": bool(missing)} | row | {"note": note})
    return found


def read_previous(path: str | Path) -> list[dict[str, Any]]:
    """An earlier `cld measures --rolling` output saved as CSV or JSON."""
    path = Path(path)
    if not path.is_file():
        raise AscofError(f"--previous {path}: no such file; give an earlier output saved with --format csv or json")
    if path.stat().st_size > MAX_PREVIOUS_BYTES:
        raise AscofError(f"--previous {path}: larger than {MAX_PREVIOUS_BYTES // 2**20} MB; is it an earlier output?")
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    try:
        rows = json.loads(text) if path.suffix.lower() == ".json" else list(csv.DictReader(text.splitlines()))
    except json.JSONDecodeError as error:
        raise AscofError(f"--previous {path}: not JSON ({error.msg} at line {error.lineno}); give the earlier output "
                         "as saved with --format json") from None
    if not isinstance(rows, list) or (rows and not all(isinstance(r, dict) and set(KEY) <= set(r) for r in rows)):
        raise AscofError(f"--previous {path}: rows lack {', '.join(KEY)}; give an earlier `cld measures --rolling` "
                         "output saved with --format csv or json")
    return rows


def moved(previous: list[dict[str, Any]], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each window's figure that differs from the earlier output (numerator, denominator or outcome), measure by measure.

    Windows the earlier output did not have are not listed (they are new, not revised)."""
    before = {tuple(str(r[k]) for k in KEY): r for r in previous}
    changes = []
    for row in rows:
        old = before.get(tuple(str(row[k]) for k in KEY))
        if old is None:
            continue
        pairs = {k: (_number(old.get(k)), _number(row[k])) for k in ("numerator", "denominator", "outcome")}
        if any(a != b for a, b in pairs.values()):
            then, now = pairs["outcome"]
            changes.append({k: row[k] for k in KEY} | {
                "outcome_before": then, "outcome_now": now,
                "change": round(now - then, 6) if then is not None and now is not None else None,
                "numerator_before": pairs["numerator"][0], "numerator_now": pairs["numerator"][1],
                "denominator_before": pairs["denominator"][0], "denominator_now": pairs["denominator"][1]})
    return changes


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
