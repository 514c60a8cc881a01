"""What both surveys do to their rows first: keep respondents with a council code, read ages, genders
and answer codes, and say which rows were set aside and which cells were read as no answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from ascof_xl.findings import Finding
from ascof_xl.survey.findings import Tally, finding
from ascof_xl.survey.table import ROW, numbers

RESPONDED = 1
MISSING_CODE = -9  # NHS Digital's "no answer": missing without a finding
AGE_RANGE = (18, 125)


@dataclass
class Respondents:
    """The respondents kept, with their council, age, gender and answers, in file order."""

    frame: pd.DataFrame  # the kept rows, as text
    council_codes: list[str]  # council number -> LaCode
    council: np.ndarray  # each respondent's council number
    age: np.ndarray  # NaN where unknown
    gender: np.ndarray  # 1 male, 2 female, NaN otherwise
    answers: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def lines(self) -> np.ndarray:
        return self.frame[ROW].to_numpy()

    def keep(self, mask: np.ndarray) -> "Respondents":
        """The same respondents less those where `mask` is False (council numbers unchanged)."""
        return Respondents(self.frame[mask], self.council_codes, self.council[mask], self.age[mask],
                           self.gender[mask], {k: v[mask] for k, v in self.answers.items()})

    def splits(self) -> dict[str, np.ndarray | None]:
        """Each disaggregation's members: Total (everyone), 18-64, 65 and over, Male, Female."""
        return {
            "Total": None,
            "18-64": (self.age >= 18) & (self.age <= 64),
            "65 and over": self.age >= 65,
            "Male": self.gender == 1,
            "Female": self.gender == 2,
        }


def respondents(frame: pd.DataFrame, where: str, findings: list[Finding], tally: Tally) -> Respondents:
    """Keep the rows with Response 1 and a council code; read Age and Gender."""
    tally.read = len(frame)
    council = pd.Series([str(c).strip() for c in frame["LaCode"].to_numpy(dtype=object)], index=frame.index, dtype=object)
    no_code = (council == "").to_numpy()
    for line in frame[ROW].to_numpy()[no_code]:
        findings.append(finding("no-council", where, int(line), "LaCode", "the council code is blank; the row is set aside."))
    response = numbers(frame, "Response", where, findings)
    blank_response = np.isnan(response) & ~no_code
    for line in frame[ROW].to_numpy()[blank_response]:
        findings.append(finding("no-response-code", where, int(line), "Response",
                                "Response is blank; the row is set aside (1 = responded)."))
    responded = (response == RESPONDED) & ~no_code
    tally.set_aside_for("without a council code", int(no_code.sum()))
    tally.set_aside_for("without a Response code", int(blank_response.sum()))
    tally.set_aside_for("did not respond (Response not 1)", int((~responded & ~no_code & ~blank_response).sum()))
    kept = frame[responded]
    _repeated_serials(kept, where, findings)
    silent = sorted(set(council[~no_code]) - set(council[responded]))
    for code in silent:
        first = int(frame[ROW][(council == code).to_numpy()].iloc[0])
        findings.append(finding("no-respondents", where, first, "Response",
                                f"council {code} has rows from row {first} but none with Response 1; it has no results."))
    codes = council[responded]
    council_codes = list(dict.fromkeys(codes))
    number = {code: i for i, code in enumerate(council_codes)}
    age = _ranged(kept, "Age", AGE_RANGE, where, findings, "an age")
    gender = _ranged(kept, "Gender", (1, 2), where, findings, "a gender code", report=False)
    return Respondents(kept, council_codes, codes.map(number).to_numpy(dtype=np.int64), age, gender)


def _ranged(frame: pd.DataFrame, column: str, bounds: tuple[int, int], where: str, findings: list[Finding],
            what: str, report: bool = True) -> np.ndarray:
    """A column as numbers within bounds; outside them (or absent) NaN, with a finding where asked."""
    if column not in frame.columns:
        findings.append(finding("missing-column", where, None, column,
                                f"there is no {column} column, so no {what} split can be made."))
        return np.full(len(frame), np.nan)
    values = numbers(frame, column, where, findings)
    outside = ~np.isnan(values) & ((values < bounds[0]) | (values > bounds[1])) & (values != MISSING_CODE)
    if report:
        for line, value in zip(frame[ROW].to_numpy()[outside], values[outside]):
            findings.append(finding("out-of-range", where, int(line), column,
                                    f"{value:g} is not {what} from {bounds[0]} to {bounds[1]}; read as unknown."))
    values[outside | (values == MISSING_CODE)] = np.nan
    return values


def read_answers(people: Respondents, ranges: Mapping[str, tuple[int, int]], where: str,
                 findings: list[Finding], columns: Iterable[str]) -> list[str]:
    """Read each question column into people.answers: -9 and blanks missing, out-of-range codes missing
    with a finding naming row and column. Returns the columns the file lacks."""
    absent = []
    for column in dict.fromkeys(columns):
        if column not in people.frame.columns:
            absent.append(column)
            continue
        values = numbers(people.frame, column, where, findings)
        values[values == MISSING_CODE] = np.nan
        low, high = ranges.bounds(column) if isinstance(ranges, RangeByRow) else ranges[column]
        outside = ~np.isnan(values) & ((values < low) | (values > high) | (values != np.round(values)))
        for line, value in zip(people.lines[outside], values[outside]):
            findings.append(finding("out-of-range", where, int(line), column,
                                    f"answer code {value:g} is outside {column}'s codes; read as no answer to {column}."))
        values[outside] = np.nan
        people.answers[column] = values
    return absent


class RangeByRow(dict):
    """Answer ranges where one column's range depends on the form (ASCS q1: 1-7 standard, 1-5 easy read)."""

    def __init__(self, ranges: Mapping[str, tuple[int, int]], column: str, easy: np.ndarray, easy_range: tuple[int, int]):
        super().__init__(ranges)
        self.column, self.easy, self.easy_range = column, easy, easy_range

    def bounds(self, column: str) -> tuple[np.ndarray | int, np.ndarray | int]:
        """The lowest and highest valid code of a column, row by row where the form decides."""
        low, high = self[column]
        if column == self.column:
            return np.where(self.easy, self.easy_range[0], low), np.where(self.easy, self.easy_range[1], high)
        return low, high


def _repeated_serials(kept: pd.DataFrame, where: str, findings: list[Finding]) -> None:
    """A SerialNo given twice within a council may be one person entered twice: a finding for each repeat."""
    if "SerialNo" not in kept.columns:
        return
    serials = kept[["LaCode", "SerialNo"]].apply(lambda c: c.str.strip())
    repeated = serials.duplicated() & (serials["SerialNo"] != "")
    for line, serial in zip(kept[ROW][repeated], serials["SerialNo"][repeated]):
        findings.append(finding("repeated-serial", where, int(line), "SerialNo",
                                f"SerialNo {serial} is given again for this council; check the row is not a duplicate "
                                "(it is counted)."))
