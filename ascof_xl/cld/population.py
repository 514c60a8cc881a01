"""Population denominators of 2B (18-64) and 2C (65 and over): a user's CSV, or the publication's own."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

from ascof_xl.errors import AscofError
from ascof_xl.intake.numbers import ambiguity
from ascof_xl.intake.tables import read_sheets

Population = dict[str, dict[str, int]]  # LA_Code -> {"18-64": n, "65 and over": n}
BANDS = {"age_18_64": "18-64", "age_65_plus": "65 and over"}
PUBLISHED_YEAR = "2024-25"  # the 2024-25 publication's 2B and 2C denominators: ONS mid-2024


def read_population(path: str | Path) -> Population:
    """A CSV (or workbook) with LA_Code (or ONS_Code), age_18_64 and age_65_plus; every cell checked, located.

    Read by the one tabular reader (`ascof_xl.intake`): named encodings, separator found, a row cut
    off short refused; a population written ambiguously ("21.600", "21,6") is refused, not guessed.
    """
    path = Path(path)
    if not path.exists():
        raise AscofError(f"{path}: no such population file; give a CSV with LA_Code, age_18_64, age_65_plus.")

    def is_header(row: list[str]) -> bool:
        cells = {cell.strip().lower() for cell in row}
        return bool(cells & {"la_code", "ons_code"}) or set(BANDS) <= cells

    sheets = read_sheets(path, "population file", is_header=is_header, separators=",\t;",
                         advice="give a CSV with LA_Code, age_18_64, age_65_plus")
    sheet = next((s for s in sheets if s.header(is_header) is not None), sheets[0] if sheets else None)
    if sheet is None or not sheet.rows:
        raise AscofError(f"{path}: the population file is empty; give LA_Code, age_18_64, age_65_plus.")
    start = sheet.header(is_header) or 0
    header = [cell.strip().lower() for cell in sheet.rows[start]]
    code_column = next((header.index(n) for n in ("la_code", "ons_code") if n in header), None)
    missing = [n for n in BANDS if n not in header]
    if code_column is None or missing:
        needed = (["LA_Code or ONS_Code"] if code_column is None else []) + missing
        raise AscofError(f"{path}: column{'s' if len(needed) > 1 else ''} {', '.join(needed)} missing from the "
                         "header row; the population file needs LA_Code (or ONS_Code), age_18_64, age_65_plus.")
    population: Population = {}
    semicolons = sheet.delimiter == ";"
    for row, line in zip(*sheet.body(start)):
        where = f"{path} {sheet.unit} {line}"
        code = row[code_column]
        if not code:
            raise AscofError(f"{where}: no council code; fill in LA_Code or delete the line.")
        if code in population:
            raise AscofError(f"{where}: council {code} appears twice; keep one line per council.")
        population[code] = {band: _count(where, row[header.index(name)], name, semicolons)
                            for name, band in BANDS.items()}
    return population


def _count(where: str, text: str, name: str, semicolons: bool) -> int:
    problem = ambiguity(text, whole=True, semicolons=semicolons)
    if problem:
        raise AscofError(f"{where}, column {name}: '{text}' {problem}")
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise AscofError(f"{where}, column {name}: '{text}' is not a number; "
                         "enter the population as a whole number.") from None
    if not number.is_finite() or number <= 0 or number != number.to_integral_value():
        raise AscofError(f"{where}, column {name}: {text} is not a population above zero; "
                         "enter a whole number.")
    return int(number)


def published_population(codes: list[str]) -> Population:
    """The 2024-25 publication's own 2B and 2C denominators for these councils, where bundled.

    Reads the one bundled year it needs rather than the whole store (a tenth of the time).
    """
    from ascof_xl.published.bundled import read_bundled

    table = read_bundled(f"ascof-{PUBLISHED_YEAR}.csv.gz")
    wanted = table[table["measure"].isin(["2B", "2C"]) & (table["measure_type"] == "Denominator")
                   & table["area_code"].isin(codes) & table["value"].notna()]
    found: Population = {code: {} for code in codes}
    for code, measure, value in wanted[["area_code", "measure", "value"]].itertuples(index=False, name=None):
        found[code]["18-64" if measure == "2B" else "65 and over"] = int(value)
    return found
