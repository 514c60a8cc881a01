"""Open CLD extracts (CSV or Parquet) in DuckDB as one raw view, out of core, every value as text.

Nothing is read into Python: DuckDB scans the files, with a memory limit and a spill folder, so
memory stays bounded whatever the size of the extract.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb

from ascof_xl.cld.columns import OPTIONAL, REQUIRED, USED, national_name
from ascof_xl.cld.steps import define_functions
from ascof_xl.cld.values import outcome_rank_rows, settled_values, value_map_rows
from ascof_xl.errors import AscofError

DEFAULT_MEMORY_LIMIT = os.environ.get("ASCOF_XL_CLD_MEMORY", "2GB")
CSV_SUFFIXES = (".csv", ".csv.gz", ".txt", ".tsv")
PARQUET_SUFFIXES = (".parquet", ".pq")
MAX_FILES = 99  # row ids are file x 10^10 + row, and must stay below 10^12 (unique_events.sql)
ROW_ID_SPAN = 10_000_000_000  # row_id = file index x this + the data row's number in its file, from 1


@dataclass
class SourceFile:
    """One input file as read: its path, which columns it had, lacked and added."""

    path: str
    kind: str
    columns: dict[str, str]  # national name -> header as written in the file
    unknown_columns: list[str] = field(default_factory=list)
    absent_optional: list[str] = field(default_factory=list)
    staged: str | None = None  # a CSV's Parquet copy, read in its place (see stage)


def connect(memory_limit: str | None = None, temp_directory: str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to `temp_directory` beyond `memory_limit`, with the value tables."""
    con = duckdb.connect(":memory:")
    spill = temp_directory or os.path.join(tempfile.gettempdir(), "ascof-xl-cld-spill")
    con.execute(f"SET memory_limit = '{memory_limit or DEFAULT_MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{_quote(spill)}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    install_reference(con)
    define_functions(con)
    return con


def install_reference(con: duckdb.DuckDBPyConnection) -> None:
    """The value map, outcome hierarchy and settled list as small tables the steps join on.

    Release 2 values are stored as a DuckDB ENUM (one byte a value, not the text on every row) in
    code-point order, so they compare and sort as the text does; the step files never name the type.
    """
    rows = value_map_rows()
    values = ", ".join(f"'{_quote(value)}'" for value in sorted({value for _, _, value in rows}))
    con.execute("DROP TABLE IF EXISTS value_map")
    con.execute("DROP TYPE IF EXISTS cld_value")
    con.execute(f"CREATE TYPE cld_value AS ENUM ({values})")
    con.execute("CREATE TABLE value_map (field VARCHAR, key VARCHAR, value cld_value)")
    con.executemany("INSERT INTO value_map VALUES (?, ?, ?)", rows)
    con.execute("CREATE OR REPLACE TABLE outcome_rank (outcome VARCHAR, hierarchy INTEGER, rank_2a INTEGER)")
    con.executemany("INSERT INTO outcome_rank VALUES (?, ?, ?)", outcome_rank_rows())
    con.execute("CREATE OR REPLACE TABLE settled (accommodation VARCHAR)")
    con.executemany("INSERT INTO settled VALUES (?)", [(v,) for v in settled_values()])


def attach(con: duckdb.DuckDBPyConnection, files: Sequence[str | Path]) -> list[SourceFile]:
    """Create the view `cld_raw` over every file: the used columns as text (blank where absent), file and line."""
    if not files:
        raise AscofError("no CLD file given; name one or more CSV or Parquet extracts.")
    if len(files) > MAX_FILES:
        raise AscofError(f"{len(files)} files given; at most {MAX_FILES} at once (combine quarters into fewer files).")
    sources = [_describe(con, str(path)) for path in files]
    try:
        for source in sources:
            if source.kind == "CSV":
                stage(con, source)
    except AscofError:
        release(sources)
        raise
    selects = [_select(index, source) for index, source in enumerate(sources)]
    con.execute("CREATE OR REPLACE VIEW cld_raw AS " + "\nUNION ALL\n".join(selects))
    return sources


def stage(con: duckdb.DuckDBPyConnection, source: SourceFile, names: Sequence[str] = USED) -> None:
    """Copy a CSV's columns `names` (by default the method's) to Parquet in the spill folder, rows in
    file order, so that later steps read it in parallel with each row's number (counting a CSV's rows
    as it is read would run on one core). Other columns are not copied."""
    spill = con.execute("SELECT current_setting('temp_directory')").fetchone()[0]
    os.makedirs(spill, exist_ok=True)
    handle, staged = tempfile.mkstemp(suffix=".parquet", prefix="staged-", dir=spill)
    os.close(handle)
    try:
        con.execute("SET preserve_insertion_order = true")
        used = ", ".join(f'"{_ident(header)}"' for name, header in source.columns.items() if name in names)
        con.execute(f"COPY (SELECT {used} FROM {_reader('CSV', source.path)}) TO '{_quote(staged)}' (FORMAT parquet)")
    except duckdb.Error as error:
        os.remove(staged)
        raise AscofError(f"{source.path}: cannot be read as CSV ({_first_line(error)}); check the file's quoting "
                         "and that every line has the header's columns.") from None
    finally:
        con.execute("SET preserve_insertion_order = false")
    source.staged = staged


def release(sources: Sequence[SourceFile]) -> None:
    """Delete the staged copies of CSV files."""
    for source in sources:
        if source.staged and os.path.exists(source.staged):
            os.remove(source.staged)
        source.staged = None


def _describe(con: duckdb.DuckDBPyConnection, path: str) -> SourceFile:
    if not Path(path).is_file():
        raise AscofError(f"{path}: no such file; give the path of a CLD extract (CSV or Parquet).")
    kind = file_kind(path)
    try:
        headers = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {_reader(kind, path)}").fetchall()]
    except duckdb.Error as error:
        raise AscofError(f"{path}: cannot be read as {kind} ({_first_line(error)}); "
                         "save it as CSV with a header row, or as Parquet.") from None
    return required_columns(path, kind, headers)


def required_columns(path: str, kind: str, headers: Sequence[str]) -> SourceFile:
    """A file as described by its header row (any engine's reading of it): the national column each
    header stands for; refused, naming the file, when a required column is missing or given twice."""
    columns: dict[str, str] = {}
    unknown = []
    for header in headers:
        name = national_name(header)
        if name is None:
            unknown.append(header)
        elif name in columns:
            raise AscofError(f"{path}: columns '{columns[name]}' and '{header}' both stand for {name}; keep one.")
        else:
            columns[name] = header
    if not columns:
        raise AscofError(f"{path}: no national CLD column name in its header row (read as {kind}: "
                         f"{', '.join(headers[:3])}...); give an extract whose first row names its columns, "
                         "e.g. LA_Code, Event_Type, Event_Start_Date (names run together mean the separator "
                         "was not found: look for a broken line, such as an unclosed quote).")
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise AscofError(f"{path}: column{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing; the ASCOF "
                         "method needs them (add the column with the national name, blank where unknown).")
    absent = [name for name in OPTIONAL if name not in columns]
    return SourceFile(path, kind, columns, unknown, absent)


def _select(index: int, source: SourceFile) -> str:
    # The file by its place in the list (a small number, not its name on every row); the row's
    # number within the file as Parquet stores it (a CSV is read through its staged copy).
    parts = [f"CAST({index} AS SMALLINT) AS source_file",
             f"CAST({index} AS BIGINT) * {ROW_ID_SPAN} + file_row_number + 1 AS row_id"]
    for name in USED:
        header = source.columns.get(name)
        parts.append(f'CAST("{_ident(header)}" AS VARCHAR) AS {name}' if header else f"CAST(NULL AS VARCHAR) AS {name}")
    if source.staged:
        return f"SELECT {', '.join(parts)} FROM {_reader('Parquet', source.staged, numbered=True)}"
    return f"SELECT {', '.join(parts)} FROM {_reader(source.kind, source.path, numbered=True)}"


def _reader(kind: str, path: str, numbered: bool = False) -> str:
    if kind == "Parquet":
        return f"read_parquet('{_quote(path)}'{', file_row_number = true' if numbered else ''})"
    return f"read_csv('{_quote(path)}', all_varchar = true, header = true, nullstr = ['', 'NULL'])"


def file_kind(path: str) -> str:
    """'Parquet' or 'CSV' by the file's name; any other name is refused."""
    lower = path.lower()
    if lower.endswith(PARQUET_SUFFIXES):
        return "Parquet"
    if lower.endswith(CSV_SUFFIXES):
        return "CSV"
    raise AscofError(f"{path}: not a CSV or Parquet file (name it .csv or .parquet).")


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _ident(text: str) -> str:
    return text.replace('"', '""')


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
