"""The hospital-discharge file 2D needs (from SUS), opened in DuckDB as the view `discharges_raw`.

One row per hospital spell of the council's residents: the person's pseudonymised NHS number (as
in the CLD), the council of residence, admission and discharge dates, age at discharge, and
optionally a spell id, whether the spell qualifies for 2D (the SUS code-list filters applied:
last episode, admission and discharge methods, destinations, treatment functions), whether it was
an emergency admission (EM/NE, for readmissions) and a date of death.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from ascof_xl.cld.columns import header_key
from ascof_xl.cld.load import _first_line, _ident, _quote
from ascof_xl.errors import AscofError

REQUIRED = ("NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date", "Age_At_Discharge")
OPTIONAL = ("Spell_ID", "Qualifying", "Emergency_Admission", "Date_of_Death")


def attach_discharges(con: duckdb.DuckDBPyConnection, path: str | Path) -> list[str]:
    """Create `discharges_raw` over the file (every column text); returns the optional columns it lacks."""
    path = str(path)
    if not Path(path).is_file():
        raise AscofError(f"{path}: no such discharges file; give a CSV with {', '.join(REQUIRED)}.")
    reader = f"read_csv('{_quote(path)}', all_varchar = true, header = true, nullstr = ['', 'NULL'])"
    try:
        headers = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()]
    except duckdb.Error as error:
        raise AscofError(f"{path}: cannot be read as CSV ({_first_line(error)}); save it as CSV.") from None
    by_key = {header_key(h): h for h in headers}
    missing = [name for name in REQUIRED if header_key(name) not in by_key]
    if missing:
        raise AscofError(f"{path}: column{'s' if len(missing) > 1 else ''} {', '.join(missing)} missing; "
                         f"the discharges file needs {', '.join(REQUIRED)}.")
    parts = ["ROW_NUMBER() OVER () AS row_no"]
    for name in REQUIRED + OPTIONAL:
        header = by_key.get(header_key(name))
        parts.append(f'CAST("{_ident(header)}" AS VARCHAR) AS {name}' if header else f"CAST(NULL AS VARCHAR) AS {name}")
    con.execute(f"CREATE OR REPLACE VIEW discharges_raw AS SELECT {', '.join(parts)} FROM {reader}")
    return [name for name in OPTIONAL if header_key(name) not in by_key]
