"""Eligible populations per council and stratum, and the respondents set aside where one is missing."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ascof_xl.findings import Finding
from ascof_xl.survey.findings import Tally, finding
from ascof_xl.survey.respondents import Respondents
from ascof_xl.survey.table import ROW, numbers


def population_table(frame: pd.DataFrame, columns: tuple[str, ...], where: str,
                     findings: list[Finding]) -> dict[str, tuple[int, dict[str, float]]]:
    """LaCode -> (row, {column: population}) from a population file; a repeated council is a finding."""
    table: dict[str, tuple[int, dict[str, float]]] = {}
    present = [c for c in columns if c in frame.columns]
    for column in columns:
        if column not in frame.columns:
            findings.append(finding("missing-column", where, None, column,
                                    f"there is no {column} column, so its respondents have no population."))
    values = {c: numbers(frame, c, where, findings, whole=True) for c in present}
    for index, (code, line) in enumerate(zip((str(c).strip() for c in frame["LaCode"].to_numpy(dtype=object)), frame[ROW])):
        if not code:
            continue
        if code in table:
            findings.append(finding("repeated-council", where, int(line), "LaCode",
                                    f"council {code} is listed again (first on row {table[code][0]}); this row is not used."))
            continue
        table[code] = (int(line), {c: float(values[c][index]) for c in present})
    return table


def weigh_strata(
    people: Respondents, stratum: np.ndarray, strata: int, table: dict[str, tuple[int, dict[str, float]]],
    column_of: dict[int, str], where: str, people_where: str, findings: list[Finding], tally: Tally,
) -> tuple[Respondents, np.ndarray, np.ndarray, np.ndarray]:
    """Respondents whose council and stratum have a population above zero, their subgroup numbers
    (council x stratum), each subgroup's council and population. The rest are set aside with a finding."""
    councils = len(people.council_codes)
    population = np.full(councils * strata, np.nan)
    for number, code in enumerate(people.council_codes):
        if code in table:
            _, found = table[code]
            for h, column in column_of.items():
                population[number * strata + h - 1] = found.get(column, np.nan)
    subgroup = people.council * strata + stratum.astype(np.int64) - 1
    counts = np.bincount(subgroup, minlength=councils * strata)
    usable = np.isfinite(population) & (population > 0)
    for group in np.flatnonzero((counts > 0) & ~usable):
        code, h = people.council_codes[group // strata], group % strata + 1
        if code not in table:
            findings.append(finding("no-population", where, None, "LaCode",
                                    f"council {code} has {counts[group]} respondent(s) in {people_where} but no row here; "
                                    "they are set aside. Add the council's eligible population."))
        else:
            value = population[group]
            shown = "blank" if np.isnan(value) else f"{value:g}"
            findings.append(finding("no-population", where, table[code][0], column_of[h],
                                    f"council {code}: the population of stratum {h} is {shown}, yet {counts[group]} "
                                    "respondent(s) are in it; they are set aside. Enter the eligible population."))
    for group in np.flatnonzero(usable & (counts > population)):
        code, h = people.council_codes[group // strata], group % strata + 1
        findings.append(finding("population-below-respondents", where, table[code][0], column_of[h],
                                f"council {code}: stratum {h} has {counts[group]} respondents but a population of "
                                f"{population[group]:g}; check the population (its margin of error is taken as 0)."))
    keep = usable[subgroup]
    tally.set_aside_for("in a council or stratum without a population", int((~keep).sum()))
    for code, (line, _) in table.items():
        if code not in people.council_codes:
            findings.append(finding("no-respondents", where, line, "LaCode",
                                    f"council {code} has no respondents in {people_where}; it has no rows."))
    council_of_subgroup = np.arange(councils * strata) // strata
    return people.keep(keep), subgroup[keep], council_of_subgroup, np.where(usable, population, 0.0)
