"""The carers' survey (SACE): 1D, 1I2, 3B, 3C and 3D2, each council one stratum.

Which column holds which questionnaire item changes between survey years, so it is a table: a
default per survey year (data/sace.toml) or the user's own (--questions FILE, header role,column).
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

import numpy as np
import pandas as pd

from ascof_xl.catalogue import load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.findings import Finding
from ascof_xl.survey.findings import Tally, finding
from ascof_xl.survey.measures import SurveyResult, Values, choose_framework, proportion, score, survey_rows
from ascof_xl.survey.populations import population_table, weigh_strata
from ascof_xl.survey.publication import suppress_sace
from ascof_xl.survey.respondents import read_answers, respondents
from ascof_xl.survey.rules import load_rules, version_for
from ascof_xl.survey.table import read_rows, refuse_identical_rows, require_columns

ROLES = ("satisfaction", "qol_occupation", "qol_control", "qol_self_care", "qol_safety", "qol_social_participation",
         "qol_encouragement", "social_contact", "information_ease", "involvement")
POPULATION = "EligiblePopulation"


def default_questions(year: str) -> tuple[dict[str, str], str]:
    """The bundled role -> column table for a survey year, and how sure it is."""
    version = version_for(load_rules("sace")["questions"], year, "SACE question table")
    return dict(version["columns"]), version["confidence"]


def read_questions(path: str | Path) -> dict[str, str]:
    """A user's question table: header role,column; one row per role."""
    frame = read_rows(path, "role", {"role": "role", "column": "column"})
    require_columns(frame, ("role", "column"), path, "a question table")
    table: dict[str, str] = {}
    for role, column, line in zip(frame["role"], frame["column"], frame["_row"]):
        role, column = role.strip().lower(), column.strip()
        if role not in ROLES:
            raise AscofError(f"file {path}, row {line}, column role: '{role}' is not a role; roles are: {', '.join(ROLES)}.")
        if not column:
            raise AscofError(f"file {path}, row {line}, column column: no column is given for {role}.")
        if role in table:
            raise AscofError(f"file {path}, row {line}: {role} is given twice; keep one row per role.")
        table[role] = column
    return table


def read_sace(path: str | Path) -> pd.DataFrame:
    """A SACE respondent file: LaCode, SerialNo, Response, Age, Gender and the question columns."""
    frame = read_rows(path, "LaCode", load_rules("ascs")["headers"])
    refuse_identical_rows(frame, path)
    return frame


def read_population(path: str | Path) -> pd.DataFrame:
    """The eligible populations: LaCode, EligiblePopulation."""
    frame = read_rows(path, "LaCode", {"lacode": "LaCode", "eligiblepopulation": POPULATION})
    require_columns(frame, ("LaCode",), path, "the population file")
    return frame


def sace_from_files(path: str | Path, population: str | Path, *, questions: str | Path | None = None,
                    year: str | None = None, framework: str | None = None) -> SurveyResult:
    """Every SACE measure and split for every council in a respondent file."""
    table = read_questions(questions) if questions else None
    return sace_survey(read_sace(path), read_population(population), questions=table, year=year, framework=framework,
                       where=Path(path).name, population_where=Path(population).name)


def sace_survey(frame: pd.DataFrame, population: pd.DataFrame, *, questions: dict[str, str] | None = None,
                year: str | None = None, framework: str | None = None, where: str = "respondents",
                population_where: str = "population") -> SurveyResult:
    """Every SACE measure and split from respondent rows and each council's eligible population."""
    notes = []
    if questions is None:
        if year is None:
            raise AscofError("say which survey year the file is (--year, e.g. 2021-22), since SACE question numbers "
                             "change between years, or give the question table with --questions FILE.")
        questions, confidence = default_questions(year)
        notes.append(f"question table for {year} ({confidence}): "
                     + ", ".join(f"{role} {column}" for role, column in questions.items()))
    rules = load_rules("sace")
    framework = choose_framework(framework, year)
    findings: list[Finding] = []
    tally = Tally()
    require_columns(frame, ("LaCode", "Response"), where, "the carers' survey")
    people = respondents(frame, where, findings, tally)
    table = population_table(population, (POPULATION,), population_where, findings)
    people, subgroup, council_of, weights = weigh_strata(
        people, np.ones(len(people.frame)), 1, table, {1: POPULATION}, population_where, where, findings, tally)
    tally.used = len(people.frame)
    measures = _measures(people, rules, questions, where, findings)
    rows = survey_rows(people, subgroup, council_of, weights, measures, framework, findings, where)
    order = {m.code: i for i, m in enumerate(load_catalogue(framework))}
    councils = {code: i for i, code in enumerate(people.council_codes)}
    rows = sorted(rows, key=lambda r: (councils[r["council"]], order.get(r["measure"], len(order))))
    suppressed = []
    for _, cells in groupby(rows, key=lambda r: (r["council"], r["measure"])):
        suppressed.extend(suppress_sace(list(cells)))
    return SurveyResult("SACE", year, framework, suppressed, findings, tally, notes)


def _measures(people, rules: dict, questions: dict[str, str], where: str, findings: list[Finding]) -> list[Values]:
    """Each measure's per-respondent values from the columns its roles map to."""
    ranges: dict[str, tuple[int, int]] = {}
    for rule in rules["measures"]:
        bounds = tuple(rule.get("range", (min(rule["valid"]), max(rule["valid"]))))
        for role in rule.get("roles") or [rule["role"]]:
            if role in questions:
                ranges[questions[role]] = bounds
    absent = set(read_answers(people, ranges, where, findings, ranges))
    found = []
    for rule in rules["measures"]:
        roles = rule.get("roles") or [rule["role"]]
        unmapped = [r for r in roles if r not in questions]
        lacking = sorted({questions[r] for r in roles if r in questions} & absent)
        if unmapped or lacking:
            what = (f"no column is given for {', '.join(unmapped)}" if unmapped
                    else f"the file lacks {', '.join(lacking)}")
            findings.append(finding("missing-column", where, None, ", ".join(lacking) or None,
                                    f"measure {rule['code']}: {what}; it is left out."))
            continue
        answers = {role: people.answers[questions[role]] for role in roles}
        if rule["kind"] == "proportion":
            found.append(Values(rule["code"], proportion(answers, rule["role"], rule["valid"], rule["target"])))
        else:
            found.append(Values(rule["code"], score(answers, roles, rule["valid"], rule["top_code"])))
    return found
