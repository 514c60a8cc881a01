"""From each respondent's answers to every measure's rows: per-person values, weighting, rounding, codes.

Measures are computed under their four-domain codes (ascof-2018-19) and written under the codes of
the framework asked for, found through the catalogue's lineage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ascof_xl.catalogue import Measure, check_framework, framework_for_year, load_catalogue
from ascof_xl.figures.value import multiplier_for
from ascof_xl.findings import Finding
from ascof_xl.survey.findings import Tally, finding
from ascof_xl.survey.publication import survey_row
from ascof_xl.survey.respondents import Respondents
from ascof_xl.survey.weighting import stratified

SOURCE_FRAMEWORK = "ascof-2018-19"  # the codes the survey rules are written in


@dataclass
class SurveyResult:
    """A survey's rows (the shape scripts rely on), the findings about its input, and its row totals."""

    survey: str
    year: str | None
    framework: str
    rows: list[dict[str, Any]]
    findings: list[Finding]
    tally: Tally
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Values:
    """One measure's per-respondent values (NaN where not valid) and whether it is split by age and gender."""

    code: str
    values: np.ndarray
    splits: bool = True
    population: np.ndarray | None = None  # a subgroup population of its own (1J), else the survey's


def choose_framework(framework: str | None, year: str | None) -> str:
    """The framework whose codes the rows carry: as asked, else the year's, else the four-domain codes."""
    if framework:
        return check_framework(framework)
    return framework_for_year(year) if year else SOURCE_FRAMEWORK


def target_measure(code: str, framework: str) -> Measure | None:
    """The measure of `framework` that continues the four-domain measure `code` (through its lineage)."""
    source = load_catalogue(SOURCE_FRAMEWORK).measure(code)
    if framework == SOURCE_FRAMEWORK:
        return source
    for measure in load_catalogue(framework):
        if source.key in measure.lineage:
            return measure
    return None


def proportion(answers: dict[str, np.ndarray], item: str, valid: list[int], target: list[int]) -> np.ndarray:
    """1.0 where the answer is a target code, 0.0 where another valid code, NaN otherwise."""
    codes = answers[item]
    return np.where(np.isin(codes, valid), np.isin(codes, target).astype(float), np.nan)


def score(answers: dict[str, np.ndarray], items: list[str], valid: list[int], top_code: int) -> np.ndarray:
    """Sum over the items of (top_code - code); NaN unless every item is valid."""
    codes = np.vstack([answers[i] for i in items])
    return np.where(np.isin(codes, valid).all(axis=0), (top_code - codes).sum(axis=0), np.nan)


def survey_rows(
    people: Respondents,
    subgroup: np.ndarray,
    council_of_subgroup: np.ndarray,
    population: np.ndarray,
    measures: list[Values],
    framework: str,
    findings: list[Finding],
    where: str,
) -> list[dict[str, Any]]:
    """Every council's rows for every measure and split, under the framework's codes, exact and unsuppressed."""
    rows: list[dict[str, Any]] = []
    splits = people.splits()
    present = set(people.council.tolist())  # councils whose respondents were all set aside have no rows
    for each in measures:
        measure = target_measure(each.code, framework)
        if measure is None:
            findings.append(finding("no-code", where, None, None,
                                    f"measure {each.code} has no successor in {framework}; its rows are left out."))
            continue
        multiplier, decimals = multiplier_for(measure.unit), int(measure.get("decimals", 1))
        weights = population if each.population is None else each.population
        for label, members in splits.items():
            if members is not None and not each.splits:
                continue
            sums = stratified(subgroup, council_of_subgroup, weights, each.values, members, len(people.council_codes))
            margins = sums.margin(multiplier)
            for number, council in enumerate(people.council_codes):
                if number not in present:
                    continue
                rows.append(survey_row(council, measure.code, label, sums.numerator[number], sums.denominator[number],
                                       int(sums.base[number]), margins[number],
                                       sums.exact_outcome(number, multiplier), decimals))
    order = {code: i for i, code in enumerate(people.council_codes)}
    return sorted(rows, key=lambda r: order[r["council"]])

