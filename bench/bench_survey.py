"""Survey speed: a 10,000-respondent ASCS file, every measure and split with margins of error."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from figures import best_seconds, report  # noqa: E402

from ascof_xl.survey.ascs import ascs_from_files, ascs_survey, read_ascs, read_strata  # noqa: E402

RESPONDENTS = 10_000
COUNCILS = ("206", "211", "318", "102")
QUESTIONS = {"q1": 7, "q3a": 4, "q4a": 4, "q5a": 4, "q6a": 4, "q7a": 4, "q7b": 2, "q8a": 4, "q9a": 4, "q10": 4,
             "q11": 4, "q12": 5, "q13": 5, "q15a": 3, "q15b": 3, "q15c": 3, "q15d": 3, "q16a": 3, "q16b": 3,
             "q16c": 3, "q16d": 3, "q17": 4, "q18": 4}


def write_files(folder: Path) -> tuple[Path, Path]:
    """A respondent file as NHS Digital names its columns, with some -9s, and the strata populations."""
    rng = np.random.default_rng(2024)
    columns = {
        "LaCode": rng.choice(COUNCILS, RESPONDENTS), "SerialNo": np.arange(RESPONDENTS),
        "Response": np.where(rng.random(RESPONDENTS) < 0.9, 1, 2), "Gender": rng.integers(1, 3, RESPONDENTS),
        "Age": rng.integers(18, 100, RESPONDENTS), "PrimarySupportReason": rng.integers(1, 8, RESPONDENTS),
        "SupportSetting": rng.integers(1, 4, RESPONDENTS), "Questionnaire": rng.integers(1, 5, RESPONDENTS),
    }
    for question, codes in QUESTIONS.items():
        answers = rng.integers(1, codes + 1, RESPONDENTS)
        columns[question] = np.where(rng.random(RESPONDENTS) < 0.03, -9, answers)
    respondents = folder / "ascs.csv"
    pd.DataFrame(columns).to_csv(respondents, index=False)
    strata = folder / "strata.csv"
    pd.DataFrame({"LaCode": COUNCILS, "stratum1Pop": 900, "stratum2Pop": 1800, "stratum3Pop": 1200,
                  "stratum4Pop": 4000}).to_csv(strata, index=False)
    return respondents, strata


def main() -> None:
    """Print each figure."""
    with tempfile.TemporaryDirectory() as folder:
        respondents, strata = write_files(Path(folder))
        frame, populations = read_ascs(respondents), read_strata(strata)
        rows = len(ascs_survey(frame, populations).rows)
        seconds = best_seconds(lambda: ascs_survey(frame, populations))
        report(f"ASCS 10,000 respondents, every measure and split with margins ({rows} rows), from tables", seconds,
               "s", "< 2 s (goal 0.5 s)")
        seconds = best_seconds(lambda: ascs_from_files(respondents, strata), 3)
        report("ASCS 10,000 respondents, reading the CSV files as well", seconds, "s", "< 2 s (goal 0.5 s)")


if __name__ == "__main__":
    main()
