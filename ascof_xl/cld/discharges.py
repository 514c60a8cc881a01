"""The hospital-discharge file 2D needs (from SUS), opened in DuckDB as the view `discharges_raw`.

One row per hospital spell (or per episode, the spell's last flagged) of people the councils serve:
the person's pseudonymised NHS number (as in the CLD), the council of residence, admission and
discharge dates, and the age at discharge (Age_At_Discharge, or Birth_Year and Birth_Month, from
which the method's rule gives it). Optional: Spell_ID, Date_of_Death, whether the admission was an
emergency (Management_Type EM/NE, or a yes/no Emergency_Admission), and the spell's filters in
either of two layouts:

- SUS fields: Last_Episode_In_Spell (yes/no, 1/0), Admission_Method, Discharge_Method,
  Discharge_Destination, Treatment_Function_Code; the method's code lists (discharge_codes.toml)
  are applied in the step discharges.sql, every spell set aside counted by reason;
- pre-filtered: a yes/no Qualifying column, the lists applied before (blank = yes).

Headers are matched as the CLD's are (columns.header_key); DHSC's SUS names are also read
(Der_DHSC_Pseudo_NHS_Number, APCS_Ident, APCS_Last_Ep_Ind, Der_Management_Type,
Year_of_Birth_SUS, Month_of_Birth_SUS).
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from ascof_xl.cld.columns import header_key
from ascof_xl.cld.load import SourceFile, _first_line, _ident, _quote, release, stage
from ascof_xl.errors import AscofError

REQUIRED = ("NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date")
AGE = ("Age_At_Discharge", "Birth_Year", "Birth_Month")
CODE_COLUMNS = ("Admission_Method", "Discharge_Method", "Discharge_Destination", "Treatment_Function_Code")
EMERGENCY = ("Management_Type", "Emergency_Admission")
OPTIONAL = ("Spell_ID", "Qualifying", "Last_Episode_In_Spell", *CODE_COLUMNS, *EMERGENCY, "Date_of_Death", *AGE)
# What 2D cannot do when an optional column (as _absent names it) is missing, for the run's notes.
ABSENT_MEANS = {
    "Spell_ID": "each row is taken as a spell of its own",
    "Date_of_Death": "deaths are read from the CLD only",
    " or ".join(EMERGENCY): "no emergency readmission can be found, so none fails 2D1",
    "Last_Episode_In_Spell": "every row is taken as the last episode of its spell",
    f"Qualifying (or {', '.join(CODE_COLUMNS)})": "every spell is taken as passing the national code lists",
}
# DHSC's names for the SUS fields (Create_ASCOF_2D.sql), read as ours.
SUS_NAMES = {
    "Der_DHSC_Pseudo_NHS_Number": "NHS_Number", "APCS_Ident": "Spell_ID", "APCS_Last_Ep_Ind": "Last_Episode_In_Spell",
    "Der_Management_Type": "Management_Type", "Year_of_Birth_SUS": "Birth_Year", "Month_of_Birth_SUS": "Birth_Month",
}
_KEYS = {header_key(name): name for name in REQUIRED + OPTIONAL} | {
    header_key(sus): name for sus, name in SUS_NAMES.items()}


@cache
def discharge_code_lists() -> dict[str, dict]:
    """discharge_codes.toml: DHSC's SUS code lists for 2D, each with its column and, if it excludes, its reason."""
    return tomllib.loads((resources.files("ascof_xl.cld") / "discharge_codes.toml").read_text(encoding="utf-8"))


def discharge_code_rows() -> list[tuple[str, str, str | None]]:
    """(list, LIKE pattern, reason for the notes): whole codes as themselves, prefixes as 'prefix%'."""
    rows = []
    for name, entry in discharge_code_lists().items():
        if name == "version":
            continue
        codes, prefixes = entry["codes"], entry.get("prefixes", [])
        reason = None
        if "reason" in entry:
            shown = ", ".join(codes + [f"{prefix}*" for prefix in prefixes])
            reason = f"{entry['reason']} ({entry['label']} {shown})"
        rows += [(name, code, reason) for code in codes] + [(name, f"{prefix}%", reason) for prefix in prefixes]
    return rows


def install_discharge_codes(con: duckdb.DuckDBPyConnection) -> None:
    """The code lists as the small table `discharge_codes` (list, pattern, reason) the step joins on."""
    con.execute("CREATE OR REPLACE TABLE discharge_codes (list VARCHAR, pattern VARCHAR, reason VARCHAR)")
    con.executemany("INSERT INTO discharge_codes VALUES (?, ?, ?)", discharge_code_rows())


def attach_discharges(con: duckdb.DuckDBPyConnection, path: str | Path) -> list[str]:
    """Create `discharges_raw` from the file (every column text, with `given_<column>` saying whether the
    file has it, and row_no, the row's number in the file) and the code-list table; returns what the
    notes should say is absent."""
    path = str(path)
    if not Path(path).is_file():
        raise AscofError(f"{path}: no such discharges file; give a CSV with {', '.join(REQUIRED)} "
                         "and Age_At_Discharge (or Birth_Year and Birth_Month).")
    reader = f"read_csv('{_quote(path)}', all_varchar = true, header = true, nullstr = ['', 'NULL'])"
    try:
        headers = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
    except duckdb.Error as error:
        raise AscofError(f"{path}: cannot be read as CSV ({_first_line(error)}); save it as CSV.") from None
    columns, absent = discharge_columns(path, headers)
    # Each row's number in the file (its spell id when Spell_ID is blank; the first of a repeated spell
    # is kept): read from a Parquet copy in file order, as the CLD's CSV files are (load.stage).
    source = SourceFile(path, "CSV", columns)
    stage(con, source, names=REQUIRED + OPTIONAL)
    try:
        parts = ["CAST(file_row_number + 1 AS BIGINT) AS row_no"]
        for name in REQUIRED + OPTIONAL:
            header = columns.get(name)
            parts.append(f'CAST("{_ident(header)}" AS VARCHAR) AS {name}' if header
                         else f"CAST(NULL AS VARCHAR) AS {name}")
            parts.append(f"{'TRUE' if header else 'FALSE'} AS given_{name}")
        con.execute(f"CREATE OR REPLACE TABLE discharges_raw AS SELECT {', '.join(parts)} "
                    f"FROM read_parquet('{_quote(source.staged)}', file_row_number = true)")
    finally:
        release([source])
    install_discharge_codes(con)
    return absent


def discharge_columns(path: str, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Our column name -> the file's header, refused when 2D cannot be computed from the file; and the
    optional columns whose absence the notes should name."""
    columns = _columns(path, headers)
    _check_layout(path, columns)
    return columns, _absent(columns)


def resident_councils(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Councils of residence of the spells 2D counts (the 2D2 denominator's councils), from `discharges`."""
    return [code for (code,) in con.execute(
        "SELECT DISTINCT resident_la FROM discharges WHERE set_aside IS NULL ORDER BY resident_la").fetchall()]


def set_aside_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int]]:
    """(reason, rows) for the discharges file's rows 2D does not count, most first, from `discharges`."""
    return [(reason, n) for reason, n in con.execute(
        "SELECT set_aside, COUNT(*) AS n FROM discharges WHERE set_aside IS NOT NULL "
        "GROUP BY set_aside ORDER BY n DESC, set_aside").fetchall()]


def _columns(path: str, headers: list[str]) -> dict[str, str]:
    """Our column name -> the file's header, for every header we know (others are ignored)."""
    columns: dict[str, str] = {}
    for header in headers:
        name = _KEYS.get(header_key(header))
        if name is None:
            continue
        if name in columns:
            raise AscofError(f"{path}: columns '{columns[name]}' and '{header}' both stand for {name}; keep one.")
        columns[name] = header
    return columns


def _check_layout(path: str, columns: dict[str, str]) -> None:
    """Refuse a file 2D cannot be computed from whole: a required column, the age, or part of the code lists missing."""
    missing = [name for name in REQUIRED if name not in columns]
    if "Age_At_Discharge" not in columns and not {"Birth_Year", "Birth_Month"} <= set(columns):
        missing.append("Age_At_Discharge (or Birth_Year and Birth_Month)")
    if missing:
        raise AscofError(f"{path}: column{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing; the "
                         f"discharges file needs {', '.join(REQUIRED)} and Age_At_Discharge (or Birth_Year and "
                         "Birth_Month).")
    given = [name for name in CODE_COLUMNS if name in columns]
    if given and len(given) < len(CODE_COLUMNS) and "Qualifying" not in columns:
        lacking = [name for name in CODE_COLUMNS if name not in columns]
        raise AscofError(f"{path}: has {', '.join(given)} but not {', '.join(lacking)}; give all four SUS code "
                         "columns (2D's exclusions need each), or a Qualifying column (yes/no) with the lists applied.")


def _absent(columns: dict[str, str]) -> list[str]:
    """The optional columns whose absence changes what 2D sees, named for the run's notes."""
    absent = [name for name in ("Spell_ID", "Date_of_Death") if name not in columns]
    if not any(name in columns for name in EMERGENCY):
        absent.append(" or ".join(EMERGENCY))
    if "Qualifying" not in columns:
        if not any(name in columns for name in CODE_COLUMNS):
            absent.append(f"Qualifying (or {', '.join(CODE_COLUMNS)})")
        elif "Last_Episode_In_Spell" not in columns:
            absent.append("Last_Episode_In_Spell")
    return absent
