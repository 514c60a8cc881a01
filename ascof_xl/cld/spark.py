"""The CLD method on Spark: the same step files as on DuckDB, for national teams whose data outgrow a machine.

Nothing of the method is written twice. Each statement the method runs (steps, quality report,
notes) is read as DuckDB SQL by sqlglot; the method's functions (sql/text.sql, dates.sql, age.sql,
services.sql, periods.sql) are substituted by their bodies, so any Spark version runs them; the
result is written as Spark SQL. Each step's table is materialised before the next step reads it
(Parquet in a work folder, or a local checkpoint), which cuts the plan each step carries: a step
costs the same however many ran before it.

`SparkConnection` offers the part of a DuckDB connection the method uses (execute, fetchall,
fetchone, close), so steps.py, quality.py and measures.py run unchanged on either engine.
pyspark is an optional dependency (ascof-xl[spark]), imported only here and only when asked for.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import uuid
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Sequence

import sqlglot
from sqlglot import exp

from ascof_xl.cld.columns import USED, national_name
from ascof_xl.cld.discharges import OPTIONAL as DISCHARGE_OPTIONAL
from ascof_xl.cld.discharges import REQUIRED as DISCHARGE_REQUIRED
from ascof_xl.cld.discharges import discharge_code_rows, discharge_columns
from ascof_xl.cld.load import MAX_FILES, ROW_ID_SPAN, SourceFile, file_kind, required_columns
from ascof_xl.cld.steps import FUNCTIONS, step_sql
from ascof_xl.cld.values import outcome_rank_rows, settled_values, value_map_rows
from ascof_xl.errors import AscofError

# Settings of a session ascof-xl starts itself (one given from Python is used as it is).
SESSION_SETTINGS = {
    "spark.ui.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.ui.showConsoleProgress": "false",
}
# Views on DuckDB that Spark stores, each for the reason its step file gives (trimmed.sql: so that
# no stage's generated method is too large for the JVM to compile).
STORED_VIEWS = frozenset({"cld_trimmed"})


@cache
def method_functions() -> dict[str, tuple[list[str], exp.Expression]]:
    """Each of the method's functions by name (lower case): its parameters and its body, as sqlglot trees."""
    functions = {}
    for name in FUNCTIONS:
        for statement in sqlglot.parse(step_sql(name), read="duckdb"):
            functions[statement.this.this.name.lower()] = (
                [parameter.name for parameter in statement.this.expressions], statement.expression)
    return functions


def _substitute(tree: exp.Expression) -> exp.Expression:
    """Replace every call of a method function by its body, its parameters by the arguments, until none is left."""
    functions = method_functions()

    def expand(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Anonymous) and node.name.lower() in functions:
            parameters, body = functions[node.name.lower()]
            arguments = {p: exp.Paren(this=a.copy()) for p, a in zip(parameters, node.expressions)}
            return _substitute(body.copy().transform(
                lambda n: arguments[n.name].copy() if isinstance(n, exp.Column) and not n.table
                and n.name in arguments else n))
        return node

    return tree.transform(expand)


def _characters(tree: exp.Expression) -> exp.Expression:
    """CHR(n) as the character itself: Spark's chr() reads only n modulo 256 (text.sql names characters by code);
    characters joined by || written as one text, so the plan Spark analyses for each of clean_text's
    many uses is one literal, not a chain of fourteen concatenations."""
    def literal(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Chr) and len(node.expressions) == 1 and node.expressions[0].is_int:
            return exp.Literal.string(chr(int(node.expressions[0].name)))
        return node

    def joined(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.DPipe) and all(isinstance(side, exp.Literal) and side.is_string
                                               for side in (node.this, node.expression)):
            return exp.Literal.string(node.this.name + node.expression.name)
        return node

    tree, before = tree.transform(literal), None
    while before != tree:  # a chain a || b || c folds from its innermost pair outwards
        tree, before = tree.transform(joined), tree
    return tree


def _bind(tree: exp.Expression, params: Sequence[Any]) -> exp.Expression:
    """The statement's ? placeholders, in order, replaced by the values given, written as literals (a
    function's body may repeat its argument, so a placeholder cannot be left to Spark's binding)."""
    values = iter(params)

    def literal(node: exp.Expression) -> exp.Expression:
        if not isinstance(node, exp.Placeholder):
            return node
        value = next(values)
        if value is None:
            return exp.Null()
        if isinstance(value, bool):
            return exp.Boolean(this=value)
        if isinstance(value, (int, float)):
            return exp.Literal.number(value)
        if isinstance(value, date):
            return exp.cast(exp.Literal.string(value.isoformat()), "DATE")
        return exp.Literal.string(str(value))

    return tree.transform(literal)


@cache
def to_spark(sql: str, params: tuple = ()) -> str:
    """One DuckDB statement of the method as Spark SQL: values bound, functions substituted, characters
    written out."""
    tree = _bind(sqlglot.parse_one(sql, read="duckdb"), params)
    return _characters(_substitute(tree)).sql(dialect="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)


class SparkConnection:
    """The part of a DuckDB connection the CLD method uses, over a SparkSession.

    execute() runs one DuckDB statement: CREATE OR REPLACE TABLE name AS SELECT ... is materialised
    (Parquet in the work folder, or a local checkpoint when there is none); CREATE OR REPLACE VIEW
    is a temporary view, except for the views in STORED_VIEWS, which Spark stores; anything else is
    a query whose rows fetchall() and fetchone() return.
    """

    def __init__(self, session: Any, owned: bool, work_dir: str | None):
        self.session = session
        self.owned = owned  # started here, so stopped by close()
        self.work_dir = work_dir
        self.private_dir: str | None = None
        self.run_id = uuid.uuid4().hex  # the run's own folder in work_dir, so runs side by side never meet
        self.tables: dict[str, Any] = {}
        self.seconds: dict[str, float] = {}  # each table's time to materialise, for the bench
        self._rows: list[tuple] | None = None

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> "SparkConnection":
        tree = sqlglot.parse_one(sql, read="duckdb")
        if isinstance(tree, exp.Create) and tree.args.get("kind") in ("TABLE", "VIEW"):
            frame = self.session.sql(to_spark(tree.expression.sql(dialect="duckdb"), tuple(params or ())))
            self.register(tree.this.name, frame,
                          stored=tree.args["kind"] == "TABLE" or tree.this.name in STORED_VIEWS)
            self._rows = None
        else:
            frame = self.session.sql(to_spark(sql, tuple(params or ())))
            self._rows = [tuple(row) for row in frame.collect()]
        return self

    def fetchall(self) -> list[tuple]:
        return list(self._rows or [])

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def register(self, name: str, frame: Any, stored: bool = True) -> None:
        """Make `name` a table the next statements read: stored (lineage cut), or a view of `frame`."""
        start = time.perf_counter()
        if stored:
            if self.work_dir is not None or self.private_dir is not None or self._local():
                path = f"{self._folder()}/{name}-{uuid.uuid4().hex}"
                frame.write.mode("overwrite").parquet(path)
                frame = self.session.read.schema(frame.schema).parquet(path)  # its schema given: no job to read it back
            else:
                frame = frame.localCheckpoint(eager=True)
        frame.createOrReplaceTempView(name)
        self.tables[name] = frame
        self.seconds[name] = time.perf_counter() - start

    def _local(self) -> bool:
        return self.session.sparkContext.master.startswith("local")

    def _folder(self) -> str:
        if self.work_dir is not None:
            return self.work_dir.rstrip("/") + f"/ascof-xl-{self.session.sparkContext.applicationId}-{self.run_id}"
        if self.private_dir is None:
            self.private_dir = tempfile.mkdtemp(prefix="ascof-xl-spark-")
        return self.private_dir

    def _delete(self, folder: str) -> None:
        """Delete the run's folder in the work folder (any storage Hadoop reaches): no copy of the data is left."""
        jvm = self.session.sparkContext._jvm
        path = jvm.org.apache.hadoop.fs.Path(folder)
        path.getFileSystem(self.session.sparkContext._jsc.hadoopConfiguration()).delete(path, True)

    def close(self) -> None:
        """Drop the run's tables and its private folder; stop the session if it was started here."""
        for name in self.tables:
            self.session.catalog.dropTempView(name)
        self.tables.clear()
        if self.private_dir is not None:
            shutil.rmtree(self.private_dir, ignore_errors=True)
            self.private_dir = None
        elif self.work_dir is not None:
            self._delete(self._folder())
        if self.owned:
            self.session.stop()


def connect(master: str | None = None, session: Any = None, work_dir: str | None = None) -> SparkConnection:
    """A Spark connection with the reference tables: over `session` when given (a cluster's, left
    running), else a session started on `master` (default local[*], every core of this machine) and
    stopped by close().

    `work_dir` holds each step's table as Parquet; on a cluster it must be storage every executor
    reaches (hdfs://, s3a://, abfss://); without it a cluster run checkpoints each table locally.
    """
    owned = False
    if session is None and master is None:
        session = _active_session()  # a notebook's or a cluster job's own: used, and left running
    if session is None:
        session, owned = start_session(master or "local[*]"), True
    con = SparkConnection(session, owned, work_dir)
    install_reference(con)
    return con


def _active_session() -> Any:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return None
    return SparkSession.getActiveSession()


def start_session(master: str) -> Any:
    """A SparkSession on `master`, with the UI off, UTC and few shuffle partitions (the method's tables are narrow)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise AscofError("the Spark engine needs pyspark: pip install 'ascof-xl[spark]' (and a Java 17 runtime), "
                         "or leave out --engine spark to use DuckDB.") from None
    builder = SparkSession.builder.master(master).appName("ascof-xl cld")
    for key, value in SESSION_SETTINGS.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
        session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as error:  # no Java, or a master that cannot be reached
        raise AscofError(f"cannot start Spark on {master} ({str(error).strip().splitlines()[0]}); install a Java 17 "
                         "runtime and check --spark-master, or leave out --engine spark to use DuckDB.") from None


def install_reference(con: SparkConnection) -> None:
    """The value map, outcome hierarchy and settled list as small tables, as load.install_reference makes them."""
    con.register("value_map", local_table(con.session, value_map_rows(), "field STRING, key STRING, value STRING"),
                 stored=False)
    con.register("outcome_rank", local_table(con.session, outcome_rank_rows(),
                                             "outcome STRING, hierarchy INT, rank_2a INT"), stored=False)
    con.register("settled", local_table(con.session, [(value,) for value in settled_values()],
                                        "accommodation STRING"), stored=False)


def local_table(session: Any, rows: Sequence[tuple], schema: str) -> Any:
    """A small table of literal rows (SELECT ... FROM VALUES), which Spark plans as local data of known size:
    joined by broadcast, read without a Python worker. (createDataFrame over a list makes a Python RDD, of
    unknown size, which every step joining it re-reads through Python and joins by shuffling all its rows.)"""
    columns = [part.strip().split(" ") for part in schema.split(",")]
    values = exp.values([tuple(exp.Null() if value is None else exp.convert(value) for value in row) for row in rows],
                        alias="reference", columns=[name for name, _ in columns])
    select = exp.select(*(exp.cast(exp.column(name), kind).as_(name) for name, kind in columns)).from_(values)
    return session.sql(select.sql(dialect="spark"))


def attach(con: SparkConnection, files: Sequence[str | Path]) -> list[SourceFile]:
    """The table `cld_raw` over every file, as load.attach makes it: the used columns as text (blank where
    absent), the file's place in the list, and row_id = file x 10^10 + the data row's number in its file."""
    from pyspark.sql import functions as F

    if not files:
        raise AscofError("no CLD file given; name one or more CSV or Parquet extracts.")
    if len(files) > MAX_FILES:
        raise AscofError(f"{len(files)} files given; at most {MAX_FILES} at once (combine quarters into fewer files).")
    frames, sources = [], []
    for index, path in enumerate(files):
        path = str(path)
        kind = file_kind(path)
        frame = _read(con, path, kind)
        source = required_columns(path, kind, [c for c in frame.columns if c != "_file_row"])
        parts = [F.lit(index).cast("smallint").alias("source_file"),
                 (F.lit(index).cast("bigint") * ROW_ID_SPAN + F.col("_file_row") + 1).alias("row_id")]
        for name in USED:
            header = source.columns.get(name)
            parts.append((F.col(f"`{header}`").cast("string") if header else F.lit(None).cast("string")).alias(name))
        frames.append(frame.select(*parts))
        sources.append(source)
    raw = frames[0]
    for frame in frames[1:]:
        raw = raw.unionByName(frame)
    # Parquet files are read as they stand where the steps need them (a column at a time, each row's
    # index fixed by the file); a CSV is read whole by one task, so it is read once and stored.
    stored = any(source.kind != "Parquet" for source in sources)
    _store(con, "cld_raw", raw, ", ".join(str(path) for path in files), stored)
    return sources


def _store(con: SparkConnection, name: str, frame: Any, files: str, stored: bool = True) -> None:
    """Store what was read from the files, a fault found only now (a malformed CSV line) named as theirs."""
    try:
        con.register(name, frame, stored)
    except Exception as error:
        raise AscofError(f"{files}: cannot be read ({str(error).strip().splitlines()[0][:300]}); check the file's "
                         "quoting and that every line has the header's columns.") from None


def _read(con: SparkConnection, path: str, kind: str) -> Any:
    """A file as Spark reads it, every column kept, with `_file_row`: the data row's place in the file from 0.

    CSV: comma-separated, double quotes, a header row, UTF-8, quoted line breaks kept (multiLine, so a
    file is read whole by one task, in order); Parquet: its own row index."""
    from pyspark.sql import functions as F

    reader = con.session.read
    try:
        if kind == "Parquet":
            frame = reader.parquet(path)
            return frame.select("*", F.col("_metadata.row_index").alias("_file_row"))
        frame = reader.options(header=True, multiLine=True, escape='"', inferSchema=False, encoding="UTF-8",
                               mode="FAILFAST").csv(path)
        if frame.rdd.getNumPartitions() != 1:
            raise AscofError(f"{path}: read in parts; the CSV must be one file (not a folder)")
        return frame.select("*", F.monotonically_increasing_id().alias("_file_row"))
    except AscofError:
        raise
    except Exception as error:
        raise AscofError(f"{path}: cannot be read as {kind} ({str(error).strip().splitlines()[0]}); "
                         "save it as CSV with a header row, or as Parquet.") from None


def attach_discharges(con: SparkConnection, path: str | Path) -> list[str]:
    """`discharges_raw` and `discharge_codes`, as discharges.attach_discharges makes them; returns what is absent."""
    from pyspark.sql import functions as F

    path = str(path)
    frame = _read(con, path, "CSV")
    columns, absent = discharge_columns(path, [c for c in frame.columns if c != "_file_row"])
    parts = [(F.col("_file_row") + 1).cast("bigint").alias("row_no")]
    for name in DISCHARGE_REQUIRED + DISCHARGE_OPTIONAL:
        header = columns.get(name)
        parts.append((F.col(f"`{header}`").cast("string") if header else F.lit(None).cast("string")).alias(name))
        parts.append(F.lit(header is not None).alias(f"given_{name}"))
    _store(con, "discharges_raw", frame.select(*parts), path)
    con.register("discharge_codes", local_table(con.session, discharge_code_rows(),
                                                "list STRING, pattern STRING, reason STRING"), stored=False)
    return absent
