"""The users' survey (ASCS): 1A, 1B, 1I1, 1J, 3A, 3D1, 4A and 4B from every respondent, stratum-weighted.

Strata (survey-method.md §2): 1 learning disability (PrimarySupportReason 7), else 2 aged 18-64,
else 3 residential or nursing care (SupportSetting 2 or 3), else 4 community (SupportSetting 1).
A Stratum column is used where it holds 1-4; otherwise the stratum is derived.

1J's council value (not in NHS Digital's code, so our choice): the same stratum weighting over the
people who can answer it (community, not learning disability), with the Q2c population: strata 1
and 3 count 0, stratum 2 counts its population times the share of its respondents in community
settings (the return does not give the 18-64s in residential or nursing care), stratum 4 in full.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ascof_xl.catalogue import load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.findings import Finding
from ascof_xl.survey.findings import Tally, finding
from ascof_xl.survey.measures import (
    SurveyResult, Values, choose_framework, proportion, score, survey_rows,
)
from ascof_xl.survey.populations import population_table, weigh_strata
from ascof_xl.survey.publication import suppress_ascs
from ascof_xl.survey.respondents import MISSING_CODE, RangeByRow, Respondents, read_answers, respondents
from ascof_xl.survey.rules import load_rules
from ascof_xl.survey.scrqol import coefficients, needed_items, scrqol_scores
from ascof_xl.survey.table import ROW, numbers, read_rows, refuse_identical_rows, require_columns

STRATA = 4
STRATUM_COLUMNS = {h: f"stratum{h}Pop" for h in range(1, STRATA + 1)}
LEARNING_DISABILITY = 7
COMMUNITY, RESIDENTIAL, NURSING = 1, 2, 3
ONE_J_NOTE = ("1J council value: stratum weighting over respondents who can answer it (community, not learning "
              "disability), with strata 1 and 3 at 0 and stratum 2's population scaled by its community share.")


def read_ascs(path: str | Path) -> pd.DataFrame:
    """An ASCS respondent file (short NHS Digital names or the data return's long headers)."""
    frame = read_rows(path, "LaCode", load_rules("ascs")["headers"])
    refuse_identical_rows(frame, path)
    return frame


def read_strata(path: str | Path) -> pd.DataFrame:
    """The eligible populations: LaCode, stratum1Pop ... stratum4Pop."""
    frame = read_rows(path, "LaCode", {"lacode": "LaCode"})
    require_columns(frame, ("LaCode",), path, "the strata file")
    return frame


def ascs_from_files(path: str | Path, strata: str | Path, year: str | None = None,
                    framework: str | None = None) -> SurveyResult:
    """Every ASCS measure and split for every council in a respondent file."""
    return ascs_survey(read_ascs(path), read_strata(strata), year=year, framework=framework,
                       where=Path(path).name, strata_where=Path(strata).name)


def ascs_survey(frame: pd.DataFrame, strata: pd.DataFrame, *, year: str | None = None, framework: str | None = None,
                where: str = "respondents", strata_where: str = "strata") -> SurveyResult:
    """Every ASCS measure and split, from respondent rows and the strata populations (text tables)."""
    rules = load_rules("ascs")
    framework = choose_framework(framework, year)
    findings: list[Finding] = []
    tally = Tally()
    require_columns(frame, ("LaCode", "Response"), where, "the users' survey")
    people = respondents(frame, where, findings, tally)
    support, setting = _support(people, where, findings)
    stratum = _strata(people, support, setting, where, findings)
    placed = ~np.isnan(stratum)
    for line in people.lines[~placed]:
        findings.append(finding("no-stratum", where, int(line), "Stratum",
                                "no stratum: Stratum is blank and Age, PrimarySupportReason or SupportSetting is "
                                "missing; the row is set aside."))
    tally.set_aside_for("without a stratum", int((~placed).sum()))
    people, support, setting = people.keep(placed), support[placed], setting[placed]
    table = population_table(strata, tuple(STRATUM_COLUMNS.values()), strata_where, findings)
    before = people.frame[ROW].to_numpy()
    people, subgroup, council_of, population = weigh_strata(
        people, stratum[placed], STRATA, table, STRATUM_COLUMNS, strata_where, where, findings, tally)
    kept = np.isin(before, people.lines)
    support, setting = support[kept], setting[kept]
    tally.used = len(people.frame)
    measures = _measures(people, rules, support, setting, subgroup, population, year, where, findings)
    rows = survey_rows(people, subgroup, council_of, population, measures, framework, findings, where)
    order = {m.code: i for i, m in enumerate(load_catalogue(framework))}
    rows = sorted(rows, key=lambda r: order.get(r["measure"], len(order)))
    councils = {code: i for i, code in enumerate(people.council_codes)}
    rows = sorted(rows, key=lambda r: councils[r["council"]])
    return SurveyResult("ASCS", year, framework, suppress_ascs(rows), findings, tally, [ONE_J_NOTE])


def _support(people: Respondents, where: str, findings: list[Finding]) -> tuple[np.ndarray, np.ndarray]:
    """PrimarySupportReason and SupportSetting (1-3) as numbers; NaN where missing or out of range."""
    found = []
    for column, bounds in (("PrimarySupportReason", (1, 99)), ("SupportSetting", (1, 3))):
        if column not in people.frame.columns:
            findings.append(finding("missing-column", where, None, column,
                                    f"there is no {column} column: strata are taken from Stratum, and 1J cannot be computed."))
            found.append(np.full(len(people.frame), np.nan))
            continue
        values = numbers(people.frame, column, where, findings)
        values[values == MISSING_CODE] = np.nan
        outside = ~np.isnan(values) & ((values < bounds[0]) | (values > bounds[1]))
        for line, value in zip(people.lines[outside], values[outside]):
            findings.append(finding("out-of-range", where, int(line), column,
                                    f"{value:g} is not a {column} code ({bounds[0]}-{bounds[1]}); read as unknown."))
        values[outside] = np.nan
        found.append(values)
    return found[0], found[1]


def _strata(people: Respondents, support: np.ndarray, setting: np.ndarray, where: str,
            findings: list[Finding]) -> np.ndarray:
    """Each respondent's stratum: the Stratum column where it holds 1-4, else derived; NaN when neither."""
    age = people.age
    derived = np.select(
        [support == LEARNING_DISABILITY, np.isnan(support), (age >= 18) & (age <= 64), np.isnan(age),
         np.isin(setting, (RESIDENTIAL, NURSING)), setting == COMMUNITY],
        [1, np.nan, 2, np.nan, 3, 4], default=np.nan)
    if "Stratum" not in people.frame.columns:
        return derived
    given = numbers(people.frame, "Stratum", where, findings)
    outside = ~np.isnan(given) & ~np.isin(given, (1, 2, 3, 4))
    for line, value in zip(people.lines[outside], given[outside]):
        findings.append(finding("out-of-range", where, int(line), "Stratum",
                                f"{value:g} is not a stratum (1-4); the stratum is derived instead."))
    given[outside] = np.nan
    return np.where(np.isnan(given), derived, given)


def _measures(people: Respondents, rules: dict, support: np.ndarray, setting: np.ndarray, subgroup: np.ndarray,
              population: np.ndarray, year: str | None, where: str, findings: list[Finding]) -> list[Values]:
    """Each measure's per-respondent values; a measure whose columns are absent is left out with a finding."""
    easy = np.zeros(len(people.frame), dtype=bool)
    if "Questionnaire" in people.frame.columns:
        easy = np.isin(numbers(people.frame, "Questionnaire", where, findings), rules["easy_read"]["questionnaires"])
    else:
        findings.append(finding("missing-column", where, None, "Questionnaire",
                                "there is no Questionnaire column, so every q1 is read as the standard form (1-7)."))
    ranges = RangeByRow({k: tuple(v) for k, v in rules["ranges"].items()}, "q1", easy,
                        tuple(rules["easy_read"]["q1_range"]))
    absent = set(read_answers(people, ranges, where, findings, rules["ranges"]))
    answers = people.answers
    if "q1" in answers:
        answers["q1c"] = np.where(easy, answers["q1"], np.clip(answers["q1"] - 1, 1, 5))
    found: list[Values] = []
    for rule in rules["measures"]:
        items = rule.get("items") or [rule["item"]]
        lacking = sorted({("q1" if i == "q1c" else i) for i in items} & absent)
        if lacking:
            findings.append(finding("missing-column", where, None, ", ".join(lacking),
                                    f"measure {rule['code']} needs {', '.join(lacking)}, which the file lacks; it is left out."))
            continue
        if rule["kind"] == "proportion":
            found.append(Values(rule["code"], proportion(answers, rule["item"], rule["valid"], rule["target"])))
        else:
            found.append(Values(rule["code"], score(answers, rule["items"], rule["valid"], rule["top_code"])))
    try:
        coefficients(year)
    except AscofError as error:
        findings.append(finding("no-coefficients", where, None, None, f"1J is left out: {error}"))
        return found
    lacking = sorted(set(needed_items(year)) & absent)
    if lacking or np.isnan(support).all() or np.isnan(setting).all():
        findings.append(finding("missing-column", where, None, ", ".join(lacking) or "PrimarySupportReason, SupportSetting",
                                "1J needs every SCRQoL item, q13, q15a-d, q16a-c, q17, q18, PrimarySupportReason and "
                                "SupportSetting; it is left out."))
        return found
    eligible = (support != LEARNING_DISABILITY) & ~np.isnan(support) & (setting == COMMUNITY)
    scores = scrqol_scores(answers, people.age, eligible, year)
    found.append(Values("1J", scores, splits=False, population=_q2c_population(subgroup, setting, population)))
    return found


def _q2c_population(subgroup: np.ndarray, setting: np.ndarray, population: np.ndarray) -> np.ndarray:
    """1J's population per subgroup: strata 1 and 3 nothing; stratum 2 scaled by its community share; stratum 4 whole."""
    groups = len(population)
    known = np.bincount(subgroup[~np.isnan(setting)], minlength=groups).astype(float)
    community = np.bincount(subgroup[setting == COMMUNITY], minlength=groups).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(known > 0, community / known, 0.0)
    stratum = np.arange(groups) % STRATA + 1
    return np.select([stratum == 2, stratum == 4], [population * share, population], default=0.0)
