"""Build small respondent and population tables for the survey tests, as the file readers give them."""

import pandas as pd

from ascof_xl.survey.table import ROW

ITEMS_1A = ("q3a", "q4a", "q5a", "q6a", "q7a", "q8a", "q9a", "q11")


def table(rows: list[dict]) -> pd.DataFrame:
    """Text cells, blanks for absent keys, and the line number each row would have under a header row."""
    columns = list(dict.fromkeys(k for r in rows for k in r))
    frame = pd.DataFrame([{c: "" if r.get(c) is None else str(r[c]) for c in columns} for r in rows], dtype=object)
    frame[ROW] = range(2, len(rows) + 2)
    return frame


def person(council: str = "100", stratum: int | None = None, response: int = 1, **answers) -> dict:
    """One ASCS row; Stratum given directly unless None."""
    row = {"LaCode": council, "Response": response, "Gender": answers.pop("gender", ""), "Age": answers.pop("age", "")}
    if stratum is not None:
        row["Stratum"] = stratum
    return row | answers


def strata(council: str = "100", n1="100", n2="200", n3="50", n4="400") -> dict:
    return {"LaCode": council, "stratum1Pop": n1, "stratum2Pop": n2, "stratum3Pop": n3, "stratum4Pop": n4}
