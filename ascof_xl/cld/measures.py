"""The CLD-derived ASCOF measures per council: numerator, denominator and outcome as published.

Runs the method's SQL steps over the extracts in DuckDB, then puts the counts beside their
denominators (2B and 2C: population) and rounds each outcome by the publication's rule.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Sequence

from ascof_xl.cld.discharges import ABSENT_MEANS, resident_councils, set_aside_counts
from ascof_xl.cld.engines import DUCKDB, Engine, open_session
from ascof_xl.cld.population import Population, published_population
from ascof_xl.cld.quality import quality_report
from ascof_xl.cld.steps import measure_method, prepare_method, set_params
from ascof_xl.councils import councils_by_ons_code
from ascof_xl.errors import AscofError
from ascof_xl.figures.value import measure_for, multiplier_for
from ascof_xl.outputs.temporary import private_folder
from ascof_xl.stats.rounding import round_ratio
from ascof_xl.years import year_start

CATALOGUE_YEAR = "2024-25"
AGES = ("Total", "18-64", "65 and over")
GENDERS = ("Total", "Male", "Female")
# Every measure and the disaggregations shown for it, in the publication's order.
DISAGGREGATIONS = {
    "2A": AGES, "2B": ("Total",), "2C": ("Total",), "2D1": ("Total",), "2D2": ("Total",),
    "2E1": GENDERS, "2E2A": GENDERS, "2E2B": GENDERS,
    "3D1A": AGES, "3D1B": AGES, "3D2A": AGES, "3D2B": AGES,
}
POPULATION_BAND = {"2B": "18-64", "2C": "65 and over"}
COLUMNS = ("council", "council_name", "measure", "disaggregation", "numerator", "denominator", "outcome", "note")


@dataclass(frozen=True)
class Period:
    """The twelve months (or any span) the measures are for."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}:{self.end.isoformat()}"


def parse_period(text: str) -> Period:
    """A period from 'YYYY-MM-DD:YYYY-MM-DD' or a financial year such as 2024-25."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*:\s*(\d{4}-\d{2}-\d{2})", text)
    if match:
        try:
            start, end = (date.fromisoformat(part) for part in match.groups())
        except ValueError as error:
            raise AscofError(f"period '{text}': {error}; write it like 2024-04-01:2025-03-31.") from None
    elif re.fullmatch(r"20\d\d-\d\d", text):
        first = year_start(text)
        start, end = date(first, 4, 1), date(first + 1, 3, 31)
    else:
        raise AscofError(f"period '{text}' is not START:END; write it like 2024-04-01:2025-03-31 (or 2024-25).")
    if end < start:
        raise AscofError(f"period '{text}' ends before it starts; write START:END, e.g. 2024-04-01:2025-03-31.")
    return Period(start, end)


@dataclass
class Prepared:
    """Extracts read and the method's preparation steps run: ready to measure one period after another."""

    con: Any
    quality: dict[str, Any]
    councils: list[str]
    files: tuple[str, ...]
    with_discharges: bool
    missing_discharge_columns: list[str]


@contextmanager
def prepared(
    files: Sequence[str | Path],
    *,
    discharges: str | Path | None = None,
    memory_limit: str | None = None,
    temp_directory: str | None = None,
    engine: Engine = DUCKDB,
) -> Iterator[Prepared]:
    """The extracts attached and prepared (submissions chosen, events and clusters built) in one engine session
    (engines.open_session: DuckDB, or Spark for data beyond one machine)."""
    with private_folder("cld", temp_directory) as spill:  # staged copies and DuckDB's spill, removed at the end
        run = open_session(engine, memory_limit=memory_limit, temp_directory=str(spill))
        con = run.con
        sources = []
        try:
            sources = run.attach(con, files)
            missing_discharge_columns = run.attach_discharges(con, discharges) if discharges else []
            prepare_method(con)
            quality = quality_report(con, sources)
            if quality["rows_in"] == 0:
                raise AscofError(f"{', '.join(str(f) for f in files)}: no data rows below the header; "
                                 "give extracts that hold events.")
            councils = [code for (code,) in con.execute(
                "SELECT DISTINCT LA_Code FROM cld_checked WHERE LA_Code IS NOT NULL ORDER BY LA_Code").fetchall()]
            yield Prepared(con, quality, councils, tuple(str(f) for f in files), bool(discharges),
                           missing_discharge_columns)
        finally:
            con.close()
            run.release(sources)


def measure_period(ready: Prepared, period: Period, *, population: Population | None = None,
                   code_nulls: bool = True) -> dict[str, Any]:
    """Every measure for every council over `period`, on extracts already prepared."""
    con = ready.con
    set_params(con, period.start.isoformat(), period.end.isoformat(), code_nulls)
    measure_method(con, with_discharges=ready.with_discharges)
    counts = {(code, measure, part): (num, den) for code, measure, part, num, den
              in con.execute("SELECT * FROM tally").fetchall()}
    remarks = accommodation_remarks(con)
    councils = ready.councils
    notes = discharge_notes(con, councils, ready.missing_discharge_columns) if ready.with_discharges else []
    if population is None:
        population, population_source = published_population(councils), "2024-25 publication (ONS mid-2024)"
    else:
        population_source = "population file"
    rows = [row for code in councils
            for row in council_rows(code, _name(code), counts, population, ready.with_discharges, remarks)]
    return {"period": period.label, "null_rule": "code" if code_nulls else "documents",
            "population_source": population_source, "rows": rows, "quality": ready.quality, "notes": notes}


def compute_measures(
    files: Sequence[str | Path],
    period: Period,
    *,
    population: Population | None = None,
    discharges: str | Path | None = None,
    code_nulls: bool = True,
    memory_limit: str | None = None,
    temp_directory: str | None = None,
    engine: Engine = DUCKDB,
) -> dict[str, Any]:
    """Every measure for every council in the extracts, with the data-quality report of the run.

    `population` None takes the 2024-25 publication's own 2B/2C denominators. `code_nulls` True
    reproduces DHSC's code where blanks make it differ from its documents (2B/2C, 3D carers).
    `engine` 'spark' runs the same steps on Spark (engines.open_session): same answers, for data
    beyond one machine.
    """
    with prepared(files, discharges=discharges, memory_limit=memory_limit, temp_directory=temp_directory,
                  engine=engine) as ready:
        return measure_period(ready, period, population=population, code_nulls=code_nulls)


def discharge_notes(con, councils: list[str], absent: list[str]) -> list[str]:
    """What the run did with the discharges file: columns it lacked and what that means, spells read,
    counted and set aside by reason, and councils of residence with no CLD (no 2D2 shown for them)."""
    notes = [f"discharges file: column {name} absent: {ABSENT_MEANS.get(name, 'read as blank')}" for name in absent]
    set_aside = set_aside_counts(con)
    counted = con.execute("SELECT COUNT(*) FROM discharges WHERE set_aside IS NULL").fetchone()[0]
    notes.append(f"discharges file: {_spells(counted + sum(n for _, n in set_aside))} read: {counted:,} counted, "
                 f"{sum(n for _, n in set_aside):,} set aside")
    notes += [f"discharges file: {_spells(n)} set aside: {reason}" for reason, n in set_aside]
    missing = [code for code in resident_councils(con) if code not in councils]
    if missing:
        n = con.execute(f"SELECT COUNT(*) FROM discharges WHERE set_aside IS NULL AND resident_la IN "
                        f"({', '.join('?' * len(missing))})", missing).fetchone()[0]
        notes.append(f"discharges file: {_spells(n)} of residents of councils with no CLD in these files "
                     f"({', '.join(missing)}): no 2D2 is shown for them, as their reablement is not here")
    return notes


def _spells(n: int) -> str:
    return f"{n:,} spell" + ("" if n == 1 else "s")


def accommodation_remarks(con) -> dict[tuple[str, str, str], str]:
    """For each council's 2E parts, how many people's accommodation is unknown or only presumed at home
    or in the community (DHSC's 2E data-quality count): they stay in the denominator, so officers should know."""
    query = """SELECT LA_Code, measure, COUNT(*) FILTER (WHERE detail IS NULL OR detail LIKE 'Unknown%'), COUNT(*)
                 FROM units WHERE measure LIKE '2E%' GROUP BY LA_Code, measure"""
    return {(code, measure, "Total"):
            f"accommodation unknown, or only presumed at home or in the community, for {unknown:,} of {n:,}"
            for code, measure, unknown, n in con.execute(query).fetchall() if unknown}


def council_rows(code: str, name: str, counts: dict, population: Population, with_discharges: bool,
                 remarks: dict | None = None) -> list[dict]:
    """One council's rows, every measure and disaggregation, zero counts included, with any remark."""
    rows = []
    for measure, parts in DISAGGREGATIONS.items():
        for part in parts:
            numerator, denominator = counts.get((code, measure, part), (0, 0))
            note = ""
            if measure in POPULATION_BAND:
                denominator = population.get(code, {}).get(POPULATION_BAND[measure])
                if denominator is None:
                    note = f"no population {POPULATION_BAND[measure]} for {code}: give --population FILE"
            elif measure.startswith("2D") and not with_discharges:
                numerator = denominator = None
                note = "needs a hospital discharge file: --discharges FILE"
            rows.append({"council": code, "council_name": name, "measure": measure, "disaggregation": part,
                         "numerator": _int(numerator), "denominator": _int(denominator),
                         "outcome": outcome(measure, numerator, denominator),
                         "note": note or _zero(denominator) or (remarks or {}).get((code, measure, part), "")})
    return rows


def outcome(measure: str, numerator: int | None, denominator: int | None) -> float | None:
    """numerator / denominator x the unit's multiplier, rounded half up at the measure's decimals."""
    if numerator is None or not denominator:
        return None
    entry = measure_for(measure, CATALOGUE_YEAR)
    return float(round_ratio(int(numerator), int(denominator), multiplier_for(entry.unit), int(entry.get("decimals", 1))))


def _zero(denominator: int | None) -> str:
    """The note for an empty denominator: no outcome is given where DHSC's code writes 0."""
    return "no one in the denominator, so no outcome (DHSC's dashboard shows 0)" if denominator == 0 else ""


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _name(code: str) -> str:
    """The council's name by its ONS code, or a plain warning where the code is no council's (checks.py reports it)."""
    council = councils_by_ons_code().get(code)
    return council.name if council else f"unknown council code {code}"
