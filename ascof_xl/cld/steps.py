"""The method as named SQL steps, one file each in sql/, run in order; each makes one table."""

from __future__ import annotations

from functools import cache
from importlib import resources

import duckdb

# The files defining the method's functions, run once on every connection before the steps.
FUNCTIONS = ("text.sql", "dates.sql", "age.sql", "services.sql", "periods.sql")
# (table made, step file): the order the steps run in. Every file is one SELECT over earlier tables.
PREPARE = (
    ("cld_trimmed", "trimmed.sql"),
    ("cld_typed", "typed.sql"),
    ("cld_checked", "identity.sql"),
    ("reporting_periods", "reporting_periods.sql"),
    ("submissions", "submissions.sql"),
    ("events_filtered", "filter.sql"),
    ("crops", "crop.sql"),
    ("events_cropped", "cropped_events.sql"),
    ("events", "unique_events.sql"),
    ("person_details", "person_details.sql"),
    ("clusters", "clusters.sql"),
)
MEASURES = (
    ("units_2a", "measure_2a.sql"),
    ("units_2b2c", "measure_2b2c.sql"),
    ("units_2e", "measure_2e.sql"),
    ("units_3d_clients", "measure_3d_clients.sql"),
    ("units_3d_carers", "measure_3d_carers.sql"),
)
DISCHARGE_STEP = ("discharges", "discharges.sql")
DISCHARGE_MEASURES = (("units_2d", "measure_2d.sql"),)
TALLY = ("tally", "tally.sql")
# Steps cheap enough to recompute where read, kept as views rather than stored.
VIEWS = frozenset({"cld_trimmed", "cld_typed", "events_filtered", "events_cropped"})


@cache
def step_sql(name: str) -> str:
    """The text of one step file."""
    return (resources.files("ascof_xl.cld") / "sql" / name).read_text(encoding="utf-8")


def step_names() -> list[str]:
    """Every step file that makes a table, in running order (FUNCTIONS apart)."""
    return [name for _, name in PREPARE + MEASURES + (DISCHARGE_STEP,) + DISCHARGE_MEASURES + (TALLY,)]


def define_functions(con: duckdb.DuckDBPyConnection) -> None:
    """Create the method's functions (read_date, age_at, service_rank, outside_period ...) as DuckDB macros."""
    for name in FUNCTIONS:
        con.execute(step_sql(name))


def run_step(con: duckdb.DuckDBPyConnection, table: str, name: str) -> None:
    """Make `table` from one step file (a view for the steps in VIEWS)."""
    kind = "VIEW" if table in VIEWS else "TABLE"
    con.execute(f"CREATE OR REPLACE {kind} {table} AS\n{step_sql(name)}")


def set_params(con: duckdb.DuckDBPyConnection, period_start: str, period_end: str, code_nulls: bool = True) -> None:
    """The one-row params table the steps read: the period and the NULL rule (True: as DHSC's code)."""
    con.execute("CREATE OR REPLACE TABLE params AS SELECT CAST(? AS DATE) AS period_start, "
                "CAST(? AS DATE) AS period_end, CAST(? AS BOOLEAN) AS code_nulls",
                [period_start, period_end, code_nulls])


def run_method(con: duckdb.DuckDBPyConnection, with_discharges: bool = False) -> None:
    """Every step from the raw view to the tally; 2D only when a discharges table is loaded."""
    prepare_method(con)
    measure_method(con, with_discharges)


def prepare_method(con: duckdb.DuckDBPyConnection) -> None:
    """The preparation steps (typing, submissions, events, clusters): they do not read the period, so
    rolling windows run them once."""
    for table, name in PREPARE:
        run_step(con, table, name)


def measure_method(con: duckdb.DuckDBPyConnection, with_discharges: bool = False) -> None:
    """The steps that read the period in params, from the discharges to the tally."""
    if with_discharges:
        run_step(con, *DISCHARGE_STEP)
    measures = MEASURES + (DISCHARGE_MEASURES if with_discharges else ())
    for table, name in measures:
        run_step(con, table, name)
    con.execute("CREATE OR REPLACE VIEW units AS " + " UNION ALL ".join(
        f"SELECT LA_Code, measure, unit_id, age_band, gender, in_numerator, in_denominator, detail FROM {t}"
        for t, _ in measures))
    run_step(con, *TALLY)
