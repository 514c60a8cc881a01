"""The processed layout: published outcome values labelled by description, without measure codes.

Some measures share one description in this layout: the users' and carers' parts of 1C
(1C1A/1C1B "…receive self-directed support", 1C2A/1C2B "…receive direct payments"), 3D1/3D2
where a year has both surveys, and any parts a file labels with their group's title (1C, 1I,
2A, 2B, 2C). The rows come in code order, users' part first, so within each area and
disaggregation the k-th row with a shared description is the k-th of its codes in the
catalogue. The tests check this against the coded 2020-21 file.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import pandas as pd

from ascof_xl.catalogue import framework_for_year, load_catalogue
from ascof_xl.errors import AscofError
from ascof_xl.published.tidy import TIDY_COLUMNS, normalise_level, normalise_total, read_values, suffix_for

REQUIRED = frozenset(
    {
        "geographical description",
        "geographical level",
        "ons code",
        "measure group description",
        "disaggregation level",
        "measure value",
    }
)


def fold_description(text: str) -> str:
    """A description folded for matching: lower case, letters and digits only, no leading "the"."""
    words = re.sub(r"[^a-z0-9]+", " ", str(text).lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def match_description(folded: str, known: dict[str, tuple[str, ...]]) -> str | None:
    """The known description a folded one matches: exactly, or else near enough (90% alike) to one only."""
    if folded in known:
        return folded
    close = difflib.get_close_matches(folded, list(known), n=2, cutoff=0.9)
    return close[0] if len(close) == 1 else None


@cache
def codes_by_description(framework: str) -> dict[str, tuple[str, ...]]:
    """Each published description (or group title) and the measure codes that carry it, in catalogue order."""
    index: dict[str, list[str]] = {}
    for measure in load_catalogue(framework):
        titles = [measure.get("group_title")] if measure.get("group_title") else []
        for description in [*measure.get("published_descriptions", ()), *titles]:
            codes = index.setdefault(fold_description(description), [])
            if measure.code not in codes:
                codes.append(measure.code)
    return {k: tuple(v) for k, v in index.items()}


def to_tidy(text: pd.DataFrame, year: str, where: str) -> pd.DataFrame:
    """Turn a processed table into the tidy table, giving each row its measure code.

    Rows whose description or level is not recognised are left out, with a note in
    `attrs["notes"]`; a file with no recognised row is an error.
    """
    framework = framework_for_year(year)
    lookup = codes_by_description(framework)
    matched = {d: match_description(fold_description(d), lookup) for d in set(text["measure group description"])}
    folded = text["measure group description"].map(matched)
    level, notes = normalise_level(text["geographical level"], where)
    unknown = sorted(d for d, m in matched.items() if m is None)
    if unknown:
        shown = "; ".join(repr(d) for d in unknown[:3]) + (" ..." if len(unknown) > 3 else "")
        notes.append(f"{where}: left out rows with descriptions no {framework} measure carries: {shown}")
    keep = folded.notna() & level.notna()
    if not keep.any():
        raise AscofError(f"{where}: no row describes a measure of {framework}. " + " ".join(notes))
    text, folded, level = text[keep], folded[keep], level[keep]
    disaggregation = normalise_total(text["disaggregation level"])
    # The k-th row of a shared description, per area and disaggregation, is the k-th code.
    rows_alike = folded.groupby([text["ons code"], folded, disaggregation])
    occurrence, alike = rows_alike.cumcount(), rows_alike.transform("size")
    own = {lookup[d][0] for d in set(folded) if len(lookup[d]) == 1}  # codes the file names on their own
    groups = [
        _nth_code(lookup[d], suffix_for(label), k, n, framework, own)
        for d, label, k, n in zip(folded, disaggregation, occurrence, alike)
    ]
    values, markers = read_values(text["measure value"], where)
    tidy = pd.DataFrame(
        {
            "year": year,
            "area_code": text["ons code"],
            "cassr_code": "",
            "area_name": text["geographical description"],
            "level": level,
            "measure": [g + suffix_for(d) for g, d in zip(groups, disaggregation)],
            "group": groups,
            "disaggregation": disaggregation,
            "measure_type": "Outcome",
            "value": values,
            "marker": markers,
        },
        index=text.index,
    )
    tidy = tidy.loc[:, list(TIDY_COLUMNS)].reset_index(drop=True)
    tidy.attrs["notes"] = notes
    return tidy


def _nth_code(codes: tuple[str, ...], suffix: str, k: int, alike: int, framework: str, own: set[str]) -> str:
    """The code of the k-th of `alike` rows sharing a description, area and disaggregation.

    When fewer rows than codes share it, the candidates narrow, if to exactly as many codes as
    rows: first to codes the file does not also name by a description of their own (a group
    title standing for the carers' part only, say), then to codes that publish the age band
    (carers' 64U).
    """
    if alike < len(codes):
        catalogue = load_catalogue(framework)
        unnamed = [c for c in codes if c not in own]
        banded = [c for c in codes if suffix in catalogue.measure(c).get("disaggregations", ())] if suffix else []
        for candidates in (unnamed, banded):
            if len(candidates) == alike:
                return candidates[k]
    return codes[min(k, len(codes) - 1)]
