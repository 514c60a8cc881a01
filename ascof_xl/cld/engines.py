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
class Session:
    """An open engine: its connection (execute, fetchall, fetchone, close) and how it reads files."""

    con: Any
    attach: Callable[[Any, Sequence], list[load.SourceFile]]
    attach_discharges: Callable[[Any, Any], list[str]]
    release: Callable[[Sequence[load.SourceFile]], None]


def open_session(engine: str = "duckdb", *, memory_limit: str | None = None, temp_directory: str | None = None,
                 spark_master: str | None = None, spark_session: Any = None,
                 spark_work_dir: str | None = None) -> Session:
    """DuckDB in this process (memory limit, spill folder), or Spark: a session started on `spark_master`
    (default local[*]) or the `spark_session` given, each step's table kept in `spark_work_dir`."""
    if engine == "duckdb":
        if spark_master or spark_session is not None or spark_work_dir:
            raise AscofError("--spark-master and --spark-work-dir are for the Spark engine; add --engine spark "
                             "(or leave them out to run on DuckDB).")
        return Session(load.connect(memory_limit, temp_directory), load.attach, discharges.attach_discharges,
                       load.release)
    if engine == "spark":
        from ascof_xl.cld import spark

        con = spark.connect(spark_master, spark_session, spark_work_dir)
        return Session(con, spark.attach, spark.attach_discharges, lambda sources: None)
    raise AscofError(f"engine '{engine}' is not known; use {' or '.join(ENGINES)}.")
