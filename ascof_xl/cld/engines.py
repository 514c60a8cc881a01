"""The SQL engines the CLD steps run on: DuckDB (the default, all a council needs) or Spark (for
national teams whose data outgrow one machine). The steps, the quality report and the notes are
the same statements on both; only opening a session and reading the files differ."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ascof_xl.cld import discharges, load
from ascof_xl.errors import AscofError

ENGINES = ("duckdb", "spark")


@dataclass(frozen=True)
class Engine:
    """Which engine runs the steps: DuckDB (no options), or Spark started on `spark_master` (default local[*])
    or the `spark_session` given, each step's table kept in `spark_work_dir`. Checked when made, so a Spark
    option given without the Spark engine is refused before anything is read, never ignored."""

    name: str = "duckdb"
    spark_master: str | None = None
    spark_session: Any = None
    spark_work_dir: str | None = None

    def __post_init__(self) -> None:
        if self.name not in ENGINES:
            raise AscofError(f"engine '{self.name}' is not known; use {' or '.join(ENGINES)}.")
        if self.name == "duckdb" and (self.spark_master or self.spark_session is not None or self.spark_work_dir):
            raise AscofError("--spark-master and --spark-work-dir are for the Spark engine; add --engine spark "
                             "(or leave them out to run on DuckDB).")


DUCKDB = Engine()


@dataclass(frozen=True)
class Session:
    """An open engine: its connection (execute, fetchall, fetchone, close) and how it reads files."""

    con: Any
    attach: Callable[[Any, Sequence], list[load.SourceFile]]
    attach_discharges: Callable[[Any, Any], list[str]]
    release: Callable[[Sequence[load.SourceFile]], None]


def open_session(engine: Engine = DUCKDB, *, memory_limit: str | None = None,
                 temp_directory: str | None = None) -> Session:
    """DuckDB in this process (memory limit, spill folder), or a Spark session as `engine` says."""
    if engine.name == "duckdb":
        return Session(load.connect(memory_limit, temp_directory), load.attach, discharges.attach_discharges,
                       load.release)
    from ascof_xl.cld import spark  # pyspark is an extra: loaded only for the Spark engine

    con = spark.connect(engine.spark_master, engine.spark_session, engine.spark_work_dir)
    return Session(con, spark.attach, spark.attach_discharges, lambda sources: None)
